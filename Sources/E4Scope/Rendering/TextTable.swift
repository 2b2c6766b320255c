/// Left- or right-aligned text columns, for the table format.
struct TextTable {
  enum Alignment: Sendable { case left, right }

  private let headers: [String]
  private let alignments: [Alignment]
  private var rows: [[String]] = []

  init(_ columns: [(String, Alignment)]) {
    headers = columns.map(\.0)
    alignments = columns.map(\.1)
  }

  mutating func append(_ row: [String]) { rows.append(row) }

  /// The table with a header line; the last column is never padded.
  func render() -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
      var out = ""
      for (i, cell) in cells.enumerated() {
        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
        let last = i == cells.count - 1
        if i > 0 { out += "  " }
        switch alignments[i] {
        case .left: out += last ? cell : cell + pad
        case .right: out += pad + cell
        }
      }
      return out + "\n"
    }
    return ([line(headers)] + rows.map(line)).joined()
  }
}
