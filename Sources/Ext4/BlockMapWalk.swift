import CExt2fs

/// Lists the data blocks of an indirect-mapped (ext2/ext3) file through
/// `ext2fs_block_iterate3`, coalesced into written runs, with the same bounds
/// as `ExtentWalk`: no block outside the filesystem, no more blocks than the
/// filesystem has.
struct BlockMapWalk {
  let fs: Filesystem

  func walk(
    inode number: UInt32, raw: UnsafeMutablePointer<ext2_inode>, _ visit: (Extent) -> Void
  ) throws(ExtentTreeError) {
    let state = BlockMapState(
      firstBlock: fs.firstDataBlock, blocksCount: fs.blocksCount)
    let context = Unmanaged.passUnretained(state).toOpaque()
    // ext2fs_block_iterate3 reads the inode from disk; the scan's copy is the same.
    let rc = ext2fs_block_iterate3(
      fs.handle, number, BLOCK_FLAG_DATA_ONLY | BLOCK_FLAG_READ_ONLY, nil, collectBlock, context)
    if let reason = state.failure {
      throw ExtentTreeError(inode: number, reason: reason)
    }
    if rc != 0 {
      throw ExtentTreeError(
        inode: number, reason: Ext2Error(code: Int(rc), operation: "read block map").message)
    }
    state.flush()
    state.runs.forEach(visit)
  }
}

/// State shared with the C callback of `ext2fs_block_iterate3`.
private final class BlockMapState {
  let firstBlock: UInt64
  let blocksCount: UInt64
  var runs: [Extent] = []
  var current: Extent?
  var seen: UInt64 = 0
  var failure: String?

  init(firstBlock: UInt64, blocksCount: UInt64) {
    self.firstBlock = firstBlock
    self.blocksCount = blocksCount
  }

  func add(logical: UInt64, physical: UInt64) -> Bool {
    seen += 1
    if seen > blocksCount {
      failure = "block map lists more blocks than the filesystem has"
      return false
    }
    if physical < firstBlock || physical >= blocksCount {
      failure = "block map entry for logical block \(logical) points outside the filesystem (physical \(physical))"
      return false
    }
    if var run = current, run.logicalEnd == logical,
      run.physical + UInt64(run.length) == physical, run.length < UInt32.max
    {
      run.length += 1
      current = run
    } else {
      flush()
      current = Extent(logical: logical, physical: physical, length: 1, unwritten: false)
    }
    return true
  }

  func flush() {
    if let run = current { runs.append(run) }
    current = nil
  }
}

private let collectBlock:
  @convention(c) (
    ext2_filsys?, UnsafeMutablePointer<blk64_t>?, e2_blkcnt_t, blk64_t, Int32,
    UnsafeMutableRawPointer?
  ) -> Int32 = { _, block, logical, _, _, context in
    guard let block, let context, logical >= 0 else { return 0 }
    let state = Unmanaged<BlockMapState>.fromOpaque(context).takeUnretainedValue()
    return state.add(logical: UInt64(logical), physical: block.pointee) ? 0 : BLOCK_ABORT
  }

extension Filesystem {
  /// The runs of a block-mapped (ext2/ext3) file as leaf entries of one
  /// level: logically and physically contiguous data blocks, all written.
  public func blockMapRuns(of number: UInt32) throws -> [ExtentEntry] {
    var runs: [Extent] = []
    try withMapping(of: number) { inode, walk in
      guard !inode.usesExtents, !inode.hasInlineData else {
        throw ExtentTreeError(inode: number, reason: "inode does not use a block map")
      }
      try walk({ runs.append($0) }, { _ in })
    }
    return runs.enumerated().map { index, run in
      ExtentEntry(
        level: 0, maxDepth: 0, entry: index + 1, entries: runs.count, logical: run.logical,
        physical: run.physical, length: run.length, isLeaf: true, unwritten: false)
    }
  }
}
