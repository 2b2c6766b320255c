import Ext4

/// What `e4scope info` reports on one image: its partition table (when it
/// has one), whether it is mounted, and for each ext2/3/4 filesystem the
/// libblkid probe and the superblock summary.
public struct InfoReport: Encodable, Sendable {
  /// One filesystem of the image.
  public struct Filesystem: Encodable, Sendable {
    public var partition: Int?
    public var offset: UInt64
    public var probe: BlockProbe
    public var summary: FilesystemSummary

    enum CodingKeys: String, CodingKey { case partition, offset, probe, summary = "filesystem" }
  }

  public var image: String
  /// The container format and media size, for a container image (nil for raw).
  public var container: ContainerImage?
  public var partitionTable: DiskLayout?
  /// nil when the mount table could not be read.
  public var mount: MountState?
  public var filesystems: [Filesystem]
  /// Partitions passed over ("partition 2: xfs, skipped").
  public var notes: [String]

  enum CodingKeys: String, SchemaHeadKey {
    case image, container, mount, filesystems, notes, schema
    case partitionTable = "partition_table", toolVersion = "tool_version"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeSchemaHead()
    try c.encode(image, forKey: .image)
    try c.encodeIfPresent(container, forKey: .container)
    try c.encode(partitionTable, forKey: .partitionTable)
    try c.encode(mount, forKey: .mount)
    try c.encode(filesystems, forKey: .filesystems)
    try c.encode(notes, forKey: .notes)
  }

  /// Opens each filesystem of `selection` read-only in the `journal` view
  /// and gathers the report; throws the first filesystem that cannot be
  /// opened. `warn` gets what the journal view changes.
  public init(
    _ selection: TargetSelection, image: String, journal: JournalSelection = JournalSelection(),
    warn: (String) -> Void = { _ in }
  ) throws {
    self.image = image
    container = try ContainerImage.identify(image)
    partitionTable = selection.layout
    mount = try? MountState.of(image)
    notes = selection.notes
    filesystems = try selection.targets.map { target in
      let view = try JournalViewHandle.open(target, journal: journal)
      view.warnings.forEach(warn)
      var summary = view.fs.summary()
      summary.journal = view.state
      let size = selection.layout?.partitions.first { $0.number == target.partition }?.size
      return Filesystem(
        partition: target.partition, offset: target.offset,
        probe: BlockProbe.probe(image, offset: target.offset, size: size), summary: summary)
    }
  }
}
