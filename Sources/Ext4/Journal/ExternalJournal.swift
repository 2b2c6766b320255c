/// An external journal device (mke2fs -O journal_dev): an ext2 superblock at
/// byte 1024 with the journal_dev feature, then the jbd2 superblock in the
/// next block (block 1, or block 2 with 1 KiB blocks). Journal block numbers
/// are the device's own block numbers.
enum ExternalJournal {
  private static let ext2Magic: UInt16 = 0xEF53
  private static let journalDevFeature: UInt32 = 0x0008
  private static let bit64Feature: UInt32 = 0x0080

  static func open(
    path: String, filesystemUUID: [UInt8], journalUUID: [UInt8], blockSize: Int, writable: Bool
  ) throws(JournalError) -> Journal {
    let probe = try FileJournalDevice(path: path, blockSize: 1024, superblockIndex: 0)
    let sb = try probe.readBlock(1)
    guard le16(sb, 0x38) == ext2Magic, le32(sb, 0x60) & journalDevFeature != 0 else {
      throw .externalJournal("\(path) is not an ext4 journal device")
    }
    let deviceBlockSize = 1024 << min(Int(le32(sb, 0x18)), 6)
    guard deviceBlockSize == blockSize else {
      throw .blockSizeMismatch(journal: deviceBlockSize, filesystem: blockSize)
    }
    guard Array(sb[0x68..<0x78]) == journalUUID else {
      throw .externalJournal("\(path) is not this filesystem's journal (uuid differs)")
    }
    var blocks = UInt64(le32(sb, 0x04))
    if le32(sb, 0x60) & bit64Feature != 0 { blocks |= UInt64(le32(sb, 0x150)) << 32 }
    let device = try FileJournalDevice(
      path: path, blockSize: blockSize, superblockIndex: blockSize == 1024 ? 2 : 1,
      blockCount: blocks, writable: writable)
    let journal = try Journal(device: device)
    let users = journal.superblock.users
    guard journal.superblock.usersCount <= 1 else {
      throw .externalJournal("\(journal.superblock.usersCount) filesystems share it (unsupported)")
    }
    if let user = users.first, user != filesystemUUID, user.contains(where: { $0 != 0 }) {
      throw .externalJournal("\(path) belongs to another filesystem")
    }
    return journal
  }

  private static func le16(_ b: [UInt8], _ at: Int) -> UInt16 {
    at + 2 <= b.count ? UInt16(b[at]) | UInt16(b[at + 1]) << 8 : 0
  }

  private static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
    guard at + 4 <= b.count else { return 0 }
    return (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
  }
}
