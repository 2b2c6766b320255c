import Ext4

/// A range of one file's blocks whose bytes a data check must read: written
/// blocks below EOF (for zeroed_written) or unwritten blocks on one side of
/// the EOF block (for unwritten_with_data). Long extents are cut into pieces
/// of at most one read; findings of adjacent pieces are merged afterwards.
public struct DataRun: Sendable, Hashable {
  public var inode: UInt32
  public var iSize: UInt64
  public var orphan: Bool
  public var logical: UInt64
  public var physical: UInt64
  public var blocks: Int
  public var unwritten: Bool
  public var blockSize: Int

  public var eof: EOFBlock { EOFBlock(iSize: iSize, blockSize: blockSize) }

  /// Bytes of block `index` (0-based in the run) that count as the file's
  /// (`EOFBlock.bytesInFile`).
  func bytesInFile(block index: Int) -> Int { eof.bytesInFile(block: logical + UInt64(index)) }
}

extension Sequence<DataRun> {
  /// Bytes the runs span on disk: what reading them all costs.
  var byteCount: UInt64 { reduce(0) { $0 + UInt64($1.blocks * $1.blockSize) } }
}

/// Cuts the extents of one file into the `DataRun`s the data checks read.
struct DataRunCollector: Sendable {
  /// Read written blocks below EOF (zeroed checks).
  var written: Bool
  /// Read unwritten blocks (unwritten-data check).
  var unwritten: Bool
  /// The longest piece, in blocks (one read buffer).
  var maxBlocks: Int

  var isEnabled: Bool { written || unwritten }

  func collect(
    _ extents: [Extent], of inode: Inode, orphan: Bool, blockSize: Int,
    into runs: inout [DataRun]
  ) {
    let eof = EOFBlock(iSize: inode.size, blockSize: blockSize).block
    // The fields every run of this file shares; `cut` sets the rest.
    let file = DataRun(
      inode: inode.number, iSize: inode.size, orphan: orphan, logical: 0, physical: 0,
      blocks: 0, unwritten: false, blockSize: blockSize)
    for extent in extents {
      if extent.unwritten && unwritten {
        let split = min(max(eof, extent.logical), extent.logicalEnd)
        cut(extent, extent.logical..<split, of: file, into: &runs)
        cut(extent, split..<extent.logicalEnd, of: file, into: &runs)
      } else if !extent.unwritten && written && extent.logical < eof {
        cut(extent, extent.logical..<min(extent.logicalEnd, eof), of: file, into: &runs)
      }
    }
  }

  /// Appends the logical blocks `range` of `extent` as runs of at most `maxBlocks`.
  private func cut(
    _ extent: Extent, _ range: Range<UInt64>, of file: DataRun, into runs: inout [DataRun]
  ) {
    var run = file
    run.unwritten = extent.unwritten
    var piece = range.lowerBound
    while piece < range.upperBound {
      run.logical = piece
      run.physical = extent.physical + (piece - extent.logical)
      run.blocks = Int(min(UInt64(maxBlocks), range.upperBound - piece))
      runs.append(run)
      piece += UInt64(run.blocks)
    }
  }
}
