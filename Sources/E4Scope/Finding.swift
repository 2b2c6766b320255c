/// How much a finding matters, lowest first.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
  case info, notice, warning, error

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// What a finding says about a range of a file.
public enum FindingKind: String, Codable, Sendable, CaseIterable {
  case unwrittenBeyondEOF = "unwritten_beyond_eof"
  case writtenBeyondEOF = "written_beyond_eof"
  case zeroedWritten = "zeroed_written"
  case zeroedSectors = "zeroed_sectors"
  case unwrittenWithData = "unwritten_with_data"
  case extentTreeError = "extent_tree_error"
  case readError = "read_error"

  public var severity: Severity {
    switch self {
    case .zeroedSectors: return .info
    case .unwrittenBeyondEOF: return .notice
    case .writtenBeyondEOF, .zeroedWritten, .unwrittenWithData: return .warning
    case .extentTreeError, .readError: return .error
    }
  }

  /// One line for people: what the range is. Zero data can be legitimate,
  /// so the wording says "zero-filled", never "corrupt".
  public var summary: String {
    switch self {
    case .unwrittenBeyondEOF: return "unwritten blocks beyond EOF"
    case .writtenBeyondEOF: return "written blocks beyond EOF"
    case .zeroedWritten: return "zero-filled written blocks"
    case .zeroedSectors: return "zero-filled sectors in a written block"
    case .unwrittenWithData: return "unwritten blocks holding data"
    case .extentTreeError: return "extent tree cannot be walked"
    case .readError: return "data could not be read"
    }
  }
}

/// One finding: a range of blocks of one inode (or, for `extent_tree_error`,
/// the inode as a whole), with the fields of the output schema.
public struct Finding: Codable, Sendable, Hashable {
  public var kind: FindingKind
  public var inode: UInt32
  /// Absolute path inside the filesystem; nil when not resolved.
  public var path: String?
  public var iSize: UInt64
  public var logicalBlock: UInt64?
  public var physicalBlock: UInt64?
  public var blocks: UInt64
  /// Byte offset of the range in the file.
  public var fileOffset: UInt64?
  /// Length of the range in bytes.
  public var length: UInt64
  /// The inode is on the orphan list: its blocks past EOF go at the next mount or fsck.
  public var orphan: Bool
  /// `chattr +i`: repairs leave the file unless `--force`.
  public var immutable = false
  /// `chattr +a`: repairs leave the file unless `--force`.
  public var appendOnly = false
  /// False when no path from the root names the inode (nor is it on the
  /// orphan list); nil when paths were not resolved. Repairs leave such an
  /// inode unless `--inode` names it.
  public var reachable: Bool?
  /// Beyond-EOF kinds: the extent starts below EOF and ends past it.
  public var straddlesEOF: Bool?
  /// unwritten_with_data: the run lies at or past the EOF block.
  public var beyondEOF: Bool?
  /// unwritten_with_data: file offset of the first non-zero byte.
  public var firstNonzeroOffset: UInt64?
  /// unwritten_with_data: file offset of the last non-zero byte.
  public var lastNonzeroOffset: UInt64?
  /// unwritten_with_data: non-zero bytes in the run.
  public var nonzeroBytes: UInt64?
  /// unwritten_with_data with --evidence: the first non-zero bytes, as hex and ASCII.
  public var evidence: String?
  /// extent_tree_error, read_error: what went wrong.
  public var message: String?
  /// zeroed_written ending in a partly used EOF block: whether that block is
  /// zero also past i_size (repairs change it only then). Not in the output.
  public var eofBlockWhollyZero: Bool?
  /// Set when more than one image is scanned.
  public var image: String?
  /// The partition number, for a filesystem inside a partitioned disk.
  public var partition: Int?
  /// Repairs: what was done (trimmed, punched, converted, extended), what a
  /// dry run would do (trim, punch, convert), or "left" with `message` saying why.
  public var action: String?

  public var severity: Severity { kind.severity }

  /// unwritten_with_data: the share of non-zero bytes in the run.
  public var nonzeroFraction: Double? {
    guard let nonzeroBytes, length > 0 else { return nil }
    return Double(nonzeroBytes) / Double(length)
  }

  public init(
    kind: FindingKind, inode: UInt32, iSize: UInt64, logicalBlock: UInt64? = nil,
    physicalBlock: UInt64? = nil, blocks: UInt64 = 0, blockSize: Int, orphan: Bool,
    straddlesEOF: Bool? = nil, message: String? = nil
  ) {
    self.kind = kind
    self.inode = inode
    self.iSize = iSize
    self.logicalBlock = logicalBlock
    self.physicalBlock = physicalBlock
    self.blocks = blocks
    self.fileOffset = logicalBlock.map { $0 * UInt64(blockSize) }
    self.length = blocks * UInt64(blockSize)
    self.orphan = orphan
    self.straddlesEOF = straddlesEOF
    self.message = message
  }

