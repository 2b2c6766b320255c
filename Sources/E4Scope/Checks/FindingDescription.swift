/// What people read about one finding kind: its severity, the few words of
/// the table's KIND column, the paragraph of `scan --help` and the man page,
/// and the notes the table adds to a finding. One row of the tool's problem
/// table; each kind's file in Checks/ holds its row beside its rule.
public struct FindingDescription: Sendable {
  public let severity: Severity
  /// What the range is, in a few words ("unwritten blocks beyond EOF").
  public let summary: String
  /// How the check is asked for ("--checks zeroed"); empty when it runs by default.
  public let selection: String
  /// The rule and what it means, for `--help` and the man page.
  public let help: String
  /// The table's notes for one finding of this kind.
  let notes: @Sendable (Finding) -> [String]

  init(
    severity: Severity, summary: String, selection: String = "", help: String,
    notes: @escaping @Sendable (Finding) -> [String] = { _ in [] }
  ) {
    self.severity = severity
    self.summary = summary
    self.selection = selection
    self.help = help
    self.notes = notes
  }
}

/// A finding kind's rule: the type in Checks/ that makes its findings and
/// holds its description.
protocol FindingRule {
  static var kind: FindingKind { get }
  static var description: FindingDescription { get }
}
