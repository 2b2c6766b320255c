import Ext4

/// `read_error`: blocks of a data run that a read did not deliver (the
/// image ends inside the range, or an I/O error). They are never counted
/// as zeros.
enum ReadErrorRule: FindingRule {
  static let kind = FindingKind.readError
  static let description = FindingDescription(
    severity: .error, summary: "data could not be read",
    help: """
      file data could not be read (the image ends inside the range, or an I/O error); \
      never counted as zeros.
      """)

  static func finding(_ run: DataRun, blocks: Range<Int>, failure: ImageReader.Failure?) -> Finding {
    var f = run.finding(kind, blocks: blocks)
    f.message = failure?.description ?? "not read"
    return f
  }
}
