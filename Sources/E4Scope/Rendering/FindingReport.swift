import Ext4

/// A report made of findings about one image: a scan's, or a repair's (whose
/// findings carry an `action`). Both render through `ReportRenderer`.
public protocol FindingReport: Sendable {
  associatedtype Summary: Encodable & Sendable
  var image: String { get }
  var filesystem: FilesystemSummary { get }
  var findings: [Finding] { get set }
  /// The `{"type":"summary",...}` object.
  var summary: Summary { get }
  /// The first line of the table format.
  var tableHeading: String { get }
  /// The last line of the table format.
  var tableFooter: String { get }
}

extension ScanResult: FindingReport {
  public var tableHeading: String {
    FilesystemTarget(image: image, partition: partition).name
      + ": \(filesystem.blockSize)-byte blocks, \(summary.inodesScanned) inodes scanned in "
      + Seconds.text(summary.elapsedS) + " s"
  }

  public var tableFooter: String {
    var line = summary.findings.isEmpty ? "" : "\(findings.count) findings: " + summary.countsText
    if findings.isEmpty { line = "no findings" }
    if summary.bytesRead > 0 { line += "; \(ByteCount.text(summary.bytesRead)) of file data read" }
    if interrupted { line += " (interrupted)" }
    return line
  }
}

extension ScanSummary {
  /// "3 unwritten_beyond_eof, 1 zeroed_written".
  var countsText: String {
    FindingKind.allCases.compactMap { kind in
      (findings[kind.rawValue] ?? 0) > 0 ? "\(findings[kind.rawValue] ?? 0) \(kind.rawValue)" : nil
    }.joined(separator: ", ")
  }
}

/// Seconds with three decimals.
enum Seconds {
  static func text(_ value: Double) -> String {
    let millis = Int((value * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
