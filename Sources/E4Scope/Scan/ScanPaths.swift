import Ext4

/// Path resolution for a scan's findings.
extension FilesystemScan {
  /// Names the findings' inodes from the directories that hold them (see
  /// `NameSearch`), read in `directories`' order (physical, where `blocks`
  /// says where they lie) across threads: every name of each (see
  /// `FileNames`), the one in `selected` first. Returns warnings for
  /// directories that could not be read and inodes left without a path.
  func resolvePaths(
    of findings: inout [Finding], handles: [Filesystem], directories: [UInt32],
    blocks: DirectoryBlocks?, selected: [UInt32: [UInt8]] = [:]
  ) -> [String] {
    var wanted: [UInt32: Int] = [:]
    for finding in findings where wanted[finding.inode] == nil {
      let links = finding.metadata.map { $0.isDirectory ? 1 : Int($0.links) } ?? 1
      wanted[finding.inode] = max(1, links)
    }
    var search = NameSearch(
      handles: handles, directories: directories, blocks: blocks, wanted: wanted)
    search.run()
    let index = search.index
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
