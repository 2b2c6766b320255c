import CExt2fs

/// The leaves of an extent tree of depth 0, read straight from the inode's
/// `i_block` (a 12-byte header and up to four 12-byte extents). Built only
/// when the header passes the test `ext2fs_extent_open2` applies to the
/// root (magic, entries <= max, max within what 60 bytes hold), so a walk
/// of these leaves sees what a libext2fs extent handle would.
struct RootLeaves {
  /// One leaf as libext2fs decodes it (lengths over 32768 are unwritten).
  struct Leaf {
    var logical: UInt64
    var physical: UInt64
    var length: UInt32
    var unwritten: Bool
  }

  private static let magic: UInt16 = 0xF30A
  private static let entrySize = 12
  /// The root's slots: (60 - 12) / 12.
  private static let slots = 4
  /// Longest written extent (`EXT_INIT_MAX_LEN`); longer lengths mark unwritten ones.
  private static let maxWrittenLength: UInt16 = 1 << 15

  /// The i_block bytes (15 words).
  private let words: (
    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
    UInt32, UInt32, UInt32, UInt32
  )
  let count: Int

  /// Nil unless `raw` holds a valid depth-0 root header.
  init?(_ raw: UnsafePointer<ext2_inode>) {
    words = raw.pointee.i_block
    let header = withUnsafeBytes(of: words) { bytes in
      (
        magic: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt16.self)),
        entries: Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self))),
        max: Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self))),
        depth: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
      )
    }
    guard header.magic == Self.magic, header.depth == 0, header.entries <= header.max,
      header.max <= Self.slots, header.max >= Self.slots - 2
    else { return nil }
    count = header.entries
  }

  /// Leaf `i` (0 ..< count).
  subscript(i: Int) -> Leaf {
    withUnsafeBytes(of: words) { bytes in
      let at = Self.entrySize * (i + 1)
      let block = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
      let length = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt16.self))
      let high = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 6, as: UInt16.self))
      let low = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self))
      let unwritten = length > Self.maxWrittenLength
      return Leaf(
        logical: UInt64(block), physical: UInt64(low) | UInt64(high) << 32,
        length: UInt32(unwritten ? length - Self.maxWrittenLength : length),
        unwritten: unwritten)
    }
  }
}
