import CExt2fs

/// Asks the kernel to start reading the inode tables of coming block groups
/// (`io_channel_cache_readahead`, a `posix_fadvise(WILLNEED)` through
/// libext2fs's io channel), so that a cold inode scan finds its next tables
/// in the page cache instead of waiting for each read in turn.
struct InodeTableReadahead {
  private let fs: Filesystem
  /// Groups read ahead of the one being scanned: one flex group (whose
  /// tables lie back to back), at least 4 and at most 64.
  let distance: UInt32
  /// The group after the last one asked for at most.
  private let endGroup: UInt32
  /// The first group not yet asked for.
  private var nextGroup: UInt32

  /// Reads ahead from `groups`' start, past its end too unless `withinRange`.
  init(_ fs: Filesystem, groups: Range<UInt32>, withinRange: Bool) {
    self.fs = fs
    let logFlex = UInt32(fs.handle.pointee.super.pointee.s_log_groups_per_flex)
    distance = logFlex >= 2 && logFlex <= 6 ? 1 << logFlex : 4
    endGroup = withinRange ? min(fs.groupCount, groups.upperBound) : fs.groupCount
    nextGroup = groups.lowerBound
  }

  /// The scan has reached `group`: asks for every group up to `distance` past it.
  mutating func reached(_ group: UInt32) {
    let end = min(endGroup, group &+ distance + 1)
    while nextGroup < end {
      if let table = fs.inodeTableInUse(group: nextGroup) {
        fs.readAhead(block: table.start, count: table.blocks)
      }
      nextGroup += 1
    }
  }
}

extension Filesystem {
  /// The blocks of `group`'s inode table that hold inodes in use (the whole
  /// table without group checksums); nil for a group an inode scan skips.
  func inodeTableInUse(group: UInt32) -> (start: UInt64, blocks: UInt64)? {
    let perGroup = UInt64(handle.pointee.super.pointee.s_inodes_per_group)
    var used = perGroup
    if ext2fs_has_group_desc_csum(handle) != 0 {
      if ext2fs_bg_flags_test(handle, group, UInt16(EXT2_BG_INODE_UNINIT)) != 0 { return nil }
      used -= min(perGroup, UInt64(ext2fs_bg_itable_unused(handle, group)))
    }
    let size = UInt64(blockSize)
    let blocks = (used * UInt64(inodeSize) + size - 1) / size
    let start = ext2fs_inode_table_loc(handle, group)
    return blocks > 0 && start > 0 ? (start, blocks) : nil
  }
}
