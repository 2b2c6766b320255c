import CExt2fs
import Ext2Shim
import Glibc

/// A transaction the writer put into the log, for the steps that follow it.
public struct WrittenTransaction: Sendable, Hashable {
  public var sequence: UInt32
  /// The journal block of its first descriptor block.
  public var startBlock: UInt64
  /// The journal block of its commit block.
  public var commitBlock: UInt64
  /// Log blocks it takes: descriptors, data and the commit block.
  public var logBlocks: Int
}

/// Writes committed jbd2 transactions into an empty journal, so that a
/// repair's metadata changes are crash-atomic. The steps are separate so a
/// repair can sync between them: `write` the transaction, `sync`, set
/// needs_recovery on the filesystem, write the blocks home, then
/// `markEmpty` and clear needs_recovery. Until `markEmpty`, a mount or
/// e2fsck replays the transaction.
public struct JournalTransactionWriter {
  public let journal: Journal
  private let device: any WritableJournalDevice

  /// Fails unless the journal's device is writable.
  public init(journal: Journal) throws(JournalError) {
    guard let device = journal.device as? any WritableJournalDevice else {
      throw .cannotWrite("the journal device is read-only")
    }
    self.journal = journal
    self.device = device
  }

  private var superblock: JournalSuperblock { journal.superblock }

  /// Writes one committed transaction of `blocks` (filesystem block, new
  /// contents) at the start of the empty log: descriptor blocks with tags in
  /// the journal's format, the blocks (escaped when they begin with the jbd2
  /// magic) and the commit block, with every checksum the features require.
  /// Writes nothing else: the journal superblock still says "empty".
  public func write(_ blocks: [(block: UInt64, contents: [UInt8])]) throws(JournalError)
    -> WrittenTransaction
  {
    guard !superblock.hasLog else {
      throw .cannotWrite("the journal holds a log that must be replayed first")
    }
    guard !blocks.isEmpty else { throw .cannotWrite("no blocks") }
    let blockSize = superblock.blockSize
    if let bad = blocks.first(where: { $0.contents.count != blockSize }) {
      throw .cannotWrite("block \(bad.block) has \(bad.contents.count) bytes, not \(blockSize)")
    }
    let groups = descriptorGroups(count: blocks.count)
    let logBlocks = groups.count + blocks.count + 1
    guard logBlocks <= Int(superblock.lastLogBlock - superblock.first) else {
      throw .cannotWrite("\(logBlocks) log blocks do not fit the journal")
    }
    let sequence = superblock.sequence
    let features = superblock.features
    let format = JournalTagFormat(features: features, blockSize: blockSize)
    let seed = superblock.checksumSeed
    let start = UInt64(superblock.first)
    var position = start
    var transactionCRC: UInt32 = ~0

    for group in groups {
      var descriptor = BigEndianBytes([UInt8](repeating: 0, count: blockSize))
      JournalBlockHeader(type: .descriptor, sequence: sequence).write(into: &descriptor)
      var offset = JournalFormat.headerSize
      var logged: [[UInt8]] = []
      for (n, index) in group.enumerated() {
        var data = BigEndianBytes(blocks[index].contents)
        var flags: UInt32 = n == 0 ? 0 : JournalTag.sameUUID
        if data.u32(0) == JournalFormat.magic {
          data.set32(0, 0)
          flags |= JournalTag.escaped
        }
        if n == group.count - 1 { flags |= JournalTag.lastTag }
        let checksum =
          features.csumV2OrV3
          ? format.dataChecksum(seed: seed, sequence: sequence, data: data.bytes) : 0
        let tag = JournalTag(filesystemBlock: blocks[index].block, flags: flags, checksum: checksum)
        offset = format.write(tag, uuid: n == 0 ? superblock.uuid : nil, into: &descriptor, at: offset)
        logged.append(data.bytes)
      }
      if features.csumV2OrV3 { JournalBlockTail.seal(&descriptor, seed: seed) }
      for bytes in [descriptor.bytes] + logged {
        if features.compatChecksum { transactionCRC = JournalChecksum.crc32be(transactionCRC, bytes) }
        try device.writeBlock(position, bytes)
        position += 1
      }
    }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let commit = JournalCommit.encode(
      sequence: sequence, blockSize: blockSize, features: features, seed: seed,
      transactionCRC: transactionCRC, seconds: UInt64(max(now.tv_sec, 0)),
      nanoseconds: UInt32(truncatingIfNeeded: now.tv_nsec))
    try device.writeBlock(position, commit)
    return WrittenTransaction(
      sequence: sequence, startBlock: start, commitBlock: position, logBlocks: logBlocks)
  }

  /// Points the journal superblock at `transaction` (s_start, s_sequence):
  /// from now on a recovery replays it.
  public func activate(_ transaction: WrittenTransaction) throws(JournalError) {
    try writeSuperblock(start: UInt32(transaction.startBlock), sequence: transaction.sequence)
  }

  /// Marks the journal empty after `transaction`'s blocks are home; the next
  /// transaction gets the following sequence number.
  public func markEmpty(after transaction: WrittenTransaction) throws(JournalError) {
    try writeSuperblock(start: 0, sequence: transaction.sequence &+ 1)
  }

  /// Makes every write to the journal so far durable.
  public func sync() throws(JournalError) { try device.sync() }

  /// Rewrites s_start and s_sequence (and the superblock checksum), keeping
  /// every other byte of the journal superblock.
  public func writeSuperblock(start: UInt32, sequence: UInt32) throws(JournalError) {
    let index = device.superblockIndex
    var block = try device.readBlock(index)
    block.replaceSubrange(0..<JournalSuperblock.size, with: superblock.encoded(start: start, sequence: sequence))
    try device.writeBlock(index, block)
  }

  /// Indices of `blocks` per descriptor block: as many tags as fit before
  /// the checksum tail, the first tag followed by the journal uuid.
  private func descriptorGroups(count: Int) -> [[Int]] {
    let format = JournalTagFormat(features: superblock.features, blockSize: superblock.blockSize)
    let perDescriptor = max(1, (format.tagsEnd - JournalFormat.headerSize - 16) / format.tagSize)
    return stride(from: 0, to: count, by: perDescriptor).map {
      Array($0..<min($0 + perDescriptor, count))
    }
  }
}

extension Filesystem {
  /// Sets or clears the needs_recovery flag and writes the superblock
  /// (writable handles only): set before a transaction is activated (so a
  /// mount or e2fsck replays it), cleared once the journal is empty.
  public func setNeedsRecovery(_ on: Bool) throws(Ext2Error) {
    if on {
      ext2fs_set_feature_journal_needs_recovery(superblock)
    } else {
      ext2fs_clear_feature_journal_needs_recovery(superblock)
    }
    ext2fs_mark_super_dirty(handle)
    guard options.batchWrites else {
      try check(ext2fs_flush2(handle, 0), "write superblock")
      return
    }
    // Through a batch of its own: libext2fs writes the superblock's changed
    // fields and its checksum as separate pieces; released, they reach the
    // image as one block write, so no kill leaves a torn superblock.
    try check(e4_batch_capture(handle, 1), "write superblock")
    let flushed = ext2fs_flush2(handle, 0)
    try check(e4_batch_capture(handle, 0), "write superblock")
    try check(flushed, "write superblock")
    try check(e4_batch_release(handle, 0, .max), "write superblock")
    let io = handle.pointee.io
    try check(io?.pointee.manager.pointee.flush?(io) ?? 0, "sync superblock")
  }
}
