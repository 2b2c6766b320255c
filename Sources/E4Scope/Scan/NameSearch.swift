import Ext4

/// Gathers the directory entries that name a scan's findings, reading as
/// few directories as it can: regular files have no pointer back to their
/// directory, but ext4 puts a new file in its directory's block group when
/// there is room, and a directory names its parent in `..`.
///
/// It reads the directories of the findings' block groups first, then the
/// `..` parents of directories still without a name, up to the root. Once a
/// file has as many names as its link count, it is done; when a file still
/// lacks names (an unlinked inode, a hard link elsewhere), or a `..` leads
/// nowhere new, every directory not yet read is read, as a full pass would.
struct NameSearch {
  private let handles: [Filesystem]
  /// Every directory, in the order to read them (physical order when known).
  private let directories: [UInt32]
  /// Where the directories' blocks lie, to ask for them ahead (nil: not known).
  private let blocks: DirectoryBlocks?
  /// The inodes whose names are kept: every directory and every wanted inode.
  private let named: InodeSet
  /// Names wanted for each inode with findings: its link count (at least 1).
  private let wanted: [UInt32: Int]
  private var visited: InodeSet
  private(set) var index = PathIndex()

  init(
    handles: [Filesystem], directories: [UInt32], blocks: DirectoryBlocks?,
    wanted: [UInt32: Int]
  ) {
    self.handles = handles
    self.directories = directories
    self.blocks = blocks
    self.wanted = wanted
    var named = InodeSet(maxInode: handles[0].inodesCount)
    directories.forEach { named.insert($0) }
    wanted.keys.forEach { named.insert($0) }
    self.named = named
    visited = InodeSet(maxInode: handles[0].inodesCount)
  }

  /// Reads directories until every wanted inode has all its names and a
  /// way up to the root, or until every directory has been read.
  mutating func run() {
    let fs = handles[0]
    let groups = Set(wanted.keys.map { fs.group(ofInode: $0) })
    read(directories.filter { groups.contains(fs.group(ofInode: $0)) })
    while true {
      guard wanted.allSatisfy({ index.links(of: $0.key).count >= $0.value }) else { break }
      let unnamed = unnamedDirectories()
      if unnamed.isEmpty { return }
      let parents = unnamed.compactMap { fs.parentDirectory(of: $0) }.filter { !visited.contains($0) }
      if parents.isEmpty { break }
      read(Array(parents.uniqued()))
    }
    read(directories.filter { !visited.contains($0) })
  }

  /// The first directory without a name on each wanted inode's ways up.
  private func unnamedDirectories() -> [UInt32] {
    let root = PathIndex.root
    var unnamed: Set<UInt32> = []
    var named: Set<UInt32> = [root]
    for inode in wanted.keys {
      for link in index.links(of: inode) {
        var current = link.parent
        var seen: Set<UInt32> = []
        while !named.contains(current), seen.insert(current).inserted {
          guard let up = index.links(of: current).first else {
            unnamed.insert(current)
            break
          }
          current = up.parent
        }
        named.formUnion(seen)
      }
    }
    return unnamed.sorted()
  }

  /// Reads `list` (directories not read yet), split across the handles,
  /// after asking for their blocks ahead.
  private mutating func read(_ list: [UInt32]) {
    guard !list.isEmpty else { return }
    var included = InodeSet(maxInode: handles[0].inodesCount)
    for directory in list {
      included.insert(directory)
      visited.insert(directory)
    }
    blocks?.readAhead(handles[0]) { included.contains($0) }
    let chunks = Parallel.chunks(list, into: handles.count)
    let partial = Parallel.map(chunks) { [handles, named] index, chunk in
      PathIndex(handles[index], directories: chunk, named: named)
    }
    partial.forEach { index.merge($0) }
  }
}
