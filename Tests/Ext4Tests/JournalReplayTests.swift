import Ext4
import Foundation
import Testing
import TestSupport

/// The journal reader against e2fsprogs: the log equals `debugfs logdump`,
/// and the replay plan writes exactly what `e2fsck -E journal_only` writes.
@Suite struct JournalReplayTests {
  @Test(arguments: JournalConfig.all)
  func logEqualsLogdump(_ config: JournalConfig) throws {
    let dir = try TemporaryDirectory()
    let image = try JournalImages.build(
      in: dir, name: "j.img", mkfs: config.mkfs, checksums: config.checksums,
      transactions: config.transactions)
    let before = try sha256(image)
    let fs = try Filesystem.open(image)
    let journal = try #require(try fs.openJournal())
    let log = try journal.log()
    let expected = try Logdump.transactions(image)
    #expect(expected.count == config.transactions.count)
    #expect(logdumpForm(log) == expected)
    #expect(log.checksumErrors == 0)
    #expect(log.endSequence == journal.superblock.sequence &+ UInt32(expected.count))
    if config.name.hasPrefix("fast-commit") {
      // mke2fs reserves the fast-commit area but leaves the journal's
      // fast_commit feature to the kernel's mount: the log may use it all.
      #expect(!journal.superblock.features.fastCommit && journal.superblock.fastCommitBlocks == 0)
      #expect(journal.superblock.lastLogBlock == journal.superblock.maxLength)
      #expect(try journal.replayPlan(filesystemBlocks: fs.blocksCount).fastCommitBlocks == 0)
    }
    try fs.close()
    #expect(try sha256(image) == before)
  }

  @Test(arguments: JournalConfig.all)
  func replayEqualsE2fsck(_ config: JournalConfig) throws {
    let dir = try TemporaryDirectory()
    let image = try JournalImages.build(
      in: dir, name: "j.img", mkfs: config.mkfs, checksums: config.checksums,
      transactions: config.transactions)
    try expectReplayMatchesE2fsck(image, in: dir)
  }

  /// A 1024-block journal whose log starts 150 blocks before the end of the
  /// log area and wraps back to s_first in the middle of a transaction.
  @Test(arguments: [JournalConfig.all[0], JournalConfig.all[3]])
  func wrappedLog(_ config: JournalConfig) throws {
    let dir = try TemporaryDirectory()
    let big = (0..<60).map { UInt64(1000 + $0) }
    let image = try JournalImages.build(
      in: dir, name: "w.img", mkfs: config.mkfs + ["-J", "size=4"], sizeKiB: 16384,
      checksums: config.checksums,
      transactions: [
        JournalTransactionSpec(write: big), JournalTransactionSpec(write: big.map { $0 + 100 }),
        JournalTransactionSpec(write: [1000, 1300]), JournalTransactionSpec(revoke: [1001]),
        JournalTransactionSpec(write: big.map { $0 + 200 }),
      ])
    try JournalRotation.rotate(image, endingAt: 150)
    let fs = try Filesystem.open(image)
    let journal = try #require(try fs.openJournal())
    #expect(journal.superblock.maxLength == 1024)
    let log = try journal.log()
    #expect(log.transactions.count == 5)
    let listed = try Logdump.transactions(image)
    #expect(logdumpForm(log) == listed)
    let positions = log.transactions.flatMap { $0.loggedBlocks.map(\.journalBlock) }
    #expect(positions.contains(UInt64(journal.superblock.first)), "the log wraps")
    try fs.close()
    try expectReplayMatchesE2fsck(image, in: dir)
  }

