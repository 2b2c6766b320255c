import Ext4

/// The totals line of a scan report (`{"type":"summary",...}`).
public struct ScanSummary: Encodable, Sendable, Hashable {
  public var image: String
  /// The partition scanned, on a partitioned disk.
  public var partition: Int?
  public var blockSize: Int
  /// In-use inodes read.
  public var inodesScanned: Int
  /// Number of findings per kind (kinds without findings are 0).
  public var findings: [String: Int]
  /// File data bytes read by the data checks.
  public var bytesRead: UInt64
  public var elapsedS: Double
  /// True when SIGINT stopped the scan before the end.
  public var interrupted = false
  /// Why the filesystem may not be what the image shows (`ImageConditions`).
  public var warnings: [String] = []
  /// The journal and the view scanned; nil without a journal.
  public var journal: JournalState?

  enum CodingKeys: String, SchemaHeadKey {
    case type, image, findings, interrupted, partition, warnings, schema, journal
    case toolVersion = "tool_version"
    case blockSize = "block_size", inodesScanned = "inodes_scanned"
    case bytesRead = "bytes_read", elapsedS = "elapsed_s"
  }

  public init(
    image: String, blockSize: Int, inodesScanned: Int, findings: [Finding], bytesRead: UInt64,
    elapsedS: Double
  ) {
    self.image = image
    self.blockSize = blockSize
    self.inodesScanned = inodesScanned
    var counts = Dictionary(uniqueKeysWithValues: FindingKind.allCases.map { ($0.rawValue, 0) })
    for finding in findings { counts[finding.kind.rawValue, default: 0] += 1 }
    self.findings = counts
    self.bytesRead = bytesRead
    self.elapsedS = elapsedS
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode("summary", forKey: .type)
    try c.encodeSchemaHead()
    try c.encode(image, forKey: .image)
    try c.encodeIfPresent(partition, forKey: .partition)
    try c.encode(blockSize, forKey: .blockSize)
    try c.encode(inodesScanned, forKey: .inodesScanned)
    var counts = c.nestedContainer(keyedBy: KindKey.self, forKey: .findings)
    for kind in FindingKind.allCases {
      try counts.encode(findings[kind.rawValue] ?? 0, forKey: KindKey(kind.rawValue))
    }
    try c.encode(bytesRead, forKey: .bytesRead)
    try c.encode(elapsedS, forKey: .elapsedS)
    try c.encode(interrupted, forKey: .interrupted)
    try c.encode(warnings, forKey: .warnings)
    try c.encodeIfPresent(journal, forKey: .journal)
  }

  /// A finding kind as a JSON key (kinds are written in `FindingKind` order).
  private struct KindKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}

/// Everything one scan of one filesystem produced.
public struct ScanResult: Sendable {
  public var image: String
  /// The partition scanned, on a partitioned disk.
  public var partition: Int?
  public var filesystem: FilesystemSummary
  public var findings: [Finding]
  public var summary: ScanSummary
  /// Problems that did not stop the scan (unreadable inode tables or directories).
  public var warnings: [String]
  /// Why the filesystem may not be what the image shows: full sentences.
  public var conditions: [String] { summary.warnings }
  /// SIGINT stopped the scan: the findings cover what was scanned.
  public var interrupted: Bool
}
