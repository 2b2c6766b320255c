/// Puts findings in report order (inode, logical block, kind) and joins the
/// pieces of one range that long extents, extent boundaries or read sizes
/// cut apart: same inode and kind, logically and physically contiguous.
/// Then drops zero-filled runs shorter than `--min-run`.
enum FindingMerger {
  static let mergeable: Set<FindingKind> = [.zeroedWritten, .unwrittenWithData, .readError]

  static func merge(_ findings: [Finding], minRun: Int) -> [Finding] {
    let kindOrder = Dictionary(uniqueKeysWithValues: FindingKind.allCases.enumerated().map { ($1, $0) })
    let sorted = findings.sorted {
      ($0.inode, $0.logicalBlock ?? 0, kindOrder[$0.kind] ?? 0, $0.fileOffset ?? 0)
        < ($1.inode, $1.logicalBlock ?? 0, kindOrder[$1.kind] ?? 0, $1.fileOffset ?? 0)
    }
    var merged: [Finding] = []
    // The last finding of each mergeable kind for the current inode.
    var open: [FindingKind: Int] = [:]
    for finding in sorted {
      if let last = merged.last, last.inode != finding.inode { open.removeAll() }
      if mergeable.contains(finding.kind), let index = open[finding.kind],
        continues(merged[index], with: finding)
      {
        extend(&merged[index], with: finding)
        continue
      }
      if mergeable.contains(finding.kind) { open[finding.kind] = merged.count }
      merged.append(finding)
    }
    return merged.filter { $0.kind != .zeroedWritten || $0.blocks >= UInt64(max(minRun, 1)) }
  }

  private static func continues(_ a: Finding, with b: Finding) -> Bool {
    guard let al = a.logicalBlock, let ap = a.physicalBlock, let bl = b.logicalBlock,
      let bp = b.physicalBlock
    else { return false }
    return al + a.blocks == bl && ap + a.blocks == bp && a.beyondEOF == b.beyondEOF
      && a.message == b.message
  }

  private static func extend(_ a: inout Finding, with b: Finding) {
    a.blocks += b.blocks
    a.length += b.length
    if let extra = b.nonzeroBytes { a.nonzeroBytes = (a.nonzeroBytes ?? 0) + extra }
    if let last = b.lastNonzeroOffset { a.lastNonzeroOffset = last }
    a.eofBlockWhollyZero = b.eofBlockWhollyZero
    if a.firstNonzeroOffset == nil {
      a.firstNonzeroOffset = b.firstNonzeroOffset
      a.evidence = b.evidence
    }
  }
}