  /// Reading through `.replay` shows an inode the journal changes; `.raw`
  /// and the image itself stay as they were.
  @Test func replayedViewShowsJournaledInode() throws {
    let dir = try TemporaryDirectory()
    var builder = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096", "-O", "metadata_csum,64bit"], sizeKiB: 8192)
    builder.requests = ["write \(dir.path("f")) f"]
    try Data(repeating: 7, count: 5000).write(to: URL(fileURLWithPath: dir.path("f")))
    let image = try builder.build(in: dir, name: "i.img")
    let inode = try Debugfs.inode(image, path: "/f")
    // The inode table block as debugfs leaves it after `sif size`, logged into the original.
    let changed = dir.path("changed.img")
    try FileManager.default.copyItem(atPath: image, toPath: changed)
    try runChecked("debugfs", ["-w", "-R", "sif <\(inode)> size 1234567", changed])
    let imap = try Debugfs.request(changed, "imap <\(inode)>")
    let block = try #require(imap.firstMatch(of: /located at block (\d+)/).flatMap { UInt64($0.1) })
    let tableBlock = try RawImage.read(changed, at: block * 4096, count: 4096)
    try Data(tableBlock).write(to: URL(fileURLWithPath: dir.path("tb")))
    try (["jo -c", "jw -b \(block) \(dir.path("tb"))", "jc"].joined(separator: "\n") + "\n")
      .write(toFile: dir.path("s"), atomically: true, encoding: .utf8)
    try runChecked("debugfs", ["-w", "-f", dir.path("s"), image])
    let before = try sha256(image)

    let raw = try Filesystem.open(image)
    #expect(try raw.inode(inode).size == 5000)
    #expect(raw.needsRecovery && raw.viewNeedsRecovery && raw.journalReplay == nil)
    try raw.close()

    let view = try Filesystem.open(image, options: .init(journal: .replay))
    #expect(try view.inode(inode).size == 1_234_567)
    #expect(view.needsRecovery && !view.viewNeedsRecovery)
    let replay = try #require(view.journalReplay)
    #expect(replay.transactions == 1 && replay.blocksReplayed == 1 && replay.checksumErrors == 0)
    #expect(try view.readBlocks(block) == tableBlock)
    try view.close()
    #expect(try sha256(image) == before)

    let (copy, result) = try JournalImages.replayedByE2fsck(image, in: dir, name: "fixed.img")
    #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
    #expect(try Debugfs.size(copy, inode: inode) == 1_234_567)
  }

  /// debugfs's compat crc32 covers revoke blocks, the kernel's does not:
  /// e2fsck aborts the replay at that transaction, and so does the reader.
  @Test func compatChecksumOverRevokeEndsLog() throws {
    let dir = try TemporaryDirectory()
    let image = try JournalImages.build(
      in: dir, name: "c.img", mkfs: JournalConfig.all[2].mkfs, checksums: true,
      transactions: [
        JournalTransactionSpec(write: [100, 101]), JournalTransactionSpec(revoke: [100]),
        JournalTransactionSpec(write: [300]),
      ])
    let fs = try Filesystem.open(image)
    let journal = try #require(try fs.openJournal())
    #expect(journal.superblock.features.compatChecksum)
    let log = try journal.log()
    #expect(log.transactions.map(\.sequence) == [1])
    #expect(log.endSequence == 2 && log.checksumErrors == 1)
    let listed = try Logdump.transactions(image)
    #expect(listed.count == 3)
    #expect(logdumpForm(log).first == listed.first)
    #expect(log.incomplete?.revokeBlocks == listed[1].revokeBlocks, "the rejected transaction")
    try fs.close()
    let (_, result) = try JournalImages.replayedByE2fsck(image, in: dir, name: "probe.img")
    #expect(result.stdout.contains("Journal transaction 2 was corrupt, replay was aborted"))
    try expectReplayMatchesE2fsck(image, in: dir, checksumErrors: 1)
  }

  @Test func writableReplayRefused() throws {
    let dir = try TemporaryDirectory()
    let image = try JournalImages.build(
      in: dir, name: "j.img", mkfs: JournalConfig.all[0].mkfs, checksums: true,
      transactions: [JournalTransactionSpec(write: [100])])
    #expect(throws: OpenError.self) {
      try Filesystem.open(image, options: .init(writable: true, journal: .replay))
    }
  }

  @Test func noJournal() throws {
    let dir = try TemporaryDirectory()
    let image = dir.path("n.img")
    try runChecked("mke2fs", ["-q", "-F", "-t", "ext4", "-O", "^has_journal", image, "4096k"])
    let fs = try Filesystem.open(image)
    #expect(try fs.journalReplayPlan() == nil)
    let view = try Filesystem.open(image, options: .init(journal: .replay))
    #expect(view.journalReplay == nil && !view.needsRecovery)
  }
}

