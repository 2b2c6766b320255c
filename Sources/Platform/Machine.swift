import Glibc

/// Facts about the machine the scan runs on.
public enum Machine {
  /// Online processor cores (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
  public static var onlineCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

extension Machine {
  /// Seconds since the epoch (`time`).
  public static var epochSeconds: Int64 { Int64(time(nil)) }

  /// An environment variable (`getenv`).
  public static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// True when `path` is a directory this process may write into.
  public static func isWritableDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR && access(path, W_OK) == 0
  }

  /// True when `path` is a regular file.
  public static func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }
}

extension Machine {
  /// Removes a file (`unlink`); true when it is gone.
  @discardableResult
  public static func removeFile(_ path: String) -> Bool { unlink(path) == 0 || errno == ENOENT }
}
