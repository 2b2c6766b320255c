import Glibc

/// What kind of file an image path names, told with `stat` alone (a FIFO
/// is never opened, so nothing blocks): only regular files and block
/// devices hold filesystem images.
public enum ImageFile {
  /// Throws unless `path` is a regular file or a block device, naming what it is.
  public static func requireImage(_ path: String) throws(OpenError) {
    var st = stat()
    if stat(path, &st) != 0 {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    let kind: String
    switch st.st_mode & S_IFMT {
    case S_IFREG, S_IFBLK: return
    case S_IFIFO: kind = "a FIFO"
    case S_IFCHR: kind = "a character device"
    case S_IFDIR: kind = "a directory"
    case S_IFSOCK: kind = "a socket"
    default: kind = "not a regular file"
    }
    throw .unreadable(path: path, reason: "is \(kind), not an image file or block device")
  }

  /// True when `path` is a block device.
  public static func isBlockDevice(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFBLK
  }
}
