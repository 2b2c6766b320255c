/// Bounds-checked big-endian field access on a journal block: jbd2 stores
/// every multi-byte field big-endian. Reads past the end give nil.
struct BigEndianBytes {
  var bytes: [UInt8]

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var count: Int { bytes.count }

  func u8(_ offset: Int) -> UInt8? {
    offset >= 0 && offset < bytes.count ? bytes[offset] : nil
  }

  func u16(_ offset: Int) -> UInt16? { read(offset, 2).map { UInt16(truncatingIfNeeded: $0) } }
  func u32(_ offset: Int) -> UInt32? { read(offset, 4).map { UInt32(truncatingIfNeeded: $0) } }
  func u64(_ offset: Int) -> UInt64? { read(offset, 8) }

  func slice(_ offset: Int, _ length: Int) -> [UInt8]? {
    guard offset >= 0, length >= 0, offset <= bytes.count - length else { return nil }
    return Array(bytes[offset..<(offset + length)])
  }

  mutating func set16(_ offset: Int, _ value: UInt16) { write(offset, 2, UInt64(value)) }
  mutating func set32(_ offset: Int, _ value: UInt32) { write(offset, 4, UInt64(value)) }
  mutating func set64(_ offset: Int, _ value: UInt64) { write(offset, 8, value) }

  mutating func setBytes(_ offset: Int, _ value: [UInt8]) {
    guard offset >= 0, offset <= bytes.count - value.count else { return }
    bytes.replaceSubrange(offset..<(offset + value.count), with: value)
  }

  private func read(_ offset: Int, _ width: Int) -> UInt64? {
    guard offset >= 0, offset <= bytes.count - width else { return nil }
    var value: UInt64 = 0
    for i in 0..<width { value = value << 8 | UInt64(bytes[offset + i]) }
    return value
  }

  /// Writes inside the block only; callers size their blocks first.
  private mutating func write(_ offset: Int, _ width: Int, _ value: UInt64) {
    guard offset >= 0, offset <= bytes.count - width else { return }
    for i in 0..<width {
      bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - i)))
    }
  }
}
