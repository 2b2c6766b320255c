import Ext4

/// Turns finding reports into text in one of the `ReportFormat`s (the output schema in
/// README). With more than one image, findings carry `image`.
public enum ReportRenderer {
  public static func render<R: FindingReport>(
    _ reports: [R], as format: ReportFormat, layout: TableLayout = TableLayout()
  ) -> String {
    let reports = reports.count > 1 ? reports.map(tagged) : reports
    switch format {
    case .ndjson:
      return reports.map { report in
        JSONText.lines(report.findings) + JSONText.encode(report.summary) + "\n"
      }.joined()
    case .json:
      let documents = reports.map(ReportDocument.init)
      if documents.count == 1, let only = documents.first {
        return JSONText.encode(only) + "\n"
      }
      return JSONText.encode(MultiReportDocument(images: documents)) + "\n"
    case .csv:
      // Every row names its image, whatever the number of images.
      return FindingCSV.header + reports.map(tagged).flatMap(\.findings).map(FindingCSV.row).joined()
    case .table:
      return reports.map { FindingTable.render($0, layout: layout) }.joined(separator: "\n")
    case .bodyfile:
      return BodyfileRenderer.render(reports)
    }
  }

  private static func tagged<R: FindingReport>(_ report: R) -> R {
    var report = report
    for i in report.findings.indices { report.findings[i].image = report.image }
    return report
  }
}

/// `{"schema":2,"tool_version":...,"filesystem":{...},"findings":[...],"summary":{...}}`.
struct ReportDocument<R: FindingReport>: Encodable {
  let schema = OutputSchema.version
  let toolVersion = OutputSchema.toolVersion
  let filesystem: ImageFilesystem
  let findings: [Finding]
  let summary: R.Summary

  enum CodingKeys: String, CodingKey {
    case schema, toolVersion = "tool_version", filesystem, findings, summary
  }

  init(_ report: R) {
    filesystem = ImageFilesystem(image: report.image, summary: report.filesystem)
    findings = report.findings
    summary = report.summary
  }
}

/// `{"schema":2,"tool_version":...,"images":[<document>...]}` for several images.
struct MultiReportDocument<R: FindingReport>: Encodable {
  let schema = OutputSchema.version
  let toolVersion = OutputSchema.toolVersion
  let images: [ReportDocument<R>]

  enum CodingKeys: String, CodingKey { case schema, toolVersion = "tool_version", images }
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
