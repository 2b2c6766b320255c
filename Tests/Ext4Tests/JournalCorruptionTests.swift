import Ext4
import Foundation
import Testing
import TestSupport

/// Damaged journals give a typed error or a counted checksum error, never a
/// crash or a hang; where e2fsck replays around the damage, so does the plan.
@Suite struct JournalCorruptionTests {
  static let v3 = JournalConfig.all[0]
  static let plain = JournalConfig.all[3]
  static let threeTransactions = [
    JournalTransactionSpec(write: [100, 101, 102]), JournalTransactionSpec(write: [200, 201]),
    JournalTransactionSpec(write: [300]),
  ]

  /// Builds an image with three transactions and flips one byte of journal
  /// block `journalBlock` at `offset`.
  func damaged(_ config: JournalConfig, journalBlock: Int, offset: Int, in dir: TemporaryDirectory)
    throws -> String
  {
    let image = try JournalImages.build(
      in: dir, name: "d.img", mkfs: config.mkfs, checksums: config.checksums,
      transactions: Self.threeTransactions)
    let map = try JournalImages.journalBlocks(image)
    let at = map[journalBlock] * UInt64(try Debugfs.blockSize(image)) + UInt64(offset)
    let byte = try RawImage.read(image, at: at, count: 1)
    try RawImage.write(image, at: at, [byte[0] ^ 0x5A])
    return image
  }

  @Test func badSuperblockMagic() throws {
    let dir = try TemporaryDirectory()
    let image = try damaged(Self.v3, journalBlock: 0, offset: 0, in: dir)
    #expect(throws: JournalError.badMagic(block: 0)) { try Filesystem.open(image).openJournal() }
    #expect(throws: OpenError.self) { try Filesystem.open(image, options: .init(journal: .replay)) }
  }

