import Glibc

/// Byte tests over file data: all-zero, first and last non-zero byte, count
/// of non-zero bytes. `isZero` is memcmp against a static zero page:
/// bench/bench.sh --only zero-test measured it 1.4x faster than a Swift
/// 8-words-per-step loop from memory, and even in cache.
enum ZeroTest {
  /// Bytes of the zero page `isZero` compares against.
  static let zeroPageSize = 1 << 16

  /// A page of zeros, never written after it is made.
  nonisolated(unsafe) static let zeroPage: UnsafeRawPointer = {
    let page = UnsafeMutableRawPointer.allocate(byteCount: zeroPageSize, alignment: 4096)
    page.initializeMemory(as: UInt8.self, repeating: 0, count: zeroPageSize)
    return UnsafeRawPointer(page)
  }()

  /// True when every byte of `bytes` is zero.
  static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    // Data rarely starts with a zero word: most non-zero blocks stop here.
    if bytes.count >= 8 && base.loadUnaligned(as: UInt64.self) != 0 { return false }
    var offset = 0
    while offset < bytes.count {
      let length = min(zeroPageSize, bytes.count - offset)
      if memcmp(base + offset, zeroPage, length) != 0 { return false }
      offset += length
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
