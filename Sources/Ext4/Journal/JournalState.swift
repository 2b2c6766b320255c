/// What a report says about a filesystem's journal: whether it needs
/// recovery, which view the report shows, and what the replay holds.
public struct JournalState: Codable, Sendable, Hashable {
  /// The on-disk needs_recovery flag.
  public var needsRecovery: Bool
  /// "replay" (the filesystem as the next mount sees it) or "raw" (the disk as it is).
  public var view: String
  /// Committed transactions the replay applies (also counted in the raw view).
  public var transactions: Int
  /// Block writes of the replay.
  public var blocksReplayed: Int
  /// Logged blocks a revoke record cancels.
  public var revoked: Int
  /// Journal checksums that failed (their blocks are not replayed).
  public var checksumErrors: Int
  /// Fast-commit blocks after the last full commit: left out of the view.
  public var fastCommitBlocks: Int
  /// Why the journal could not be replayed (the report then shows the raw view).
  public var error: String?

  enum CodingKeys: String, CodingKey {
    case needsRecovery = "needs_recovery", view, transactions
    case blocksReplayed = "blocks_replayed", revoked, checksumErrors = "checksum_errors"
    case fastCommitBlocks = "fast_commit_blocks", error
  }

  public init(needsRecovery: Bool, view: Filesystem.JournalView, replay: JournalReplay?, error: String? = nil) {
    self.needsRecovery = needsRecovery
    self.view = view.rawValue
    transactions = replay?.transactions ?? 0
    blocksReplayed = replay?.blocksReplayed ?? 0
    revoked = replay?.revokeHits ?? 0
    checksumErrors = replay?.checksumErrors ?? 0
    fastCommitBlocks = replay?.fastCommitBlocks ?? 0
    self.error = error
  }
}
