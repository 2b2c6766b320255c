import Foundation
import Glibc

/// A file's pages in the page cache, for tests of reads past it: dropped
/// with `POSIX_FADV_DONTNEED` (after `fsync`, so none is dirty), counted by
/// util-linux `fincore`.
public enum PageCache {
  /// Drops `path`'s pages from the page cache.
  public static func drop(_ path: String) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path]) }
    defer { close(fd) }
    fsync(fd)
    _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
  }

  /// How many of `path`'s pages are in the page cache (`fincore`).
  public static func residentPages(_ path: String) throws -> Int {
    let output = try runChecked("fincore", ["--noheadings", "--output", "PAGES", path])
    guard let pages = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path, "fincore": output])
    }
    return pages
  }
}

/// Whether the temporary directory's filesystem takes `O_DIRECT` reads
/// (`dd iflag=direct` on a file there): tests of reads past the page cache
/// need it.
public enum DirectIO {
  public static let available: Bool = {
    guard let dir = try? TemporaryDirectory() else { return false }
    let file = dir.path("probe")
    guard FileManager.default.createFile(atPath: file, contents: Data(count: 4096)) else { return false }
    let probe = try? run("dd", ["if=\(file)", "of=/dev/null", "bs=4096", "count=1", "iflag=direct", "status=none"])
    return probe?.status == 0
  }()
}
