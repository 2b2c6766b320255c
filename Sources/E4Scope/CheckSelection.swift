/// The checks `scan --checks` can run.
public enum CheckName: String, Sendable, CaseIterable, Codable {
  /// unwritten_beyond_eof and written_beyond_eof (metadata only).
  case beyondEOF = "beyond-eof"

  /// The checks this name runs.
  var mappingChecks: [any MappingCheck] {
    switch self {
    case .beyondEOF: return [BeyondEOFCheck()]
    }
  }
}
