import Ext4

/// Whether one more inode's edits still fit the open batch's journal
/// transaction: the blocks the batch holds, an upper bound for the inode's
/// own blocks (its inode-table block, the tree blocks of each range), and
/// what the batch's metadata flush adds for the block groups its ranges
/// touch (a bitmap block per group, a descriptor block in every superblock
/// copy, and the superblock copies themselves).
struct TransactionBudget {
  let capacity: JournalCapacity
  private var groups: Set<UInt64> = []
  private var descriptorBlocks: Set<UInt64> = []
  /// Groups of blocks a flip may allocate for tree splits: not known ahead.
  private var unknownGroups = 0

  init(_ capacity: JournalCapacity) { self.capacity = capacity }

  /// True when `items` (one inode's) fit beside the `batched` blocks; an
  /// empty batch always takes them (the commit says if they do not fit).
  func fits(_ items: [RepairPlan.Item], batched: Int) -> Bool {
    guard batched > 0 else { return true }
    var next = self
    next.add(items)
    return batched + next.inodeBlocks(items) + next.metadataBlocks <= capacity.blocks
  }

  mutating func add(_ items: [RepairPlan.Item]) {
    for item in items {
      let first = item.finding.physicalBlock ?? 0
      let last = first + max(item.finding.blocks, 1) - 1
      for group in (first / capacity.blocksPerGroup)...(last / capacity.blocksPerGroup) {
        groups.insert(group)
        descriptorBlocks.insert(group / capacity.groupsPerDescriptorBlock)
      }
      if !item.target.frees { unknownGroups += 1 }
    }
  }

  mutating func reset() { self = TransactionBudget(capacity) }

  private func inodeBlocks(_ items: [RepairPlan.Item]) -> Int { 2 + 2 * items.count }

  private var metadataBlocks: Int {
    let touched = groups.count + unknownGroups
    let descriptors = descriptorBlocks.count + unknownGroups
    return touched + (descriptors + 1) * capacity.superblockCopies
  }
}
