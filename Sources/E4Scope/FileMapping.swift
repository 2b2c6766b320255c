import Ext4

/// One regular file as the checks see it: its inode and its mapped runs in
/// logical order.
public struct FileMapping: Sendable {
  public var inode: Inode
  public var extents: [Extent]
  public var blockSize: Int
  /// The inode is on the orphan chain.
  public var orphan: Bool
  /// Depth of the extent tree (0: extents in the inode, or a block map).
  public var depth: Int = 0
  /// The index entries of a tree of depth 1 or more, placed among `extents`.
  public var index: [IndexEntryPlacement] = []

  public var eof: EOFBlock { EOFBlock(iSize: inode.size, blockSize: blockSize) }

  /// The part of each extent at or past the EOF block, and whether the
  /// extent starts below it (straddles EOF).
  func partsBeyondEOF() -> some Sequence<(part: Extent, straddles: Bool)> {
    let eof = eof.block
    return extents.lazy.filter { $0.logicalEnd > eof }.map { extent in
      let start = max(extent.logical, eof)
      let part = Extent(
        logical: start, physical: extent.physical + (start - extent.logical),
        length: UInt32(extent.logicalEnd - start), unwritten: extent.unwritten)
      return (part, extent.logical < eof)
    }
  }

  /// A finding of `kind` over `part` of this file.
  func finding(_ kind: FindingKind, over part: Extent, straddles: Bool? = nil) -> Finding {
    Finding(
      kind: kind, inode: inode.number, iSize: inode.size, logicalBlock: part.logical,
      physicalBlock: part.physical, blocks: UInt64(part.length), blockSize: blockSize,
      orphan: orphan, straddlesEOF: straddles)
  }
}

/// A check that needs only the extent tree (no data reads). A check finds
/// nothing in a file without index nodes whose runs all end by its EOF block
/// (most files): the scan does not call checks for those.
public protocol MappingCheck: Sendable {
  /// Appends this check's findings for `file` to `findings`.
  func inspect(_ file: FileMapping, into findings: inout [Finding])
}
