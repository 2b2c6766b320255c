import CExt2fs

extension Filesystem {
  /// The inodes on the orphan list. Such inodes lose their blocks past i_size
  /// at the next mount or e2fsck. Two places hold them:
  /// - the chain from `s_last_orphan` through each inode's i_dtime (stops at a
  ///   bad link or a loop);
  /// - with the orphan_file feature, the orphan file: per block,
  ///   `ext2fs_inodes_per_orphan_block` inode numbers (0 = free slot).
  public func orphanInodes() -> Set<UInt32> {
    var orphans: Set<UInt32> = []
    var next = superblock.pointee.s_last_orphan
    while next >= 1, next <= inodesCount, orphans.insert(next).inserted {
      guard let inode = try? inode(next) else { break }
      next = inode.dtime
    }
    if ext2fs_has_feature_orphan_file(superblock) != 0 {
      orphanFileEntries().forEach { orphans.insert($0) }
    }
    return orphans
  }

  /// Inode numbers listed in the orphan file; empty when it cannot be read.
  private func orphanFileEntries() -> [UInt32] {
    let number = superblock.pointee.s_orphan_file_inum
    guard number >= 1, number <= inodesCount else { return [] }
    var file: ext2_file_t?
    guard ext2fs_file_open(handle, number, 0, &file) == 0, let file else { return [] }
    defer { _ = ext2fs_file_close(file) }
    let perBlock = Int(ext2fs_inodes_per_orphan_block(handle))
    var block = [UInt32](repeating: 0, count: blockSize / 4)
    var entries: [UInt32] = []
    // The kernel caps the orphan file at a few hundred blocks; 2^16 bounds a garbage size.
    for _ in 0..<(1 << 16) {
      var got: UInt32 = 0
      let rc = block.withUnsafeMutableBytes {
        ext2fs_file_read(file, $0.baseAddress, UInt32(blockSize), &got)
      }
      guard rc == 0, got == UInt32(blockSize) else { break }
      for slot in block.prefix(perBlock) {
        let inode = UInt32(littleEndian: slot)
        if inode >= 1 && inode <= inodesCount { entries.append(inode) }
      }
    }
    return entries
  }
}
