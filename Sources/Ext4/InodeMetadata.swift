import CExt2fs
import Ext2Shim

/// One inode timestamp: seconds since the epoch, with nanoseconds when the
/// inode has the extra field for it (ext4 large inodes).
public struct InodeTime: Sendable, Hashable {
  public let seconds: Int64
  /// nil when the inode has no extra field for this time (128-byte inodes).
  public let nanoseconds: UInt32?

  public init(seconds: Int64, nanoseconds: UInt32?) {
    self.seconds = seconds
    self.nanoseconds = nanoseconds
  }

  /// Decodes the ext4 encoding: the 32-bit base is signed; the extra field
  /// holds two epoch bits (added as bits 32-33 of the seconds) below 30 bits
  /// of nanoseconds.
  init(base: UInt32, extra: UInt32?) {
    let epochBits = UInt32(EXT4_EPOCH_BITS)
    var seconds = Int64(Int32(bitPattern: base))
    if let extra { seconds += Int64(extra & (1 << epochBits - 1)) << 32 }
    self.seconds = seconds
    self.nanoseconds = extra.map { $0 >> epochBits }
  }
}

/// The ownership, permission, link, flag and time fields of an inode: what
/// an analyst reads from `debugfs stat` or `istat`.
public struct InodeMetadata: Sendable, Hashable {
  public let number: UInt32
  /// i_mode: file type and permission bits.
  public let mode: UInt16
  /// The 32-bit owner (i_uid with its high 16 bits).
  public let uid: UInt32
  public let gid: UInt32
  /// i_links_count.
  public let links: UInt16
  /// i_flags.
  public let flags: UInt32
  public let generation: UInt32
  public let size: UInt64
  public let atime: InodeTime
  public let mtime: InodeTime
  public let ctime: InodeTime
  /// Creation time; nil when the inode is too small to hold it.
  public let crtime: InodeTime?

  init(number: UInt32, buffer: InodeBuffer, inodeSize: Int) {
    let raw = buffer.inode
    self.number = number
    mode = raw.pointee.i_mode
    uid = e4_inode_uid(raw)
    gid = e4_inode_gid(raw)
    links = raw.pointee.i_links_count
    flags = raw.pointee.i_flags
    generation = raw.pointee.i_generation
    size = e4_inode_i_size(raw)
    let large = UnsafeRawPointer(raw).assumingMemoryBound(to: ext2_inode_large.self)
    let extraSize = inodeSize > Int(EXT2_GOOD_OLD_INODE_SIZE) ? Int(large.pointee.i_extra_isize) : -1
    /// The 32-bit field at `key` when the inode's extra area covers it.
    func extra(_ key: KeyPath<ext2_inode_large, UInt32>) -> UInt32? {
      guard extraSize >= 0, let offset = MemoryLayout<ext2_inode_large>.offset(of: key),
        offset + 4 <= Int(EXT2_GOOD_OLD_INODE_SIZE) + extraSize, offset + 4 <= inodeSize
      else { return nil }
      return large.pointee[keyPath: key]
    }
    atime = InodeTime(base: raw.pointee.i_atime, extra: extra(\.i_atime_extra))
    mtime = InodeTime(base: raw.pointee.i_mtime, extra: extra(\.i_mtime_extra))
    ctime = InodeTime(base: raw.pointee.i_ctime, extra: extra(\.i_ctime_extra))
    crtime = extra(\.i_crtime).map { InodeTime(base: $0, extra: extra(\.i_crtime_extra)) }
  }

  /// A directory (by the file type in `mode`).
  public var isDirectory: Bool { e4_is_dir(mode) != 0 }
  /// `chattr +i`: the kernel refuses every change to the file.
  public var isImmutable: Bool { flags & UInt32(EXT2_IMMUTABLE_FL) != 0 }
  /// `chattr +a`: the kernel only lets the file grow.
  public var isAppendOnly: Bool { flags & UInt32(EXT2_APPEND_FL) != 0 }
  /// In a directory, names are encrypted (fscrypt).
  public var isEncrypted: Bool { flags & UInt32(EXT4_ENCRYPT_FL) != 0 }

  /// The names of the set flag bits, in bit order; an undefined bit as "0x...".
  public var flagNames: [String] { InodeFlagNames.names(flags) }
}

/// Names of the ext2/ext3/ext4 inode flag bits (`i_flags`), as chattr and
/// debugfs know them.
public enum InodeFlagNames {
  static let byBit: [UInt32: String] = [
    0x0000_0001: "secrm", 0x0000_0002: "unrm", 0x0000_0004: "compr", 0x0000_0008: "sync",
    0x0000_0010: "immutable", 0x0000_0020: "append", 0x0000_0040: "nodump",
    0x0000_0080: "noatime", 0x0000_0100: "dirty", 0x0000_0200: "comprblk",
    0x0000_0400: "nocompr", 0x0000_0800: "encrypt", 0x0000_1000: "index",
    0x0000_2000: "imagic", 0x0000_4000: "journal_data", 0x0000_8000: "notail",
    0x0001_0000: "dirsync", 0x0002_0000: "topdir", 0x0004_0000: "huge_file",
    0x0008_0000: "extents", 0x0010_0000: "verity", 0x0020_0000: "ea_inode",
    0x0040_0000: "eofblocks", 0x0080_0000: "nocow", 0x0100_0000: "snapfile",
    0x0200_0000: "dax", 0x0400_0000: "snapfile_deleted", 0x0800_0000: "snapfile_shrunk",
    0x1000_0000: "inline_data", 0x2000_0000: "projinherit", 0x4000_0000: "casefold",
    0x8000_0000: "reserved",
  ]

  /// The names of the bits set in `flags`, lowest bit first.
  public static func names(_ flags: UInt32) -> [String] {
    (0..<32).compactMap { shift -> String? in
      let bit = UInt32(1) << UInt32(shift)
      guard flags & bit != 0 else { return nil }
      return byBit[bit] ?? "0x" + String(bit, radix: 16)
    }
  }
}

extension Filesystem {
  /// Reads one inode's metadata (`ext2fs_read_inode_full`).
  public func inodeMetadata(_ number: UInt32) throws(Ext2Error) -> InodeMetadata {
    let buffer = try readInodeBuffer(number)
    return InodeMetadata(number: number, buffer: buffer, inodeSize: inodeSize)
  }
}
