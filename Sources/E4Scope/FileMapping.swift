import Ext4

/// One regular file as the checks see it: its inode and its mapped runs in
/// logical order.
public struct FileMapping: Sendable {
  public var inode: Inode
  public var extents: [Extent]
  public var blockSize: Int
  /// The inode is on the orphan chain.
  public var orphan: Bool

  /// The EOF block `E = ceil(i_size / B)`: the first logical block wholly past EOF.
  public var eofBlock: UInt64 {
    let b = UInt64(blockSize)
    return inode.size / b + (inode.size % b == 0 ? 0 : 1)
  }
}

/// A check that needs only the extent tree (no data reads).
public protocol MappingCheck: Sendable {
  /// Appends this check's findings for `file` to `findings`.
  func inspect(_ file: FileMapping, into findings: inout [Finding])
}
