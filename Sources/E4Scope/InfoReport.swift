import Ext4

/// What `e4scope info` reports on one image: the libblkid probe, the mount
/// state, and the superblock summary.
public struct InfoReport: Encodable, Sendable {
  public var image: String
  public var offset: UInt64
  public var probe: BlockProbe
  /// nil when the mount table could not be read.
  public var mount: MountState?
  public var filesystem: FilesystemSummary

  /// Opens `image` read-only and gathers the report.
  public init(image: String, offset: UInt64 = 0) throws {
    let fs = try Filesystem.open(image, options: .init(offset: offset, verifyChecksums: false))
    self.image = image
    self.offset = offset
    self.probe = BlockProbe.probe(image, offset: offset)
    self.mount = try? MountState.of(image)
    self.filesystem = fs.summary()
  }
}
