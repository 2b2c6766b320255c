import CExt2fs

/// Names inodes by their path, from one pass over the given directories
/// (`ext2fs_dir_iterate2`), as debugfs `ncheck` does: regular files have no
/// pointer back to their directory.
public struct PathIndex: Sendable {
  /// (parent directory, name) of each directory and each wanted inode; the
  /// first name found wins for files with several links.
  private var links: [UInt32: (parent: UInt32, name: String)] = [:]
  /// Directories that could not be read, with the reason.
  public private(set) var unreadableDirectories: [UInt32: String] = [:]

  /// Reads every directory in `directories` and keeps the names of
  /// directories and of the inodes in `wanted`.
  public init(_ fs: Filesystem, directories: [UInt32], wanted: Set<UInt32>) {
    let directorySet = Set(directories)
    let collector = Collector(directories: directorySet, wanted: wanted)
    let context = Unmanaged.passUnretained(collector).toOpaque()
    for directory in directories {
      collector.current = directory
      let rc = ext2fs_dir_iterate2(fs.handle, directory, 0, nil, collectEntry, context)
      if rc != 0 {
        unreadableDirectories[directory] =
          Ext2Error(code: Int(rc), operation: "read directory").message
      }
    }
    links = collector.links
  }

  /// The absolute path of `inode`, or nil when no chain of names leads from
  /// the root to it (unlinked, in a lost directory, or a directory loop).
  public func path(of inode: UInt32) -> String? {
    if inode == UInt32(EXT2_ROOT_INO) { return "/" }
    var components: [String] = []
    var current = inode
    var seen: Set<UInt32> = []
    while current != UInt32(EXT2_ROOT_INO) {
      guard let link = links[current], seen.insert(current).inserted else { return nil }
      components.append(link.name)
      current = link.parent
    }
    return "/" + components.reversed().joined(separator: "/")
  }
}

/// State shared with the C callback of `ext2fs_dir_iterate2`.
private final class Collector {
  let directories: Set<UInt32>
  let wanted: Set<UInt32>
  var current: UInt32 = 0
  var links: [UInt32: (parent: UInt32, name: String)] = [:]

  init(directories: Set<UInt32>, wanted: Set<UInt32>) {
    self.directories = directories
    self.wanted = wanted
  }
}

private let collectEntry:
  @convention(c) (
    ext2_ino_t, Int32, UnsafeMutablePointer<ext2_dir_entry>?, Int32, Int32,
    UnsafeMutablePointer<CChar>?, UnsafeMutableRawPointer?
  ) -> Int32 = { _, entry, dirent, _, _, _, context in
    guard let dirent, let context else { return 0 }
    if entry == DIRENT_DOT_FILE || entry == DIRENT_DOT_DOT_FILE { return 0 }
    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
    let inode = dirent.pointee.inode
    guard inode != 0, collector.links[inode] == nil,
      collector.wanted.contains(inode) || collector.directories.contains(inode)
    else { return 0 }
    let length = Int(ext2fs_dirent_name_len(dirent))
    let namePointer = UnsafeRawPointer(dirent) + MemoryLayout<ext2_dir_entry>.offset(of: \.name)!
    let name = String(
      decoding: UnsafeRawBufferPointer(start: namePointer, count: min(length, Int(EXT2_NAME_LEN))),
      as: UTF8.self)
    collector.links[inode] = (collector.current, name)
    return 0
  }
