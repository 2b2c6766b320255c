/// `e4scope extents` as a table modelled on `debugfs -R 'ex'`, as JSON, as
/// one JSON object per extent (ndjson), or as CSV (bodyfile, which the
/// command refuses, falls back to JSON).
public enum ExtentsRenderer {
  public static func render(_ r: ExtentsReport, as format: ReportFormat) -> String {
    switch format {
    case .json, .bodyfile: return JSONText.encode(r) + "\n"
    case .ndjson: return r.extents.map { JSONText.encode($0) + "\n" }.joined()
    case .csv:
      return csvHeader + r.extents.map(csvRow).joined()
    case .table: return table(r)
    }
  }

  private static let csvHeader =
    "image,inode,level,max_depth,entry,entries,type,logical_block,logical_end,physical_block,"
    + "physical_end,blocks,unwritten,eof\n"

  private static func csvRow(_ e: ExtentsReport.Row) -> String {
    let optional: [String] = [
      e.logicalEnd.map(String.init) ?? "", String(e.physicalBlock),
      e.physicalEnd.map(String.init) ?? "", e.blocks.map(String.init) ?? "",
      e.unwritten.map(String.init) ?? "", e.eof?.rawValue ?? "",
    ]
    let fixed: [String] = [
      FindingCSV.quote(e.image), String(e.inode), String(e.level), String(e.maxDepth), String(e.entry), String(e.entries), e.type.rawValue,
      String(e.logicalBlock),
    ]
    return (fixed + optional).joined(separator: ",") + "\n"
  }

  private static func table(_ r: ExtentsReport) -> String {
    let name = r.pathBytes.map { " (\(NameEncoding.terminal($0)))" } ?? ""
    var out = "inode \(r.inode)\(name): i_size \(r.iSize) bytes, block size \(r.blockSize), "
    out += r.mapping == .blockmap ? "block map (runs of contiguous blocks)\n" : "tree depth \(r.depth)\n"
    let tail = r.iSize % UInt64(r.blockSize)
    if r.iSize == 0 {
      out += "EOF: i_size is 0, every mapped block is beyond EOF\n"
    } else {
      out += "EOF: blocks from \(r.eofBlock) on are beyond EOF; the last byte is in block "
      out += "\(r.eofBlock - 1)" + (tail == 0 ? " (a full block)" : " (\(tail) of \(r.blockSize) bytes used)") + "\n"
    }
    var table = TextTable([
      ("LEVEL", .left), ("ENTRY", .left), ("LOGICAL", .right), ("PHYSICAL", .right),
      ("LENGTH", .right), ("FLAGS", .left), ("EOF", .left),
    ])
    for e in r.extents {
      let logical = e.logicalEnd.map { "\(e.logicalBlock) - \($0)" } ?? "\(e.logicalBlock)"
      let physical = e.physicalEnd.map { "\(e.physicalBlock) - \($0)" } ?? "\(e.physicalBlock)"
      table.append([
        "\(e.level)/\(e.maxDepth)", "\(e.entry)/\(e.entries)", logical, physical,
        e.blocks.map(String.init) ?? "-",
        e.type == .index ? "index" : (e.unwritten == true ? "unwritten" : "written"),
        e.eof.map { $0 == .below ? "" : "\($0.rawValue) EOF" } ?? "",
      ])
    }
    if r.extents.isEmpty { return out + "no extents\n" }
    return out + table.render()
  }
}
