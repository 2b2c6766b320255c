import Ext4

/// A read-only handle on the view a `JournalSelection` asks for, with what
/// the report says about the journal. A journal that cannot be replayed
/// (bad magic or checksum, a log that loops, a missing external device)
/// falls back to the raw view, and `fallback` says why.
public struct JournalViewHandle: Sendable {
  public let fs: Filesystem
  public let target: FilesystemTarget
  /// The view `fs` shows.
  public let view: Filesystem.JournalView
  /// Why the replayed view could not be built; nil when it was or was not asked for.
  public let fallback: String?
  /// The replay the raw view leaves out (planned without writing), for the report.
  private let pending: JournalReplay?

  /// Opens `target` in the view `journal` asks for.
  public static func open(_ target: FilesystemTarget, journal: JournalSelection) throws
    -> JournalViewHandle
  {
    let raw = Filesystem.Options(
      offset: target.offset, verifyChecksums: false, externalJournal: journal.externalJournal)
    guard journal.view == .replay else {
      let fs = try Filesystem.open(target.image, options: raw)
      let pending = fs.needsRecovery ? try? fs.journalReplayPlan(externalJournal: journal.externalJournal) : nil
      return JournalViewHandle(fs: fs, target: target, view: .raw, fallback: nil, pending: pending)
    }
    var replay = raw
    replay.journal = .replay
    do {
      let fs = try Filesystem.open(target.image, options: replay)
      return JournalViewHandle(fs: fs, target: target, view: .replay, fallback: nil, pending: nil)
    } catch .journal(_, let cause) {
      let fs = try Filesystem.open(target.image, options: raw)
      return JournalViewHandle(
        fs: fs, target: target, view: .raw, fallback: "\(cause)", pending: nil)
    }
  }

  /// Options for more read-only handles on the same view (one per worker):
  /// a view that replayed nothing is the raw filesystem.
  private var options: Filesystem.Options {
    var options = fs.options
    if fs.journalReplay == nil { options.journal = .raw }
    return options
  }

  /// Another handle on the same view.
  public func reopen() throws -> Filesystem {
    try Filesystem.open(target.image, options: options)
  }

  /// The `journal` object of the reports; nil without a journal.
  public var state: JournalState? {
    if case .none = fs.journalLocation { return nil }
    return JournalState(
      needsRecovery: fs.needsRecovery, view: view, replay: fs.journalReplay ?? pending,
      error: fallback)
  }

  /// What the view changes, for stderr and the report's warnings.
  public var warnings: [String] {
    let name = target.name
    guard fs.needsRecovery else { return [] }
    if let fallback {
      return [
        "the journal of \(name) cannot be replayed (\(fallback)): showing the raw view; "
          + "findings show the metadata before replay"
      ]
    }
    guard view == .replay, let replay = fs.journalReplay else {
      return ["the journal of \(name) needs recovery: findings show the metadata before replay"]
    }
    var lines = [
      "journal of \(name) needs recovery: showing it replayed in memory "
        + "(\(Self.count(replay.transactions, "transaction")), \(Self.count(replay.blocksReplayed, "block")); "
        + "the image is not written)"
    ]
    if replay.fastCommitBlocks > 0 {
      lines.append(
        "the journal of \(name) holds \(Self.count(replay.fastCommitBlocks, "fast-commit block")) after "
          + "the last full commit: the view leaves them out (the kernel would replay them)")
    }
    if replay.blocksOutOfRange > 0 {
      lines.append(
        "the journal of \(name) logs \(Self.count(replay.blocksOutOfRange, "block")) past the end of the "
          + "filesystem: not replayed")
    }
    if replay.checksumErrors > 0 {
      lines.append(
        "the journal of \(name) has \(Self.count(replay.checksumErrors, "checksum error")): "
          + "those blocks are not replayed")
    }
    return lines
  }

  private static func count(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
  }
}
