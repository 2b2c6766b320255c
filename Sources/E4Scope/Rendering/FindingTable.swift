/// The human table of one report: a heading, a row per finding, a footer.
enum FindingTable {
  static func render<R: FindingReport>(_ report: R) -> String {
    var out = report.tableHeading + "\n"
    if !report.findings.isEmpty {
      let actions = report.findings.contains { $0.action != nil }
      var columns: [(String, TextTable.Alignment)] = [
        ("SEVERITY", .left), ("KIND", .left), ("INODE", .right), ("LOGICAL", .right),
        ("PHYSICAL", .right), ("BLOCKS", .right), ("I_SIZE", .right), ("PATH / NOTE", .left),
      ]
      if actions { columns.insert(("ACTION", .left), at: 0) }
      var table = TextTable(columns)
      for f in report.findings {
        let notes = Self.notes(f)
        let where_ = f.path ?? "<\(f.inode)>"
        var row = [
          f.severity.rawValue, f.kind.summary, String(f.inode),
          f.logicalBlock.map(String.init) ?? "-", f.physicalBlock.map(String.init) ?? "-",
          String(f.blocks), String(f.iSize),
          notes.isEmpty ? where_ : "\(where_) (\(notes.joined(separator: "; ")))",
        ]
        if actions { row.insert(f.action?.rawValue ?? "-", at: 0) }
        table.append(row)
      }
      out += table.render()
    }
    return out + report.tableFooter + "\n"
  }

  /// The PATH / NOTE column's notes for one finding: its kind's, then
  /// those every kind shares.
  static func notes(_ f: Finding) -> [String] {
    var notes = f.kind.description.notes(f)
    if f.orphan { notes.append("orphan: freed at next mount/fsck") }
    if f.reachable == false { notes.append("unreachable: no path names it") }
    if f.immutable { notes.append("immutable") }
    if f.appendOnly { notes.append("append-only") }
    if f.journalChanged == true { notes.append("the journal replay changes this inode") }
    if let view = f.view { notes.append("only in the \(view) view") }
    if let message = f.message { notes.append(message) }
    return notes
  }
}
