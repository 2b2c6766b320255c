/// A disk image stored in a container format (EWF/E01, QCOW, VMDK,
/// VHD/VHDX): e4scope reads the disk inside it, read-only, through the
/// container's library; repairs need a raw copy.
public struct ContainerImage: Sendable, Hashable, Codable {
  /// "EWF", "QCOW2", "VMDK", "VHD", "VHDX".
  public let format: String
  /// Bytes of the disk inside the container.
  public let mediaSize: UInt64

  enum CodingKeys: String, CodingKey { case format, mediaSize = "media_size" }

  /// The container at `path`, nil for a raw image or device; throws when
  /// `path` has a container signature but cannot be read as one.
  public static func identify(_ path: String) throws(OpenError) -> ContainerImage? {
    guard ContainerMedia.isContainer(path) else { return nil }
    let media = try ContainerMedia(path: path)
    return ContainerImage(format: media.format, mediaSize: media.size)
  }

  /// True when `path` has a container signature.
  public static func isContainer(_ path: String) -> Bool { ContainerMedia.isContainer(path) }

  /// "an EWF container image", "a QCOW2 container image".
  public var name: String { "\(format == "EWF" ? "an" : "a") \(format) container image" }

  /// The command that makes a raw copy of `path` (which repairs can write):
  /// raw.raw from ewfexport, raw.img from qemu-img.
  public func rawCopyCommand(_ path: String) -> String {
    format == "EWF"
      ? "ewfexport -u -f raw -t raw \(path)"
      : "qemu-img convert -O raw \(path) raw.img"
  }
}
