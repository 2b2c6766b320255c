import Ext4
import Foundation
import Testing
import TestSupport

/// Transactions the writer commits are what debugfs's logdump lists, what
/// e2fsck replays, and what the reader replays.
@Suite struct JournalWriterTests {
  static let configs = [JournalConfig.all[0], JournalConfig.all[1], JournalConfig.all[2], JournalConfig.all[3]]

  /// 70 blocks past the journal (a replay must not overwrite the log it
  /// reads): two descriptor blocks with 1 KiB blocks and tag3; some begin
  /// with the jbd2 magic.
  static func blocks(blockSize: Int) -> [(block: UInt64, contents: [UInt8])] {
    let data = JournalImages.pattern(transaction: 9, blocks: 70, blockSize: blockSize)
    let base: UInt64 = blockSize == 4096 ? 1200 : 3000
    return (0..<70).map { i in
      (base + UInt64(i), Array(data[(i * blockSize)..<((i + 1) * blockSize)]))
    }
  }

  @Test(arguments: configs)
  func committedTransactionReplays(_ config: JournalConfig) throws {
    let dir = try TemporaryDirectory()
    let image = dir.path("w.img")
    try runChecked("mke2fs", ["-q", "-F"] + config.mkfs + [image, "8192k"])
    if config.checksums {
      // `jo -c` turns on the journal checksum features; the writer follows them.
      try JournalImages.append(to: image, in: dir, checksums: true, transactions: [])
      try runChecked("e2fsck", ["-y", "-E", "journal_only", image])
    }
    let blockSize = try Debugfs.blockSize(image)
    let blocks = Self.blocks(blockSize: blockSize)
    #expect(Set(try JournalImages.journalBlocks(image)).isDisjoint(with: blocks.map(\.block)))

    let fs = try Filesystem.open(image, options: .init(writable: true))
    let journal = try #require(try fs.openJournal())
    #expect(!journal.superblock.hasLog)
    let writer = try JournalTransactionWriter(journal: journal)
    let written = try writer.write(blocks)
    try writer.sync()
    try writer.activate(written)
    try writer.sync()
    try fs.setNeedsRecovery(true)
    try fs.close()

    // (a) logdump lists it; (c) the reader reads the same log.
    let listed = try Logdump.transactions(image)
    #expect(listed.count == 1)
    #expect(listed.first?.tags.map { $0[0] } == blocks.map(\.block))
    #expect(listed.first?.tags.filter { $0[2] & 1 != 0 }.count == blocks.filter { $0.contents.starts(with: [0xC0, 0x3B, 0x39, 0x98]) }.count)
    let reread = try #require(try Filesystem.open(image).openJournal())
    let log = try reread.log()
    #expect(logdumpForm(log) == listed)
    #expect(log.checksumErrors == 0)
    let features = reread.superblock.features
    #expect((listed.first?.descriptorBlocks.count ?? 0) == (blockSize == 1024 && features.csumV3 ? 2 : 1))
    #expect(features.csumV3 == (config.checksums && config.mkfs.contains { $0.contains("metadata_csum") && !$0.contains("^metadata_csum") }))
    #expect(features.compatChecksum == config.name.hasPrefix("compat"))

    // (b) e2fsck replays it and the blocks land; the reader's plan equals e2fsck's replay.
    let (copy, result) = try JournalImages.replayedByE2fsck(image, in: dir, name: "e2fsck.img")
    #expect(result.status == 0 || result.status == 1, "\(result.stdout)")
    for (block, contents) in blocks {
      #expect(try RawImage.read(copy, at: block * UInt64(blockSize), count: blockSize) == contents)
    }
    try expectReplayMatchesE2fsck(image, in: dir)
  }

  /// The whole crash-atomic sequence: journal, flag, home writes, then an
  /// empty journal and a clear flag; e2fsck finds nothing to do.
  @Test func fullSequenceLeavesACleanFilesystem() throws {
    let dir = try TemporaryDirectory()
    let image = dir.path("s.img")
    try runChecked("mke2fs", ["-q", "-F"] + JournalConfig.all[0].mkfs + [image, "8192k"])
    try JournalImages.append(to: image, in: dir, checksums: true, transactions: [])
    try runChecked("e2fsck", ["-y", "-E", "journal_only", image])
    // A block the filesystem does not use: its free state keeps e2fsck quiet.
    let found = try Debugfs.request(image, "ffb 1 1500")
    let free = try #require(found.firstMatch(of: /found: (\d+)/).flatMap { UInt64($0.1) })
    let contents = [UInt8](repeating: 0xAB, count: 4096)

    let fs = try Filesystem.open(image, options: .init(writable: true))
    let journal = try #require(try fs.openJournal())
    let writer = try JournalTransactionWriter(journal: journal)
    let written = try writer.write([(free, contents)])
    try writer.sync()
    try writer.activate(written)
    try writer.sync()
    try fs.setNeedsRecovery(true)
    #expect(try fs.journalReplayPlan()?.blocks[free] != nil)
    try RawImage.write(image, at: free * 4096, contents)
    try writer.markEmpty(after: written)
    try writer.sync()
    try fs.setNeedsRecovery(false)
    try fs.close()

    let after = try Filesystem.open(image)
    #expect(!after.needsRecovery)
    let superblock = try #require(try after.openJournal()).superblock
    #expect(superblock.start == 0 && superblock.sequence == written.sequence &+ 1)
    let check = try run("e2fsck", ["-fn", image])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(try Logdump.transactions(image).isEmpty)
  }

  @Test func refusesAJournalWithALog() throws {
    let dir = try TemporaryDirectory()
    let image = try JournalImages.build(
      in: dir, name: "l.img", mkfs: JournalConfig.all[0].mkfs, checksums: true,
      transactions: [JournalTransactionSpec(write: [100])])
    let fs = try Filesystem.open(image, options: .init(writable: true))
    let writer = try JournalTransactionWriter(journal: try #require(try fs.openJournal()))
    #expect(throws: JournalError.self) { try writer.write([(200, [UInt8](repeating: 1, count: 4096))]) }
  }
}
