import Ext2Shim
import Glibc

/// A file that gets its name only once it holds something worth keeping:
/// created unnamed (`O_TMPFILE`) in its directory, named with `linkat`,
/// which never replaces or follows an existing entry. A process killed
/// before `name()` leaves nothing behind.
public struct UnnamedFile {
  public let descriptor: Int32
  public let path: String

  /// Creates it in the directory of `path`; throws the errno (EOPNOTSUPP
  /// where the filesystem has no O_TMPFILE).
  public init(for path: String) throws(Errno) {
    let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    let fd = e4_create_unnamed(dir.isEmpty ? "/" : dir)
    guard fd >= 0 else { throw Errno(code: -fd) }
    descriptor = fd
    self.path = path
  }

  /// Links it at `path`.
  public func name() throws(Errno) {
    let rc = e4_link_unnamed(descriptor, path)
    if rc != 0 { throw Errno(code: rc) }
  }

  /// An errno value with its message.
  public struct Errno: Error, CustomStringConvertible {
    public let code: Int32
    public var description: String { String(cString: strerror(code)) }
  }
}
