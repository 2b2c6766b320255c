import CExt2fs

/// Walks extent trees with one libext2fs extent handle per inode
/// (`ext2fs_extent_open2`, `EXT2_EXTENT_ROOT`, then `EXT2_EXTENT_NEXT`) and
/// checks what the library does not: zero lengths, overlaps, blocks outside
/// the filesystem, logical ranges past 2^32, and a bound on the walk itself.
struct ExtentWalk {
  /// More steps than any valid tree can take (4 root entries, 340-way nodes,
  /// 2^32 logical blocks); a walk that gets there is looping on bad data.
  static let maxSteps = 1 << 26
  static let maxLogicalBlock: UInt64 = 1 << 32
  /// The deepest tree the kernel accepts (EXT4_MAX_EXTENT_DEPTH).
  static let maxDepth = 5

  let fs: Filesystem
  /// Report each entry's position in its node (`ext2fs_extent_get_info` per
  /// entry, as `extents` shows it); scans skip that for leaves.
  var positions = true

  /// Visits every entry (index entries once, on the way down) of the tree of
  /// inode `number` held in `raw`, or throws why the tree is not walkable.
  func walk(
    inode number: UInt32, raw: UnsafeMutablePointer<ext2_inode>,
    _ visit: (ExtentEntry) -> Void
  ) throws(ExtentTreeError) {
    if !positions, let root = RootLeaves(raw) {
      try walk(root, inode: number, visit)
      return
    }
    let firstBlock = fs.firstDataBlock
    let blocksCount = fs.blocksCount
    func fail(_ reason: String) -> ExtentTreeError {
      ExtentTreeError(inode: number, reason: reason)
    }
    if withUnsafeBytes(of: raw.pointee.i_block, { $0.allSatisfy { $0 == 0 } }) {
      // libext2fs would silently make an empty tree here; e2fsck clears such inodes.
      throw fail("extent header is zeroed (no extent tree)")
    }
    var handle: ext2_extent_handle_t?
    let rc = ext2fs_extent_open2(fs.handle, number, raw, &handle)
    guard rc == 0, let handle else {
      throw fail(Ext2Error(code: Int(rc), operation: "open extent tree").message)
    }
    defer { ext2fs_extent_free(handle) }

    var extent = ext2fs_extent()
    var info = ext2_extent_info()
    _ = ext2fs_extent_get_info(handle, &info)
    if info.max_depth > Int32(Self.maxDepth) {
      throw fail("extent tree depth \(info.max_depth) exceeds the maximum of \(Self.maxDepth)")
    }
    let maxDepth = Int(info.max_depth)
    // For reading child node headers; only trees with index nodes need it.
    var nodeBuffer: UnsafeMutableRawPointer?
    defer { nodeBuffer?.deallocate() }
    var op = Int32(EXT2_EXTENT_ROOT)
    var nextLogical: UInt64 = 0
    var steps = 0
    while true {
      let rc = ext2fs_extent_get(handle, op, &extent)
      op = Int32(EXT2_EXTENT_NEXT)
      if rc == EXT2_ET_EXTENT_NO_NEXT { return }
      if rc != 0 && rc != EXT2_ET_EXTENT_CSUM_INVALID {
        throw fail(Ext2Error(code: Int(rc), operation: "read extent").message)
      }
      steps += 1
      if steps > Self.maxSteps { throw fail("extent tree walk does not end (looping tree?)") }
      if extent.e_flags & UInt32(EXT2_EXTENT_FLAGS_SECOND_VISIT) != 0 { continue }
      let isLeaf = extent.e_flags & UInt32(EXT2_EXTENT_FLAGS_LEAF) != 0
      if positions || !isLeaf { _ = ext2fs_extent_get_info(handle, &info) }
      if isLeaf {
        nextLogical = try checkLeaf(
          inode: number, logical: extent.e_lblk, physical: extent.e_pblk,
          length: UInt64(extent.e_len), after: nextLogical)
      } else if extent.e_pblk < firstBlock || extent.e_pblk >= blocksCount {
        throw fail("index entry points outside the filesystem (block \(extent.e_pblk))")
      } else {
        // libext2fs takes a node's depth from its place in the tree and never
        // compares it with the node's own header: a node rewritten into
        // another kind would be read as extents.
        let expected = maxDepth - Int(info.curr_level) - 1
        let buffer =
          nodeBuffer ?? UnsafeMutableRawPointer.allocate(byteCount: fs.blockSize, alignment: 16)
        nodeBuffer = buffer
        let rc = io_channel_read_blk64(fs.handle.pointee.io, extent.e_pblk, 1, buffer)
        if rc != 0 {
          throw fail(Ext2Error(code: Int(rc), operation: "read extent node").message)
        }
        let depth = Int(UInt16(littleEndian: buffer.load(as: ext3_extent_header.self).eh_depth))
        if depth != expected {
          throw fail(
            "extent node at block \(extent.e_pblk) has depth \(depth) where the tree needs \(expected)")
        }
      }
      let known = positions || !isLeaf
      visit(
        ExtentEntry(
          level: isLeaf ? maxDepth : Int(info.curr_level), maxDepth: maxDepth,
          entry: known ? Int(info.curr_entry) : 0, entries: known ? Int(info.num_entries) : 0,
          logical: extent.e_lblk, physical: extent.e_pblk,
          length: isLeaf ? extent.e_len : 0, isLeaf: isLeaf,
          unwritten: extent.e_flags & UInt32(EXT2_EXTENT_FLAGS_UNINIT) != 0))
    }
  }

