import Foundation
import Testing
import TestSupport

/// The four report formats carry the same findings, with the schema's fields.
@Suite struct FormatTests {
  let binary = Fixtures.binary

  func demo(_ dir: TemporaryDirectory) throws -> String {
    try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
  }

  static let commonFields = [
    "type", "kind", "severity", "inode", "path", "i_size", "logical_block", "physical_block",
    "blocks", "file_offset", "length", "orphan",
  ]

  @Test func ndjsonLinesAreFindingsThenSummary() throws {
    let dir = try TemporaryDirectory()
    let r = try run(binary, ["scan", "--format", "ndjson", try demo(dir)])
    let objects = try r.stdout.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    let findings = objects.dropLast()
    #expect(findings.count == 9)
    for f in findings {
      #expect(f["type"] as? String == "finding")
      for field in Self.commonFields { #expect(f.keys.contains(field), "\(field)") }
      #expect(f["straddles_eof"] != nil)
    }
    let summary = try #require(objects.last)
    #expect(summary["type"] as? String == "summary")
    for field in ["image", "block_size", "inodes_scanned", "findings", "bytes_read", "elapsed_s"] {
      #expect(summary.keys.contains(field), "\(field)")
    }
    #expect((summary["findings"] as? [String: Int])?["unwritten_beyond_eof"] == 9)
  }

  @Test func jsonDocumentMatchesNdjson() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let json = try run(binary, ["scan", "--format", "json", "--no-paths", image])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(doc["schema"] as? Int == 2)
    let fs = try #require(doc["filesystem"] as? [String: Any])
    #expect(fs["block_size"] as? Int == 4096)
    #expect(fs["image"] as? String == image)
    let findings = try #require(doc["findings"] as? [[String: Any]])
    let ndjson = try run(binary, ["scan", "--format", "ndjson", "--no-paths", image])
    let lines = ndjson.stdout.split(separator: "\n").dropLast()
    #expect(findings.count == lines.count)
    #expect(findings.allSatisfy { $0["path"] is NSNull })
  }

  @Test func csvQuotesPathsAndHasOneRowPerFinding() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let r = try run(binary, ["scan", "--format", "csv", image])
    let rows = r.stdout.split(separator: "\n")
    #expect(rows.first?.hasPrefix("image,partition,kind,severity,inode,path,i_size,logical_block") == true)
    // Every row names its image, also when there is only one.
    #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("\(image),,") })
    #expect(rows.count == 10)
    #expect(r.stdout.contains(",\"/dir/sub/name with space,comma.dat\","))
  }

  @Test func severalImagesTagEveryFinding() throws {
    let dir = try TemporaryDirectory()
    let a = try demo(dir)
    let b = try dir.gunzip(Fixtures.images.appendingPathComponent("bigalloc.img.gz"), as: "b.img")
    let r = try run(binary, ["scan", "--format", "ndjson", a, b])
    #expect(r.status == 4)
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.filter { $0.contains("\"type\":\"summary\"") }.count == 2)
    #expect(lines.filter { $0.contains("\"type\":\"finding\"") }.allSatisfy {
      $0.contains("\"image\":\"\(a)\"") || $0.contains("\"image\":\"\(b)\"")
    })
  }

  @Test func oneBadImageAmongGoodOnesExitsEight() throws {
    let dir = try TemporaryDirectory()
    let r = try run(binary, ["scan", "--format", "ndjson", try demo(dir), "/nonexistent.img"])
    #expect(r.status == 8)
    #expect(r.stdout.contains("\"type\":\"summary\""))
    #expect(r.stderr.contains("/nonexistent.img"))
  }

  @Test func extentsByPathAndByInodeAgree() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let byPath = try run(binary, ["extents", "--format", "json", image, "/prealloc/straddle"])
    let byInode = try run(binary, ["extents", "--format", "json", "--inode", "26", image])
    #expect(byPath.status == 0 && byInode.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(byPath.stdout.utf8)) as? [String: Any])
    #expect(doc["i_size"] as? Int == 10000)
    #expect(doc["eof_block"] as? Int == 3)
    let rows = try #require(doc["extents"] as? [[String: Any]])
    #expect(rows.first?["eof"] as? String == "straddles")
    #expect(byPath.stdout.replacingOccurrences(of: "\"path\":\"/prealloc/straddle\",", with: "\"path\":null,")
      == byInode.stdout)
    let missing = try run(binary, ["extents", image, "/no/such"])
    #expect(missing.status == 8)
    #expect(missing.stderr.contains("/no/such: not found"))
  }

  @Test func infoJsonAgreesWithDumpe2fs() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let r = try run(binary, ["info", "--format", "json", image])
    #expect(r.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(doc["partition_table"] is NSNull)
    let entries = try #require(doc["filesystems"] as? [[String: Any]])
    #expect(entries.count == 1)
    let fs = try #require(entries.first?["filesystem"] as? [String: Any])
    #expect(fs["uuid"] as? String == (try Debugfs.dumpe2fsField(image, "Filesystem UUID")))
    #expect("\(fs["free_blocks"] ?? "")" == (try Debugfs.dumpe2fsField(image, "Free blocks")))
    #expect(fs["label"] as? String == (try Debugfs.dumpe2fsField(image, "Filesystem volume name")))
    #expect((entries.first?["probe"] as? [String: Any])?["type"] as? String == "ext4")
    #expect((doc["mount"] as? [String: Any])?["mounted"] as? Bool == false)
    let table = try run(binary, ["info", "--format", "table", image])
    #expect(table.stdout.contains("journal needs recovery: no"))
  }

  @Test func zeroedExtentHeaderIsAFindingNotAFailure() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.e2fsprogsImage("f_zeroed_ext_header"), as: "z.img")
    let r = try run(binary, ["scan", "--format", "ndjson", image])
    #expect(r.status == 4)
    #expect(r.stdout.contains("\"kind\":\"extent_tree_error\""))
    #expect(r.stdout.contains("extent header is zeroed"))
    let ex = try run(binary, ["extents", "--inode", "12", image])
    #expect(ex.status == 8)
    #expect(ex.stderr == "e4scope: \(image): inode 12: extent header is zeroed (no extent tree)\n")
  }
}