  @Test func badSuperblockChecksum() throws {
    let dir = try TemporaryDirectory()
    let image = try damaged(Self.v3, journalBlock: 0, offset: 0x90, in: dir)
    #expect {
      try Filesystem.open(image).openJournal()
    } throws: { error in
      if case .superblockChecksum = error as? JournalError { return true }
      return false
    }
  }

  /// Log: 1 descriptor, 2-4 data, 5 commit, 6 descriptor, 7-8 data, 9 commit, ...
  @Test func badCommitChecksumEndsTheLog() throws {
    let dir = try TemporaryDirectory()
    let image = try damaged(Self.v3, journalBlock: 9, offset: 100, in: dir)
    let log = try #require(try Filesystem.open(image).openJournal()).log()
    #expect(log.transactions.map(\.sequence) == [1])
    #expect(log.incomplete?.commitBlock == nil && log.incomplete?.sequence == 2)
    #expect(log.endSequence == 2 && log.checksumErrors == 1)
    try expectReplayMatchesE2fsck(image, in: dir, checksumErrors: 1)
  }

  @Test func badDataChecksumSkipsTheBlock() throws {
    let dir = try TemporaryDirectory()
    let image = try damaged(Self.v3, journalBlock: 7, offset: 100, in: dir)
    let replay = try #require(try Filesystem.open(image).journalReplayPlan())
    #expect(replay.transactions == 3 && replay.checksumErrors == 1)
    #expect(replay.blocks[200] == nil && replay.blocks[201] != nil)
    try expectReplayMatchesE2fsck(image, in: dir, checksumErrors: 1, recoveryFailed: true)
  }

  /// A bad descriptor checksum inside a transaction newer than the last
  /// commit: the kernel refuses the whole log.
  @Test func badDescriptorChecksumIsRefused() throws {
    let dir = try TemporaryDirectory()
    let image = try damaged(Self.v3, journalBlock: 6, offset: 2000, in: dir)
    #expect(throws: JournalError.transactionChecksum(sequence: 2, block: 9)) {
      try Filesystem.open(image).journalReplayPlan()
    }
  }

  @Test func tagPastTheFilesystemIsSkipped() throws {
    let dir = try TemporaryDirectory()
    // The first tag of transaction 2 (descriptor at journal block 6) names block 0xA5xxxxxx.
    let image = try damaged(Self.plain, journalBlock: 6, offset: 12, in: dir)
    let replay = try #require(try Filesystem.open(image).journalReplayPlan())
    #expect(replay.blocksOutOfRange == 1)
    #expect(replay.blocks[200] == nil && replay.blocks[201] != nil && replay.blocks[300] != nil)
    let view = try Filesystem.open(image, options: .init(journal: .replay))
    #expect(view.journalReplay == replay)
  }

  /// Every block of the log area a revoke block of the same sequence: the
  /// kernel's scan would go round forever; the reader stops with an error.
  @Test func loopingLogEnds() throws {
    let dir = try TemporaryDirectory()
    let path = dir.path("loop.journal")
    var file = BlockFile(blockSize: 1024, blocks: 64)
    file.superblock(maxLength: 64, first: 1, sequence: 5, start: 1)
    for block in 1..<64 {
      file.header(block, type: 5, sequence: 5)
      file.put32(block, 12, 16)
    }
    try file.write(to: path)
    let device = try FileJournalDevice(path: path, blockSize: 1024, superblockIndex: 0)
    let journal = try Journal(device: device)
    #expect {
      try journal.log()
    } throws: { error in
      if case .logLoops = error as? JournalError { return true }
      return false
    }
  }

  /// Random blocks behind a valid superblock: headers with the magic and
  /// plausible types and sequences, random tags and counts. The reader
  /// returns or throws a JournalError; it never traps.
  @Test func randomLogsNeverTrap() throws {
    let dir = try TemporaryDirectory()
    var generator = SplitMix(seed: 0x5EED)
    for round in 0..<150 {
      let path = dir.path("r\(round).journal")
      var file = BlockFile(blockSize: 1024, blocks: 48)
      let incompat: UInt32 = [0, 0x1, 0x3, 0x11, 0x13, 0x9, 0x13 | 0x4][round % 7]
      file.superblock(maxLength: 48, first: 1, sequence: 7, start: 1 + UInt32(round % 40), incompat: incompat)
      for block in 1..<48 {
        for i in 0..<1024 { file.bytes[block * 1024 + i] = UInt8(truncatingIfNeeded: generator.next()) }
        if generator.next() % 4 != 0 {
          file.header(block, type: UInt32(generator.next() % 6), sequence: 7 + UInt32(generator.next() % 3))
        }
        if generator.next() % 3 == 0 { file.put32(block, 12, UInt32(generator.next() % 1100)) }
      }
      try file.write(to: path)
      let device = try FileJournalDevice(path: path, blockSize: 1024, superblockIndex: 0)
      guard let journal = try? Journal(device: device) else { continue }
      do {
        let replay = try journal.replayPlan(filesystemBlocks: 4096)
        for location in replay.blocks.values { _ = try journal.contents(of: location) }
      } catch is JournalError {}
    }
  }
}

/// A bare journal built byte by byte in a test.
struct BlockFile {
  var blockSize: Int
  var bytes: [UInt8]

  init(blockSize: Int, blocks: Int) {
    self.blockSize = blockSize
    bytes = [UInt8](repeating: 0, count: blockSize * blocks)
  }

  mutating func put32(_ block: Int, _ offset: Int, _ value: UInt32) {
    for i in 0..<4 {
      bytes[block * blockSize + offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i)))
    }
  }

  mutating func header(_ block: Int, type: UInt32, sequence: UInt32) {
    put32(block, 0, 0xC03B_3998)
    put32(block, 4, type)
    put32(block, 8, sequence)
  }

  /// A v2 superblock; csum v2/v3 in `incompat` is left with a zero checksum
  /// type, which the reader must reject without trapping.
  mutating func superblock(
    maxLength: UInt32, first: UInt32, sequence: UInt32, start: UInt32, incompat: UInt32 = 0
  ) {
    for i in 0..<blockSize { bytes[i] = 0 }
    header(0, type: 4, sequence: 0)
    put32(0, 0x0C, UInt32(blockSize))
    put32(0, 0x10, maxLength)
    put32(0, 0x14, first)
    put32(0, 0x18, sequence)
    put32(0, 0x1C, start)
    put32(0, 0x28, incompat)
  }

  func write(to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
}

/// A small deterministic generator, so a failing round can be replayed.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
