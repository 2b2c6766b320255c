import Ext4

/// Which inodes are the user's regular files: the one rule every check and
/// repair follows. A regular file from `s_first_ino` on is the user's unless
/// the superblock names it for the filesystem (journal, orphan file, quota
/// files, snapshot) or it is an EA inode.
struct UserFiles: Sendable {
  let firstInode: UInt32
  /// The superblock's own inodes: a handful, searched in turn (cheaper per
  /// inode than hashing).
  let filesystemInodes: [(number: UInt32, role: FilesystemInode)]

  init(_ fs: Filesystem) {
    firstInode = fs.firstInode
    filesystemInodes = fs.superblockInodes.map { ($0.key, $0.value) }
  }

  /// True when the checks apply to `inode`.
  func contains(_ inode: Inode) -> Bool { exclusion(of: inode) == nil }

  /// Why the checks do not apply to `inode` ("is the orphan file"), or nil.
  func exclusion(of inode: Inode) -> String? {
    if !inode.isRegularFile { return "is not a regular file" }
    if inode.number < firstInode { return "is reserved for the filesystem" }
    if let own = filesystemInodes.first(where: { $0.number == inode.number }) {
      return "is \(own.role)"
    }
    if inode.isExtendedAttributeValue { return "is \(FilesystemInode.extendedAttributeValue)" }
    return nil
  }
}
