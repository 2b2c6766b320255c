/// The checks `scan --checks` can run.
public enum CheckName: String, Sendable, CaseIterable, Codable {
  /// unwritten_beyond_eof and written_beyond_eof (metadata only).
  case beyondEOF = "beyond-eof"
  /// zeroed_written, and zeroed_sectors with sector granularity (reads data).
  case zeroed
  /// unwritten_with_data (reads data).
  case unwrittenData = "unwritten-data"
  /// e2fsck_hazard (metadata only).
  case e2fsckHazard = "e2fsck-hazard"
  /// All of the above.
  case all
}

extension CheckName {
  /// The checks a scan runs when none is named: the metadata-only ones.
  public static let defaults: [CheckName] = [.beyondEOF, .e2fsckHazard]

  /// The names, comma-separated, as `--checks` takes them.
  public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// The checks named by `--checks` values, each a name or a comma-separated
  /// list of names, in order and without repeats; or the first unknown one.
  public static func parse(_ values: [String]) -> Result<[CheckName], UnknownCheck> {
    var names: [CheckName] = []
    for name in values.flatMap({ $0.split(separator: ",") }) {
      guard let check = CheckName(rawValue: String(name)) else {
        return .failure(UnknownCheck(name: String(name)))
      }
      names.append(check)
    }
    return .success(names.uniqued())
  }
}

/// A `--checks` name that is not a check.
public struct UnknownCheck: Error, Sendable, CustomStringConvertible {
  public let name: String
  public var description: String { "Unknown check '\(name)'; choose from \(CheckName.list)." }
}
