import Ext4

/// Path resolution for a scan's findings: one pass over all directories.
extension FilesystemScan {
  /// Names the findings' inodes with one pass over all directories, split
  /// across threads: every name of each (see `FileNames`), the one in
  /// `selected` first. Returns warnings for directories that could not be read.
  func resolvePaths(
    of findings: inout [Finding], handles: [Filesystem], directories: [UInt32],
    selected: [UInt32: [UInt8]] = [:]
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
    var spelling = NameSpelling(handles[0])
    var resolved: [UInt32: Result<FileNames, PathIndex.Unresolved>] = [:]
    for i in findings.indices {
      let inode = findings[i].inode
      if resolved[inode] == nil {
        resolved[inode] = index.resolveAll(inode).map { paths in
          let spelled = paths.map { spelling.path($0) }
          return FileNames(
            spelled.map(\.bytes), preferred: selected[inode],
            encrypted: spelled.contains { $0.encrypted })
        }
      }
      switch resolved[inode] {
      case .success(let names):
        findings[i].names = names
        findings[i].reachable = true
      case .failure, nil:
        findings[i].reachable = false
      }
    }
    let unresolved = resolved.compactMap { inode, result -> (UInt32, PathIndex.Unresolved)? in
      guard case .failure(let why) = result else { return nil }
      return (inode, why)
    }
    return index.unreadableDirectories.sorted { $0.key < $1.key }.map {
      "directory inode \($0.key) could not be read: \($0.value)"
    } + unresolved.sorted { $0.0 < $1.0 }.map { "inode \($0.0) has no path: \($0.1)" }
  }
}

/// Joins path components into the bytes of an absolute path; a name in an
/// encrypted directory (read without its key) becomes `<encrypted:HEX>`, the
/// hex of its on-disk bytes, as the ciphertext is no name.
struct NameSpelling {
  let fs: Filesystem
  private var encryptedDirectories: [UInt32: Bool] = [:]

  init(_ fs: Filesystem) { self.fs = fs }

  mutating func path(_ components: [PathIndex.Link]) -> (bytes: [UInt8], encrypted: Bool) {
    guard !components.isEmpty else { return (Array("/".utf8), false) }
    var bytes: [UInt8] = []
    var encrypted = false
    for component in components {
      bytes.append(UInt8(ascii: "/"))
      if isEncrypted(component.parent) {
        encrypted = true
        bytes += Array("<encrypted:".utf8) + component.name.flatMap { Array(NameEncoding.hex($0).utf8) }
          + [UInt8(ascii: ">")]
      } else {
        bytes += component.name
      }
    }
    return (bytes, encrypted)
  }

  private mutating func isEncrypted(_ directory: UInt32) -> Bool {
    if let known = encryptedDirectories[directory] { return known }
    let encrypted = (try? fs.inodeMetadata(directory))?.isEncrypted ?? false
    encryptedDirectories[directory] = encrypted
    return encrypted
  }
}
