import Foundation
import Testing
import TestSupport

/// The replayed journal view of the commands against e2fsck: a scan, `info`
/// and `extents` of an image whose journal needs recovery equal those of a
/// copy after `e2fsck -p -E journal_only`; the image is never written; the
/// stderr line, the json `journal` object and `--journal-diff` say what the
/// journal changes; a journal that cannot be replayed falls back to the raw view.
@Suite struct JournalViewTests {
  /// A filesystem config for the debugfs-made journals.
  struct Config: Sendable, CustomTestStringConvertible {
    var name: String
    var mkfs: [String]
    var checksums: Bool
    /// Rotate the log so that it wraps past the end of the journal after this many blocks.
    var wrapAfter: UInt64?
    var testDescription: String { name }
  }

  static let configs = [
    Config(name: "64bit-csum-v3", mkfs: ["-t", "ext4", "-b", "4096", "-O", "metadata_csum,64bit"], checksums: true),
    Config(name: "no-checksum-1k", mkfs: ["-t", "ext4", "-b", "1024", "-O", "^metadata_csum"], checksums: false),
    Config(
      name: "wrapped-log-1k", mkfs: ["-t", "ext4", "-b", "1024", "-O", "^metadata_csum"], checksums: false,
      wrapAfter: 3),
  ]

  /// Moves the log (a journal without checksums) so that its first `blocks`
  /// blocks end the log area and the rest continue from `s_first`; sets s_start.
  static func wrapLog(_ image: String, after blocks: UInt64) throws {
    let map = try JournalImages.journalBlocks(image)
    let blockSize = UInt64(try Debugfs.blockSize(image))
    let superblock = try RawImage.read(image, at: map[0] * blockSize, count: Int(blockSize))
    func be32(_ at: Int) -> UInt64 { superblock[at..<at + 4].reduce(0) { $0 << 8 | UInt64($1) } }
    let first = be32(0x14)
    let last = be32(0x10)
    let span = last - first
    let shift = span - blocks
    let contents = try (first..<last).map { try RawImage.read(image, at: map[Int($0)] * blockSize, count: Int(blockSize)) }
    for (i, block) in contents.enumerated() {
      try RawImage.write(image, at: map[Int(first + (UInt64(i) + shift) % span)] * blockSize, block)
    }
    let start = UInt32(first + shift)
    try RawImage.write(image, at: map[0] * blockSize + 0x1C, withUnsafeBytes(of: start.bigEndian) { Array($0) })
  }

  /// An image with /u (8 unwritten blocks, i_size 0) whose journal holds
  /// three transactions: /u's inode-table block with i_size two blocks; a
  /// pattern in /u's second block (data the raw view does not see) and in its
  /// fourth; and a revoke of the fourth, which the replay must then skip.
  struct Crafted {
    var image: String
    var inode: UInt32
    var blockSize: Int
    var physical: UInt64
  }

  static func crafted(_ config: Config, in dir: TemporaryDirectory) throws -> Crafted {
    var builder = ImageBuilder(mkfsArguments: config.mkfs, sizeKiB: 16384)
    builder.requests = ["write /dev/null /u", "fallocate /u 0 7", "write /dev/null /other", "fallocate /other 0 2"]
    let image = try builder.build(in: dir, name: "j.img")
    let inode = try Debugfs.inode(image, path: "/u")
    let blockSize = try Debugfs.blockSize(image)
    let physical = try #require(try Debugfs.extents(image, inode: inode).first { $0.isLeaf }).physicalStart
    let changed = dir.path("changed.img")
    try FileManager.default.copyItem(atPath: image, toPath: changed)
    try runChecked("debugfs", ["-w", "-R", "sif <\(inode)> size \(2 * blockSize)", changed])
    let imap = try Debugfs.request(changed, "imap <\(inode)>")
    let table = try #require(imap.firstMatch(of: /located at block (\d+)/).flatMap { UInt64($0.1) })
    try Data(try RawImage.read(changed, at: table * UInt64(blockSize), count: blockSize))
      .write(to: URL(fileURLWithPath: dir.path("table")))
    try Data(JournalImages.pattern(transaction: 1, blocks: 2, blockSize: blockSize))
      .write(to: URL(fileURLWithPath: dir.path("data")))
    let script = [
      config.checksums ? "jo -c" : "jo",
      "jw -b \(table) \(dir.path("table"))",
      "jw -b \(physical + 1),\(physical + 3) \(dir.path("data"))",
      "jw -r \(physical + 3)",
      "jc",
    ]
    try (script.joined(separator: "\n") + "\n").write(toFile: dir.path("s"), atomically: true, encoding: .utf8)
    try runChecked("debugfs", ["-w", "-f", dir.path("s"), image])
    if let blocks = config.wrapAfter {
      try wrapLog(image, after: blocks)
      let logdump = try Logdump.transactions(image)
      #expect(logdump.count == 3, "logdump reads the wrapped log")
      #expect(logdump.first?.descriptorBlocks.first.map { $0 > 1000 } == true, "the log starts near the end")
    }
    return Crafted(image: image, inode: inode, blockSize: blockSize, physical: physical)
  }

