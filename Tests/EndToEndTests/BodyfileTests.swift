import Foundation
import Testing
import TestSupport

/// `--format bodyfile` read by The Sleuth Kit's own `mactime -b`: every inode
/// with findings is on the timeline once per time, at the times, mode, owner
/// and size of the JSON report, named by its path and finding kinds.
@Suite(.enabled(if: (try? run("mactime", ["-h"]))?.status != nil, "needs mactime (Debian sleuthkit)"))
struct BodyfileTests {
  @Test(arguments: ["demo", "data"])
  func mactimeTimelineMatchesTheJSONReport(_ name: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    let json = try run(Fixtures.binary, ["scan", "--checks", "all", "--format", "json", image]).stdout
    let doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let findings = doc?["findings"] as? [[String: Any]] ?? []
    #expect(!findings.isEmpty)
    let body = try run(Fixtures.binary, ["scan", "--checks", "all", "--format", "bodyfile", image]).stdout
    let inodes = Set(findings.compactMap { $0["inode"] as? Int })
    let lines = body.split(separator: "\n")
    #expect(lines.count == inodes.count, "one line per inode")
    #expect(lines.allSatisfy { $0.split(separator: "|", omittingEmptySubsequences: false).count == 11 })
    let bodyPath = dir.path("body")
    try body.write(toFile: bodyPath, atomically: true, encoding: .utf8)
    let timeline = try runChecked("mactime", ["-b", bodyPath, "-z", "UTC", "-d", "-y"])
    // Date,Size,Type,Mode,UID,GID,Meta,File Name
    let rows = timeline.split(separator: "\n").dropFirst().map { $0.split(separator: ",", maxSplits: 7).map(String.init) }
    let letters = ["m": "mtime", "a": "atime", "c": "ctime", "b": "crtime"]
    for inode in inodes {
      let mine = findings.filter { $0["inode"] as? Int == inode }
      let f = try #require(mine.first)
      let kinds = Set(mine.compactMap { $0["kind"] as? String })
      let at = rows.filter { $0.count == 8 && $0[6] == String(inode) }
      #expect(!at.isEmpty, "inode \(inode) on the timeline")
      for (letter, field) in letters {
        let row = try #require(at.first { $0[2].contains(letter) }, "inode \(inode) \(field)")
        // mactime -y prints ISO 8601 dates: 2026-11-22T00:52:44Z.
        let expected = try #require((f[field] as? String)?.split(separator: ".").first).replacingOccurrences(of: "Z", with: "")
        #expect(row[0].hasPrefix(expected), "inode \(inode) \(field): \(row[0]) vs \(expected)")
        #expect(row[1] == String(f["i_size"] as? Int ?? -1))
        #expect(row[4] == String(f["uid"] as? Int ?? -1) && row[5] == String(f["gid"] as? Int ?? -1))
        let mode = try #require(Int(f["mode"] as? String ?? "", radix: 8))
        #expect(row[3].hasPrefix(mode & 0o170000 == 0o100000 ? "-" : "d"))
        #expect(row[3].count == 10)
        let nameField = row[7]
        for kind in kinds { #expect(nameField.contains(kind), "\(nameField)") }
        if let path = f["path"] as? String { #expect(nameField.contains(path), "\(nameField)") }
      }
    }
  }

  @Test func infoAndExtentsRefuseBodyfile() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    #expect(try run(Fixtures.binary, ["info", "--format", "bodyfile", image]).status == 16)
    #expect(try run(Fixtures.binary, ["extents", "--format", "bodyfile", "--inode", "22", image]).status == 16)
  }
}
