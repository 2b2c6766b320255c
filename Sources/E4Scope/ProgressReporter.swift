/// Where a progress counter's snapshots go: `report` at most every
/// `interval` seconds while the work runs, `end` once with the last snapshot
/// (to erase a line, or to write the final counts).
public struct ProgressReporter<Snapshot: Sendable>: Sendable {
  let interval: Double
  let report: @Sendable (Snapshot) -> Void
  let end: @Sendable (Snapshot) -> Void

  public init(
    interval: Double = 0.2, report: @escaping @Sendable (Snapshot) -> Void,
    end: @escaping @Sendable (Snapshot) -> Void = { _ in }
  ) {
    self.interval = interval
    self.report = report
    self.end = end
  }

  /// Reports to this reporter, then to `next`.
  public func then(_ next: ProgressReporter) -> ProgressReporter {
    ProgressReporter(
      interval: interval,
      report: { s in
        report(s)
        next.report(s)
      },
      end: { s in
        end(s)
        next.end(s)
      })
  }
}
