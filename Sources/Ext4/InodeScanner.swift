import CExt2fs

/// Streams the in-use inodes of a range of block groups through one libext2fs
/// inode scan (`ext2fs_open_inode_scan`), reusing a single inode buffer.
///
/// Groups the filesystem marks as having no used inodes (`INODE_UNINIT`,
/// `bg_itable_unused`) are skipped by libext2fs itself.
public final class InodeScanner {
  /// Inodes of a block group that could not be read.
  public struct GroupError: Sendable, Hashable {
    public let group: UInt32
    /// The unreadable inodes: from the first that failed to the group's last in use.
    public let inodes: ClosedRange<UInt32>
    public let error: Ext2Error
  }

  /// Inodes left to read one by one after a bulk read of their group failed.
  private struct SingleReads {
    var group: UInt32
    var next: UInt64
    var last: UInt64
  }

  private let fs: Filesystem
  private let scan: ext2_inode_scan
  private let buffer: InodeBuffer
  private let lastInode: UInt32
  private var currentNumber: UInt32 = 0
  private var finished = false
  private var singleReads: SingleReads?
  private var readahead: InodeTableReadahead?
  private var currentGroup: UInt32 = 0
  /// Groups skipped because their inode table could not be read.
  public private(set) var groupErrors: [GroupError] = []

  /// Scans the inodes of `groups` (all groups when nil); with `readahead`,
  /// the inode tables of the coming groups are read ahead of the scan (only
  /// inside `groups` when `readaheadWithinRange`).
  public init(
    _ fs: Filesystem, groups: Range<UInt32>? = nil, readahead: Bool = false,
    readaheadWithinRange: Bool = false
  ) throws(Ext2Error) {
    self.fs = fs
    var scan: ext2_inode_scan?
    // 128 blocks per read: fewer, larger reads of the inode table.
    try check(ext2fs_open_inode_scan(fs.handle, 128, &scan), "open inode scan")
    guard let scan else { throw Ext2Error(code: Int(EXT2_ET_NO_MEMORY), operation: "open inode scan") }
    self.scan = scan
    self.buffer = InodeBuffer(size: fs.inodeSize)
    _ = ext2fs_inode_scan_flags(scan, EXT2_SF_SKIP_MISSING_ITABLE, 0)
    let perGroup = fs.handle.pointee.super.pointee.s_inodes_per_group
    let range = groups ?? 0..<fs.groupCount
    lastInode = UInt32(min(UInt64(range.upperBound) * UInt64(perGroup), UInt64(fs.inodesCount)))
    if range.lowerBound > 0 {
      try check(
        ext2fs_inode_scan_goto_blockgroup(scan, Int32(range.lowerBound)), "seek inode scan")
    }
    if range.isEmpty { finished = true }
    currentGroup = range.lowerBound
    if readahead && !range.isEmpty {
      self.readahead = InodeTableReadahead(fs, groups: range, withinRange: readaheadWithinRange)
      self.readahead?.reached(range.lowerBound)
    }
  }

  deinit { ext2fs_close_inode_scan(scan) }

  /// Calls `body` with each inode of the range that has a non-zero link
  /// count, in inode order, and the walk of its mapped runs (valid only
  /// during that call: the inode buffer is reused); stops when `body`
  /// returns false.
  public func forEach(_ body: (Inode, MappingWalk) -> Bool) {
    let fs = fs
    let raw = buffer.inode
    while let inode = next() {
      // A closure literal passed straight on stays on the stack (no allocation per inode).
      let more = body(inode) { visit, index throws(ExtentTreeError) in
        try fs.walkMapping(inode: inode, raw: raw, visit, index: index)
      }
      if !more { return }
    }
  }

  /// The next inode with a non-zero link count, or nil at the end of the range.
  private func next() -> Inode? {
    while !finished {
      if singleReads != nil {
        if let inode = nextSingle() { return inode }
        continue
      }
      var number: ext2_ino_t = 0
      let rc = ext2fs_get_next_inode_full(scan, &number, buffer.inode, Int32(buffer.size))
      if rc == EXT2_ET_BAD_BLOCK_IN_INODE_TABLE { continue }
      if rc != 0 && rc != EXT2_ET_INODE_CSUM_INVALID && rc != EXT2_ET_INODE_IS_GARBAGE {
        startSingleReads()
        continue
      }
      if number == 0 || number > lastInode {
        finished = true
        return nil
      }
      currentNumber = number
      if readahead != nil, (number - 1) / perGroup != currentGroup {
        currentGroup = (number - 1) / perGroup
        readahead?.reached(currentGroup)
      }
      if buffer.inode.pointee.i_links_count == 0 { continue }
      return Inode(number: number, raw: buffer.inode)
    }
    return nil
  }

  private var perGroup: UInt32 { max(fs.handle.pointee.super.pointee.s_inodes_per_group, 1) }

  /// A bulk read of the inode table failed (a bad or truncated table):
  /// read the rest of the group's inodes in use one at a time, so the
  /// readable part of the table is not lost with the rest.
  private func startSingleReads() {
    var group = currentNumber / perGroup
    if let last = groupErrors.last?.group, last >= group { group = last + 1 }
    let used =
      ext2fs_bg_flags_test(fs.handle, group, UInt16(EXT2_BG_INODE_UNINIT)) != 0
      ? 0 : perGroup - min(perGroup, ext2fs_bg_itable_unused(fs.handle, group))
    let groupStart = UInt64(group) * UInt64(perGroup)
    singleReads = SingleReads(
      group: group, next: max(UInt64(currentNumber) + 1, groupStart + 1),
      last: min(groupStart + UInt64(used), UInt64(lastInode)))
  }

  /// The next in-use inode of the single-read group, or nil (and the scan
  /// moves past the group) when it is done or an inode cannot be read.
  private func nextSingle() -> Inode? {
    guard var pending = singleReads else { return nil }
    while pending.next <= pending.last {
      let number = UInt32(pending.next)
      pending.next += 1
      let rc = ext2fs_read_inode_full(fs.handle, number, buffer.inode, Int32(buffer.size))
      if rc != 0 && rc != EXT2_ET_INODE_CSUM_INVALID {
        groupErrors.append(
          GroupError(
            group: pending.group, inodes: number...UInt32(max(UInt64(number), pending.last)),
            error: fs.readError(rc, "read inode table")))
        break
      }
      currentNumber = number
      if buffer.inode.pointee.i_links_count == 0 { continue }
      singleReads = pending
      return Inode(number: number, raw: buffer.inode)
    }
    singleReads = nil
    let nextGroup = pending.group + 1
    if nextGroup >= min(fs.groupCount, (lastInode + perGroup - 1) / perGroup)
      || ext2fs_inode_scan_goto_blockgroup(scan, Int32(nextGroup)) != 0
    {
      finished = true
    } else {
      currentNumber = UInt32(min(UInt64(nextGroup) * UInt64(perGroup), UInt64(lastInode)))
    }
    return nil
  }
}

extension Filesystem {
  /// The numbers of all directory inodes in use (one inode scan).
  public func directoryInodes() throws(Ext2Error) -> [UInt32] {
    var result: [UInt32] = []
    try InodeScanner(self).forEach { inode, _ in
      if inode.isDirectory { result.append(inode.number) }
      return true
    }
    return result
  }
}
