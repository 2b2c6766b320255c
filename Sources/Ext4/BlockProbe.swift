import CBlkid

/// What libblkid recognises at an offset of an image: filesystem type and its
/// identifiers (`blkid_do_safeprobe`).
public struct BlockProbe: Codable, Sendable, Hashable {
  public var type: String?
  public var uuid: String?
  public var label: String?
  public var version: String?

  /// Probes the superblock found at `offset` bytes into `path` (in a
  /// region of `size` bytes, to the end when nil); nil fields when libblkid
  /// finds nothing (or the probe is ambivalent). A container image is probed
  /// within its media.
  public static func probe(_ path: String, offset: UInt64 = 0, size: UInt64? = nil) -> BlockProbe {
    guard let device = ProbeDevice(path: path) else { return BlockProbe() }
    return probe(device, offset: offset, size: size)
  }

  /// Probes `device` at `offset` (in a region of `size` bytes, to the end when nil).
  static func probe(_ device: ProbeDevice, offset: UInt64, size: UInt64?) -> BlockProbe {
    var result = BlockProbe()
    // A probe made from a file name owns its descriptor and closes it when
    // given a device region, so the region probe gets a descriptor of ours.
    guard device.size > offset, let probe = blkid_new_probe() else { return result }
    defer { blkid_free_probe(probe) }
    let length = min(size ?? (device.size - offset), device.size - offset)
    device.include(start: offset, length: length)
    guard blkid_probe_set_device(probe, device.fd, Int64(offset), Int64(length)) == 0 else {
      return result
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

extension BlockProbe {
  /// The libblkid version this process runs with, e.g. "2.38.1".
  public static var libraryVersion: String {
    var text: UnsafePointer<CChar>?
    _ = blkid_get_library_version(&text, nil)
    return text.map { String(cString: $0) } ?? "unknown"
  }
}
