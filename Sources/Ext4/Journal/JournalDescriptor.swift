/// One tag of a descriptor block: the filesystem block that the next log
/// block holds, its flags and (csum v2/v3) its data checksum.
public struct JournalTag: Sendable, Hashable {
  /// The filesystem block the logged block belongs to.
  public var filesystemBlock: UInt64
  /// `JBD2_FLAG_*` bits.
  public var flags: UInt32
  /// crc32c(seed, sequence, data): 32 bits with csum v3, the low 16 with v2.
  public var checksum: UInt32

  /// The logged copy had its first four bytes (the jbd2 magic) zeroed.
  public static let escaped: UInt32 = 0x1
  /// The uuid of the previous tag applies; none follows this tag.
  public static let sameUUID: UInt32 = 0x2
  /// The block was deleted by this transaction (unused by replay).
  public static let deleted: UInt32 = 0x4
  /// The last tag of its descriptor block.
  public static let lastTag: UInt32 = 0x8

  public var isEscaped: Bool { flags & Self.escaped != 0 }
  var hasSameUUID: Bool { flags & Self.sameUUID != 0 }
  var isLast: Bool { flags & Self.lastTag != 0 }

  public init(filesystemBlock: UInt64, flags: UInt32, checksum: UInt32) {
    self.filesystemBlock = filesystemBlock
    self.flags = flags
    self.checksum = checksum
  }
}

/// The tag layout a journal's features select: tag3 (csum v3, 16 bytes) or
/// the classic tag (8 bytes, +4 with 64bit, +2 with csum v2).
struct JournalTagFormat {
  var features: JournalFeatures
  var blockSize: Int

  var tagSize: Int { features.tagSize }
  /// The byte where tags must end: the checksum tail follows with csum v2/v3.
  var tagsEnd: Int { blockSize - (features.csumV2OrV3 ? JournalFormat.tailSize : 0) }

  /// The tags of a descriptor block, in order, up to the last-tag flag or the
  /// end of the tag area; never reads past the block.
  func tags(of block: BigEndianBytes) -> [JournalTag] {
    var tags: [JournalTag] = []
    var offset = JournalFormat.headerSize
    let end = min(tagsEnd, block.count)
    while offset + tagSize <= end {
      guard let tag = tag(in: block, at: offset) else { break }
      tags.append(tag)
      offset += tagSize + (tag.hasSameUUID ? 0 : 16)
      if tag.isLast { break }
    }
    return tags
  }

  private func tag(in block: BigEndianBytes, at offset: Int) -> JournalTag? {
    guard let low = block.u32(offset) else { return nil }
    if features.csumV3 {
      // tag3's t_flags is 32 bits, but jbd2 reads and writes only its low 16
      // (the classic tag's t_flags); the high half may hold anything.
      guard let flags = block.u16(offset + 6), let high = block.u32(offset + 8),
        let sum = block.u32(offset + 12)
      else { return nil }
      return JournalTag(
        filesystemBlock: UInt64(low) | (features.is64Bit ? UInt64(high) << 32 : 0),
        flags: UInt32(flags), checksum: sum)
    }
    guard let sum = block.u16(offset + 4), let flags = block.u16(offset + 6) else { return nil }
    var number = UInt64(low)
    if features.is64Bit {
      guard let high = block.u32(offset + 8) else { return nil }
      number |= UInt64(high) << 32
    }
    return JournalTag(filesystemBlock: number, flags: UInt32(flags), checksum: UInt32(sum))
  }

  /// Writes `tag` at `offset`; returns the offset after it (and its uuid).
  func write(_ tag: JournalTag, uuid: [UInt8]?, into block: inout BigEndianBytes, at offset: Int)
    -> Int
  {
    let low = UInt32(truncatingIfNeeded: tag.filesystemBlock)
    let high = UInt32(truncatingIfNeeded: tag.filesystemBlock >> 32)
    block.set32(offset, low)
    if features.csumV3 {
      block.set32(offset + 4, tag.flags)
      block.set32(offset + 8, high)
      block.set32(offset + 12, tag.checksum)
    } else {
      block.set16(offset + 4, UInt16(truncatingIfNeeded: tag.checksum))
      block.set16(offset + 6, UInt16(truncatingIfNeeded: tag.flags))
      if features.is64Bit { block.set32(offset + 8, high) }
    }
    var next = offset + tagSize
    if let uuid {
      block.setBytes(next, uuid)
      next += 16
    }
    return next
  }

  /// crc32c(seed, be32 sequence, logged block): what a v2/v3 tag carries.
  func dataChecksum(seed: UInt32, sequence: UInt32, data: [UInt8]) -> UInt32 {
    var sequenceBytes = BigEndianBytes([UInt8](repeating: 0, count: 4))
    sequenceBytes.set32(0, sequence)
    return JournalChecksum.crc32c(JournalChecksum.crc32c(seed, sequenceBytes.bytes), data)
  }

  /// True when `tag` matches `data` (always true without csum v2/v3).
  func verify(_ tag: JournalTag, seed: UInt32, sequence: UInt32, data: [UInt8]) -> Bool {
    guard features.csumV2OrV3 else { return true }
    let sum = dataChecksum(seed: seed, sequence: sequence, data: data)
    return features.csumV3 ? sum == tag.checksum : (sum & 0xFFFF) == tag.checksum
  }
}

/// The checksum tail of descriptor and revoke blocks (csum v2/v3): crc32c of
/// the whole block, seeded by the journal uuid, with the tail zeroed.
enum JournalBlockTail {
  static func verify(_ block: BigEndianBytes, seed: UInt32) -> Bool {
    let offset = block.count - JournalFormat.tailSize
    return block.u32(offset) == JournalChecksum.crc32c(seed, block.bytes, zeroing: offset)
  }

  static func seal(_ block: inout BigEndianBytes, seed: UInt32) {
    let offset = block.count - JournalFormat.tailSize
    block.set32(offset, JournalChecksum.crc32c(seed, block.bytes, zeroing: offset))
  }
}
