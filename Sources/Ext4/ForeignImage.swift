/// What an image that is not ext2/3/4 is, from libblkid or, for the
/// compressed files and the containers e4scope cannot read (VDI) that
/// libblkid does not know, the magic number at its start; with the step that
/// gets the user to a filesystem. Inside a container image (EWF, QCOW, VMDK,
/// VHD/VHDX) both look at the media.
public struct ForeignImage: Sendable, Hashable {
  /// "xfs", "crypto_LUKS", "qcow2 disk image", "gzip-compressed file", ...
  public let name: String
  /// What to do next, when there is a known way on.
  public let advice: String?

  /// Identifies the start of `path` (at `offset`), or nil when nothing is known.
  public static func identify(_ path: String, offset: UInt64 = 0) -> ForeignImage? {
    guard let device = ProbeDevice(path: path) else { return nil }
    if let magic = Self.magic(device.bytes(at: offset, count: 128), path: path) { return magic }
    guard let type = BlockProbe.probe(device, offset: offset, size: nil).type else { return nil }
    switch type {
    case "crypto_LUKS":
      return ForeignImage(
        name: "a LUKS encrypted volume",
        advice: "open it (cryptsetup open \(path) NAME), then scan /dev/mapper/NAME")
    case "LVM2_member":
      return ForeignImage(
        name: "an LVM physical volume",
        advice: "activate its volume group (vgchange -ay), then scan the logical volume")
    case "swap": return ForeignImage(name: "a swap area", advice: nil)
    case "ext2", "ext3", "ext4", "jbd": return nil
    default: return ForeignImage(name: "a filesystem of type \(type)", advice: nil)
    }
  }

  /// Signatures at the start of the image of the containers and compressed
  /// files e4scope does not read.
  private static let signatures: [(bytes: [UInt8], at: Int, name: String, advice: String)] = [
    ([0x7F, 0x10, 0xDA, 0xBE], 0x40, "a VDI disk image", "qemu-img convert -O raw"),
    ([0x1F, 0x8B], 0, "a gzip-compressed file", "gunzip"),
    ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], 0, "an xz-compressed file", "unxz"),
    ([0x28, 0xB5, 0x2F, 0xFD], 0, "a zstd-compressed file", "unzstd"),
    (Array("BZh".utf8), 0, "a bzip2-compressed file", "bunzip2"),
  ]

  private static func magic(_ head: [UInt8], path: String) -> ForeignImage? {
    for s in signatures
    where s.at + s.bytes.count <= head.count && Array(head[s.at..<s.at + s.bytes.count]) == s.bytes {
      let tool = s.advice
      let advice =
        tool.hasPrefix("qemu-img")
        ? "convert it to a raw image first: \(tool) \(path) \(path).raw"
        : "decompress it first (\(tool) -k \(path))"
      return ForeignImage(name: s.name, advice: advice)
    }
    return nil
  }
}
