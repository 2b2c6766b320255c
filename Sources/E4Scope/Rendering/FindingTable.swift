/// The human table of one report: a heading, a row per finding (its notes on
/// indented lines below it), a footer, all within the layout's width.
/// Columns give way, least needed first, until the path has room; the mtime
/// column shows only when everything fits.
enum FindingTable {
  /// A column, and the rank at which it gives way (nil: never).
  private struct Column: Sendable {
    var header: String
    var alignment: TextTable.Alignment
    var dropRank: Int?
    var cell: @Sendable (Finding, TableLayout) -> String
    /// A shorter cell for narrow tables, tried before any column gives way.
    var narrow: (@Sendable (Finding, TableLayout) -> String)? = nil
    /// Shown only when every column fits at full width: gives way before
    /// any cell is shortened.
    var onlyWithRoom = false
  }

  /// The narrowest path column kept before columns give way.
  static let minimumPathWidth = 24

  static func render<R: FindingReport>(_ report: R, layout: TableLayout) -> String {
    var out = TableLayout.wrapped(report.tableHeading, width: layout.width, indent: "").joined(separator: "\n") + "\n"
    if !report.findings.isEmpty {
      var columns = Self.columns
      if report.findings.contains(where: { $0.action != nil }) {
        columns.insert(Column(header: "ACTION", alignment: .left, dropRank: nil) { f, _ in f.action?.rawValue ?? "-" }, at: 0)
      }
      columns = fitted(columns, report.findings, layout: layout)
      let fixed = columns.map { column in
        max(column.header.count, report.findings.map { column.cell($0, layout).count }.max() ?? 0)
      }
      let pathWidth = max(8, layout.width - fixed.reduce(0, +) - 2 * columns.count)
      var table = TextTable(columns.map { ($0.header, $0.alignment) } + [("PATH", .left)])
      var notes: [[String]] = []
      for f in report.findings {
        let path = TableLayout.shortened(f.names.map { NameEncoding.terminal($0.path) } ?? "<\(f.inode)>", to: pathWidth)
        table.append(columns.map { $0.cell(f, layout) } + [path])
        notes.append(Self.notes(f))
      }
      let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
      out += (lines.first.map { String($0) + "\n" } ?? "")
      for (row, line) in lines.dropFirst().filter({ !$0.isEmpty }).enumerated() {
        out += TableLayout.shortened(String(line), to: layout.width) + "\n"
        let text = NameEncoding.terminal(notes[row].joined(separator: "; "))
        if !text.isEmpty {
          out += TableLayout.wrapped(text, width: layout.width, indent: "    ").joined(separator: "\n") + "\n"
        }
      }
    }
    return out + TableLayout.wrapped(report.tableFooter(layout), width: layout.width, indent: "").joined(separator: "\n") + "\n"
  }

  private static let columns: [Column] = [
    Column(header: "SEVERITY", alignment: .left, dropRank: 2) { f, _ in f.severity.rawValue },
    Column(
      header: "KIND", alignment: .left, dropRank: nil, cell: { f, _ in f.kind.summary },
      narrow: { f, _ in f.kind.rawValue }),
    Column(header: "INODE", alignment: .right, dropRank: 5) { f, _ in String(f.inode) },
    Column(header: "LOGICAL", alignment: .right, dropRank: 4) { f, _ in f.logicalBlock.map(String.init) ?? "-" },
    Column(header: "PHYSICAL", alignment: .right, dropRank: 1) { f, _ in f.physicalBlock.map(String.init) ?? "-" },
    Column(header: "BLOCKS", alignment: .right, dropRank: 0) { f, _ in String(f.blocks) },
    Column(header: "SIZE", alignment: .right, dropRank: 6) { f, layout in layout.size(f.length) },
    Column(header: "I_SIZE", alignment: .right, dropRank: 3) { f, layout in layout.size(f.iSize) },
    Column(
      header: "MTIME (UTC)", alignment: .left, dropRank: nil,
      cell: { f, _ in f.metadata.map { UTCTime.minute($0.mtime.seconds) } ?? "-" }, onlyWithRoom: true),
  ]

  /// The columns left once those that give way first are gone (the
  /// only-with-room ones, then shorter cells, then by rank), until the path
  /// column has `minimumPathWidth` characters.
  private static func fitted(_ columns: [Column], _ findings: [Finding], layout: TableLayout) -> [Column] {
    var kept = columns
    func used() -> Int {
      kept.reduce(0) { sum, column in
        sum + 2 + max(column.header.count, findings.map { column.cell($0, layout).count }.max() ?? 0)
      }
    }
    if used() + minimumPathWidth > layout.width { kept.removeAll(where: \.onlyWithRoom) }
    if used() + minimumPathWidth > layout.width {
      for i in kept.indices { if let narrow = kept[i].narrow { kept[i].cell = narrow } }
    }
    let ranked = columns.compactMap(\.dropRank).sorted()
    for rank in ranked where used() + minimumPathWidth > layout.width {
      kept.removeAll { $0.dropRank == rank }
    }
    return kept
  }

  /// The notes below a finding's row: its kind's, then those every kind shares.
  static func notes(_ f: Finding) -> [String] {
    var notes = f.kind.description.notes(f)
    if f.orphan { notes.append("orphan: freed at next mount/fsck") }
    if f.reachable == false { notes.append("unreachable: no path names it") }
    if let names = f.names, names.paths.count > 1 {
      notes.append("\(names.paths.count)\(names.truncated ? "+" : "") names")
    }
    if f.names?.encrypted == true { notes.append("encrypted names") }
    if f.immutable { notes.append("immutable") }
    if f.appendOnly { notes.append("append-only") }
    if f.journalChanged == true { notes.append("the journal replay changes this inode") }
    if let view = f.view { notes.append("only in the \(view) view") }
    if let message = f.message { notes.append(message) }
    return notes
  }
}
