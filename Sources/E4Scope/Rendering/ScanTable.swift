/// The human table of one scan: a row per finding, then a totals line.
enum ScanTable {
  static func render(_ result: ScanResult) -> String {
    var out = "\(result.image): \(result.filesystem.blockSize)-byte blocks, "
    out += "\(result.summary.inodesScanned) inodes scanned in "
    out += String(format3(result.summary.elapsedS)) + " s\n"
    guard !result.findings.isEmpty else { return out + "no findings\n" }
    var table = TextTable([
      ("SEVERITY", .left), ("KIND", .left), ("INODE", .right), ("LOGICAL", .right),
      ("PHYSICAL", .right), ("BLOCKS", .right), ("I_SIZE", .right), ("PATH / NOTE", .left),
    ])
    for f in result.findings {
      let notes = Self.notes(f)
      let where_ = f.path ?? "<\(f.inode)>"
      table.append([
        f.severity.rawValue, f.kind.summary, String(f.inode),
        f.logicalBlock.map(String.init) ?? "-", f.physicalBlock.map(String.init) ?? "-",
        String(f.blocks), String(f.iSize),
        notes.isEmpty ? where_ : "\(where_) (\(notes.joined(separator: "; ")))",
      ])
    }
    out += table.render()
    let counts = result.summary.findings.filter { $0.value > 0 }.sorted { $0.key < $1.key }
      .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    out += "\(result.findings.count) findings: \(counts)"
    if result.summary.bytesRead > 0 {
      out += "; \(ProgressLine.size(result.summary.bytesRead)) of file data read"
    }
    if result.interrupted { out += " (interrupted)" }
    return out + "\n"
  }

  /// The PATH / NOTE column's notes for one finding.
  static func notes(_ f: Finding) -> [String] {
    var notes: [String] = []
    if f.straddlesEOF == true { notes.append("straddles EOF") }
    if f.kind == .zeroedSectors, let offset = f.fileOffset {
      notes.append("bytes \(offset)-\(offset + f.length - 1)")
    }
    if f.kind == .unwrittenWithData {
      notes.append(f.beyondEOF == true ? "beyond EOF" : "inside EOF")
      if let first = f.firstNonzeroOffset { notes.append("first non-zero byte at \(first)") }
      if let fraction = f.nonzeroFraction { notes.append("\(Int((fraction * 100).rounded()))% non-zero") }
      notes.append("may be stale data of a deleted file")
      if let evidence = f.evidence { notes.append(evidence) }
    }
    if f.orphan { notes.append("orphan: freed at next mount/fsck") }
    if let message = f.message { notes.append(message) }
    return notes
  }

  private static func format3(_ value: Double) -> String {
    let millis = Int((value * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
