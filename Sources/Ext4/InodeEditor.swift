import CExt2fs

/// Changes one inode's block map on a filesystem opened writable, through
/// libext2fs only: `ext2fs_punch` to free ranges, and `ext2fs_extent_replace`
/// / `ext2fs_extent_insert` / `ext2fs_extent_fix_parents` to flip ranges
/// between written and unwritten (what libext2fs's own fallocate does).
/// `ext2fs_extent_set_bmap` is avoided: before 1.47.3 it can corrupt a tree
/// when a merge crosses extent blocks.
public struct InodeEditor {
  /// A range of logical blocks.
  public struct Range: Sendable, Hashable {
    public var start: UInt64
    public var count: UInt64
    public init(start: UInt64, count: UInt64) {
      self.start = start
      self.count = count
    }
    public var end: UInt64 { start + count }
  }

  /// The filesystem the editor works on.
  public let fs: Filesystem

  /// Loads the block and inode bitmaps: without them libext2fs changes the
  /// free counts but not the bitmaps, and the result is inconsistent. They
  /// are red-black trees of extents (`useSparseBitmaps`).
  public init(_ fs: Filesystem) throws(Ext2Error) {
    self.fs = fs
    fs.useSparseBitmaps()
    try check(ext2fs_read_bitmaps(fs.handle), "read bitmaps")
  }

  /// Frees the blocks of `ranges` (`ext2fs_punch`, which keeps i_blocks,
  /// the bitmaps and the free counts right, bigalloc clusters included).
  /// Each call frees fewer than 2^30 blocks (1.47.0 overflows past 2^31),
  /// and for a block-mapped file stays inside one level of the map (1.47.0
  /// stops at the end of the level a range starts in).
  public func punch(inode number: UInt32, ranges: [Range]) throws(Ext2Error) {
    let buffer = try fs.readInodeBuffer(number)
    let inode = Inode(number: number, raw: buffer.inode)
    let step: UInt64 = 1 << 30
    let levels = inode.usesExtents ? [] : blockMapLevelStarts()
    for range in ranges {
      var start = range.start
      while start < range.end {
        let levelEnd = levels.first { $0 > start } ?? UInt64.max
        let last = min(range.end, start + step, levelEnd) - 1
        try check(
          ext2fs_punch(fs.handle, number, buffer.inode, nil, start, last),
          "free blocks \(start)-\(last) of inode \(number)")
        start = last + 1
      }
    }
  }

  /// First logical blocks of the direct, indirect, double and triple
  /// indirect parts of a block map, and the end of the map.
  private func blockMapLevelStarts() -> [UInt64] {
    let perBlock = UInt64(fs.blockSize / 4)
    let direct = UInt64(EXT2_NDIR_BLOCKS)
    return [
      direct, direct + perBlock, direct + perBlock + perBlock * perBlock,
      direct + perBlock + perBlock * perBlock + perBlock * perBlock * perBlock,
    ]
  }

  /// New tree entries that flipping `ranges` to `unwritten` needs (each
  /// split adds one or two, long runs more), without changing anything.
  public func insertsNeeded(inode number: UInt32, ranges: [Range], unwritten: Bool) throws
    -> Int
  {
    let extents = try mapping(of: number)
    var inserts = 0
    for range in ranges {
      for e in extents where e.logical < range.end && range.start < e.logicalEnd {
        guard e.unwritten != unwritten else { continue }
        inserts += pieces(of: e, flipping: range, to: unwritten).count - 1
      }
    }
    return inserts
  }

  /// The depth of inode `number`'s extent tree.
  public func treeDepth(inode number: UInt32) throws -> Int {
    try fs.extentTree(of: number).first?.maxDepth ?? 0
  }

