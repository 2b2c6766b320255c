import Ext2Shim
import Glibc

/// Disk space for a file a repair is about to write (its undo file).
public enum DiskSpace {
  /// Allocates `bytes` for `fd` without changing the file's size, so a full
  /// disk shows before the first image write and later writes inside the
  /// reserve cannot run out of space. Returns the errno on failure; a
  /// filesystem without fallocate counts as success (nothing to reserve with).
  public static func reserve(fd: Int32, bytes: UInt64) -> Int32? {
    let rc = e4_reserve_space(fd, bytes)
    return rc == 0 || rc == EOPNOTSUPP ? nil : rc
  }
}
