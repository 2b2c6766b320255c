import Synchronization

/// Counts groups done across worker threads and hands throttled snapshots to
/// a reporter (the CLI draws them on stderr).
public final class ScanProgress: Sendable {
  /// A snapshot of the scan's progress.
  public struct Snapshot: Sendable {
    public var groupsDone: Int
    public var groupsTotal: Int
    public var inodesScanned: Int
    public var elapsed: Double
    /// Done fraction in 0...1.
    public var fraction: Double { groupsTotal == 0 ? 1 : Double(groupsDone) / Double(groupsTotal) }
  }

  private struct State {
    var groupsDone = 0
    var groupsTotal = 0
    var inodes = 0
    var started = 0.0
    var lastReport = 0.0
  }

  private let state = Mutex(State())
  private let report: @Sendable (Snapshot) -> Void
  private let interval: Double

  /// `report` runs at most every `interval` seconds, and once at the end.
  public init(interval: Double = 0.2, report: @escaping @Sendable (Snapshot) -> Void) {
    self.interval = interval
    self.report = report
  }

  func start(totalGroups: Int) {
    state.withLock {
      $0.groupsTotal = totalGroups
      $0.started = MonotonicClock.now
    }
  }

  /// Adds `groups` finished groups and `inodes` more inodes read.
  func advance(groups: Int, inodes: Int) {
    let now = MonotonicClock.now
    let snapshot: Snapshot? = state.withLock { s in
      s.groupsDone += groups
      s.inodes += inodes
      let done = s.groupsDone >= s.groupsTotal
      guard done || now - s.lastReport >= interval else { return nil }
      s.lastReport = now
      return Snapshot(
        groupsDone: s.groupsDone, groupsTotal: s.groupsTotal, inodesScanned: s.inodes,
        elapsed: now - s.started)
    }
    if let snapshot { report(snapshot) }
  }
}
