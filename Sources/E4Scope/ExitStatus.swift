/// The exit codes of e4scope (e2fsck-like, for scripts).
public enum ExitStatus {
  /// No findings, or nothing to do.
  public static let clean: Int32 = 0
  /// A repair fixed every targeted finding.
  public static let repaired: Int32 = 1
  /// Findings reported and left as they are.
  public static let findingsLeft: Int32 = 4
  /// Cannot open, not ext2/3/4, refused for safety; nothing written.
  public static let operationalError: Int32 = 8
  /// Bad command line.
  public static let usageError: Int32 = 16
  /// Interrupted by SIGINT.
  public static let interrupted: Int32 = 32

  /// The status of a scan: an image that failed outranks findings; only
  /// findings of severity `failOn` or higher make it 4.
  public static func scan(failed: Bool, findings: [Finding], failOn: Severity = .notice) -> Int32 {
    if failed { return operationalError }
    return findings.contains { $0.severity >= failOn } ? findingsLeft : clean
  }

  /// The exit status and one-line message for an error that is not the
  /// command line's: its own, when it is an `OperationalError`; else exit 8.
  /// No error outside the argument parser can pass for a usage error.
  public static func of(_ error: any Error) -> (status: Int32, message: String) {
    if let error = error as? any OperationalError { return (error.exitStatus, error.description) }
    return (operationalError, String(describing: error))
  }
}
