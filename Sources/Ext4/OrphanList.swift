import CExt2fs

extension Filesystem {
  /// The inodes on the on-disk orphan chain: `s_last_orphan`, then each
  /// inode's i_dtime. Such inodes lose their blocks past i_size at the next
  /// mount or e2fsck. The walk stops at a bad link or a loop.
  public func orphanInodes() -> Set<UInt32> {
    var orphans: Set<UInt32> = []
    var next = superblock.pointee.s_last_orphan
    while next >= 1, next <= inodesCount, orphans.insert(next).inserted {
      guard let inode = try? inode(next) else { break }
      next = inode.dtime
    }
    return orphans
  }
}
