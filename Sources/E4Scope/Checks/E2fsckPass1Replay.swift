/// What e2fsck 1.47's pass 1 does to a regular file's extent tree, replayed on
/// an `ExtentTreeModel`: the extents and subtrees it clears as "end of extent
/// exceeds allowed value", whether it then loses its place in the tree and
/// clears the inode, and the i_size it sets.
///
/// The rule, as e2fsck applies it node by node from the root:
/// - Every entry gets a last block `e_lblk + e_len - 1` (64-bit, wrapping).
///   A leaf's `e_len` is its own; an index entry's is synthesised by
///   libext2fs as (start of the next entry in the node, or the node's end)
///   minus its start, truncated to 32 bits. The root's end is
///   `ceil(i_size / B)`; a child node's end is the start of the entry after
///   its index entry, or the parent node's end.
/// - Each node is checked against a bound: none at the root; below, the last
///   block of the index entry that leads to it. A bound of 0 means none.
/// - An entry whose last block is past the bound is cleared, unless it also
///   lies past the EOF block `ceil(i_size / B) - 1` and is an unwritten leaf
///   (or the file is fs-verity). Index entries are never unwritten: past
///   EOF they are cleared with everything below them.
/// - Clearing the last entry of a node below the root removes the node and
///   its index entry; e2fsck's walk then no longer matches the handle's
///   level, the walk fails and e2fsck clears the whole inode. So does a
///   clearing after which the entry the handle lands on has an empty
///   synthesised range (libext2fs cannot find it again).
/// - After the walk, a file whose last surviving written leaf starts past
///   i_size gets i_size raised to the end of its last surviving leaf.
struct E2fsckPass1Replay {
  /// One change e2fsck -y makes, with the written leaves it makes unreadable.
  struct Change: Sendable {
    enum Action: String, Sendable {
      case deleteExtent = "delete_extent"
      case clearSubtree = "clear_subtree"
      case clearInode = "clear_inode"
      case extendSize = "extend_size"
    }

    var action: Action
    /// The message e2fsck prints, without its "Inode N, " prefix.
    var problem: String
    var logical: UInt64?
    var physical: UInt64?
    /// Leaves whose blocks below EOF stop reading as the file's data.
    var lost: [ExtentTreeModel.Entry]
    /// Blocks mapped by the cleared entry (its leaves, for an index entry;
    /// all leaves for a cleared inode); for a raised i_size, the blocks
    /// from the EOF block to the new end.
    var blocks: UInt64
  }

  let size: UInt64
  let blockSize: UInt64
  let verity: Bool
  /// The root node's end: `ceil(i_size / B)` as libext2fs computes it.
  var rootEnd: UInt64 { (size &+ blockSize &- 1) / blockSize }
  /// e2fsck's `eof_block`, the last block holding a byte below i_size
  /// (wraps to 2^64-1 for an empty file, which then exempts nothing).
  var eofBlock: UInt64 { rootEnd &- 1 }

  /// The changes e2fsck -y makes to `tree`, in the order it reports them.
  func changes(_ tree: ExtentTreeModel) -> [Change] {
    var walk = Walk(replay: self, tree: tree)
    let completed = walk.scan(node: 0, level: 0, bound: 0, nodeEnd: rootEnd)
    var changes = walk.changes
    if !completed {
      let cleared = Set(changes.flatMap { $0.lost.map(\.logical) })
      let rest = tree.allLeaves.filter { !cleared.contains($0.logical) }
      changes.append(
        Change(
          action: .clearInode, problem: "Failed to iterate extents", logical: 0, physical: nil,
          lost: rest, blocks: rest.reduce(0) { $0 + UInt64($1.length) }))
      return changes
    }
    if let lastWritten = walk.lastWritten, let last = walk.lastBlock, !verity,
      size < lastWritten.multipliedReportingOverflow(by: blockSize).partialValue
    {
      let newSize = (last &+ 1) &* blockSize
      changes.append(
        Change(
          action: .extendSize, problem: "i_size is \(size), should be \(newSize).",
          logical: rootEnd, physical: nil, lost: [], blocks: last &+ 1 &- min(rootEnd, last &+ 1)))
    }
    return changes
  }

