import Ext4

/// `extent_tree_error`: the inode's extent tree (or block map) could not be
/// walked; the finding names the inode as a whole and says why, and the
/// scan goes on with the next inode.
enum ExtentTreeErrorRule: FindingRule {
  static let kind = FindingKind.extentTreeError
  static let description = FindingDescription(
    severity: .error, summary: "extent tree cannot be walked",
    help: """
      the inode's extent tree or block map cannot be walked (bad header, zero-length, \
      overlapping or out-of-order extents, blocks outside the filesystem, a looping \
      tree); message says why and the scan goes on.
      """)

  static func finding(_ error: ExtentTreeError, inode: Inode, blockSize: Int, orphan: Bool) -> Finding {
    Finding(
      kind: kind, inode: inode.number, iSize: inode.size, blockSize: blockSize, orphan: orphan,
      message: error.reason)
  }
}
