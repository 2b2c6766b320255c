import Foundation
import Testing
import TestSupport

/// Every command that only reads (scan, info, extents and the dry runs) works
/// for a user who may only read the image (mode 0444, run as nobody), with
/// the report root gets; a real repair is refused naming the cause.
@Suite(.enabled(if: ReadOnlyUser.available, "needs root and setpriv to run as nobody"))
struct ReadOnlyAccessTests {
  static let commands: [[String]] = [
    ["scan", "--checks", "all"], ["info"], ["extents", "--inode", "25"],
    ["trim", "-n"], ["trim", "-n", "--zeroed"], ["convert", "-n", "--zeroed"],
    ["convert", "-n", "--unwritten-data", "--extend-size", "--inode", "26"],
  ]

  @Test(arguments: commands)
  func readOnlyCommandsNeedOnlyReadAccess(_ command: [String]) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("data.img.gz"), as: "data.img")
    try runChecked("chmod", ["0755", dir.url.path])
    try runChecked("chmod", ["0444", image])
    let before = try sha256(image)
    let asRoot = try run(Fixtures.binary, command + ["--format", "json", image])
    let asNobody = try ReadOnlyUser.runAsNobody(Fixtures.binary, command + ["--format", "json", image], in: dir.url.path)
    #expect(asNobody.status == asRoot.status, "\(command): \(asNobody.stderr)")
    #expect([0, 4].contains(asNobody.status), "\(command): \(asNobody.stderr)")
    #expect(Self.masked(asNobody.stdout) == Self.masked(asRoot.stdout), "\(command)")
    #expect(!asNobody.stderr.contains("cannot be written"), "\(asNobody.stderr)")
    #expect(try sha256(image) == before)
  }

  @Test func realRepairIsRefusedForAReader() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    try runChecked("chmod", ["0755", dir.url.path])
    try runChecked("chmod", ["0444", image])
    let before = try sha256(image)
    let r = try ReadOnlyUser.runAsNobody(Fixtures.binary, ["trim", "-y", image], in: dir.url.path)
    #expect(r.status == 8)
    #expect(r.stderr.contains("cannot be written"), "\(r.stderr)")
    #expect(try sha256(image) == before)
  }

  /// The report with timings masked (they differ from run to run).
  static func masked(_ text: String) -> String {
    text.replacingOccurrences(of: #""elapsed_s":[0-9.e-]+"#, with: "\"elapsed_s\":0", options: .regularExpression)
  }
}

/// Runs programs as the unprivileged user nobody (`setpriv`), from root.
enum ReadOnlyUser {
  static let available: Bool =
    getuid() == 0 && (try? run("sh", ["-c", "command -v setpriv && id nobody"]).status) == 0

  static func runAsNobody(_ executable: String, _ arguments: [String], in directory: String) throws -> CommandResult {
    try run(
      "sh", ["-c", "cd \"$0\" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups \"$@\"", directory, executable] + arguments)
  }
}
