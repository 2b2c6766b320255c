import CExt2fs

extension Filesystem {
  /// The inode number of an absolute path inside the filesystem (`ext2fs_namei`).
  public func lookup(_ path: String) throws(Ext2Error) -> UInt32 {
    var number: ext2_ino_t = 0
    let root = ext2_ino_t(EXT2_ROOT_INO)
    try check(ext2fs_namei(handle, root, root, path, &number), "look up \(path)")
    return number
  }
}
