/// A revoke block: filesystem blocks whose earlier logged copies must not be
/// replayed. `r_count` is the bytes used, header included.
struct JournalRevokeBlock {
  static let recordsOffset = 16

  /// The revoked block numbers (32-bit records, or 64-bit with the 64bit feature).
  static func records(
    of block: BigEndianBytes, features: JournalFeatures, at index: UInt64
  ) throws(JournalError) -> [UInt64] {
    guard let count = block.u32(12) else { throw .shortBlock(block: index, bytes: block.count) }
    let limit = block.count - (features.csumV2OrV3 ? JournalFormat.tailSize : 0)
    guard count <= UInt32(limit) else { throw .corruptRevokeBlock(block: index, count: count) }
    let width = features.is64Bit ? 8 : 4
    var records: [UInt64] = []
    var offset = recordsOffset
    while offset + width <= Int(count) {
      let value = width == 8 ? block.u64(offset) : block.u32(offset).map(UInt64.init)
      guard let value else { break }
      records.append(value)
      offset += width
    }
    return records
  }
}
