/// Byte tests over a block's data: all-zero, first non-zero byte, count of
/// non-zero bytes. Words of 8 bytes, 8 words per step, first-word early exit:
/// faster than memcmp against a zero page (bench/zero-test.swift measures both).
enum ZeroTest {
  /// True when every byte of `bytes` is zero.
  static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var i = 0
    if count >= 8 && base.loadUnaligned(as: UInt64.self) != 0 { return false }
    while i + 64 <= count {
      let p = base + i
      let w =
        p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 32, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 40, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 48, as: UInt64.self)
        | p.loadUnaligned(fromByteOffset: 56, as: UInt64.self)
      if w != 0 { return false }
      i += 64
    }
    while i < count {
      if bytes[i] != 0 { return false }
      i += 1
    }
    return true
  }

  /// Index of the first non-zero byte, or nil.
  static func firstNonZero(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var i = 0
    while i + 8 <= bytes.count {
      let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      if w != 0 { return i + UInt64(littleEndian: w).trailingZeroBitCount / 8 }
      i += 8
    }
    while i < bytes.count {
      if bytes[i] != 0 { return i }
      i += 1
    }
    return nil
  }

  /// Index of the last non-zero byte, or nil.
  static func lastNonZero(_ bytes: UnsafeRawBufferPointer) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var end = bytes.count
    while end % 8 != 0 {
      if bytes[end - 1] != 0 { return end - 1 }
      end -= 1
    }
    while end >= 8 {
      let w = base.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self)
      if w != 0 { return end - 1 - UInt64(littleEndian: w).leadingZeroBitCount / 8 }
      end -= 8
    }
    return nil
  }

  /// Number of non-zero bytes.
  static func nonZeroCount(_ bytes: UnsafeRawBufferPointer) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    var total = 0
    var i = 0
    while i + 8 <= bytes.count {
      let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      if w != 0 {
        // High bit of each byte set when that byte is non-zero.
        let nonzero = (((w & low) &+ low) | w) & ~low
        total += nonzero.nonzeroBitCount
      }
      i += 8
    }
    while i < bytes.count {
      if bytes[i] != 0 { total += 1 }
      i += 1
    }
    return total
  }
}
