import Glibc

/// What a path names, told by `stat` without opening it (opening a FIFO
/// would block): only regular files and block devices hold images.
public enum ImageFile: Sendable, Hashable, CustomStringConvertible {
  case regularFile, blockDevice
  case directory, fifo, characterDevice, socket
  case missing(reason: String)

  public static func kind(of path: String) -> ImageFile {
    var st = stat()
    guard stat(path, &st) == 0 else { return .missing(reason: String(cString: strerror(errno))) }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .regularFile
    case S_IFBLK: return .blockDevice
    case S_IFDIR: return .directory
    case S_IFIFO: return .fifo
    case S_IFCHR: return .characterDevice
    default: return .socket
    }
  }

  public var description: String {
    switch self {
    case .regularFile: return "a regular file"
    case .blockDevice: return "a block device"
    case .directory: return "a directory"
    case .fifo: return "a FIFO (named pipe)"
    case .characterDevice: return "a character device"
    case .socket: return "a socket"
    case .missing(let reason): return reason
    }
  }

  /// Throws unless `path` is a regular file or a block device, naming what it is.
  public static func requireImage(_ path: String) throws(OpenError) {
    switch kind(of: path) {
    case .regularFile, .blockDevice: return
    case .missing(let reason): throw .unreadable(path: path, reason: reason)
    case let other: throw .notAnImage(path: path, kind: other)
    }
  }

  /// True when `path` is a block device.
  public static func isBlockDevice(_ path: String) -> Bool { kind(of: path) == .blockDevice }
}
