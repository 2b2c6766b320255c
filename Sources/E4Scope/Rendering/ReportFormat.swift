/// Output formats of the reports.
public enum ReportFormat: String, Sendable, CaseIterable {
  /// Aligned columns for people (the default when stdout is a terminal).
  case table
  /// One JSON document.
  case json
  /// One JSON object per line: findings, then a summary line (the default otherwise).
  case ndjson
  /// Comma-separated findings with a header row.
  case csv
  /// The Sleuth Kit 3.x bodyfile, one line per inode with findings (scan, trim, convert).
  case bodyfile
}
