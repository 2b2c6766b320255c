import CExt2fs

extension Filesystem {
  /// The filesystem block holding inode `number`'s on-disk inode (in its
  /// group's inode table), or nil when the number or the table is out of range.
  public func inodeTableBlock(of number: UInt32) -> UInt64? {
    guard number >= 1, number <= inodesCount else { return nil }
    let perGroup = UInt64(superblock.pointee.s_inodes_per_group)
    guard perGroup > 0, inodeSize > 0 else { return nil }
    let index = UInt64(number - 1)
    let group = index / perGroup
    guard group < UInt64(groupCount) else { return nil }
    let table = ext2fs_inode_table_loc(handle, dgrp_t(group))
    guard table != 0 else { return nil }
    return table + (index % perGroup) * UInt64(inodeSize) / UInt64(blockSize)
  }

  /// True when this `.replay` view's journal replay rewrites a block of inode
  /// `number`'s metadata: its inode-table block or a node of its extent tree.
  public func replayRewritesMetadata(of number: UInt32) -> Bool {
    guard let replay = journalReplay, !replay.blocks.isEmpty else { return false }
    if let block = inodeTableBlock(of: number), replay.blocks[block] != nil { return true }
    guard let tree = try? extentTree(of: number) else { return false }
    return tree.contains { !$0.isLeaf && replay.blocks[$0.physical] != nil }
  }
}

extension Filesystem {
  /// The contents of every block this `.replay` view's journal replay writes
  /// (empty for a raw view), for reads that bypass libext2fs (`ImageReader`).
  public func replayedBlocks() throws(Ext2Error) -> [UInt64: [UInt8]] {
    guard let replay = journalReplay else { return [:] }
    var blocks: [UInt64: [UInt8]] = [:]
    for block in replay.sortedBlocks { blocks[block] = try readBlocks(block) }
    return blocks
  }
}
