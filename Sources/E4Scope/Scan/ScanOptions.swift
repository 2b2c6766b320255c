import Glibc

/// What a scan looks at and how.
public struct ScanOptions: Sendable {
  /// Checks to run.
  public var checks: [CheckName] = CheckName.defaults
  /// Report sector-sized zero ranges too (zeroed_sectors).
  public var granularity = Granularity.block
  /// Shortest zeroed_written run reported, in blocks.
  public var minRun = 1
  /// Add a hex/ASCII preview of the first non-zero bytes to unwritten_with_data.
  public var evidence = false
  /// Resolve each finding's inode to its paths (see `NameSearch`).
  public var resolvePaths = true
  /// Worker threads; each opens its own libext2fs handle for metadata.
  public var threads = 1
  /// Scan only these inodes (with `paths`); the whole filesystem when both are empty.
  public var inodes: [UInt32] = []
  /// Scan only these absolute paths inside the filesystem.
  public var paths: [PathArgument] = []
  /// Leave the file data a scan reads in the page cache (by default a data
  /// scan drops what it brought in, and keeps what was cached before).
  public var keepCache = false
  /// Plain reads only: no readahead, no physical ordering of directories,
  /// no coalescing across gaps, no mapping of cached data, no cache
  /// dropping. The findings are the same; `E4SCOPE_PLAIN_IO=1` in the
  /// environment sets it, to compare the two.
  public var plainIO = getenv("E4SCOPE_PLAIN_IO") != nil
  /// The journal view scanned: replayed in memory (default) or raw.
  public var journal = JournalSelection()
  /// Inodes per window when file data is read: a window's data runs are
  /// held in memory and read while the next window is scanned. Tests make
  /// it small, so that a small image crosses many window edges.
  var dataWindowInodes: UInt32 = 1 << 15

  public init() {}

  var isSelection: Bool { !inodes.isEmpty || !paths.isEmpty }
}

/// A selection that names nothing scannable.
public struct SelectionError: Error, Sendable, CustomStringConvertible {
  public let description: String
}