  enum CodingKeys: String, CodingKey {
    case type, kind, severity, inode, path, orphan, blocks, length, message, image
    case immutable, reachable, appendOnly = "append_only"
    case iSize = "i_size", logicalBlock = "logical_block", physicalBlock = "physical_block"
    case fileOffset = "file_offset", straddlesEOF = "straddles_eof"
    case beyondEOF = "beyond_eof", firstNonzeroOffset = "first_nonzero_offset"
    case lastNonzeroOffset = "last_nonzero_offset", action, partition
    case nonzeroBytes = "nonzero_bytes", nonzeroFraction = "nonzero_fraction", evidence
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    kind = try c.decode(FindingKind.self, forKey: .kind)
    inode = try c.decode(UInt32.self, forKey: .inode)
    path = try c.decodeIfPresent(String.self, forKey: .path)
    iSize = try c.decode(UInt64.self, forKey: .iSize)
    logicalBlock = try c.decodeIfPresent(UInt64.self, forKey: .logicalBlock)
    physicalBlock = try c.decodeIfPresent(UInt64.self, forKey: .physicalBlock)
    blocks = try c.decode(UInt64.self, forKey: .blocks)
    fileOffset = try c.decodeIfPresent(UInt64.self, forKey: .fileOffset)
    length = try c.decode(UInt64.self, forKey: .length)
    orphan = try c.decode(Bool.self, forKey: .orphan)
    immutable = try c.decodeIfPresent(Bool.self, forKey: .immutable) ?? false
    appendOnly = try c.decodeIfPresent(Bool.self, forKey: .appendOnly) ?? false
    reachable = try c.decodeIfPresent(Bool.self, forKey: .reachable)
    straddlesEOF = try c.decodeIfPresent(Bool.self, forKey: .straddlesEOF)
    beyondEOF = try c.decodeIfPresent(Bool.self, forKey: .beyondEOF)
    firstNonzeroOffset = try c.decodeIfPresent(UInt64.self, forKey: .firstNonzeroOffset)
    lastNonzeroOffset = try c.decodeIfPresent(UInt64.self, forKey: .lastNonzeroOffset)
    nonzeroBytes = try c.decodeIfPresent(UInt64.self, forKey: .nonzeroBytes)
    evidence = try c.decodeIfPresent(String.self, forKey: .evidence)
    message = try c.decodeIfPresent(String.self, forKey: .message)
    image = try c.decodeIfPresent(String.self, forKey: .image)
    action = try c.decodeIfPresent(String.self, forKey: .action)
    partition = try c.decodeIfPresent(Int.self, forKey: .partition)
  }

  /// Writes the common fields always (null when unknown) and the
  /// kind-specific ones only when they apply.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode("finding", forKey: .type)
    try c.encode(kind, forKey: .kind)
    try c.encode(severity, forKey: .severity)
    try c.encode(inode, forKey: .inode)
    try c.encodeOrNull(path, forKey: .path)
    try c.encode(iSize, forKey: .iSize)
    try c.encodeOrNull(logicalBlock, forKey: .logicalBlock)
    try c.encodeOrNull(physicalBlock, forKey: .physicalBlock)
    try c.encode(blocks, forKey: .blocks)
    try c.encodeOrNull(fileOffset, forKey: .fileOffset)
    try c.encode(length, forKey: .length)
    try c.encode(orphan, forKey: .orphan)
    try c.encode(immutable, forKey: .immutable)
    try c.encode(appendOnly, forKey: .appendOnly)
    try c.encodeOrNull(reachable, forKey: .reachable)
    try c.encodeIfPresent(straddlesEOF, forKey: .straddlesEOF)
    try c.encodeIfPresent(beyondEOF, forKey: .beyondEOF)
    try c.encodeIfPresent(firstNonzeroOffset, forKey: .firstNonzeroOffset)
    try c.encodeIfPresent(lastNonzeroOffset, forKey: .lastNonzeroOffset)
    try c.encodeIfPresent(nonzeroBytes, forKey: .nonzeroBytes)
    try c.encodeIfPresent(nonzeroFraction, forKey: .nonzeroFraction)
    try c.encodeIfPresent(evidence, forKey: .evidence)
    try c.encodeIfPresent(message, forKey: .message)
    try c.encodeIfPresent(image, forKey: .image)
    try c.encodeIfPresent(partition, forKey: .partition)
    try c.encodeIfPresent(action, forKey: .action)
  }
}

extension KeyedEncodingContainer {
  /// Encodes `value`, or an explicit null when it is nil (schema fields that
  /// are always present).
  mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
}
