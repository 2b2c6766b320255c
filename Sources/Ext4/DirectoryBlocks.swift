import CExt2fs

/// The directories met by an inode scan, with where their blocks lie (from
/// the walk of each directory's mapping), so that path resolution can visit
/// them in physical order and ask for their blocks ahead
/// (`io_channel_cache_readahead`) instead of reading them one by one in
/// inode order. Lists gathered by several threads append into one.
public struct DirectoryBlocks: Sendable {
  /// Directory inode numbers, as met.
  public private(set) var inodes: [UInt32] = []
  /// The first physical block of each directory in `inodes` (`UInt64.max`
  /// when it maps no block or its mapping could not be walked).
  private var firstBlocks: [UInt64] = []
  /// Every mapped run of the directories: (first physical block, blocks,
  /// the directory it belongs to).
  private var runs: [(start: UInt64, blocks: UInt64, directory: UInt32)] = []

  public init() {}

  /// Records directory `inode`, whose blocks are not looked for.
  public mutating func add(_ inode: UInt32) {
    inodes.append(inode)
    firstBlocks.append(.max)
  }

  /// Records directory `inode` and the runs `walk` visits.
  public mutating func add(_ inode: UInt32, walk: MappingWalk) {
    var first = UInt64.max
    try? walk(
      { extent in
        first = min(first, extent.physical)
        runs.append((extent.physical, UInt64(extent.length), inode))
      }, { _ in })
    inodes.append(inode)
    firstBlocks.append(first)
  }

  public mutating func append(_ other: DirectoryBlocks) {
    inodes += other.inodes
    firstBlocks += other.firstBlocks
    runs += other.runs
  }

  /// The directories in the order of their first physical block (those
  /// without one last, in the order met).
  public var inPhysicalOrder: [UInt32] {
    inodes.indices.sorted { (firstBlocks[$0], $0) < (firstBlocks[$1], $1) }.map { inodes[$0] }
  }

  /// Asks the kernel to read the blocks of the directories `included`
  /// accepts ahead, in physical order, runs less than `gapBlocks` apart
  /// asked for as one.
  public func readAhead(
    _ fs: Filesystem, gapBlocks: UInt64 = 16, of included: (UInt32) -> Bool = { _ in true }
  ) {
    func ask(_ range: (start: UInt64, end: UInt64)) {
      fs.readAhead(block: range.start, count: range.end - range.start)
    }
    let sorted = runs.filter { included($0.directory) }.sorted { $0.start < $1.start }
    var pending: (start: UInt64, end: UInt64)?
    for run in sorted {
      if let current = pending, run.start <= current.end + gapBlocks {
        pending = (current.start, max(current.end, run.start + run.blocks))
        continue
      }
      if let current = pending { ask(current) }
      pending = (run.start, run.start + run.blocks)
    }
    if let current = pending { ask(current) }
  }
}

extension Filesystem {
  /// Asks the kernel to start reading `count` blocks from `block` into the
  /// page cache (a hint: errors and unsupported io managers are ignored).
  func readAhead(block: UInt64, count: UInt64) {
    let total = ext2fs_blocks_count(handle.pointee.super)
    guard count > 0, block < total else { return }
    _ = io_channel_cache_readahead(handle.pointee.io, block, min(count, total - block))
  }
}
