import CExt2fs

/// Streams the in-use inodes of a range of block groups through one libext2fs
/// inode scan (`ext2fs_open_inode_scan`), reusing a single inode buffer.
///
/// Groups the filesystem marks as having no used inodes (`INODE_UNINIT`,
/// `bg_itable_unused`) are skipped by libext2fs itself.
public final class InodeScanner {
  /// A block group whose inode table could not be read.
  public struct GroupError: Sendable, Hashable {
    public let group: UInt32
    public let error: Ext2Error
  }

  private let fs: Filesystem
  private let scan: ext2_inode_scan
  private let buffer: InodeBuffer
  private let lastInode: UInt32
  private var currentNumber: UInt32 = 0
  private var finished = false
  /// Inode slots read so far, used or not.
  public private(set) var slotsRead = 0
  /// Groups skipped because their inode table could not be read.
  public private(set) var groupErrors: [GroupError] = []

  /// Scans the inodes of `groups` (all groups when nil).
  public init(_ fs: Filesystem, groups: Range<UInt32>? = nil) throws(Ext2Error) {
    self.fs = fs
    var scan: ext2_inode_scan?
    try check(ext2fs_open_inode_scan(fs.handle, 32, &scan), "open inode scan")
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
  }

  deinit { ext2fs_close_inode_scan(scan) }

  /// The next inode with a non-zero link count, or nil at the end of the range.
  public func next() -> Inode? {
    while !finished {
      var number: ext2_ino_t = 0
      let rc = ext2fs_get_next_inode_full(scan, &number, buffer.inode, Int32(buffer.size))
      if rc == EXT2_ET_BAD_BLOCK_IN_INODE_TABLE { continue }
      if rc != 0 && rc != EXT2_ET_INODE_CSUM_INVALID && rc != EXT2_ET_INODE_IS_GARBAGE {
        skipGroup(after: rc)
        continue
      }
      if number == 0 || number > lastInode {
        finished = true
        return nil
      }
      slotsRead += 1
      currentNumber = number
      if buffer.inode.pointee.i_links_count == 0 { continue }
      return Inode(number: number, raw: buffer.inode)
    }
    return nil
  }

  /// Visits the mapped runs of the inode `next()` returned last (see
  /// `Filesystem.walkMapping`).
  public func walkMapping(of inode: Inode, _ visit: (Extent) -> Void) throws(ExtentTreeError) {
    precondition(inode.number == currentNumber, "walkMapping is for the current inode")
    try fs.walkMapping(inode: inode, raw: buffer.inode, visit)
  }

  /// Records an unreadable inode table and moves the scan past its group.
  /// libext2fs does not say which group failed: it is the group of the next
  /// inode, or the one after the group that failed last.
  private func skipGroup(after rc: errcode_t) {
    let perGroup = max(fs.handle.pointee.super.pointee.s_inodes_per_group, 1)
    var group = currentNumber / perGroup
    if let last = groupErrors.last?.group, last >= group { group = last + 1 }
    groupErrors.append(
      GroupError(group: group, error: Ext2Error(code: Int(rc), operation: "read inode table")))
    if group + 1 >= min(fs.groupCount, (lastInode + perGroup - 1) / perGroup)
      || ext2fs_inode_scan_goto_blockgroup(scan, Int32(group + 1)) != 0
    {
      finished = true
    } else {
      currentNumber = (group + 1) * perGroup
    }
  }
}
