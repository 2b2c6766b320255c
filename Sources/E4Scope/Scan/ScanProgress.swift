import Synchronization

/// Counts groups done across worker threads and hands throttled snapshots to
/// a reporter (the CLI draws them on stderr).
public final class ScanProgress: Sendable {
  /// A snapshot of the scan's progress.
  public struct Snapshot: Sendable {
    public var groupsDone: Int
    public var groupsTotal: Int
    public var inodesScanned: Int
    /// File data read so far and the most there is to read (0 without data checks).
    public var bytesDone: UInt64
    public var bytesTotal: UInt64
    /// File data the data runs collected so far will read.
    public var bytesPlanned: UInt64
    public var elapsed: Double

    /// Whether every group has been scanned, so `bytesPlanned` is all there is to read.
    public var planComplete: Bool { groupsTotal > 0 && groupsDone >= groupsTotal }

    /// The file data the scan will read: the data runs collected so far,
    /// extrapolated over the groups not yet scanned (at most `bytesTotal`).
    public var bytesExpected: UInt64 {
      if planComplete { return bytesPlanned }
      guard groupsDone > 0 else { return bytesTotal }
      let projected = Double(bytesPlanned) * Double(groupsTotal) / Double(groupsDone)
      return max(bytesPlanned, min(bytesTotal, UInt64(projected)))
    }

    /// How much of the work is done, 0...1: of the file data to read when
    /// the scan reads any, else of the groups.
    public var fraction: Double {
      let expected = max(bytesExpected, bytesDone)
      if bytesTotal > 0 && expected > 0 { return Double(bytesDone) / Double(expected) }
      return groupsTotal > 0 ? min(1, Double(groupsDone) / Double(groupsTotal)) : 0
    }

    /// Seconds left at the rate so far (of the bytes still to read, or of
    /// the groups still to scan), or nil before there is a rate.
    public var secondsLeft: Double? {
      guard elapsed > 0, fraction > 0 else { return nil }
      let expected = max(bytesExpected, bytesDone)
      if bytesTotal > 0 && expected > 0 {
        guard bytesDone > 0 else { return nil }
        return Double(expected - bytesDone) / (Double(bytesDone) / elapsed)
      }
      return elapsed * (1 - fraction) / fraction
    }

    /// Bytes read per second so far.
    public var bytesPerSecond: Double { elapsed > 0 ? Double(bytesDone) / elapsed : 0 }
  }

  private struct State {
    var groupsDone = 0
    var groupsTotal = 0
    var inodes = 0
    var bytesDone: UInt64 = 0
    var bytesTotal: UInt64 = 0
    var bytesPlanned: UInt64 = 0
    var started = 0.0
    var lastReport = 0.0
  }

  private let state = Mutex(State())
  private let reporter: ProgressReporter<Snapshot>

  /// `reporter` ends after the scan of each filesystem.
  public init(_ reporter: ProgressReporter<Snapshot>) { self.reporter = reporter }

  /// The scan of one filesystem is over.
  func finish() {
    let now = MonotonicClock.now
    reporter.end(state.withLock { Self.snapshot($0, now: now) })
  }

  /// `totalBytes` is an upper bound of the file data to read (used blocks).
  /// Counting starts again from zero for each filesystem scanned.
  func start(totalGroups: Int, totalBytes: UInt64) {
    state.withLock {
      $0 = State(groupsTotal: totalGroups, bytesTotal: totalBytes, started: MonotonicClock.now)
    }
  }

  /// Adds `groups` finished groups and `inodes` more inodes read.
  func advance(groups: Int, inodes: Int) {
    update { s in
      s.groupsDone += groups
      s.inodes += inodes
    }
  }

  /// Adds `bytes` of file data that collected data runs will read.
  func plan(bytes: UInt64) {
    update { $0.bytesPlanned += bytes }
  }

  /// Adds `bytes` of file data read.
  func advance(bytes: UInt64) {
    update { $0.bytesDone += bytes }
  }

  private func update(_ change: (inout State) -> Void) {
    let now = MonotonicClock.now
    let snapshot: Snapshot? = state.withLock { s in
      change(&s)
      guard now - s.lastReport >= reporter.interval else { return nil }
      s.lastReport = now
      return Self.snapshot(s, now: now)
    }
    if let snapshot { reporter.report(snapshot) }
  }

  private static func snapshot(_ s: State, now: Double) -> Snapshot {
    Snapshot(
      groupsDone: s.groupsDone, groupsTotal: s.groupsTotal, inodesScanned: s.inodes,
      bytesDone: min(s.bytesDone, s.bytesTotal), bytesTotal: s.bytesTotal,
      bytesPlanned: s.bytesPlanned, elapsed: now - s.started)
  }
}
