import Ext4

/// One finding: a range of blocks of one inode (or, for `extent_tree_error`,
/// the inode as a whole), with the fields of the output schema.
public struct Finding: JSONObject, Sendable, Hashable {
  public var kind: FindingKind
  public var inode: UInt32
  /// Every absolute path naming the inode inside the filesystem; nil when
  /// not resolved.
  public var names: FileNames?
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
  /// dry run would do (trim, punch, convert), or left with `message` saying why.
  public var action: RepairAction?
  /// e2fsck_hazard: the message e2fsck prints for the change.
  public var e2fsckProblem: String?
  /// e2fsck_hazard: what e2fsck -y does (clear_subtree, delete_extent, clear_inode, extend_size).
  public var e2fsckAction: String?
  /// e2fsck_hazard: bytes below i_size held by written blocks that e2fsck -y
  /// would unmap (they would read as zeros, or the file would be gone).
  public var writtenBytesAtRisk: UInt64?
  /// e2fsck_hazard: the e4scope command that makes the file safe; nil when none does.
  public var fix: String?
  /// In a view whose journal replay ran: the replay rewrites the inode's table block
  /// or one of its extent-tree blocks (nil in the raw view).
  public var journalChanged: Bool?
  /// unwritten_with_data: the history the metadata points to (`LikelyCause`); nil when it does not decide.
  public var likelyCause: LikelyCause?
  /// `scan --journal-diff`: the view ("replay" or "raw") that alone has this finding.
  public var view: String?

  /// The inode's owner, mode, links, flags, times and generation; nil when
  /// the inode could not be read.
  public var metadata: InodeMetadata?

  public var severity: Severity { kind.severity }

  /// The reported path as report text (see `FileNames`); nil when not resolved.
  public var path: String? { names.map { $0.text($0.path) } }

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

  /// Writes the common fields always (null when unknown) and the
  /// kind-specific ones only when they apply.
  func writeFields(to w: inout some JSONFieldWriter) {
    w.put("type", "finding")
    w.put("kind", kind.rawValue)
    w.put("severity", severity.rawValue)
    w.put("inode", UInt64(inode))
    w.put("path", path)
    w.put("paths", names.map { names in names.paths.map(names.text) })
    w.put("paths_truncated", names?.truncated)
    w.put("path_escaped", names?.escaped ?? false)
    w.put("encrypted", names?.encrypted ?? false)
    w.put("i_size", iSize)
    w.put("logical_block", logicalBlock)
    w.put("physical_block", physicalBlock)
    w.put("blocks", blocks)
    w.put("file_offset", fileOffset)
    w.put("length", length)
    w.put("orphan", orphan)
    w.put("immutable", immutable)
    w.put("append_only", appendOnly)
    w.put("reachable", reachable)
    writeMetadata(to: &w)
    if let straddlesEOF { w.put("straddles_eof", straddlesEOF) }
    if let beyondEOF { w.put("beyond_eof", beyondEOF) }
    if let firstNonzeroOffset { w.put("first_nonzero_offset", firstNonzeroOffset) }
    if let lastNonzeroOffset { w.put("last_nonzero_offset", lastNonzeroOffset) }
    if let nonzeroBytes { w.put("nonzero_bytes", nonzeroBytes) }
    if let nonzeroFraction { w.put("nonzero_fraction", nonzeroFraction) }
    if let evidence { w.put("evidence", evidence) }
    if let message { w.put("message", message) }
    if let e2fsckProblem { w.put("e2fsck_problem", e2fsckProblem) }
    if let e2fsckAction { w.put("e2fsck_action", e2fsckAction) }
    if let writtenBytesAtRisk { w.put("written_bytes_at_risk", writtenBytesAtRisk) }
    if kind == .e2fsckHazard { w.put("fix", fix) }
    if let likelyCause { w.put("likely_cause", likelyCause.rawValue) }
    if let journalChanged { w.put("journal_changed", journalChanged) }
    if let view { w.put("view", view) }
    if let image { w.put("image", image) }
    if let partition { w.put("partition", partition) }
    if let action { w.put("action", action.rawValue) }
  }

  /// The metadata fields, each null when the inode could not be read.
  private func writeMetadata(to w: inout some JSONFieldWriter) {
    let m = metadata
    w.put("mode", m.map { FileMode.octal($0.mode) })
    w.put("uid", m.map { UInt64($0.uid) })
    w.put("gid", m.map { UInt64($0.gid) })
    w.put("flags", m?.flagNames)
    w.put("links", m.map { UInt64($0.links) })
    w.put("atime", m.map { UTCTime.rfc3339($0.atime) })
    w.put("mtime", m.map { UTCTime.rfc3339($0.mtime) })
    w.put("ctime", m.map { UTCTime.rfc3339($0.ctime) })
    w.put("crtime", m?.crtime.map(UTCTime.rfc3339))
    w.put("generation", m.map { UInt64($0.generation) })
  }
}

extension KeyedEncodingContainer {
  /// Encodes `value`, or an explicit null when it is nil (schema fields that
  /// are always present).
  mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }

  // The same for the scalar types reports hold, so that they reach the
  // container's own scalar methods rather than the generic nested path.
  mutating func encodeOrNull(_ value: String?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
  mutating func encodeOrNull(_ value: Bool?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
  mutating func encodeOrNull(_ value: UInt16?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
  mutating func encodeOrNull(_ value: UInt32?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
  mutating func encodeOrNull(_ value: UInt64?, forKey key: Key) throws {
    if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
  }
}
