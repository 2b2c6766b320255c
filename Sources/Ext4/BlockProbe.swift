import CBlkid

/// What libblkid recognises at an offset of an image: filesystem type and its
/// identifiers (`blkid_do_safeprobe`).
public struct BlockProbe: Codable, Sendable, Hashable {
  public var type: String?
  public var uuid: String?
  public var label: String?
  public var version: String?

  /// Probes the superblock found at `offset` bytes into `path`; nil fields
  /// when libblkid finds nothing (or the probe is ambivalent).
  public static func probe(_ path: String, offset: UInt64 = 0) -> BlockProbe {
    var result = BlockProbe()
    guard let probe = blkid_new_probe_from_filename(path) else { return result }
    defer { blkid_free_probe(probe) }
    if offset > 0 {
      let size = blkid_probe_get_size(probe)
      guard size > Int64(offset) else { return result }
      let fd = blkid_probe_get_fd(probe)
      guard blkid_probe_set_device(probe, fd, Int64(offset), size - Int64(offset)) == 0
      else { return result }
    }
    _ = blkid_probe_enable_superblocks(probe, 1)
    _ = blkid_probe_set_superblocks_flags(
      probe, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL | BLKID_SUBLKS_VERSION)
    guard blkid_do_safeprobe(probe) == 0 else { return result }
    func value(_ name: String) -> String? {
      var data: UnsafePointer<CChar>?
      var length = 0
      guard blkid_probe_lookup_value(probe, name, &data, &length) == 0, let data else {
        return nil
      }
      return String(cString: data)
    }
    result.type = value("TYPE")
    result.uuid = value("UUID")
    result.label = value("LABEL")
    result.version = value("VERSION")
    return result
  }
}
