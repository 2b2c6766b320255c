import Foundation
import Testing
import TestSupport

/// The binary's exit codes, stdout/stderr split and messages on bad input.
@Suite struct ExitStatusTests {
  let binary = Fixtures.binary

  @Test func findingsExitFour() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let r = try run(binary, ["scan", image])
    #expect(r.status == 4)
    #expect(r.stderr.isEmpty)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.last?.contains("\"type\":\"summary\"") == true)
  }

  @Test func cleanImageExitsZero() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4"], sizeKiB: 8192)
    b.requests = ["write /dev/null empty"]
    let image = try b.build(in: dir, name: "clean.img")
    let r = try run(binary, ["scan", "--format", "json", image])
    #expect(r.status == 0)
    let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(doc?["schema"] as? Int == 2)
    #expect((doc?["findings"] as? [Any])?.isEmpty == true)
  }

  @Test(arguments: [
    ("/nonexistent/x.img", "No such file or directory"),
    ("/", "is a directory"),
  ])
  func unreadableImageExitsEight(_ path: String, _ message: String) throws {
    let r = try run(binary, ["scan", path])
    #expect(r.status == 8)
    #expect(r.stderr.hasPrefix("e4scope: \(path)"))
    #expect(r.stderr.contains(message))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test(arguments: ["empty", "zeros", "random", "truncated"])
  func notExtExitsEight(_ kind: String) throws {
    let dir = try TemporaryDirectory()
    let path = dir.path(kind)
    switch kind {
    case "truncated":
      let full = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "full")
      let data = try Data(contentsOf: URL(fileURLWithPath: full))
      try data.prefix(2048).write(to: URL(fileURLWithPath: path))
    case "random":
      var g = SystemRandomNumberGenerator()
      try Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &g) })
        .write(to: URL(fileURLWithPath: path))
    default:
      try Data(count: kind == "empty" ? 0 : 65536).write(to: URL(fileURLWithPath: path))
    }
    for command in [["scan"], ["info"], ["extents", "--inode", "12"]] {
      let r = try run(binary, command + [path])
      #expect(r.status == 8, "\(command) on \(kind)")
      #expect(r.stderr.contains("e4scope: \(path): not a usable ext2/3/4 filesystem"))
      #expect(!r.stderr.contains("Fatal error"))
    }
  }

  @Test func usageErrorExitsSixteen() throws {
    for args in [["scan"], ["scan", "--format", "xml", "x.img"], ["bogus"], ["extents", "x.img"]] {
      let r = try run(binary, args)
      #expect(r.status == 16, "\(args)")
      #expect(r.stdout.isEmpty)
    }
  }

  @Test func helpAndVersionExitZero() throws {
    #expect(try run(binary, ["--help"]).status == 0)
    let v = try run(binary, ["--version"])
    #expect(v.status == 0)
    #expect(!v.stdout.isEmpty)
  }

  @Test func quietPrintsNothing() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let r = try run(binary, ["scan", "-q", image])
    #expect(r.status == 4)
    #expect(r.stdout.isEmpty && r.stderr.isEmpty)
  }
}
