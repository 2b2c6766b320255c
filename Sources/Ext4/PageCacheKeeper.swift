import Glibc

/// Keeps a scan from filling the page cache: when it is made it notes which
/// pages of the image are cached (`mincore` on a mapping of the image that is
/// never touched); afterwards it drops (`POSIX_FADV_DONTNEED`) the pages of
/// a range, or of the whole image, that were not cached then. Pages that
/// were cached before the scan stay cached. (The kernel tells `mincore` of
/// a file's cache only to its owner or to a process that may write to it;
/// others see nothing cached, and then everything read is dropped.)
public final class PageCacheKeeper: @unchecked Sendable {
  private let fd: Int32
  private let pageCount: UInt64
  private let offset: UInt64
  private let blockSize: UInt64
  private let pageSize = UInt64(max(4096, sysconf(Int32(_SC_PAGESIZE))))
  /// The runs of page indices that were cached at the start, in order.
  private let cachedBefore: [Range<UInt64>]
  /// False for a container image, whose filesystem blocks do not sit at
  /// their own offsets of the file: then only `releaseAll` acts.
  private let blocksMapToPages: Bool

  /// Notes what of `path` (an image file or a block device) is cached now;
  /// nil when it cannot be opened, sized or mapped (then nothing is dropped).
  public init?(path: String, offset: UInt64, blockSize: Int) {
    fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    let size = lseek(fd, 0, SEEK_END)
    guard size > 0, let cached = Self.cachedPages(fd: fd, bytes: UInt64(size), pageSize: pageSize)
    else {
      Glibc.close(fd)
      return nil
    }
    cachedBefore = cached
    blocksMapToPages = !ContainerImage.isContainer(path)
    pageCount = (UInt64(size) + pageSize - 1) / pageSize
    self.offset = offset
    self.blockSize = UInt64(blockSize)
  }

  deinit { Glibc.close(fd) }

  /// The runs of cached pages of the first `bytes` of `fd`, from `mincore`
  /// on a read-only mapping that is never touched (so it cannot fault).
  private static func cachedPages(fd: Int32, bytes: UInt64, pageSize: UInt64) -> [Range<UInt64>]? {
    guard let base = mmap(nil, Int(bytes), PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED
    else { return nil }
    defer { munmap(base, Int(bytes)) }
    let pages = (bytes + pageSize - 1) / pageSize
    var cached: [Range<UInt64>] = []
    var vector = [UInt8](repeating: 0, count: 1 << 16)
    var page: UInt64 = 0
    while page < pages {
      let n = Int(min(UInt64(vector.count), pages - page))
      let length = min(n * Int(pageSize), Int(bytes - page * pageSize))
      let rc = vector.withUnsafeMutableBufferPointer {
        mincore(base + Int(page * pageSize), length, $0.baseAddress)
      }
      if rc != 0 { return nil }
      for i in 0..<n where vector[i] & 1 != 0 {
        let index = page + UInt64(i)
        if let last = cached.last, last.upperBound == index {
          cached[cached.count - 1] = last.lowerBound..<index + 1
        } else {
          cached.append(index..<index + 1)
        }
      }
      page += UInt64(n)
    }
    return cached
  }

  /// The pages wholly or partly inside `count` blocks from `block`.
  private func pages(block: UInt64, count: UInt64) -> Range<UInt64> {
    guard blocksMapToPages else { return 0..<0 }
    let start = offset + block * blockSize
    let end = start + count * blockSize
    return min(pageCount, start / pageSize)..<min(pageCount, (end + pageSize - 1) / pageSize)
  }

  /// Asks the kernel to start reading the range (it is read soon). What
  /// the kernel reads ahead on its own past a range is dropped by
  /// `releaseAll`.
  public func prefetch(block: UInt64, count: Int) {
    advise(pages(block: block, count: UInt64(count)), POSIX_FADV_WILLNEED)
  }

  /// Drops the pages of the range that were not cached at the start.
  public func release(block: UInt64, count: Int) {
    release(pages(block: block, count: UInt64(count)))
  }

  /// Drops every page of the image that was not cached at the start
  /// (metadata read through libext2fs, and the kernel's own readahead).
  public func releaseAll() { release(0..<pageCount) }

  private func release(_ range: Range<UInt64>) {
    guard !range.isEmpty else { return }
    // The first cached run that ends after the range starts.
    var low = 0
    var high = cachedBefore.count
    while low < high {
      let mid = (low + high) / 2
      if cachedBefore[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
    }
    var start = range.lowerBound
    while low < cachedBefore.count, cachedBefore[low].lowerBound < range.upperBound {
      advise(start..<max(start, cachedBefore[low].lowerBound), POSIX_FADV_DONTNEED)
      start = max(start, cachedBefore[low].upperBound)
      low += 1
    }
    if start < range.upperBound { advise(start..<range.upperBound, POSIX_FADV_DONTNEED) }
  }

  private func advise(_ pages: Range<UInt64>, _ advice: Int32) {
    guard !pages.isEmpty else { return }
    _ = posix_fadvise(
      fd, off_t(pages.lowerBound * pageSize), off_t(UInt64(pages.count) * pageSize), advice)
  }
}
