import Synchronization

/// Counts the inodes a repair has edited and hands throttled snapshots to a
/// reporter (the CLI draws them on stderr, or writes `-C` lines).
public final class RepairProgress: Sendable {
  /// A snapshot of the edits' progress.
  public struct Snapshot: Sendable {
    public var inodesDone: Int
    public var inodesTotal: Int
    public var elapsed: Double

    public var fraction: Double { inodesTotal > 0 ? min(1, Double(inodesDone) / Double(inodesTotal)) : 0 }

    /// Seconds left at the rate so far, or nil before the first inode is done.
    public var secondsLeft: Double? {
      guard elapsed > 0, fraction > 0 else { return nil }
      return elapsed * (1 - fraction) / fraction
    }
  }

  private struct State {
    var done = 0
    var total = 0
    var started = 0.0
    var lastReport = 0.0
  }

  private let state = Mutex(State())
  private let reporter: ProgressReporter<Snapshot>

  /// `reporter` ends when the edits are over.
  public init(_ reporter: ProgressReporter<Snapshot>) { self.reporter = reporter }

  func start(inodes: Int) {
    state.withLock {
      $0.total = inodes
      $0.started = MonotonicClock.now
    }
  }

  /// One more inode edited (or left).
  func advance() {
    let now = MonotonicClock.now
    let snapshot: Snapshot? = state.withLock { s in
      s.done += 1
      guard now - s.lastReport >= reporter.interval else { return nil }
      s.lastReport = now
      return Snapshot(inodesDone: s.done, inodesTotal: s.total, elapsed: now - s.started)
    }
    if let snapshot { reporter.report(snapshot) }
  }

  func finish() {
    let now = MonotonicClock.now
    reporter.end(state.withLock { Snapshot(inodesDone: $0.done, inodesTotal: $0.total, elapsed: now - $0.started) })
  }
}
