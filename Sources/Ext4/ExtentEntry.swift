/// One entry of an extent tree as libext2fs walks it: a leaf (a mapped run of
/// blocks) or an index entry (a pointer to a lower tree node).
public struct ExtentEntry: Sendable, Hashable {
  /// Tree level of the node holding the entry (0 = in the inode).
  public var level: Int
  /// Depth of the whole tree (leaves sit at `level == maxDepth`).
  public var maxDepth: Int
  /// 1-based position of the entry in its node, and the node's entry count
  /// (0 for leaves of a walk that does not ask for positions).
  public var entry: Int
  public var entries: Int
  /// First logical block.
  public var logical: UInt64
  /// First physical block; for an index entry, the block of the child node.
  public var physical: UInt64
  /// Blocks mapped by a leaf. Index entries carry no trustworthy length
  /// (libext2fs synthesises one from the next entry or from i_size), so 0.
  public var length: UInt32
  public var isLeaf: Bool
  /// The leaf is flagged unwritten (uninitialized): it reads as zeros.
  public var unwritten: Bool
}

/// A leaf extent: `length` blocks from `logical` mapped at `physical`.
public struct Extent: Sendable, Hashable {
  public var logical: UInt64
  public var physical: UInt64
  public var length: UInt32
  public var unwritten: Bool

  public init(logical: UInt64, physical: UInt64, length: UInt32, unwritten: Bool) {
    self.logical = logical
    self.physical = physical
    self.length = length
    self.unwritten = unwritten
  }

  /// One past the last logical block.
  public var logicalEnd: UInt64 { logical + UInt64(length) }
}

/// Why an inode's extent tree could not be walked.
public struct ExtentTreeError: Error, Sendable, Hashable, CustomStringConvertible {
  public let inode: UInt32
  public let reason: String
  public var description: String { "inode \(inode): \(reason)" }
}
