import Ext4

/// The totals line of a repair report (`{"type":"summary",...}`).
public struct RepairSummary: Encodable, Sendable {
  public var image: String
  /// The partition repaired, on a partitioned disk.
  public var partition: Int?
  public var blockSize: Int
  public var dryRun: Bool
  /// Findings planned, repaired and left.
  public var planned: Int
  public var repaired: Int
  public var left: Int
  /// Blocks returned to the free pool (data and extent-tree blocks).
  public var blocksFreed: UInt64
  public var undoFile: String?
  public var elapsedS: Double
  public var interrupted: Bool

  enum CodingKeys: String, SchemaHeadKey {
    case type, image, partition, planned, repaired, left, interrupted, schema
    case toolVersion = "tool_version"
    case blockSize = "block_size", dryRun = "dry_run", blocksFreed = "blocks_freed"
    case undoFile = "undo_file", elapsedS = "elapsed_s"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode("summary", forKey: .type)
    try c.encodeSchemaHead()
    try c.encode(image, forKey: .image)
    try c.encodeIfPresent(partition, forKey: .partition)
    try c.encode(blockSize, forKey: .blockSize)
    try c.encode(dryRun, forKey: .dryRun)
    try c.encode(planned, forKey: .planned)
    try c.encode(repaired, forKey: .repaired)
    try c.encode(left, forKey: .left)
    try c.encode(blocksFreed, forKey: .blocksFreed)
    try c.encodeOrNull(undoFile, forKey: .undoFile)
    try c.encode(elapsedS, forKey: .elapsedS)
    try c.encode(interrupted, forKey: .interrupted)
  }
}

/// What a repair (or its dry run) did, finding by finding.
public struct RepairResult: FindingReport {
  public var image: String
  public var filesystem: FilesystemSummary
  public var findings: [Finding]
  public var summary: RepairSummary
  /// Edits that failed half-way (I/O errors): the image needs e2undo or e2fsck.
  public var failures: [String] = []
  /// True for the plan shown before the confirmation question of a real repair.
  public var isPreview = false

  public var tableHeading: String {
    FilesystemTarget(image: image, partition: summary.partition).name + ": "
      + (isPreview ? "plan, nothing written yet" : summary.dryRun ? "dry run, nothing written" : "repair")
      + (summary.undoFile.map { "; undo file \($0)" } ?? "")
  }

  public func tableFooter(_ layout: TableLayout) -> String {
    if summary.planned == 0 && summary.left == 0 { return "nothing to do" }
    func bytes(_ findings: [Finding]) -> String { layout.size(findings.reduce(0) { $0 + $1.length }) }
    let left = findings.filter { $0.action == .left }
    let changed = findings.filter { $0.action != nil && $0.action != .left }
    let frees = changed.filter { [.trim, .punch, .trimmed, .punched].contains($0.action) }
    var line =
      summary.dryRun
      ? "\(summary.planned) planned (\(bytes(changed)); would free \(bytes(frees))), \(summary.left) left (\(bytes(left)))"
      : "\(summary.repaired) repaired (\(bytes(changed))), \(summary.left) left (\(bytes(left))), "
        + "\(Plural.count(Int(summary.blocksFreed), "block")) freed (\(layout.size(summary.blocksFreed * UInt64(summary.blockSize))))"
    if summary.interrupted { line += " (interrupted)" }
    return line
  }

  /// The repair's exit status (README, Exit status).
  public var exitStatus: Int32 {
    if !failures.isEmpty { return ExitStatus.operationalError }
    if summary.interrupted { return ExitStatus.interrupted }
    if summary.dryRun { return summary.planned + summary.left > 0 ? ExitStatus.findingsLeft : ExitStatus.clean }
    if summary.left > 0 { return ExitStatus.findingsLeft }
    return summary.repaired > 0 ? ExitStatus.repaired : ExitStatus.clean
  }
}
