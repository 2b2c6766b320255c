/// What a scan looks at and how.
public struct ScanOptions: Sendable {
  /// Checks to run.
  public var checks: [CheckName] = [.beyondEOF]
  /// Resolve each finding's inode to a path (one pass over all directories).
  public var resolvePaths = true
  /// Worker threads for the inode scan; each opens its own libext2fs handle.
  public var threads = 1
  /// Scan only these inodes (with `paths`); the whole filesystem when both are empty.
  public var inodes: [UInt32] = []
  /// Scan only these absolute paths inside the filesystem.
  public var paths: [String] = []
  /// Byte offset of the filesystem inside the image.
  public var offset: UInt64 = 0

  public init() {}

  var isSelection: Bool { !inodes.isEmpty || !paths.isEmpty }
}

/// A selection that names nothing scannable.
public struct SelectionError: Error, Sendable, CustomStringConvertible {
  public let description: String
}
