import CExt2fs

/// Whether an image or device is in use (`ext2fs_check_if_mounted`); for an
/// image file this includes a mounted loop device backed by it.
public struct MountState: Codable, Sendable, Hashable {
  public var mounted: Bool
  public var readOnly: Bool
  public var isRoot: Bool
  public var busy: Bool
  /// Where it is mounted, when the mount table says.
  public var mountPoint: String?

  enum CodingKeys: String, CodingKey {
    case mounted, busy
    case readOnly = "read_only", isRoot = "is_root", mountPoint = "mount_point"
  }

  /// Checks `path` (`ext2fs_check_mount_point`); throws when the mount table
  /// cannot be read.
  public static func of(_ path: String) throws(Ext2Error) -> MountState {
    var flags: Int32 = 0
    var point = [CChar](repeating: 0, count: 4096)
    try check(
      ext2fs_check_mount_point(path, &flags, &point, Int32(point.count)), "check mount state")
    let mounted = flags & EXT2_MF_MOUNTED != 0
    let pointText = point.withUnsafeBufferPointer { buffer in
      String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    return MountState(
      mounted: mounted, readOnly: flags & EXT2_MF_READONLY != 0,
      isRoot: flags & EXT2_MF_ISROOT != 0, busy: flags & EXT2_MF_BUSY != 0,
      mountPoint: mounted && !pointText.isEmpty ? pointText : nil)
  }
}