  /// The finding lines of an ndjson scan, without the fields only a view sets.
  static func findings(_ stdout: String) throws -> [[String: String]] {
    try stdout.split(separator: "\n").compactMap { line in
      guard var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        object["type"] as? String == "finding"
      else { return nil }
      object["journal_changed"] = nil
      return object.mapValues { "\($0)" }
    }
  }

  static func summary(_ stdout: String) throws -> [String: Any] {
    let line = try #require(stdout.split(separator: "\n").last)
    return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
  }

  /// Every reading command in both views leaves the image's bytes as they were;
  /// the replayed view's scan, info and extents equal those of e2fsck's replay.
  static func expectReplayedViewMatchesE2fsck(
    _ image: String, inodes: [UInt32], in dir: TemporaryDirectory
  ) throws -> (replayed: String, raw: String) {
    let before = try sha256(image)
    let (copy, result) = try JournalImages.replayedByE2fsck(image, in: dir, name: "fixed.img")
    #expect(result.status == 0 || result.status == 1, "\(result.stdout) \(result.stderr)")
    let oracle = try run(Fixtures.binary, ["scan", "--checks", "all", "--format", "ndjson", copy])
    let replayed = try run(Fixtures.binary, ["scan", "--checks", "all", "--format", "ndjson", image])
    let raw = try run(Fixtures.binary, ["scan", "--checks", "all", "--format", "ndjson", "--journal", "raw", image])
    #expect(replayed.status == oracle.status, "\(replayed.stderr)")
    #expect(try findings(replayed.stdout) == findings(oracle.stdout))
    for inode in inodes {
      let view = try run(Fixtures.binary, ["extents", "--inode", "\(inode)", "--format", "json", image])
      let fixed = try run(Fixtures.binary, ["extents", "--inode", "\(inode)", "--format", "json", copy])
      #expect(view.stdout.replacingOccurrences(of: image, with: copy) == fixed.stdout)
      _ = try run(Fixtures.binary, ["extents", "--inode", "\(inode)", "--journal", "raw", image])
    }
    let info = try run(Fixtures.binary, ["info", "--format", "json", image])
    let fixedInfo = try run(Fixtures.binary, ["info", "--format", "json", copy])
    #expect(try infoFields(info.stdout) == infoFields(fixedInfo.stdout))
    _ = try run(Fixtures.binary, ["info", "--journal", "raw", image])
    _ = try run(Fixtures.binary, ["trim", "-n", "--format", "json", image])
    _ = try run(Fixtures.binary, ["trim", "-n", "--journal", "raw", image])
    _ = try run(Fixtures.binary, ["scan", "--journal-diff", image])
    #expect(try sha256(image) == before, "no command writes the image")
    return (replayed.stdout, raw.stdout)
  }

  /// The superblock summary fields the replay decides (e2fsck's own updates,
  /// the mount count and state among them, left out; `journal` is the view's).
  static func infoFields(_ stdout: String) throws -> [String: String] {
    let document = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    let filesystem = try #require(((document["filesystems"] as? [[String: Any]])?.first?["filesystem"]) as? [String: Any])
    let keys = ["uuid", "label", "block_size", "blocks_count", "inodes_count", "inode_size", "groups", "features", "needs_recovery"]
    var fields = Dictionary(uniqueKeysWithValues: keys.map { ($0, "\(filesystem[$0] ?? "nil")") })
    fields["needs_recovery"] = nil
    return fields
  }

  @Test(arguments: configs)
  func debugfsJournalEqualsE2fsck(_ config: Config) throws {
    let dir = try TemporaryDirectory()
    let crafted = try Self.crafted(config, in: dir)
    let image = crafted.image
    let (replayed, raw) = try Self.expectReplayedViewMatchesE2fsck(image, inodes: [crafted.inode], in: dir)

    // Raw: eight unwritten blocks past EOF, and no data (the journal holds it).
    let rawFindings = try Self.findings(raw).filter { $0["inode"] == "\(crafted.inode)" }
    #expect(rawFindings.map { $0["kind"] } == ["unwritten_beyond_eof"])
    #expect(rawFindings.first?["blocks"] == "8")
    // Replayed: i_size two blocks; block 1 holds the logged data; block 3's was revoked.
    let view = try Self.findings(replayed).filter { $0["inode"] == "\(crafted.inode)" }
    #expect(view.map { $0["kind"] } == ["unwritten_with_data", "unwritten_beyond_eof"])
    #expect(view.first?["logical_block"] == "1" && view.first?["blocks"] == "1")
    #expect(view.last?["logical_block"] == "2" && view.last?["blocks"] == "6")
    #expect(replayed.contains("\"journal_changed\":true"))
    #expect(!raw.contains("journal_changed"))

    let journal = try #require(try Self.summary(replayed)["journal"] as? [String: Any])
    #expect(journal["needs_recovery"] as? Bool == true && journal["view"] as? String == "replay")
    #expect(journal["transactions"] as? Int == 3)
    #expect(journal["blocks_replayed"] as? Int == 2, "the table block and block 1; block 3 is revoked")
    #expect(journal["revoked"] as? Int == 1)
    #expect(journal["checksum_errors"] as? Int == 0 && journal["fast_commit_blocks"] as? Int == 0)
    let rawJournal = try #require(try Self.summary(raw)["journal"] as? [String: Any])
    #expect(rawJournal["view"] as? String == "raw" && rawJournal["transactions"] as? Int == 3)

    let scan = try run(Fixtures.binary, ["scan", "--format", "ndjson", image])
    #expect(
      scan.stderr.contains(
        "e4scope: warning: journal of \(image) needs recovery: showing it replayed in memory (3 transactions, 2 blocks; the image is not written)"
      ), "\(scan.stderr)")
    let rawScan = try run(Fixtures.binary, ["scan", "--journal", "raw", "--format", "ndjson", image])
    #expect(rawScan.stderr.contains("findings show the metadata before replay"), "\(rawScan.stderr)")

