/// A commit block: ends a transaction. Carries the commit time and, by
/// feature, a crc32 of the whole transaction (compat checksum) or a crc32c
/// of the commit block itself (csum v2/v3, in `h_chksum[0]`).
public struct JournalCommit: Sendable, Hashable {
  public var checksumType: UInt8
  public var checksumSize: UInt8
  /// `h_chksum[0]`.
  public var checksum: UInt32
  public var seconds: UInt64
  public var nanoseconds: UInt32

  static let checksumOffset = 0x10

  init(_ block: BigEndianBytes) {
    checksumType = block.u8(0x0C) ?? 0
    checksumSize = block.u8(0x0D) ?? 0
    checksum = block.u32(Self.checksumOffset) ?? 0
    seconds = block.u64(0x30) ?? 0
    nanoseconds = block.u32(0x38) ?? 0
  }

  /// The compat checksum test: the crc32 of the transaction matches, or the
  /// commit block carries no checksum at all.
  func matchesCompatChecksum(_ crc: UInt32) -> Bool {
    (checksum == crc && checksumType == JournalFormat.crc32ChecksumType && checksumSize == 4)
      || (checksumType == 0 && checksumSize == 0 && checksum == 0)
  }

  /// The csum v2/v3 test: crc32c of the block with `h_chksum[0]` zeroed.
  static func verify(_ block: BigEndianBytes, seed: UInt32) -> Bool {
    block.u32(checksumOffset)
      == JournalChecksum.crc32c(seed, block.bytes, zeroing: checksumOffset)
  }

  /// A commit block for `sequence`, with every checksum `features` asks for.
  static func encode(
    sequence: UInt32, blockSize: Int, features: JournalFeatures, seed: UInt32,
    transactionCRC: UInt32, seconds: UInt64, nanoseconds: UInt32
  ) -> [UInt8] {
    var block = BigEndianBytes([UInt8](repeating: 0, count: blockSize))
    JournalBlockHeader(type: .commit, sequence: sequence).write(into: &block)
    if features.compatChecksum {
      block.setBytes(0x0C, [JournalFormat.crc32ChecksumType, 4])
      block.set32(checksumOffset, transactionCRC)
    }
    block.set64(0x30, seconds)
    block.set32(0x38, nanoseconds)
    if features.csumV2OrV3 {
      block.set32(checksumOffset, JournalChecksum.crc32c(seed, block.bytes, zeroing: checksumOffset))
    }
    return block.bytes
  }
}
