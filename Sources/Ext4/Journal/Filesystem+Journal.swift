import CExt2fs

/// Where a filesystem keeps its journal, from its superblock.
public enum JournalLocation: Sendable, Hashable {
  /// No has_journal feature.
  case none
  /// A journal inode (`s_journal_inum`).
  case inode(UInt32)
  /// An external journal device with this uuid (`s_journal_uuid`) and device number.
  case external(uuid: [UInt8], device: UInt32)
}

extension Filesystem {
  /// The journal the superblock names.
  public var journalLocation: JournalLocation {
    let sb = superblock.pointee
    guard ext2fs_has_feature_journal(superblock) != 0 else { return .none }
    if sb.s_journal_inum != 0 { return .inode(sb.s_journal_inum) }
    let uuid = withUnsafeBytes(of: sb.s_journal_uuid) { Array($0) }
    return .external(uuid: uuid, device: sb.s_journal_dev)
  }

  /// True when the journal is an inode of the filesystem.
  public var hasInternalJournal: Bool {
    if case .inode = journalLocation { return true }
    return false
  }

  /// Opens the journal: the journal inode, or for an external journal the
  /// device at `externalJournal`. Nil when the filesystem has no journal.
  public func openJournal(externalJournal: String? = nil) throws(JournalError) -> Journal? {
    switch journalLocation {
    case .none:
      return nil
    case .inode(let number):
      return try Journal(device: InternalJournalDevice(fs: self, inode: number))
    case .external(let uuid, _):
      guard let externalJournal else {
        throw .externalJournal("the filesystem uses an external journal; give its device")
      }
      return try ExternalJournal.open(
        path: externalJournal, filesystemUUID: self.uuid, journalUUID: uuid,
        blockSize: blockSize, writable: options.writable)
    }
  }

  /// What replaying the journal would write, or nil without a journal.
  /// Reads only; the image is never written.
  public func journalReplayPlan(externalJournal: String? = nil) throws(JournalError)
    -> JournalReplay?
  {
    try openJournal(externalJournal: externalJournal)?.replayPlan(filesystemBlocks: blocksCount)
  }

  /// The filesystem's uuid (`s_uuid`).
  var uuid: [UInt8] { withUnsafeBytes(of: superblock.pointee.s_uuid) { Array($0) } }
}

extension Filesystem {
  /// `count` blocks from `block`, read through libext2fs's io channel: for a
  /// `.replay` view, the replayed contents.
  public func readBlocks(_ block: UInt64, count: Int = 1) throws(Ext2Error) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: max(count, 0) * blockSize)
    guard count > 0 else { return bytes }
    let rc = bytes.withUnsafeMutableBytes {
      io_channel_read_blk64(handle.pointee.io, block, Int32(count), $0.baseAddress)
    }
    try check(rc, "read block \(block)")
    return bytes
  }
}