/// The oracle-2 comparison: every block of an e2fsck-replayed copy equals
/// the image with the replay plan applied (fields e2fsck itself rewrites
/// masked), the `.replay` view reads the same bytes unmasked, and the journal
/// superblock e2fsck leaves restarts the log after the replay's end sequence.
///
/// With `recoveryFailed` (a data-block checksum error: e2fsck replays the
/// other blocks, then reports "Journal checksum error"), e2fsck leaves the
/// log's sequence as it was and rewrites the journal superblock's features,
/// so that block is left out, and s_state ("not clean") is masked.
func expectReplayMatchesE2fsck(
  _ image: String, in dir: TemporaryDirectory, checksumErrors: Int = 0,
  recoveryFailed: Bool = false
) throws {
  let before = try sha256(image)
  let fs = try Filesystem.open(image)
  let blockSize = fs.blockSize
  let journal = try #require(try fs.openJournal())
  let replay = try #require(try fs.journalReplayPlan())
  let expected = try applying(replay, of: journal, to: image, blockSize: blockSize)
  try fs.close()
  #expect(replay.transactions > 0 && replay.checksumErrors == checksumErrors)

  let (copy, result) = try JournalImages.replayedByE2fsck(image, in: dir, name: "replayed.img")
  #expect(result.status == 0 || result.status == 1, "e2fsck: \(result.stdout) \(result.stderr)")
  let actual = [UInt8](try Data(contentsOf: URL(fileURLWithPath: copy)))
  #expect(actual.count == expected.count)
  let js = Int(try Debugfs.bmap(image, inode: 8, block: 0)) * blockSize
  #expect(bigEndian32(actual, js + 0x1C) == 0, "e2fsck empties the log")
  var a = maskingE2fsckFields(actual, journalSuperblockAt: js, errorState: checksumErrors > 0)
  var e = maskingE2fsckFields(expected, journalSuperblockAt: js, errorState: checksumErrors > 0)
  if recoveryFailed {
    #expect(result.stdout.contains("Journal checksum error"))
    for i in 0..<blockSize { a[js + i] = 0; e[js + i] = 0 }
    for i in 0x3A..<0x3C { a[1024 + i] = 0; e[1024 + i] = 0 }
  } else {
    #expect(bigEndian32(actual, js + 0x18) == replay.endSequence &+ 1)
  }
  let differing = stride(from: 0, to: min(a.count, e.count), by: blockSize).filter {
    a[$0..<($0 + blockSize)] != e[$0..<($0 + blockSize)]
  }.map { $0 / blockSize }
  #expect(differing.isEmpty, "blocks differing from e2fsck's replay: \(differing.prefix(20))")

  let view = try Filesystem.open(image, options: .init(journal: .replay))
  #expect(view.journalReplay == replay)
  var viewBytes: [UInt8] = []
  let chunk = 256
  var block: UInt64 = 0
  while block < view.blocksCount {
    let n = Int(min(UInt64(chunk), view.blocksCount - block))
    viewBytes += try view.readBlocks(block, count: n)
    block += UInt64(n)
  }
  #expect(viewBytes == Array(expected.prefix(viewBytes.count)), "the .replay view reads the plan")
  try view.close()
  #expect(try sha256(image) == before, "reads leave the image unchanged")
}

/// Moves a debugfs-made log (which always starts at s_first) so that it
/// starts `blocks` before the end of the log area and wraps: block positions
/// are not stored inside journal blocks, so a rotated log is a valid log.
enum JournalRotation {
  static func rotate(_ image: String, endingAt blocks: UInt64) throws {
    let map = try JournalImages.journalBlocks(image)
    let blockSize = try Debugfs.blockSize(image)
    let sbBytes = try RawImage.read(image, at: map[0] * UInt64(blockSize), count: blockSize)
    let first = UInt64(bigEndian32(sbBytes, 0x14))
    let last = UInt64(bigEndian32(sbBytes, 0x10))
    let span = last - first
    let shift = span - blocks
    var contents: [[UInt8]] = []
    for j in first..<last {
      contents.append(try RawImage.read(image, at: map[Int(j)] * UInt64(blockSize), count: blockSize))
    }
    for (i, block) in contents.enumerated() {
      let target = first + (UInt64(i) + shift) % span
      try RawImage.write(image, at: map[Int(target)] * UInt64(blockSize), block)
    }
    let fs = try Filesystem.open(image, options: .init(writable: true))
    let journal = try #require(try fs.openJournal())
    try JournalTransactionWriter(journal: journal)
      .writeSuperblock(start: UInt32(first + shift), sequence: journal.superblock.sequence)
    try fs.close()
  }
}
