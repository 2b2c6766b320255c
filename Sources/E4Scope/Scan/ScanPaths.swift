import Ext4

/// Path resolution for a scan's findings: one pass over all directories.
extension FilesystemScan {
  /// Names the findings' inodes with one pass over all directories, split
  /// across threads; returns warnings for directories that could not be read.
  func resolvePaths(
    of findings: inout [Finding], handles: [Filesystem], directories: [UInt32]
  ) -> [String] {
    var named = InodeSet(maxInode: handles[0].inodesCount)
    directories.forEach { named.insert($0) }
    findings.forEach { named.insert($0.inode) }
    let chunks = Parallel.chunks(directories, into: handles.count)
    let partial = Parallel.map(chunks) { [named] index, chunk in
      PathIndex(handles[index], directories: chunk, named: named)
    }
    var index = PathIndex()
    partial.forEach { index.merge($0) }
    var unresolved: [UInt32: PathIndex.Unresolved] = [:]
    for i in findings.indices {
      switch index.resolve(findings[i].inode) {
      case .success(let path):
        findings[i].path = path
        findings[i].reachable = true
      case .failure(let why):
        findings[i].reachable = false
        unresolved[findings[i].inode] = why
      }
    }
    return index.unreadableDirectories.sorted { $0.key < $1.key }.map {
      "directory inode \($0.key) could not be read: \($0.value)"
    } + unresolved.sorted { $0.key < $1.key }.map { "inode \($0.key) has no path: \($0.value)" }
  }
}
