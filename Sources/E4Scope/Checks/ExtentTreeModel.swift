import Ext4

/// A file's extent tree rebuilt in memory from one walk (index entries and
/// leaves in tree order), so that e2fsck's pass 1 can be replayed on it, and
/// a repair's effect on it predicted, without touching the image.
struct ExtentTreeModel: Sendable {
  /// One entry of a node: a leaf, or an index entry pointing at `nodes[child]`.
  struct Entry: Sendable {
    var logical: UInt64
    var physical: UInt64
    /// Blocks mapped by a leaf; 0 for an index entry (its length is synthesised).
    var length: UInt32
    var unwritten: Bool
    var child: Int?

    var isLeaf: Bool { child == nil }
    var logicalEnd: UInt64 { logical + UInt64(length) }
  }

  /// `nodes[0]` is the root (in the inode); leaves sit in nodes at level `depth`.
  var nodes: [[Entry]]
  var depth: Int

  /// A depth-0 tree: the leaves are the root's entries.
  init(rootLeaves: [Extent]) {
    self.init(nodes: [rootLeaves.map(Self.leaf)], depth: 0)
  }

  /// Rebuilds the tree from the leaves and the index entries of one walk in
  /// tree order; nil when they do not form a tree of `depth` levels.
  init?(leaves: [Extent], index: [IndexEntryPlacement], depth: Int) {
    guard depth >= 1 else {
      self.init(rootLeaves: leaves)
      return
    }
    var nodes: [[Entry]] = [[]]
    // open[l] is the node at level l that entries of level l go into now.
    var open = [0]
    var nextLeaf = 0
    func placeLeaves(upTo end: Int) -> Bool {
      guard nextLeaf < end else { return true }
      guard open.count == depth + 1, end <= leaves.count, let node = open.last else { return false }
      nodes[node].append(contentsOf: leaves[nextLeaf..<end].map(Self.leaf))
      nextLeaf = end
      return true
    }
    for placement in index {
      let level = placement.entry.level
      guard placeLeaves(upTo: placement.leavesBefore), level >= 0, level < depth, level < open.count
      else { return nil }
      open.removeSubrange((level + 1)...)
      let child = nodes.count
      nodes.append([])
      nodes[open[level]].append(
        Entry(
          logical: placement.entry.logical, physical: placement.entry.physical, length: 0,
          unwritten: false, child: child))
      open.append(child)
    }
    guard placeLeaves(upTo: leaves.count) else { return nil }
    self.init(nodes: nodes, depth: depth)
  }

  private init(nodes: [[Entry]], depth: Int) {
    self.nodes = nodes
    self.depth = depth
  }

  private static func leaf(_ extent: Extent) -> Entry {
    Entry(
      logical: extent.logical, physical: extent.physical, length: extent.length,
      unwritten: extent.unwritten, child: nil)
  }

  /// The leaves below `entry` (the entry itself when it is a leaf), in order.
  func leaves(under entry: Entry) -> [Entry] {
    guard let child = entry.child else { return [entry] }
    var found: [Entry] = []
    var stack = [child]
    // Every node is reached from exactly one index entry, so this visits each once.
    while let node = stack.popLast() {
      for e in nodes[node].reversed() {
        if let below = e.child { stack.append(below) } else { found.append(e) }
      }
    }
    return found.sorted { $0.logical < $1.logical }
  }

  /// Every leaf of the tree.
  var allLeaves: [Entry] {
    nodes[0].flatMap { leaves(under: $0) }
  }

  /// The tree after `ext2fs_punch` has freed the blocks from `eofBlock` on
  /// that `trims` selects (the tail of a straddling extent only): emptied
  /// leaves and nodes go, and an index entry whose first child went takes
  /// the start of its new first child.
  func punched(from eofBlock: UInt64, where trims: (Entry) -> Bool) -> ExtentTreeModel {
    var copy = self
    func punch(_ node: Int) {
      var kept: [Entry] = []
      for var e in copy.nodes[node] {
        if let child = e.child {
          let firstBefore = copy.nodes[child].first?.logical
          punch(child)
          guard let first = copy.nodes[child].first else { continue }
          if first.logical != firstBefore { e.logical = first.logical }
        } else if e.logicalEnd > eofBlock && trims(e) {
          guard e.logical < eofBlock else { continue }
          e.length = UInt32(eofBlock - e.logical)
        }
        kept.append(e)
      }
      copy.nodes[node] = kept
    }
    punch(0)
    return copy
  }
}

/// An index entry of a file's extent tree and where it sits among the
/// leaves: `leavesBefore` leaves come before it in tree order.
public struct IndexEntryPlacement: Sendable, Hashable {
  public var entry: ExtentEntry
  public var leavesBefore: Int

  public init(entry: ExtentEntry, leavesBefore: Int) {
    self.entry = entry
    self.leavesBefore = leavesBefore
  }
}
