import Ext4

/// What `e4scope extents` reports: every entry of one inode's extent tree (or
/// the runs of its block map) and where i_size and the EOF block fall.
public struct ExtentsReport: Encodable, Sendable {
  /// Whether a row maps data or points to a lower tree node.
  public enum EntryType: String, Encodable, Sendable { case leaf, index }
  /// Where a leaf lies against the EOF block.
  public enum EOFPosition: String, Encodable, Sendable { case below, straddles, beyond }
  /// How the file maps its blocks: an extent tree, or an ext2/ext3 block
  /// map (whose rows are runs of contiguous blocks).
  public enum Mapping: String, Encodable, Sendable { case extents, blockmap }

  /// One row of the tree, leaf or index.
  public struct Row: Encodable, Sendable, Hashable {
    public var level: Int
    public var maxDepth: Int
    public var entry: Int
    public var entries: Int
    public var type: EntryType
    public var logicalBlock: UInt64
    /// Last logical block of a leaf; nil for index entries (their span is not stored).
    public var logicalEnd: UInt64?
    /// First physical block of a leaf, or the child node's block for an index entry.
    public var physicalBlock: UInt64
    public var physicalEnd: UInt64?
    public var blocks: UInt32?
    public var unwritten: Bool?
    /// For a leaf: where it lies against the EOF block.
    public var eof: EOFPosition?

    /// The inode the row belongs to, and the image (ndjson rows stand alone).
    public var inode: UInt32
    public var image: String

    enum CodingKeys: String, CodingKey {
      case image, inode, type, level, maxDepth = "max_depth", entry, entries
      case logicalBlock = "logical_block", logicalEnd = "logical_end"
      case physicalBlock = "physical_block", physicalEnd = "physical_end", blocks, unwritten, eof
    }
  }

  public var image: String
  public var inode: UInt32
  /// The path given, as report text (escaped when it is not UTF-8).
  public var path: String?
  /// The path given, as its bytes (for the table); not in the json.
  public var pathBytes: [UInt8]?
  public var iSize: UInt64
  public var blockSize: Int
  /// `ceil(i_size / block size)`: the first logical block wholly past EOF.
  public var eofBlock: UInt64
  public var depth: Int
  public var mapping: Mapping
  public var extents: [Row]

  enum CodingKeys: String, SchemaHeadKey {
    case schema, toolVersion = "tool_version", image, inode, path
    case iSize = "i_size", blockSize = "block_size", eofBlock = "eof_block", depth, mapping, extents
  }

  /// Every field always, `path` null when the inode was named by number.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeSchemaHead()
    try c.encode(image, forKey: .image)
    try c.encode(inode, forKey: .inode)
    try c.encodeOrNull(path, forKey: .path)
    try c.encode(iSize, forKey: .iSize)
    try c.encode(blockSize, forKey: .blockSize)
    try c.encode(eofBlock, forKey: .eofBlock)
    try c.encode(depth, forKey: .depth)
    try c.encode(mapping, forKey: .mapping)
    try c.encode(extents, forKey: .extents)
  }

  /// Reads the tree of `inode`, or of the inode at `path` when `inode` is
  /// nil, in the `journal` view; `warn` gets what that view changes.
  public init(
    target: FilesystemTarget, inode: UInt32?, path: PathArgument?,
    journal: JournalSelection = JournalSelection(), warn: (String) -> Void = { _ in }
  ) throws {
    let image = target.image
    let view = try JournalViewHandle.open(target, journal: journal)
    view.warnings.forEach(warn)
    let fs = view.fs
    let number: UInt32
    if let inode {
      number = inode
    } else if let path {
      do {
        number = try fs.lookup(path).inode
      } catch {
        throw SelectionError(description: "\(path.display): not found in \(image) (\(error.message))")
      }
    } else {
      throw SelectionError(description: "name an inode (--inode N) or a path")
    }
    guard number >= 1, number <= fs.inodesCount else {
      throw SelectionError(
        description: "inode \(number) is out of range (1-\(fs.inodesCount)) in \(image)")
    }
    let info = try fs.inode(number)
    let blockMapped = !info.usesExtents && !info.hasInlineData
    let entries = try blockMapped ? fs.blockMapRuns(of: number) : fs.extentTree(of: number)
    let eof = EOFBlock(iSize: info.size, blockSize: fs.blockSize).block
    self.image = image
    self.inode = number
    self.path = path?.reportText
    self.pathBytes = path?.bytes
    self.iSize = info.size
    self.blockSize = fs.blockSize
    self.eofBlock = eof
    self.depth = entries.first?.maxDepth ?? 0
    self.mapping = blockMapped ? .blockmap : .extents
    self.extents = entries.map { e in
      guard e.isLeaf else {
        return Row(
          level: e.level, maxDepth: e.maxDepth, entry: e.entry, entries: e.entries,
          type: .index, logicalBlock: e.logical, physicalBlock: e.physical, inode: number,
          image: image)
      }
      let end = e.logical + UInt64(e.length)
      return Row(
        level: e.level, maxDepth: e.maxDepth, entry: e.entry, entries: e.entries, type: .leaf,
        logicalBlock: e.logical, logicalEnd: end - 1, physicalBlock: e.physical,
        physicalEnd: e.physical + UInt64(e.length) - 1, blocks: e.length,
        unwritten: e.unwritten,
        eof: end <= eof ? .below : (e.logical < eof ? .straddles : .beyond), inode: number,
        image: image)
    }
  }
}
