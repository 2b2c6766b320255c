import CExt2fs
import Ext2Shim

/// The journal inside the filesystem (`s_journal_inum`, normally inode 8):
/// journal block N is logical block N of the inode, mapped through libext2fs
/// (`ext2fs_bmap2`, extents or block maps) and read through the filesystem's
/// io channel, so the image offset applies.
public final class InternalJournalDevice: WritableJournalDevice {
  public let blockSize: Int
  public let blockCount: UInt64
  public let superblockIndex: UInt64 = 0
  public let inodeNumber: UInt32
  private let fs: Filesystem
  private var inode: ext2_inode

  init(fs: Filesystem, inode number: UInt32) throws(JournalError) {
    guard number != 0, number <= fs.inodesCount else {
      throw .badJournalFile("journal inode \(number) does not exist")
    }
    var raw = ext2_inode()
    let rc = ext2fs_read_inode(fs.handle, number, &raw)
    guard rc == 0 else {
      throw .badJournalFile(Ext2Error(code: Int(rc), operation: "read journal inode \(number)").description)
    }
    guard e4_is_reg(raw.i_mode) != 0 else {
      throw .badJournalFile("journal inode \(number) is not a regular file")
    }
    self.fs = fs
    self.inode = raw
    self.inodeNumber = number
    self.blockSize = fs.blockSize
    self.blockCount = e4_inode_i_size(&raw) / UInt64(fs.blockSize)
  }

  /// The filesystem block holding journal block `index`.
  public func physicalBlock(_ index: UInt64) throws(JournalError) -> UInt64 {
    guard index < blockCount else {
      throw .io(block: index, reason: "past the journal inode's size")
    }
    var physical: blk64_t = 0
    let rc = ext2fs_bmap2(fs.handle, inodeNumber, &inode, nil, 0, index, nil, &physical)
    guard rc == 0 else {
      throw .io(block: index, reason: Ext2Error(code: Int(rc), operation: "map journal block").message)
    }
    guard physical != 0, physical >= fs.firstDataBlock, physical < fs.blocksCount else {
      throw .badJournalFile("journal block \(index) maps to \(physical), not a filesystem block")
    }
    return physical
  }

  public func readBlock(_ index: UInt64) throws(JournalError) -> [UInt8] {
    let physical = try physicalBlock(index)
    var bytes = [UInt8](repeating: 0, count: blockSize)
    let rc = bytes.withUnsafeMutableBytes {
      io_channel_read_blk64(fs.handle.pointee.io, physical, 1, $0.baseAddress)
    }
    guard rc == 0 else {
      throw .io(block: index, reason: Ext2Error(code: Int(rc), operation: "read").message)
    }
    return bytes
  }

  public func writeBlock(_ index: UInt64, _ bytes: [UInt8]) throws(JournalError) {
    guard bytes.count == blockSize else { throw .io(block: index, reason: "wrong block size") }
    let physical = try physicalBlock(index)
    let rc = bytes.withUnsafeBytes {
      io_channel_write_blk64(fs.handle.pointee.io, physical, 1, $0.baseAddress)
    }
    guard rc == 0 else {
      throw .io(block: index, reason: Ext2Error(code: Int(rc), operation: "write").message)
    }
  }

  public func sync() throws(JournalError) {
    let io = fs.handle.pointee.io
    let rc = io?.pointee.manager.pointee.flush?(io) ?? 0
    guard rc == 0 else {
      throw .io(block: 0, reason: Ext2Error(code: Int(rc), operation: "flush").message)
    }
  }
}
