import CExt2fs

/// Names inodes by their path, from a pass over directories
/// (`ext2fs_dir_iterate2`), as debugfs `ncheck` does: regular files have no
/// pointer back to their directory. Indexes built over disjoint sets of
/// directories (one per thread) merge into one.
public struct PathIndex: Sendable {
  /// (parent directory, name) of each directory and each wanted inode; the
  /// first name found wins for files with several links.
  private var links: [UInt32: Link] = [:]
  /// Directories that could not be read, with the reason.
  public private(set) var unreadableDirectories: [UInt32: String] = [:]

  struct Link: Sendable {
    var parent: UInt32
    var name: String
  }

  /// An empty index.
  public init() {}

  /// Reads `directories` and keeps the names of the inodes in `named`
  /// (the directories themselves and the inodes whose paths are wanted).
  public init<C: Collection<UInt32>>(_ fs: Filesystem, directories: C, named: InodeSet) {
    let collector = Collector(named: named)
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

  /// Adds what `other` found; names already known are kept.
  public mutating func merge(_ other: PathIndex) {
    links.merge(other.links) { mine, _ in mine }
    unreadableDirectories.merge(other.unreadableDirectories) { mine, _ in mine }
  }

  /// Why an inode has no path.
  public enum Unresolved: Error, Sendable, Hashable, CustomStringConvertible {
    /// No directory entry names the inode (unlinked, or only in unreadable directories).
    case unlinked
    /// A directory on the way up has no name of its own (a lost directory).
    case detached(directory: UInt32)
    /// The names lead round in a circle (a directory loop).
    case loop(directory: UInt32)

    public var description: String {
      switch self {
      case .unlinked: return "no directory entry names it"
      case .detached(let directory): return "directory \(directory) on its way up has no name"
      case .loop(let directory): return "a directory loop at directory \(directory)"
      }
    }
  }

  /// The absolute path of `inode`, or nil when no chain of names leads from
  /// the root to it (see `resolve`).
  public func path(of inode: UInt32) -> String? {
    try? resolve(inode).get()
  }

  /// The absolute path of `inode`, or why there is none. Walks up the
  /// names, stopping at a repeat, so a directory loop cannot hang it.
  public func resolve(_ inode: UInt32) -> Result<String, Unresolved> {
    if inode == UInt32(EXT2_ROOT_INO) { return .success("/") }
    var components: [String] = []
    var current = inode
    var seen: Set<UInt32> = []
    while current != UInt32(EXT2_ROOT_INO) {
      guard seen.insert(current).inserted else { return .failure(.loop(directory: current)) }
      guard let link = links[current] else {
        return .failure(current == inode ? .unlinked : .detached(directory: current))
      }
      components.append(link.name)
      current = link.parent
    }
    return .success("/" + components.reversed().joined(separator: "/"))
  }
}

/// State shared with the C callback of `ext2fs_dir_iterate2`.
private final class Collector {
  let named: InodeSet
  var current: UInt32 = 0
  var links: [UInt32: PathIndex.Link] = [:]

  init(named: InodeSet) { self.named = named }
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
    guard inode != 0, collector.named.contains(inode), collector.links[inode] == nil else {
      return 0
    }
    let length = min(Int(ext2fs_dirent_name_len(dirent)), Int(EXT2_NAME_LEN))
    let nameOffset = MemoryLayout<ext2_dir_entry>.offset(of: \.name) ?? 8
    let name = String(
      decoding: UnsafeRawBufferPointer(start: UnsafeRawPointer(dirent) + nameOffset, count: length),
      as: UTF8.self)
    collector.links[inode] = PathIndex.Link(parent: collector.current, name: name)
    return 0
  }
