/// How much a finding matters, lowest first.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
  case info, notice, warning, error

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// What a finding says about a range of a file (DESIGN.md §3).
public enum FindingKind: String, Codable, Sendable, CaseIterable {
  case unwrittenBeyondEOF = "unwritten_beyond_eof"
  case writtenBeyondEOF = "written_beyond_eof"
  case extentTreeError = "extent_tree_error"

  public var severity: Severity {
    switch self {
    case .unwrittenBeyondEOF: return .notice
    case .writtenBeyondEOF: return .warning
    case .extentTreeError: return .error
    }
  }

  /// One line for people: what the range is.
  public var summary: String {
    switch self {
    case .unwrittenBeyondEOF: return "unwritten blocks beyond EOF"
    case .writtenBeyondEOF: return "written blocks beyond EOF"
    case .extentTreeError: return "extent tree cannot be walked"
    }
  }
}

/// One finding: a range of blocks of one inode (or, for `extent_tree_error`,
/// the inode as a whole), with the fields of the output schema (DESIGN.md §4).
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
  /// Beyond-EOF kinds: the extent starts below EOF and ends past it.
  public var straddlesEOF: Bool?
  /// extent_tree_error: why the tree could not be walked.
  public var message: String?
  /// Set when more than one image is scanned.
  public var image: String?

  public var severity: Severity { kind.severity }

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
    case iSize = "i_size", logicalBlock = "logical_block", physicalBlock = "physical_block"
    case fileOffset = "file_offset", straddlesEOF = "straddles_eof"
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
    straddlesEOF = try c.decodeIfPresent(Bool.self, forKey: .straddlesEOF)
    message = try c.decodeIfPresent(String.self, forKey: .message)
    image = try c.decodeIfPresent(String.self, forKey: .image)
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
    try c.encodeIfPresent(straddlesEOF, forKey: .straddlesEOF)
    try c.encodeIfPresent(message, forKey: .message)
    try c.encodeIfPresent(image, forKey: .image)
  }
}

extension KeyedEncodingContainer {
  /// Encodes `value`, or an explicit null when it is nil (schema fields that
  /// are always present).
  mutating func encodeOrNull(_ value: String?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }

  mutating func encodeOrNull(_ value: UInt64?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
}
