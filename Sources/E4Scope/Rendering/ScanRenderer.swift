import Ext4

/// Turns scan results into report text in one of the `ReportFormat`s
/// (schema of DESIGN.md §4). With more than one image, findings carry `image`.
public enum ScanRenderer {
  public static func render(_ results: [ScanResult], as format: ReportFormat) -> String {
    let results = results.count > 1 ? results.map(tagged) : results
    switch format {
    case .ndjson:
      return results.map { result in
        (result.findings.map(JSONText.encode) + [JSONText.encode(result.summary)])
          .map { $0 + "\n" }.joined()
      }.joined()
    case .json:
      let documents = results.map(ScanDocument.init)
      if documents.count == 1, let only = documents.first {
        return JSONText.encode(only) + "\n"
      }
      return JSONText.encode(MultiScanDocument(images: documents)) + "\n"
    case .csv:
      return FindingCSV.header + results.flatMap(\.findings).map(FindingCSV.row).joined()
    case .table:
      return results.map(ScanTable.render).joined(separator: "\n")
    }
  }

  private static func tagged(_ result: ScanResult) -> ScanResult {
    var result = result
    for i in result.findings.indices { result.findings[i].image = result.image }
    return result
  }
}

/// `{"schema":1,"filesystem":{...},"findings":[...],"summary":{...}}`.
struct ScanDocument: Encodable {
  let schema = 1
  let filesystem: ImageFilesystem
  let findings: [Finding]
  let summary: ScanSummary

  init(_ result: ScanResult) {
    filesystem = ImageFilesystem(image: result.image, summary: result.filesystem)
    findings = result.findings
    summary = result.summary
  }
}

/// `{"schema":1,"images":[<ScanDocument without schema>...]}` for several images.
struct MultiScanDocument: Encodable {
  let schema = 1
  let images: [ScanDocument]
}

/// A filesystem summary with the image it came from, for JSON reports.
struct ImageFilesystem: Encodable {
  let image: String
  let summary: FilesystemSummary

  enum CodingKeys: String, CodingKey { case image }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(image, forKey: .image)
    try summary.encode(to: encoder)
  }
}
