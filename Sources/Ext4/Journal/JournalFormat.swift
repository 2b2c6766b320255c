/// Constants of the jbd2 on-disk format (Documentation/filesystems/ext4/journal.rst).
public enum JournalFormat {
  /// The first four bytes of every journal metadata block.
  public static let magic: UInt32 = 0xC03B_3998
  /// Bytes of the common block header (magic, block type, sequence).
  static let headerSize = 12
  /// Bytes of the checksum tail that ends descriptor and revoke blocks (csum v2/v3).
  static let tailSize = 4
  /// Fast-commit blocks reserved when `s_num_fc_blks` is 0.
  static let defaultFastCommitBlocks: UInt32 = 256
  /// crc32c, the only checksum type csum v2/v3 use.
  static let crc32cChecksumType: UInt8 = 4
  /// crc32, the type of the compat (v1) commit checksum.
  static let crc32ChecksumType: UInt8 = 1
}

/// The type of a journal block, from its header.
public enum JournalBlockType: UInt32, Sendable {
  case descriptor = 1
  case commit = 2
  case superblockV1 = 3
  case superblockV2 = 4
  case revoke = 5
}

/// The 12-byte header that starts every journal metadata block.
public struct JournalBlockHeader: Sendable, Hashable {
  public var blockType: UInt32
  public var sequence: UInt32

  /// The header of `block`, or nil when it does not start with the magic number.
  init?(_ block: BigEndianBytes) {
    guard block.u32(0) == JournalFormat.magic, let type = block.u32(4),
      let sequence = block.u32(8)
    else { return nil }
    self.blockType = type
    self.sequence = sequence
  }

  init(type: JournalBlockType, sequence: UInt32) {
    self.blockType = type.rawValue
    self.sequence = sequence
  }

  func write(into block: inout BigEndianBytes) {
    block.set32(0, JournalFormat.magic)
    block.set32(4, blockType)
    block.set32(8, sequence)
  }
}

/// jbd2 feature bits (`s_feature_compat` / `s_feature_incompat`).
public struct JournalFeatures: Sendable, Hashable {
  public var compat: UInt32
  public var incompat: UInt32
  public var roCompat: UInt32

  static let compatChecksum: UInt32 = 0x1
  static let incompatRevoke: UInt32 = 0x1
  static let incompat64Bit: UInt32 = 0x2
  static let incompatAsyncCommit: UInt32 = 0x4
  static let incompatCsumV2: UInt32 = 0x8
  static let incompatCsumV3: UInt32 = 0x10
  static let incompatFastCommit: UInt32 = 0x20
  static let knownIncompat: UInt32 = 0x3F

  /// The old whole-transaction crc32 in the commit block.
  public var compatChecksum: Bool { compat & Self.compatChecksum != 0 }
  public var revoke: Bool { incompat & Self.incompatRevoke != 0 }
  public var is64Bit: Bool { incompat & Self.incompat64Bit != 0 }
  public var asyncCommit: Bool { incompat & Self.incompatAsyncCommit != 0 }
  public var csumV2: Bool { incompat & Self.incompatCsumV2 != 0 }
  public var csumV3: Bool { incompat & Self.incompatCsumV3 != 0 }
  public var fastCommit: Bool { incompat & Self.incompatFastCommit != 0 }
  /// Per-block crc32c checksums (descriptor tails, tags, commit blocks).
  public var csumV2OrV3: Bool { csumV2 || csumV3 }

  /// Bytes of one descriptor tag, before any uuid that follows it.
  var tagSize: Int {
    if csumV3 { return 16 }
    return 8 + (csumV2 ? 2 : 0) + (is64Bit ? 4 : 0)
  }
}
