import CExt2fs

extension Filesystem {
  /// The inode number of an absolute path inside the filesystem (`ext2fs_namei`).
  public func lookup(_ path: String) throws(Ext2Error) -> UInt32 {
    try lookup(bytes: Array(path.utf8))
  }

  /// The inode number of an absolute path given as its exact bytes (names
  /// need not be UTF-8). A path with a NUL byte names nothing.
  public func lookup(bytes path: [UInt8]) throws(Ext2Error) -> UInt32 {
    let shown = String(decoding: path, as: UTF8.self)
    guard !path.contains(0) else {
      throw Ext2Error(code: Int(EXT2_ET_FILE_NOT_FOUND), operation: "look up \(shown)")
    }
    var number: ext2_ino_t = 0
    let root = ext2_ino_t(EXT2_ROOT_INO)
    let rc = (path + [0]).withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { ext2fs_namei(handle, root, root, $0.baseAddress, &number) }
    }
    try check(rc, "look up \(shown)")
    return number
  }
}

extension Filesystem {
  /// The directory that directory `inode`'s `..` entry names, or nil when it
  /// has none or cannot be read (`ext2fs_lookup`).
  public func parentDirectory(of inode: UInt32) -> UInt32? {
    var parent: ext2_ino_t = 0
    let rc = "..".withCString { ext2fs_lookup(handle, inode, $0, 2, nil, &parent) }
    return rc == 0 && parent != 0 ? parent : nil
  }

  /// The block group holding inode `number`.
  public func group(ofInode number: UInt32) -> UInt32 {
    (number &- 1) / max(handle.pointee.super.pointee.s_inodes_per_group, 1)
  }
}