    // --journal-diff: the raw view's finding and the replayed view's two.
    let diff = try run(Fixtures.binary, ["scan", "--checks", "all", "--journal-diff", "--format", "ndjson", image])
    let differences = try Self.findings(diff.stdout)
    #expect(
      differences.map { [$0["kind"] ?? "", $0["logical_block"] ?? "", $0["view"] ?? ""] }
        == [
          ["unwritten_beyond_eof", "0", "raw"], ["unwritten_with_data", "1", "replay"],
          ["unwritten_beyond_eof", "2", "replay"],
        ], "\(diff.stdout)")
    #expect(differences.allSatisfy { $0["inode"] == "\(crafted.inode)" }, "/other is in both views")
  }

  /// A dry run plans on the replayed view; a real repair refuses and names
  /// a replay command that runs without a terminal.
  @Test func repairsOnAJournalToRecover() throws {
    let dir = try TemporaryDirectory()
    let crafted = try Self.crafted(Self.configs[0], in: dir)
    let image = crafted.image
    let before = try sha256(image)
    let dry = try run(Fixtures.binary, ["trim", "-n", "--format", "ndjson", image])
    #expect(dry.status == 4, "\(dry.stderr)")
    let planned = try Self.findings(dry.stdout).filter { $0["inode"] == "\(crafted.inode)" }
    #expect(planned.map { $0["logical_block"] } == ["2"], "the replayed i_size: blocks 2-7 past EOF")
    let rawDry = try run(Fixtures.binary, ["trim", "-n", "--journal", "raw", "--format", "ndjson", image])
    #expect(rawDry.status == 8 && rawDry.stderr.contains("journal needs recovery"), "\(rawDry.stderr)")
    let real = try run(Fixtures.binary, ["trim", "-y", "--no-undo", image])
    #expect(real.status == 8)
    #expect(real.stderr.contains("'e2fsck -p -E journal_only \(image)'"), "\(real.stderr)")
    #expect(try sha256(image) == before)
    // The command the refusal names works without a terminal.
    let copy = dir.path("copy.img")
    try FileManager.default.copyItem(atPath: image, toPath: copy)
    let replay = try run("e2fsck", ["-p", "-E", "journal_only", copy], input: Data())
    #expect(replay.status == 0 || replay.status == 1, "\(replay.stderr)")
    #expect(try Debugfs.size(copy, inode: crafted.inode) == UInt64(2 * crafted.blockSize))
  }

  /// A journal superblock without its magic: the view falls back to the raw
  /// metadata with a warning, the exit status is the raw scan's.
  @Test func badJournalFallsBackToRaw() throws {
    let dir = try TemporaryDirectory()
    let crafted = try Self.crafted(Self.configs[0], in: dir)
    let image = crafted.image
    let journalStart = try #require(try JournalImages.journalBlocks(image).first)
    try RawImage.write(image, at: journalStart * UInt64(crafted.blockSize), [0, 0, 0, 0])
    let before = try sha256(image)
    let raw = try run(Fixtures.binary, ["scan", "--journal", "raw", "--format", "ndjson", image])
    let scan = try run(Fixtures.binary, ["scan", "--format", "ndjson", image])
    #expect(scan.status == raw.status && scan.status == 4)
    #expect(
      scan.stderr.contains(
        "the journal of \(image) cannot be replayed (no jbd2 magic number in journal block 0): showing the raw view"),
      "\(scan.stderr)")
    #expect(try Self.findings(scan.stdout) == Self.findings(raw.stdout))
    let journal = try #require(try Self.summary(scan.stdout)["journal"] as? [String: Any])
    #expect(journal["view"] as? String == "raw")
    #expect((journal["error"] as? String)?.contains("jbd2 magic") == true)
    let info = try run(Fixtures.binary, ["info", image])
    #expect(info.status == 0 && info.stderr.contains("cannot be replayed"), "\(info.stderr)")
    #expect(try sha256(image) == before)
  }
}
