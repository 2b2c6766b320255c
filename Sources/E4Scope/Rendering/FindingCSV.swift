import Ext4

/// Findings as CSV rows (RFC 4180 quoting), one header row first.
enum FindingCSV {
  /// The columns; those added later come last, so older columns keep their place.
  static let columns = [
    "image", "partition", "kind", "severity", "inode", "path", "i_size", "logical_block", "physical_block",
    "blocks", "file_offset", "length", "orphan", "immutable", "append_only", "reachable", "straddles_eof", "beyond_eof",
    "first_nonzero_offset", "last_nonzero_offset", "nonzero_bytes", "nonzero_fraction", "evidence",
    "message",
    "action", "e2fsck_problem", "e2fsck_action", "written_bytes_at_risk", "fix",
    "paths", "paths_truncated", "path_escaped", "encrypted",
    "mode", "uid", "gid", "flags", "links", "atime", "mtime", "ctime", "crtime", "generation",
    "likely_cause", "journal_changed", "view",
  ]
  static let header = columns.joined(separator: ",") + "\n"

  static func row(_ f: Finding) -> String {
    let cells: [String] = [
      f.image ?? "", f.partition.map(String.init) ?? "", f.kind.rawValue, f.severity.rawValue, String(f.inode), f.path ?? "",
      String(f.iSize), f.logicalBlock.map(String.init) ?? "",
      f.physicalBlock.map(String.init) ?? "", String(f.blocks),
      f.fileOffset.map(String.init) ?? "", String(f.length), String(f.orphan),
      String(f.immutable), String(f.appendOnly), f.reachable.map(String.init) ?? "",
      f.straddlesEOF.map(String.init) ?? "", f.beyondEOF.map(String.init) ?? "",
      f.firstNonzeroOffset.map(String.init) ?? "", f.lastNonzeroOffset.map(String.init) ?? "",
      f.nonzeroBytes.map(String.init) ?? "", f.nonzeroFraction.map { String($0) } ?? "",
      f.evidence ?? "", f.message ?? "", f.action?.rawValue ?? "",
      f.e2fsckProblem ?? "", f.e2fsckAction ?? "", f.writtenBytesAtRisk.map(String.init) ?? "",
      f.fix ?? "",
      f.names.map { names in JSONText.encode(names.paths.map(names.text)) } ?? "",
      f.names.map { String($0.truncated) } ?? "", String(f.names?.escaped ?? false),
      String(f.names?.encrypted ?? false),
    ] + metadataCells(f.metadata) + [
      f.likelyCause?.rawValue ?? "", f.journalChanged.map(String.init) ?? "", f.view ?? "",
    ]
    return cells.map(quote).joined(separator: ",") + "\n"
  }

  /// mode … generation; flags separated by spaces; empty cells when unread.
  static func metadataCells(_ m: InodeMetadata?) -> [String] {
    guard let m else { return Array(repeating: "", count: 10) }
    return [
      FileMode.octal(m.mode), String(m.uid), String(m.gid), m.flagNames.joined(separator: " "),
      String(m.links), UTCTime.rfc3339(m.atime), UTCTime.rfc3339(m.mtime),
      UTCTime.rfc3339(m.ctime), m.crtime.map(UTCTime.rfc3339) ?? "", String(m.generation),
    ]
  }

  static func quote(_ cell: String) -> String {
    guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return cell
    }
    var quoted = "\""
    for character in cell {
      quoted.append(character)
      if character == "\"" { quoted.append("\"") }
    }
    return quoted + "\""
  }
}
