import CExt2fs

/// Walks the mapped runs of one file (the leaves of its extent tree, or the
/// runs of its block map), calling `visit` for each and `index` for each
/// index entry of an extent tree, before the leaves below it; throws why the
/// map cannot be walked. Valid while the inode it came with is.
public typealias MappingWalk = (_ visit: (Extent) -> Void, _ index: (ExtentEntry) -> Void)
  throws(ExtentTreeError) -> Void

extension Filesystem {
  /// Visits the mapped runs of a file: the leaves of its extent tree, or the
  /// coalesced block map of an indirect-mapped file. Inline-data files and
  /// fast symlinks map nothing. `index` gets the index entries of an extent
  /// tree, each before the leaves below it.
  func walkMapping(
    inode: Inode, raw: UnsafeMutablePointer<ext2_inode>, _ visit: (Extent) -> Void,
    index: (ExtentEntry) -> Void
  ) throws(ExtentTreeError) {
    if inode.usesExtents {
      try ExtentWalk(fs: self, positions: false).walk(inode: inode.number, raw: raw) { entry in
        if entry.isLeaf {
          visit(
            Extent(
              logical: entry.logical, physical: entry.physical, length: entry.length,
              unwritten: entry.unwritten))
        } else {
          index(entry)
        }
      }
    } else if !inode.hasInlineData, ext2fs_inode_has_valid_blocks2(handle, raw) != 0 {
      try BlockMapWalk(fs: self).walk(inode: inode.number, raw: raw, visit)
    }
  }

  /// Reads inode `number` and hands `body` the inode and the walk of its
  /// mapped runs (see `walkMapping`).
  public func withMapping(of number: UInt32, _ body: (Inode, MappingWalk) throws -> Void) throws {
    let buffer = try readInodeBuffer(number)
    let inode = Inode(number: number, raw: buffer.inode)
    try body(inode) { (visit: (Extent) -> Void, index: (ExtentEntry) -> Void) throws(ExtentTreeError) in
      try self.walkMapping(inode: inode, raw: buffer.inode, visit, index: index)
    }
  }
}
