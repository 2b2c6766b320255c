import CExt2fs

/// Whether an image or device is in use (`ext2fs_check_if_mounted`); for an
/// image file this includes a mounted loop device backed by it.
public struct MountState: Codable, Sendable, Hashable {
  public var mounted: Bool
  public var readOnly: Bool
  public var isRoot: Bool
  public var busy: Bool

  enum CodingKeys: String, CodingKey {
    case mounted, busy
    case readOnly = "read_only", isRoot = "is_root"
  }

  /// Checks `path`; throws when the mount table cannot be read.
  public static func of(_ path: String) throws(Ext2Error) -> MountState {
    var flags: Int32 = 0
    try check(ext2fs_check_if_mounted(path, &flags), "check mount state")
    return MountState(
      mounted: flags & EXT2_MF_MOUNTED != 0, readOnly: flags & EXT2_MF_READONLY != 0,
      isRoot: flags & EXT2_MF_ISROOT != 0, busy: flags & EXT2_MF_BUSY != 0)
  }
}
