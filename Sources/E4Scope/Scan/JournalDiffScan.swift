/// `scan --journal-diff`: scans a filesystem whose journal needs recovery in
/// both views and reports the findings only one of them has, each with the
/// `view` ("replay" or "raw") that has it: what the replay changes.
public struct JournalDiffScan: Sendable {
  public let target: FilesystemTarget
  public let options: ScanOptions

  public init(target: FilesystemTarget, options: ScanOptions) {
    self.target = target
    self.options = options
  }

  /// Scans the replayed view (reporting `progress`), then the raw one; the
  /// result is the replayed scan's with the differing findings.
  public func run(progress: ScanProgress? = nil) throws -> ScanResult {
    var replayOptions = options
    replayOptions.journal.view = .replay
    var rawOptions = options
    rawOptions.journal.view = .raw
    var result = try FilesystemScan(target: target, options: replayOptions).run(progress: progress)
    let raw = try FilesystemScan(target: target, options: rawOptions).run()
    let replayed = Set(result.findings.map(Self.key))
    let before = Set(raw.findings.map(Self.key))
    var differences =
      result.findings.filter { !before.contains(Self.key($0)) }.map { Self.tagged($0, "replay") }
      + raw.findings.filter { !replayed.contains(Self.key($0)) }.map { Self.tagged($0, "raw") }
    differences.sort { ($0.inode, $0.logicalBlock ?? 0, $0.view ?? "") < ($1.inode, $1.logicalBlock ?? 0, $1.view ?? "") }
    result.findings = differences
    var summary = ScanSummary(
      image: result.summary.image, blockSize: result.summary.blockSize,
      inodesScanned: result.summary.inodesScanned, findings: differences,
      bytesRead: result.summary.bytesRead + raw.summary.bytesRead,
      elapsedS: result.summary.elapsedS + raw.summary.elapsedS)
    summary.partition = result.summary.partition
    summary.interrupted = result.interrupted || raw.interrupted
    summary.warnings = result.summary.warnings
    summary.journal = result.summary.journal
    result.summary = summary
    result.interrupted = summary.interrupted
    result.warnings += raw.warnings
    return result
  }

  /// A finding with what only the view or the name resolution sets cleared:
  /// the same range in both views compares equal.
  private static func key(_ finding: Finding) -> Finding {
    var key = finding
    key.journalChanged = nil
    key.names = nil
    key.reachable = nil
    key.metadata = nil
    return key
  }

  private static func tagged(_ finding: Finding, _ view: String) -> Finding {
    var finding = finding
    finding.view = view
    return finding
  }
}
