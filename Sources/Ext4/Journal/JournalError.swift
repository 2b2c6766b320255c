/// Why a jbd2 journal could not be read, replayed or written: every on-disk
/// count and offset is checked, and what does not fit ends here.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The journal superblock does not start with the jbd2 magic number.
  case badMagic(block: UInt64)
  /// The superblock is of a type this reader does not know (not v1/v2).
  case unsupportedVersion(blockType: UInt32)
  /// Incompatible or read-only-compatible features this reader does not know.
  case unsupportedFeatures(incompat: UInt32, roCompat: UInt32)
  /// A superblock field is out of range or inconsistent.
  case corruptSuperblock(String)
  /// The journal superblock's crc32c does not match its contents.
  case superblockChecksum(stored: UInt32, computed: UInt32)
  /// The journal's block size differs from the filesystem's.
  case blockSizeMismatch(journal: Int, filesystem: Int)
  /// The journal inode or device is unusable (no blocks, a hole, too short).
  case badJournalFile(String)
  /// The filesystem uses an external journal and none, or the wrong one, was given.
  case externalJournal(String)
  /// A journal block could not be read or written.
  case io(block: UInt64, reason: String)
  /// A block is shorter than the journal block size.
  case shortBlock(block: UInt64, bytes: Int)
  /// The log visits more blocks than the journal holds: it loops.
  case logLoops(blocksRead: UInt64)
  /// A descriptor or revoke block failed its checksum inside a transaction
  /// whose commit block is newer than the last one: the kernel refuses such a log.
  case transactionChecksum(sequence: UInt32, block: UInt64)
  /// A revoke block's byte count does not fit its block.
  case corruptRevokeBlock(block: UInt64, count: UInt32)
  /// A transaction cannot be written: the journal holds a log, or it is too big.
  case cannotWrite(String)

  public var description: String {
    switch self {
    case .badMagic(let block): return "no jbd2 magic number in journal block \(block)"
    case .unsupportedVersion(let type): return "unknown journal superblock type \(type)"
    case .unsupportedFeatures(let incompat, let roCompat):
      return "unknown journal features (incompat 0x\(String(incompat, radix: 16)), "
        + "ro_compat 0x\(String(roCompat, radix: 16)))"
    case .corruptSuperblock(let what): return "corrupt journal superblock: \(what)"
    case .superblockChecksum(let stored, let computed):
      return "journal superblock checksum 0x\(String(stored, radix: 16)) does not match "
        + "its contents (0x\(String(computed, radix: 16)))"
    case .blockSizeMismatch(let journal, let filesystem):
      return "journal block size \(journal) differs from the filesystem's \(filesystem)"
    case .badJournalFile(let what): return "unusable journal: \(what)"
    case .externalJournal(let what): return "external journal: \(what)"
    case .io(let block, let reason): return "journal block \(block): \(reason)"
    case .shortBlock(let block, let bytes): return "journal block \(block): only \(bytes) bytes"
    case .logLoops(let n): return "the journal log loops (\(n) blocks read without an end)"
    case .transactionChecksum(let sequence, let block):
      return "invalid checksum in journal transaction \(sequence) (block \(block))"
    case .corruptRevokeBlock(let block, let count):
      return "revoke block \(block) claims \(count) bytes"
    case .cannotWrite(let why): return "cannot write a journal transaction: \(why)"
    }
  }
}
