import Foundation
import Testing
import TestSupport

/// The damaged-image corpus (Tests/Fixtures/damaged/manifest.json): every
/// command gives its expected exit status and finding kinds, never crashes or
/// hangs, names the image in its one-line error, and read-only commands (and
/// refused repairs) leave the image's bytes alone.
@Suite struct DamagedImageTests {
  struct Case: Decodable, Sendable, CustomStringConvertible {
    var file: String?
    var source: String?
    var damagedInode: UInt32?
    var expect: Expect
    var description: String { file ?? source ?? "?" }

    enum CodingKeys: String, CodingKey {
      case file, source, expect
      case damagedInode = "damaged_inode"
    }
  }

  struct Expect: Decodable, Sendable {
    var info: Int32
    var extents: Int32
    var scan: Int32
    var scanKinds: [String: [UInt32]]
    var trim: Int32
    var trimWritten: Int32
    var convert: Int32

    enum CodingKeys: String, CodingKey {
      case info, extents, scan, trim, convert
      case scanKinds = "scan_kinds", trimWritten = "trim_written"
    }
  }

  static let folder = Fixtures.root.appendingPathComponent("Tests/Fixtures/damaged")
  static let cases: [Case] = {
    struct Manifest: Decodable { var images: [Case] }
    guard let data = try? Data(contentsOf: folder.appendingPathComponent("manifest.json")),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
    else { return [] }
    return manifest.images
  }()

  @Test func corpusIsPresent() {
    #expect(Self.cases.count >= 20)
  }

  @Test(arguments: cases)
  func commandsBehave(_ c: Case) throws {
    let dir = try TemporaryDirectory()
    let gz = Self.folder.appendingPathComponent(c.file ?? c.source ?? "")
    let inode = String(c.damagedInode ?? 12)
    let commands: [(String, [String], Int32, Bool)] = [
      ("info", ["info"], c.expect.info, true),
      ("extents", ["extents", "--inode", inode], c.expect.extents, true),
      ("scan", ["scan", "--checks", "all", "--format", "ndjson"], c.expect.scan, true),
      ("trim", ["trim", "-y", "--no-undo"], c.expect.trim, false),
      ("trim_written", ["trim", "-y", "--written-beyond-eof", "--no-undo"], c.expect.trimWritten, false),
      ("convert", ["convert", "--zeroed", "-y", "--no-undo"], c.expect.convert, false),
    ]
    for (name, arguments, expected, readOnly) in commands {
      let image = try dir.gunzip(gz, as: "\(name).img")
      let before = try sha256(image)
      let r = try run("timeout", ["20", Fixtures.binary] + arguments + [image])
      #expect(r.status == expected, "\(c) \(name): \(r.stderr)")
      #expect(![124, 132, 134, 139].contains(r.status), "\(c) \(name) crashed or hung")
      #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Program crashed"))
      if r.status == 8 {
        let lines = r.stderr.split(separator: "\n").filter { !$0.contains("warning:") }
        #expect(lines.count == 1 && lines[0].contains(image), "\(c) \(name): \(r.stderr)")
      }
      if readOnly || r.status == 8 || r.status == 0 {
        #expect(try sha256(image) == before, "\(c) \(name) changed the image")
      }
      if name == "scan" {
        var kinds: [String: Set<UInt32>] = [:]
        for line in r.stdout.split(separator: "\n") {
          guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            object["type"] as? String == "finding", let kind = object["kind"] as? String,
            let number = object["inode"] as? Int
          else { continue }
          kinds[kind, default: []].insert(UInt32(number))
        }
        #expect(kinds == c.expect.scanKinds.mapValues(Set.init), "\(c)")
      }
    }
  }
}
