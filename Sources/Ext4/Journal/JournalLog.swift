/// A block copied into the log: its tag and the journal block that holds it.
public struct LoggedBlock: Sendable, Hashable {
  public var tag: JournalTag
  public var journalBlock: UInt64
}

/// One transaction as the log holds it, in log order.
public struct JournalTransaction: Sendable, Hashable {
  public var sequence: UInt32
  /// The descriptor blocks' journal block numbers.
  public var descriptorBlocks: [UInt64] = []
  public var loggedBlocks: [LoggedBlock] = []
  /// The revoke blocks' journal block numbers.
  public var revokeBlocks: [UInt64] = []
  /// The filesystem blocks its revoke blocks list.
  public var revokedBlocks: [UInt64] = []
  /// The commit block's journal block number; nil for the incomplete tail.
  public var commitBlock: UInt64?
  public var commit: JournalCommit?
  /// Why a revoke block could not be read; fatal only if the transaction is replayed.
  var revokeError: JournalError?

  var isEmpty: Bool { descriptorBlocks.isEmpty && revokeBlocks.isEmpty }
}

/// What the log scan (the kernel's PASS_SCAN) found: the transactions from
/// `s_start`/`s_sequence` on, and where the valid log ends.
public struct JournalLog: Sendable, Hashable {
  /// Every transaction with a commit block, in log order.
  public var transactions: [JournalTransaction]
  /// Blocks of a transaction whose commit block is missing (never replayed).
  public var incomplete: JournalTransaction?
  /// The first sequence number not replayed (`end_transaction`).
  public var endSequence: UInt32
  /// Descriptor, revoke and commit blocks whose checksum failed.
  public var checksumErrors: Int

  /// The committed transactions a replay applies: those before `endSequence`.
  public var replayed: [JournalTransaction] {
    transactions.filter { Sequence32.before($0.sequence, endSequence) }
  }
}

/// jbd2 transaction IDs compare modulo 2^32 (`tid_gt` / `tid_geq`).
enum Sequence32 {
  static func before(_ a: UInt32, _ b: UInt32) -> Bool { Int32(bitPattern: b &- a) > 0 }
  static func atLeast(_ a: UInt32, _ b: UInt32) -> Bool { Int32(bitPattern: a &- b) >= 0 }
}
