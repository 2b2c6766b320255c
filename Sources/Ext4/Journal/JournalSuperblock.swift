/// The journal superblock (jbd2 v1 or v2): where the log starts, the first
/// sequence it expects, and the features that shape every other block.
public struct JournalSuperblock: Sendable, Hashable {
  /// 1 or 2 (`JBD2_SUPERBLOCK_V1` / `V2`).
  public var version: Int
  public var sequenceInHeader: UInt32
  public var blockSize: Int
  /// Blocks in the journal, superblock included (`s_maxlen`).
  public var maxLength: UInt32
  /// The first block of log information (`s_first`).
  public var first: UInt32
  /// The first transaction ID expected in the log (`s_sequence`).
  public var sequence: UInt32
  /// The block where the log starts; 0 when the journal is empty (`s_start`).
  public var start: UInt32
  /// The error the kernel recorded when it aborted the journal (`s_errno`).
  public var errno: Int32
  /// v2 fields; zero for a v1 superblock.
  public var features: JournalFeatures
  public var uuid: [UInt8]
  public var usersCount: UInt32
  public var checksumType: UInt8
  /// `s_num_fc_blks`: fast-commit blocks at the journal's end (0 means 256).
  public var fastCommitBlocksField: UInt32
  public var checksum: UInt32
  /// The uuids of the filesystems sharing the journal (`s_users`, up to 48).
  public var users: [[UInt8]]
  /// The whole 1024-byte superblock as read, so writes keep unknown fields.
  var raw: [UInt8]

  static let size = 1024
  static let checksumOffset = 0xFC

  /// Parses the superblock at the start of `block`; checks its magic, type,
  /// features, checksum and ranges.
  public init(parsing block: [UInt8], at blockIndex: UInt64) throws(JournalError) {
    let b = BigEndianBytes(Array(block.prefix(Self.size)))
    guard b.count == Self.size else { throw .shortBlock(block: blockIndex, bytes: block.count) }
    guard let header = JournalBlockHeader(b) else { throw .badMagic(block: blockIndex) }
    switch header.blockType {
    case JournalBlockType.superblockV1.rawValue: version = 1
    case JournalBlockType.superblockV2.rawValue: version = 2
    default: throw .unsupportedVersion(blockType: header.blockType)
    }
    raw = b.bytes
    sequenceInHeader = header.sequence
    blockSize = Int(b.u32(0x0C) ?? 0)
    maxLength = b.u32(0x10) ?? 0
    first = b.u32(0x14) ?? 0
    sequence = b.u32(0x18) ?? 0
    start = b.u32(0x1C) ?? 0
    errno = Int32(bitPattern: b.u32(0x20) ?? 0)
    if version == 2 {
      features = JournalFeatures(
        compat: b.u32(0x24) ?? 0, incompat: b.u32(0x28) ?? 0, roCompat: b.u32(0x2C) ?? 0)
      uuid = b.slice(0x30, 16) ?? []
      usersCount = b.u32(0x40) ?? 0
      checksumType = b.u8(0x50) ?? 0
      fastCommitBlocksField = b.u32(0x54) ?? 0
      checksum = b.u32(Self.checksumOffset) ?? 0
      let listed = Int(min(usersCount, 48))
      users = (0..<listed).compactMap { b.slice(0x100 + 16 * $0, 16) }
    } else {
      // A v1 superblock has no feature fields; whatever lies there is ignored.
      features = JournalFeatures(compat: 0, incompat: 0, roCompat: 0)
      uuid = [UInt8](repeating: 0, count: 16)
      usersCount = 0
      checksumType = 0
      fastCommitBlocksField = 0
      checksum = 0
      users = []
    }
    try validate()
  }

  private func validate() throws(JournalError) {
    let unknown = features.incompat & ~JournalFeatures.knownIncompat
    if unknown != 0 || features.roCompat != 0 {
      throw .unsupportedFeatures(incompat: unknown, roCompat: features.roCompat)
    }
    if features.csumV2 && features.csumV3 {
      throw .corruptSuperblock("both checksum v2 and v3 are set")
    }
    if features.csumV2OrV3 && features.compatChecksum {
      throw .corruptSuperblock("checksum v1 is set together with v2/v3")
    }
    if features.csumV2OrV3 {
      guard checksumType == JournalFormat.crc32cChecksumType else {
        throw .corruptSuperblock("checksum type \(checksumType) is not crc32c")
      }
      let computed = computedChecksum
      guard computed == checksum else {
        throw .superblockChecksum(stored: checksum, computed: computed)
      }
    }
    guard blockSize >= 1024, blockSize <= 65536, blockSize & (blockSize - 1) == 0 else {
      throw .corruptSuperblock("block size \(blockSize)")
    }
    guard first >= 1, first < maxLength else {
      throw .corruptSuperblock("first log block \(first) outside 1..<\(maxLength)")
    }
    guard lastLogBlock > first else {
      throw .corruptSuperblock("no room for a log (first \(first), end \(lastLogBlock))")
    }
    guard start == 0 || (start >= first && start < lastLogBlock) else {
      throw .corruptSuperblock("log start \(start) outside \(first)..<\(lastLogBlock)")
    }
  }

  /// crc32c of the superblock with `s_checksum` zeroed, seeded with ~0.
  var computedChecksum: UInt32 {
    JournalChecksum.crc32c(~0, raw, zeroing: Self.checksumOffset)
  }

  /// The fast-commit blocks at the journal's end (0 without fast commit).
  public var fastCommitBlocks: UInt32 {
    guard features.fastCommit else { return 0 }
    let n = fastCommitBlocksField == 0 ? JournalFormat.defaultFastCommitBlocks : fastCommitBlocksField
    return min(n, maxLength)
  }

  /// One past the last block of the main log, where it wraps back to `first`
  /// (`j_last`: the fast-commit area follows it).
  public var lastLogBlock: UInt32 { maxLength - fastCommitBlocks }

  /// True when the log holds transactions that a mount would replay.
  public var hasLog: Bool { start != 0 }

  /// The crc32c seed of every per-block checksum: crc32c(~0, uuid).
  var checksumSeed: UInt32 { JournalChecksum.crc32c(~0, uuid) }

  /// The superblock bytes with `start` and `sequence` replaced and, with
  /// csum v2/v3, a fresh checksum; every other byte as read.
  func encoded(start: UInt32, sequence: UInt32) -> [UInt8] {
    var b = BigEndianBytes(raw)
    b.set32(0x18, sequence)
    b.set32(0x1C, start)
    if features.csumV2OrV3 {
      b.set32(Self.checksumOffset, JournalChecksum.crc32c(~0, b.bytes, zeroing: Self.checksumOffset))
    }
    return b.bytes
  }
}
