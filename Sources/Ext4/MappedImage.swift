import Glibc

/// Lends ranges of an image file that are already in the page cache through
/// a read-only mapping, so that the data scan tests them where they lie
/// instead of copying them out with `pread` (the copy is most of a warm
/// data scan).
///
/// A range is lent only when `mincore` says all of it is cached and
/// `MADV_POPULATE_READ` maps it without error, so touching it reads no
/// disk and an I/O error cannot arrive as SIGBUS; otherwise the caller
/// reads it with `pread`. Each range gets a mapping of its own, unmapped
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
  /// they are all cached and mapped, else with nil.
  func withCached<R>(start: UInt64, count: Int, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard count > 0, start < UInt64(size), count <= size - Int(start) else { return body(nil) }
    let first = Int(start) / pageSize * pageSize
    let length = Int(start) + count - first
    guard let base = mmap(nil, length, PROT_READ, MAP_SHARED, fd, off_t(first)), base != MAP_FAILED
    else { return body(nil) }
    defer { munmap(base, length) }
    let pages = (length + pageSize - 1) / pageSize
    let cached = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pages) { vector in
      mincore(base, length, vector.baseAddress) == 0 && vector.allSatisfy { $0 & 1 != 0 }
    }
    guard cached, madvise(base, length, MADV_POPULATE_READ) == 0 else { return body(nil) }
    return body(UnsafeRawBufferPointer(start: base + (Int(start) - first), count: count))
  }
}
