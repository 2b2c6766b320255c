import CExt2fs

/// The journal's checksums, computed by libext2fs: crc32c for csum v2/v3 and
/// the superblock, crc32 (big-endian) for the old compat checksum.
enum JournalChecksum {
  /// Raw crc32c (no final inversion) continuing from `seed`, as jbd2 chains it.
  static func crc32c(_ seed: UInt32, _ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { ext2fs_crc32c_le(seed, $0.baseAddress, $0.count) }
  }

  /// crc32 big-endian, for the commit block of a journal with the compat checksum.
  static func crc32be(_ seed: UInt32, _ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { ext2fs_crc32_be(seed, $0.baseAddress, $0.count) }
  }

  /// crc32c of `bytes` with the four bytes at `offset` read as zero.
  static func crc32c(_ seed: UInt32, _ bytes: [UInt8], zeroing offset: Int) -> UInt32 {
    var copy = bytes
    if offset >= 0, offset + 4 <= copy.count {
      for i in offset..<(offset + 4) { copy[i] = 0 }
    }
    return crc32c(seed, copy)
  }
}