  /// Walks a tree that is all leaves in the inode, as libext2fs would walk
  /// it, without its extent handle (an allocation and several calls per
  /// file, which dominate a scan of small files).
  private func walk(
    _ root: RootLeaves, inode number: UInt32, _ visit: (ExtentEntry) -> Void
  ) throws(ExtentTreeError) {
    var nextLogical: UInt64 = 0
    for i in 0..<root.count {
      let leaf = root[i]
      nextLogical = try checkLeaf(
        inode: number, logical: leaf.logical, physical: leaf.physical,
        length: UInt64(leaf.length), after: nextLogical)
      visit(
        ExtentEntry(
          level: 0, maxDepth: 0, entry: 0, entries: 0, logical: leaf.logical,
          physical: leaf.physical, length: leaf.length, isLeaf: true, unwritten: leaf.unwritten))
    }
  }

  /// Checks a leaf that follows leaves ending at `nextLogical`; returns its end.
  private func checkLeaf(
    inode number: UInt32, logical start: UInt64, physical: UInt64, length: UInt64,
    after nextLogical: UInt64
  ) throws(ExtentTreeError) -> UInt64 {
    func fail(_ reason: String) -> ExtentTreeError {
      ExtentTreeError(inode: number, reason: reason)
    }
    if length == 0 { throw fail("zero-length extent at logical block \(start)") }
    if start < nextLogical {
      throw fail("extents overlap or are out of order at logical block \(start)")
    }
    if start + length > Self.maxLogicalBlock {
      throw fail("extent at logical block \(start) runs past logical block 2^32")
    }
    let blocksCount = fs.blocksCount
    if physical < fs.firstDataBlock || physical >= blocksCount || length > blocksCount - physical {
      throw fail(
        "extent at logical block \(start) points outside the filesystem "
          + "(physical \(physical), \(length) blocks)")
    }
    return start + length
  }
}

extension Filesystem {
  /// Every entry of inode `number`'s extent tree, in tree order (index
  /// entries before their children), as `debugfs -R 'ex <N>'` lists them.
  public func extentTree(of number: UInt32) throws -> [ExtentEntry] {
    let buffer = try readInodeBuffer(number)
    let inode = Inode(number: number, raw: buffer.inode)
    guard inode.usesExtents else {
      throw ExtentTreeError(
        inode: number,
        reason: inode.hasInlineData
          ? "data is inline in the inode (no extents)" : "inode does not use extents")
    }
    var entries: [ExtentEntry] = []
    try ExtentWalk(fs: self).walk(inode: number, raw: buffer.inode) { entries.append($0) }
    return entries
  }
}
