import ContainerIO

/// The disk inside an open container image, read at byte offsets through
/// its container library (`e4_media_read`), which runs in a child process of
/// its own; one handle that threads share (their reads take turns). Closed
/// (its process ended) when released.
final class ContainerMedia: @unchecked Sendable {
  private let media: OpaquePointer
  /// Bytes of the media.
  let size: UInt64
  /// "EWF", "QCOW2", "VMDK", "VHD", "VHDX".
  let format: String

  /// Opens the container at `path` read-only; throws why it cannot be read.
  init(path: String) throws(OpenError) {
    var message = [CChar](repeating: 0, count: 512)
    var opened: OpaquePointer?
    let rc = e4_media_open(path, &opened, &message, message.count)
    guard rc == 0, let opened else {
      let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw .unreadable(path: path, reason: "cannot read the container image: \(reason)")
    }
    media = opened
    size = e4_media_size(opened)
    format = String(cString: e4_media_format_name(opened))
  }

  deinit { e4_media_close(media) }

  /// Why the container at `path` failed to open or read when its library
  /// failed or its process died ("the QCOW2 container is damaged: ..."), or nil.
  static func failure(_ path: String) -> String? {
    var message = [CChar](repeating: 0, count: 512)
    guard e4_container_failure(path, &message, message.count) == 0 else { return nil }
    return String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// True when `path` is a container image (by its signature).
  static func isContainer(_ path: String) -> Bool {
    e4_container_detect(path) != E4_CONTAINER_NONE
  }

  /// Reads up to `count` bytes at `offset` of the media into `buffer`: the
  /// bytes read (0 at the media's end), or nil on a read error.
  func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> Int? {
    let n = e4_media_read(media, buffer, count, offset)
    return n < 0 ? nil : n
  }

  /// A new sparse in-memory file as long as the media, all zeros, for
  /// libblkid: its descriptor (the caller closes it), or nil.
  func sparseCopy() -> Int32? {
    let fd = e4_media_sparse_copy(media)
    return fd < 0 ? nil : fd
  }

  /// Copies `range` of the media into `fd` (from `sparseCopy`) at the same offset.
  func copy(_ range: Range<UInt64>, into fd: Int32) -> Bool {
    e4_media_copy_region(media, fd, range.lowerBound, range.upperBound - range.lowerBound) == 0
  }
}
