import Ext2Shim
import Glibc

/// Reads of an image file or device that bypass the page cache (`O_DIRECT`),
/// for a data scan that must leave the cache as it found it: the disk
/// delivers large aligned requests straight into the caller's buffer, and
/// no page is added that would later have to be dropped. On a virtual disk
/// this also read faster and steadier than buffered reads with readahead
/// (BENCHMARKS.md).
final class DirectReads: Sendable {
  /// The alignment asked of offsets, lengths and buffers: no device has
  /// larger logical blocks, so it suits every one.
  static let alignment = 4096

  private let fd: Int32

  /// Opens `path` for direct reads; nil where its filesystem or device does
  /// not take them (the caller then reads through the page cache).
  init?(path: String) {
    fd = e4_open_direct(path)
    guard fd >= 0 else { return nil }
  }

  deinit { close(fd) }

  /// Whether `count` bytes at `offset` into `base` can be read directly.
  static func fits(_ base: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> Bool {
    Int(bitPattern: base) % alignment == 0 && count % alignment == 0
      && offset % UInt64(alignment) == 0
  }

  /// Reads `count` bytes at `offset` into `base` (`fits` must hold): the
  /// bytes read, fewer where the image ends, or nil when the read failed.
  /// A failed direct read does not say which bytes are bad, so the caller
  /// then reads the range again through the page cache, which does.
  ///
  /// `preadv` with one buffer reads as `pread` does; being a system call of
  /// its own, it lets a test fail the direct reads alone
  /// (`strace -e inject=preadv:error=EIO`).
  func read(into base: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> Int? {
    var done = 0
    while done < count {
      var buffer = iovec(iov_base: base + done, iov_len: count - done)
      let n = preadv(fd, &buffer, 1, off_t(Int64(bitPattern: offset + UInt64(done))))
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      done += n
      // The end of the image: nothing more, or a last partial block.
      if n == 0 || n % Self.alignment != 0 { break }
    }
    return done
  }
}