  /// The state of one replay: what was cleared, and the last blocks e2fsck
  /// remembers for its i_size test.
  private struct Walk {
    let replay: E2fsckPass1Replay
    let tree: ExtentTreeModel
    var changes: [Change] = []
    var lastBlock: UInt64?
    var lastWritten: UInt64?
    /// Bounds the replay on trees whose index entries form no tree.
    var budget: Int

    init(replay: E2fsckPass1Replay, tree: ExtentTreeModel) {
      self.replay = replay
      self.tree = tree
      budget = tree.nodes.reduce(0) { $0 + $1.count } + 1
    }

    /// Scans one node; false when e2fsck's walk fails (the inode is cleared).
    mutating func scan(node: Int, level: Int, bound: UInt64, nodeEnd: UInt64) -> Bool {
      let entries = tree.nodes[node]
      var remaining = entries.count
      // The surviving entry before the current one (the handle's landing
      // place when the node's last entry is cleared).
      var previous: Int?
      for i in entries.indices {
        budget -= 1
        if budget < 0 { return false }
        let entry = entries[i]
        let end = i + 1 < entries.count ? entries[i + 1].logical : nodeEnd
        let length = entry.isLeaf ? entry.length : UInt32(truncatingIfNeeded: end &- entry.logical)
        let last = entry.logical &+ UInt64(length) &- 1
        let exempt = last > replay.eofBlock && (entry.unwritten || replay.verity)
        if bound != 0 && last > bound && !exempt {
          clear(entry, length: length)
          remaining -= 1
          if remaining == 0 && level > 0 { return false }
          if !landsOnNonEmptyRange(entries, after: i, previous: previous, nodeEnd: nodeEnd) {
            return false
          }
          continue
        }
        previous = i
        if let child = entry.child {
          if !scan(node: child, level: level + 1, bound: last, nodeEnd: end) { return false }
        } else {
          lastBlock = last
          if !entry.unwritten { lastWritten = last }
        }
      }
      return true
    }

    /// After a clearing libext2fs re-finds the entry its handle now points
    /// at (the next one, or the previous survivor when the last went) by its
    /// start; an index entry whose synthesised range is empty cannot be found.
    private func landsOnNonEmptyRange(
      _ entries: [ExtentTreeModel.Entry], after cleared: Int, previous: Int?, nodeEnd: UInt64
    ) -> Bool {
      let current: Int
      let end: UInt64
      if cleared + 1 < entries.count {
        current = cleared + 1
        end = current + 1 < entries.count ? entries[current + 1].logical : nodeEnd
      } else if let previous {
        current = previous
        end = nodeEnd
      } else {
        return true
      }
      let entry = entries[current]
      return entry.isLeaf || UInt32(truncatingIfNeeded: end &- entry.logical) != 0
    }

    private mutating func clear(_ entry: ExtentTreeModel.Entry, length: UInt32) {
      let lost = tree.leaves(under: entry).filter { !$0.unwritten }
      let mapped = tree.leaves(under: entry).reduce(UInt64(0)) { $0 + UInt64($1.length) }
      changes.append(
        Change(
          action: entry.isLeaf ? .deleteExtent : .clearSubtree,
          problem:
            "end of extent exceeds allowed value (logical block \(entry.logical), "
            + "physical block \(entry.physical), len \(length))",
          logical: entry.logical, physical: entry.physical, lost: lost, blocks: mapped))
    }
  }

  /// Bytes below i_size that the written `leaves` hold: what reads
  /// differently (as zeros, or not at all) once they are gone.
  func writtenBytes(_ leaves: [ExtentTreeModel.Entry]) -> UInt64 {
    leaves.reduce(0) { total, leaf in
      guard !leaf.unwritten else { return total }
      let start = leaf.logical.multipliedReportingOverflow(by: blockSize)
      let end = leaf.logicalEnd.multipliedReportingOverflow(by: blockSize)
      guard !start.overflow, start.partialValue < size else { return total }
      let stop = end.overflow ? size : min(end.partialValue, size)
      return total + (stop - start.partialValue)
    }
  }
}
