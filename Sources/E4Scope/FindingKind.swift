/// What a finding says about a range of a file; each kind's rule and
/// description live in its own file in Checks/.
public enum FindingKind: String, Codable, Sendable, CaseIterable {
  case unwrittenBeyondEOF = "unwritten_beyond_eof"
  case writtenBeyondEOF = "written_beyond_eof"
  case zeroedWritten = "zeroed_written"
  case zeroedSectors = "zeroed_sectors"
  case unwrittenWithData = "unwritten_with_data"
  case extentTreeError = "extent_tree_error"
  case readError = "read_error"
  case e2fsckHazard = "e2fsck_hazard"

  /// The rule that makes findings of this kind.
  var rule: any FindingRule.Type {
    switch self {
    case .unwrittenBeyondEOF: return UnwrittenBeyondEOFCheck.self
    case .writtenBeyondEOF: return WrittenBeyondEOFCheck.self
    case .zeroedWritten: return ZeroedWrittenCheck.self
    case .zeroedSectors: return ZeroedSectorsCheck.self
    case .unwrittenWithData: return UnwrittenWithDataCheck.self
    case .extentTreeError: return ExtentTreeErrorRule.self
    case .readError: return ReadErrorRule.self
    case .e2fsckHazard: return E2fsckHazardCheck.self
    }
  }

  public var description: FindingDescription { rule.description }
  public var severity: Severity { description.severity }
  /// One line for people: what the range is. Zero data can be legitimate,
  /// so the wording says "zero-filled", never "corrupt".
  public var summary: String { description.summary }
}

extension FindingKind {
  /// One paragraph per kind, for `scan --help` and the man page:
  /// "kind (severity, how to ask for it): rule".
  public static var helpParagraphs: String {
    allCases.map { kind in
      let d = kind.description
      let how = [d.severity.rawValue, d.selection].filter { !$0.isEmpty }.joined(separator: ", ")
      return "\(kind.rawValue) (\(how)): \(d.help)"
    }.joined(separator: "\n\n")
  }
}
