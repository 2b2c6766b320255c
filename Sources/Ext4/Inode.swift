import CExt2fs
import Ext2Shim

/// The fields of one on-disk inode that e4scope looks at.
public struct Inode: Sendable, Hashable {
  /// The inode number.
  public let number: UInt32
  public let mode: UInt16
  /// i_size in bytes (`EXT2_I_SIZE`).
  public let size: UInt64
  /// i_flags.
  public let flags: UInt32
  /// i_dtime; for an inode on the orphan chain, the next inode of the chain.
  public let dtime: UInt32

  public var isRegularFile: Bool { e4_is_reg(mode) != 0 }
  public var isDirectory: Bool { e4_is_dir(mode) != 0 }
  public var hasInlineData: Bool { flags & UInt32(EXT4_INLINE_DATA_FL) != 0 }
  /// True when the block map is an extent tree (and not inline data).
  public var usesExtents: Bool { flags & UInt32(EXT4_EXTENTS_FL) != 0 && !hasInlineData }
  /// fs-verity files keep their Merkle tree in written blocks past EOF by design.
  public var isVerity: Bool { flags & UInt32(EXT4_VERITY_FL) != 0 }
  /// An EA inode: it holds the value of a large extended attribute, not file data.
  public var isExtendedAttributeValue: Bool { flags & UInt32(EXT4_EA_INODE_FL) != 0 }

  init(number: UInt32, raw: UnsafePointer<ext2_inode>) {
    self.number = number
    self.mode = raw.pointee.i_mode
    self.size = e4_inode_i_size(raw)
    self.flags = raw.pointee.i_flags
    self.dtime = raw.pointee.i_dtime
  }
}

extension Filesystem {
  /// Reads one inode (`ext2fs_read_inode_full`) into an owned buffer.
  func readInodeBuffer(_ number: UInt32) throws(Ext2Error) -> InodeBuffer {
    guard number >= 1, number <= inodesCount else {
      throw Ext2Error(code: Int(EXT2_ET_BAD_INODE_NUM), operation: "read inode \(number)")
    }
    let buffer = InodeBuffer(size: inodeSize)
    try check(
      ext2fs_read_inode_full(handle, number, buffer.inode, Int32(buffer.size)),
      "read inode \(number)")
    return buffer
  }

  /// Reads one inode's fields.
  public func inode(_ number: UInt32) throws(Ext2Error) -> Inode {
    let buffer = try readInodeBuffer(number)
    return Inode(number: number, raw: buffer.inode)
  }
}

/// An owned, aligned buffer of one full on-disk inode (at least `ext2_inode_large`).
final class InodeBuffer {
  let size: Int
  let inode: UnsafeMutablePointer<ext2_inode>

  init(size: Int) {
    self.size = max(size, MemoryLayout<ext2_inode_large>.size)
    let raw = UnsafeMutableRawPointer.allocate(byteCount: self.size, alignment: 16)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: self.size)
    inode = raw.bindMemory(to: ext2_inode.self, capacity: 1)
  }

  deinit { UnsafeMutableRawPointer(inode).deallocate() }
}
