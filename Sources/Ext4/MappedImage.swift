import Glibc

/// A read-only mapping of an image file, through which the data scan tests
/// ranges already in the page cache where they lie, instead of copying them
/// out with `pread` (the copy is most of a warm data scan).
///
/// A range is lent only when `mincore` says all of it is cached and
/// `MADV_POPULATE_READ` maps it without error, so touching it reads no
/// disk and an I/O error cannot arrive as SIGBUS; otherwise the caller
/// reads it with `pread`. Lent pages are unmapped again afterwards
/// (`MADV_DONTNEED`, which leaves the page cache alone), so the mapping
/// never adds more than one range per thread to the process's memory.
final class MappedImage: @unchecked Sendable {
  private let base: UnsafeRawPointer
  private let size: Int
  private let pageSize = max(4096, sysconf(Int32(_SC_PAGESIZE)))

  /// Maps the regular file open on `fd`; nil for anything else (block
  /// devices, empty files) or when it cannot be mapped.
  init?(fd: Int32) {
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0,
      let base = mmap(nil, Int(info.st_size), PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED
    else { return nil }
    self.base = UnsafeRawPointer(base)
    size = Int(info.st_size)
  }

  deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

  /// Calls `body` with the `count` bytes from byte `start` of the file when
  /// they are all cached and mapped, else with nil.
  func withCached<R>(start: UInt64, count: Int, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard count > 0, start < UInt64(size), count <= size - Int(start) else { return body(nil) }
    let first = Int(start) / pageSize * pageSize
    let length = Int(start) + count - first
    let pages = (length + pageSize - 1) / pageSize
    let address = UnsafeMutableRawPointer(mutating: base + first)
    let cached = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pages) { vector in
      mincore(address, length, vector.baseAddress) == 0 && vector.allSatisfy { $0 & 1 != 0 }
    }
    guard cached, madvise(address, length, MADV_POPULATE_READ) == 0 else { return body(nil) }
    defer { madvise(address, length, MADV_DONTNEED) }
    return body(UnsafeRawBufferPointer(start: base + Int(start), count: count))
  }
}
