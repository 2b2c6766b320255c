/// Findings as CSV rows (RFC 4180 quoting), one header row first.
enum FindingCSV {
  static let columns = [
    "image", "kind", "severity", "inode", "path", "i_size", "logical_block", "physical_block",
    "blocks", "file_offset", "length", "orphan", "immutable", "append_only", "reachable", "straddles_eof", "beyond_eof",
    "first_nonzero_offset", "last_nonzero_offset", "nonzero_bytes", "evidence", "message",
    "action", "e2fsck_problem", "e2fsck_action", "written_bytes_at_risk", "fix",
    "likely_cause", "journal_changed", "view",
  ]
  static let header = columns.joined(separator: ",") + "\n"

  static func row(_ f: Finding) -> String {
    let cells: [String] = [
      f.image ?? "", f.kind.rawValue, f.severity.rawValue, String(f.inode), f.path ?? "",
      String(f.iSize), f.logicalBlock.map(String.init) ?? "",
      f.physicalBlock.map(String.init) ?? "", String(f.blocks),
      f.fileOffset.map(String.init) ?? "", String(f.length), String(f.orphan),
      String(f.immutable), String(f.appendOnly), f.reachable.map(String.init) ?? "",
      f.straddlesEOF.map(String.init) ?? "", f.beyondEOF.map(String.init) ?? "",
      f.firstNonzeroOffset.map(String.init) ?? "", f.lastNonzeroOffset.map(String.init) ?? "",
      f.nonzeroBytes.map(String.init) ?? "", f.evidence ?? "", f.message ?? "", f.action?.rawValue ?? "",
      f.e2fsckProblem ?? "", f.e2fsckAction ?? "", f.writtenBytesAtRisk.map(String.init) ?? "",
      f.fix ?? "", f.likelyCause?.rawValue ?? "", f.journalChanged.map(String.init) ?? "",
      f.view ?? "",
    ]
    return cells.map(quote).joined(separator: ",") + "\n"
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
