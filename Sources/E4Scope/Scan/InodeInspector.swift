import Ext4

/// Inspects one of the user's files (`userFiles` says which): walks its
/// mapping into a reused buffer, runs the metadata checks, cuts the data runs the
/// data checks will read, and turns a walk failure into an
/// `extent_tree_error` finding.
struct InodeInspector {
  let plan: CheckPlan
  let blockSize: Int
  let userFiles: UserFiles
  let orphans: Set<UInt32>
  private var scratch: [Extent] = []
  private var indexScratch: [IndexEntryPlacement] = []

  init(plan: CheckPlan, blockSize: Int, userFiles: UserFiles, orphans: Set<UInt32>) {
    self.plan = plan
    self.blockSize = blockSize
    self.userFiles = userFiles
    self.orphans = orphans
  }

  /// Appends the findings and data runs for `inode`, whose runs `walk` visits.
  mutating func inspect(
    _ inode: Inode, walk: MappingWalk,
    into findings: inout [Finding], runs: inout [DataRun]
  ) {
    // Emptied one element at a time: a file maps a few extents, and
    // removeAll(keepingCapacity:) goes through the generic replaceSubrange,
    // which cost more than the rest of this function for such files.
    while scratch.popLast() != nil {}
    while indexScratch.popLast() != nil {}
    let orphan = !orphans.isEmpty && orphans.contains(inode.number)
    var depth = 0
    var end: UInt64 = 0
    do {
      try walk(
        { extent in
          scratch.append(extent)
          end = max(end, extent.logicalEnd)
        },
        { entry in
          depth = entry.maxDepth
          indexScratch.append(IndexEntryPlacement(entry: entry, leavesBefore: scratch.count))
        })
    } catch {
      findings.append(
        ExtentTreeErrorRule.finding(error, inode: inode, blockSize: blockSize, orphan: orphan))
      return
    }
    if plan.collector.isEnabled {
      plan.collector.collect(scratch, of: inode, orphan: orphan, blockSize: blockSize, into: &runs)
    }
    // See MappingCheck: nothing to find in a flat mapping that ends by EOF.
    guard depth > 0 || end > EOFBlock(iSize: inode.size, blockSize: blockSize).block else { return }
    let file = FileMapping(
      inode: inode, extents: scratch, blockSize: blockSize, orphan: orphan, depth: depth,
      index: indexScratch)
    for check in plan.mappingChecks { check.inspect(file, into: &findings) }
  }
}
