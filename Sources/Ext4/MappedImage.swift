import Glibc

/// Lends ranges of an image file that are already in the page cache through
/// a read-only mapping, so that the data scan tests them where they lie
/// instead of copying them out with `pread` (the copy is most of a warm
/// data scan).
///
/// A range is lent only when `mincore` says its first and last pages are
/// cached (asking for every page cost more than the rest of the lending)
/// and `MADV_POPULATE_READ` maps all of it without error: that call reads
/// any page missing in between and reports an I/O error as a failure
/// instead of a SIGBUS, so touching the range afterwards reads no disk.
/// Otherwise the caller reads it with `pread`. Each range gets a mapping of its own, unmapped
/// after use: the kernel maps neighbouring pages along with those asked
/// for (fault-around, large folios), and only unmapping the whole mapping
/// takes them out of the process's memory again.
final class MappedImage: Sendable {
  private let fd: Int32
  private let size: Int
  private let pageSize = max(4096, sysconf(Int32(_SC_PAGESIZE)))

  /// Lends ranges of the regular file open on `fd` (which must stay open);
  /// nil for anything else (block devices, empty files).
  init?(fd: Int32) {
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0
    else { return nil }
    self.fd = fd
    size = Int(info.st_size)
  }

  /// Calls `body` with the `count` bytes from byte `start` of the file when
  /// they are cached (as above) and mapped, else with nil.
  func withCached<R>(start: UInt64, count: Int, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard count > 0, start < UInt64(size), count <= size - Int(start) else { return body(nil) }
    let first = Int(start) / pageSize * pageSize
    let length = Int(start) + count - first
    guard let base = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(first)), base != MAP_FAILED
    else { return body(nil) }
    defer { munmap(base, length) }
    guard isCached(base), isCached(base + (length - 1) / pageSize * pageSize),
      madvise(base, length, MADV_POPULATE_READ) == 0
    else { return body(nil) }
    return body(UnsafeRawBufferPointer(start: base + (Int(start) - first), count: count))
  }

  /// Whether the page mapped at `page` is in the page cache (`mincore`).
  private func isCached(_ page: UnsafeMutableRawPointer) -> Bool {
    var resident: UInt8 = 0
    return mincore(page, pageSize, &resident) == 0 && resident & 1 != 0
  }
}
