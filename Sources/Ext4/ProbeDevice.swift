import CBlkid
import Glibc

/// What libblkid probes, by file descriptor: the image file or device
/// itself, or for a container image a sparse in-memory copy of its media
/// that holds only the regions probes look at (`include`: each region's
/// first and last MiB and the MiB around its end, where partition tables,
/// superblocks and extended boot records sit).
final class ProbeDevice {
  let fd: Int32
  /// Bytes of the image or media.
  let size: UInt64
  private let media: ContainerMedia?
  /// The 64 KiB chunks of the media copied so far.
  private var copied: Set<UInt64> = []
  private static let chunk: UInt64 = 64 << 10
  private static let window: UInt64 = 1 << 20
  /// A garbage partition table must not make a probe copy the whole media
  /// (at most 128 MiB).
  private static let chunkLimit = 2048

  /// Opens `path` read-only; nil when it cannot be opened.
  init?(path: String) {
    if ContainerMedia.isContainer(path) {
      guard let media = try? ContainerMedia(path: path), let fd = media.sparseCopy() else {
        return nil
      }
      self.media = media
      self.fd = fd
      self.size = media.size
      include(start: 0, length: media.size)
      return
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      close(fd)
      return nil
    }
    self.fd = fd
    self.media = nil
    size =
      (st.st_mode & S_IFMT) == S_IFREG ? UInt64(st.st_size) : UInt64(max(0, blkid_get_dev_size(fd)))
  }

  deinit { close(fd) }

  /// Copies the edges of `length` bytes from `start` out of the media;
  /// true when that copied anything new (always false for a raw image).
  @discardableResult
  func include(start: UInt64, length: UInt64) -> Bool {
    guard let media, start < size else { return false }
    let end = start + min(length, size - start)
    let w = Self.window
    let regions = [
      start..<min(end, start + w),
      (end > w ? max(start, end - w) : start)..<end,
      end..<min(size, end + w),
    ]
    var grew = false
    for region in regions where !region.isEmpty {
      for index in region.lowerBound / Self.chunk...(region.upperBound - 1) / Self.chunk
      where copied.count < Self.chunkLimit && !copied.contains(index) {
        copied.insert(index)
        let from = index * Self.chunk
        _ = media.copy(from..<min(size, from + Self.chunk), into: fd)
        grew = true
      }
    }
    return grew
  }

  /// Up to `count` bytes at `offset` (fewer at the end).
  func bytes(at offset: UInt64, count: Int) -> [UInt8] {
    include(start: offset, length: UInt64(count))
    var head = [UInt8](repeating: 0, count: count)
    let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
    return Array(head.prefix(max(0, n)))
  }
}
