import Ext4

/// `unwritten_beyond_eof` and `written_beyond_eof`: the part of each extent
/// at or past the EOF block, one finding per extent part.
///
/// Written blocks past EOF of an fs-verity file hold its Merkle tree by
/// design and are not reported.
public struct BeyondEOFCheck: MappingCheck {
  public init() {}

  public func inspect(_ file: FileMapping, into findings: inout [Finding]) {
    let eof = file.eofBlock
    for extent in file.extents where extent.logicalEnd > eof {
      if !extent.unwritten && file.inode.isVerity { continue }
      let start = max(extent.logical, eof)
      findings.append(
        Finding(
          kind: extent.unwritten ? .unwrittenBeyondEOF : .writtenBeyondEOF,
          inode: file.inode.number, iSize: file.inode.size, logicalBlock: start,
          physicalBlock: extent.physical + (start - extent.logical),
          blocks: extent.logicalEnd - start, blockSize: file.blockSize,
          orphan: file.orphan, straddlesEOF: extent.logical < eof))
    }
  }
}
