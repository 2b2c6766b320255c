import CExt2fs

/// Names inodes by their path, from a pass over directories
/// (`ext2fs_dir_iterate2`), as debugfs `ncheck` does: regular files have no
/// pointer back to their directory. Indexes built over disjoint sets of
/// directories (one per thread) merge into one.
public struct PathIndex: Sendable {
  /// (parent directory, name) of each directory and each wanted inode: every
  /// entry naming it (a file with several links has several; a directory's
  /// way up follows its first).
  private var links: [UInt32: [Link]] = [:]
  /// Directories that could not be read, with the reason.
  public private(set) var unreadableDirectories: [UInt32: String] = [:]

  /// One directory entry: the directory holding it and the name's bytes as on disk.
  public struct Link: Sendable, Hashable {
    public var parent: UInt32
    public var name: [UInt8]
  }

  /// The root directory's inode number, the end of every way up.
  public static let root = UInt32(EXT2_ROOT_INO)

  /// An empty index.
  public init() {}

  /// Reads `directories` and keeps the names of the inodes in `named`
  /// (the directories themselves and the inodes whose paths are wanted).
  public init<C: Collection<UInt32>>(_ fs: Filesystem, directories: C, named: InodeSet) {
    var collector = Collector(named: named)
    withUnsafeMutablePointer(to: &collector) { context in
      for directory in directories {
        context.pointee.current = directory
        let rc = ext2fs_dir_iterate2(fs.handle, directory, 0, nil, collectEntry, context)
        if rc != 0 {
          unreadableDirectories[directory] =
            Ext2Error(code: Int(rc), operation: "read directory").message
        }
      }
    }
    links = collector.links
  }

  /// The entries found so far that name `inode`.
  public func links(of inode: UInt32) -> [Link] { links[inode] ?? [] }

  /// Adds what `other` found; names already known are kept.
  public mutating func merge(_ other: PathIndex) {
    links.merge(other.links) { mine, theirs in mine + theirs }
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

  /// Every path of `inode` (one per directory entry naming it that leads up
  /// to the root), each as its components from the root down; the root
  /// itself has one path with no components. Fails with why, when none leads up.
  public func resolveAll(_ inode: UInt32) -> Result<[[Link]], Unresolved> {
    if inode == Self.root { return .success([[]]) }
    guard let entries = links[inode], !entries.isEmpty else { return .failure(.unlinked) }
    var paths: [[Link]] = []
    var firstFailure: Unresolved?
    for entry in entries {
      switch components(above: entry, of: inode) {
      case .success(let path): paths.append(path)
      case .failure(let why): firstFailure = firstFailure ?? why
      }
    }
    if paths.isEmpty, let firstFailure { return .failure(firstFailure) }
    return .success(paths)
  }

  /// The components from the root down to `entry`. Walks up the first name
  /// of each directory, stopping at a repeat, so a directory loop cannot hang it.
  private func components(above entry: Link, of inode: UInt32) -> Result<[Link], Unresolved> {
    var components = [entry]
    var current = entry.parent
    var seen: Set<UInt32> = [inode]
    while current != Self.root {
      guard seen.insert(current).inserted else { return .failure(.loop(directory: current)) }
      guard let link = links[current]?.first else { return .failure(.detached(directory: current)) }
      components.append(link)
      current = link.parent
    }
    return .success(components.reversed())
  }
}

/// State shared with the C callback of `ext2fs_dir_iterate2`, reached
/// through a pointer (no reference counting per entry).
private struct Collector {
  let named: InodeSet
  var current: UInt32 = 0
  var links: [UInt32: [PathIndex.Link]] = [:]
}

private let collectEntry:
  @convention(c) (
    ext2_ino_t, Int32, UnsafeMutablePointer<ext2_dir_entry>?, Int32, Int32,
    UnsafeMutablePointer<CChar>?, UnsafeMutableRawPointer?
  ) -> Int32 = { _, entry, dirent, _, _, _, context in
    guard let dirent, let context else { return 0 }
    if entry == DIRENT_DOT_FILE || entry == DIRENT_DOT_DOT_FILE { return 0 }
    let collector = context.assumingMemoryBound(to: Collector.self)
    let inode = dirent.pointee.inode
    guard inode != 0, collector.pointee.named.contains(inode) else { return 0 }
    let length = min(Int(ext2fs_dirent_name_len(dirent)), Int(EXT2_NAME_LEN))
    let nameOffset = MemoryLayout<ext2_dir_entry>.offset(of: \.name) ?? 8
    let name = [UInt8](
      UnsafeRawBufferPointer(start: UnsafeRawPointer(dirent) + nameOffset, count: length))
    collector.pointee.links[inode, default: []].append(
      PathIndex.Link(parent: collector.pointee.current, name: name))
    return 0
  }