  /// Flips `ranges` of inode `number` to unwritten (or written), splitting
  /// extents where a range starts or ends inside one. Every block of the
  /// ranges must be mapped.
  public func setUnwritten(_ unwritten: Bool, inode number: UInt32, ranges: [Range])
    throws(Ext2Error)
  {
    let buffer = try fs.readInodeBuffer(number)
    var handle: ext2_extent_handle_t?
    try check(
      ext2fs_extent_open2(fs.handle, number, buffer.inode, &handle),
      "open extent tree of inode \(number)")
    guard let handle else {
      throw Ext2Error(code: Int(EXT2_ET_NO_MEMORY), operation: "open extent tree")
    }
    defer { ext2fs_extent_free(handle) }
    for range in ranges {
      var block = range.start
      while block < range.end {
        try check(
          ext2fs_extent_goto(handle, block), "find logical block \(block) of inode \(number)")
        var raw = ext2fs_extent()
        try check(
          ext2fs_extent_get(handle, Int32(EXT2_EXTENT_CURRENT), &raw),
          "read extent of inode \(number)")
        let current = Extent(
          logical: raw.e_lblk, physical: raw.e_pblk, length: raw.e_len,
          unwritten: raw.e_flags & UInt32(EXT2_EXTENT_FLAGS_UNINIT) != 0)
        guard current.logical <= block, block < current.logicalEnd else {
          throw Ext2Error(
            code: Int(EXT2_ET_EXTENT_NOT_FOUND), operation: "find logical block \(block) of inode \(number)")
        }
        let segment = Range(start: block, count: min(range.end, current.logicalEnd) - block)
        block = segment.end
        guard current.unwritten != unwritten else { continue }
        let replacement = pieces(of: current, flipping: segment, to: unwritten)
        var first = replacement[0].raw
        try check(ext2fs_extent_replace(handle, 0, &first), "rewrite extent of inode \(number)")
        for piece in replacement.dropFirst() {
          var next = piece.raw
          try check(
            ext2fs_extent_insert(handle, EXT2_EXTENT_INSERT_AFTER, &next),
            "insert extent into inode \(number)")
        }
        try check(ext2fs_extent_fix_parents(handle), "update extent index of inode \(number)")
      }
    }
  }

  /// Sets i_size (`ext2fs_inode_size_set`) and writes the inode.
  public func setSize(inode number: UInt32, size: UInt64) throws(Ext2Error) {
    guard let bytes = ext2_off64_t(exactly: size) else {
      throw Ext2Error(code: Int(EXT2_ET_FILE_TOO_BIG), operation: "set size of inode \(number)")
    }
    let buffer = try fs.readInodeBuffer(number)
    try check(ext2fs_inode_size_set(fs.handle, buffer.inode, bytes), "set size of inode \(number)")
    try check(
      ext2fs_write_inode_full(fs.handle, number, buffer.inode, Int32(buffer.size)),
      "write inode \(number)")
  }

  /// The leaf extents of inode `number`.
  public func mapping(of number: UInt32) throws -> [Extent] {
    var extents: [Extent] = []
    try fs.withMapping(of: number) { _, walk in try walk({ extents.append($0) }, { _ in }) }
    return extents
  }

  /// `extent` with `segment` (inside it) flipped: head, middle pieces no
  /// longer than the flag allows (32768 written, 32767 unwritten), tail.
  private func pieces(of extent: Extent, flipping range: Range, to unwritten: Bool) -> [Extent] {
    let start = max(range.start, extent.logical)
    let end = min(range.end, extent.logicalEnd)
    var result: [Extent] = []
    func add(_ from: UInt64, _ to: UInt64, _ flag: Bool) {
      let limit = UInt64(flag ? EXT_UNINIT_MAX_LEN : EXT_INIT_MAX_LEN)
      var at = from
      while at < to {
        let length = min(limit, to - at)
        result.append(
          Extent(
            logical: at, physical: extent.physical + (at - extent.logical),
            length: UInt32(length), unwritten: flag))
        at += length
      }
    }
    add(extent.logical, start, extent.unwritten)
    add(start, end, unwritten)
    add(end, extent.logicalEnd, extent.unwritten)
    return result
  }
}

extension Extent {
  /// The libext2fs form of a leaf extent.
  var raw: ext2fs_extent {
    ext2fs_extent(
      e_pblk: physical, e_lblk: logical, e_len: length,
      e_flags: unwritten ? UInt32(EXT2_EXTENT_FLAGS_UNINIT) : 0)
  }
}
