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
  func tableFooter(_ layout: TableLayout) -> String
}

extension ScanResult: FindingReport {
  public var tableHeading: String {
    FilesystemTarget(image: image, partition: partition).name
      + ": \(filesystem.blockSize)-byte blocks, \(summary.inodesScanned) inodes scanned in "
      + Seconds.text(summary.elapsedS) + " s"
  }

  public func tableFooter(_ layout: TableLayout) -> String {
    var line = findings.isEmpty ? "no findings" : "\(Plural.count(findings.count, "finding")): " + countsText(layout)
    if summary.bytesRead > 0 { line += "; \(layout.size(summary.bytesRead)) of file data read" }
    if interrupted { line += " (interrupted)" }
    return line
  }
}

extension ScanResult {
  /// "3 unwritten_beyond_eof (1.5 MiB), 1 zeroed_written (8 KiB)".
  func countsText(_ layout: TableLayout) -> String {
    FindingKind.allCases.compactMap { kind in
      let ofKind = findings.filter { $0.kind == kind }
      guard !ofKind.isEmpty else { return nil }
      return "\(ofKind.count) \(kind.rawValue) (\(layout.size(ofKind.reduce(0) { $0 + $1.length })))"
    }.joined(separator: ", ")
  }
}

/// "1 finding", "2 findings".
enum Plural {
  static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

/// Seconds with three decimals.
enum Seconds {
  static func text(_ value: Double) -> String {
    let millis = Int((value * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
