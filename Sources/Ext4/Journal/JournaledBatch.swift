import CExt2fs
import Ext2Shim

/// The steps of committing a batch, in order; a caller may watch them.
public enum BatchCommitStep: String, Sendable, CaseIterable {
  /// The transaction is in the log and synced; the journal still says empty.
  case logged
  /// The journal points at the transaction: a recovery replays it.
  case activated
  /// Every block is home and synced.
  case home
  /// The journal is empty again.
  case emptied
}

/// Why a batch did not commit, and whether a recovery completes it:
/// before `activated` the image holds none of the batch, after it a
/// mount or `e2fsck -p` replays the whole batch.
public struct BatchCommitFailure: Error, Sendable, CustomStringConvertible {
  public let activated: Bool
  public let reason: String
  public var description: String { reason }
}

/// How large a transaction this filesystem's journal takes, and what a
/// batch's metadata flush adds per block group it touches.
public struct JournalCapacity: Sendable, Hashable {
  /// Blocks one transaction may carry: a quarter of the journal (the
  /// kernel's limit) less its descriptor and commit blocks, at most 8192.
  public let blocks: Int
  /// Places holding a superblock and the group descriptors (primary and backups).
  public let superblockCopies: Int
  public let groupsPerDescriptorBlock: UInt64
  public let blocksPerGroup: UInt64
}

extension Filesystem {
  /// The journal a repair's batches go through, or nil: no internal
  /// journal, one that needs recovery or holds a log, or a handle opened
  /// without `batchWrites`.
  public func journalCapacity() -> JournalCapacity? {
    guard options.writable, options.batchWrites, !viewNeedsRecovery,
      case .inode = journalLocation,
      let journal = try? openJournal(), !journal.superblock.hasLog
    else { return nil }
    let quarter = Int(journal.superblock.maxLength) / 4
    // A descriptor block holds at least 60 tags of the largest format.
    let blocks = min(quarter - quarter / 60 - 2, 8192)
    let groups = UInt64(groupCount)
    let descriptorBlocks = max(UInt64(handle.pointee.desc_blocks), 1)
    let copies = (0..<groupCount).filter { ext2fs_bg_has_super(handle, dgrp_t($0)) != 0 }.count
    guard blocks > 0 else { return nil }
    return JournalCapacity(
      blocks: blocks, superblockCopies: max(copies, 1),
      groupsPerDescriptorBlock: max((groups + descriptorBlocks - 1) / descriptorBlocks, 1),
      blocksPerGroup: UInt64(max(superblock.pointee.s_blocks_per_group, 1)))
  }

  /// Starts keeping every write in memory (a `batchWrites` handle only).
  public func beginBatch() throws(Ext2Error) {
    try check(e4_batch_capture(handle, 1), "start a batch")
  }

  /// Blocks the open batch holds so far.
  public var batchedBlocks: Int { e4_batch_count(handle) }

  /// Ends the open batch as one journal transaction: flushes the bitmaps,
  /// group descriptors and superblock into the batch, writes the
  /// transaction to the journal, syncs, activates it, syncs, writes the
  /// blocks home, syncs, marks the journal empty and syncs. With
  /// needs_recovery set on disk beforehand (`setNeedsRecovery`, kept for all
  /// batches), a kill at any point leaves the image before or after the
  /// whole batch once a mount or `e2fsck -p` has replayed the journal.
  /// `watch` sees each step. Returns nil when the batch holds nothing.
  @discardableResult
  public func commitBatch(watch: (BatchCommitStep) -> Void = { _ in }) throws(BatchCommitFailure)
    -> WrittenTransaction?
  {
    guard batchedBlocks > 0 else {
      _ = e4_batch_capture(handle, 0)
      return nil
    }
    var activated = false
    do {
      try check(ext2fs_write_bitmaps(handle), "write bitmaps")
      try check(ext2fs_flush2(handle, 0), "write superblock and group descriptors")
      try check(e4_batch_capture(handle, 0), "end the batch")
      let blocks = try batchContents()
      guard let journal = try openJournal() else {
        throw BatchCommitFailure(activated: false, reason: "the filesystem has no journal")
      }
      let writer = try JournalTransactionWriter(journal: journal)
      let transaction = try writer.write(blocks)
      try writer.sync()
      watch(.logged)
      try writer.activate(transaction)
      try writer.sync()
      activated = true
      watch(.activated)
      try check(e4_batch_release(handle, 0, .max), "write the batch's blocks")
      try writer.sync()
      watch(.home)
      try writer.markEmpty(after: transaction)
      try writer.sync()
      watch(.emptied)
      return transaction
    } catch let failure as BatchCommitFailure {
      abandonBatch()
      throw failure
    } catch {
      abandonBatch()
      throw BatchCommitFailure(activated: activated, reason: "\(error)")
    }
  }

  /// Forgets the open batch and keeps every later write of this handle in
  /// memory, so nothing more reaches the image (after a failed commit).
  public func abandonBatch() {
    e4_batch_discard(handle)
    _ = e4_batch_capture(handle, 1)
  }

  /// The batch's blocks in increasing order, with their contents.
  private func batchContents() throws(Ext2Error) -> [(block: UInt64, contents: [UInt8])] {
    let size = Int(e4_batch_block_size(handle))
    guard size == blockSize else {
      throw Ext2Error(code: Int(EXT2_ET_INVALID_ARGUMENT), operation: "batch block size \(size)")
    }
    var blocks: [(block: UInt64, contents: [UInt8])] = []
    for i in 0..<batchedBlocks {
      var block: UInt64 = 0
      var bytes: UnsafeRawPointer?
      try check(e4_batch_block(handle, i, &block, &bytes), "read the batch")
      guard let bytes else { continue }
      blocks.append((block, Array(UnsafeRawBufferPointer(start: bytes, count: size))))
    }
    return blocks
  }
}
