import Glibc

/// A file created for a repair's records (undo file, in-progress marker):
/// made with `O_CREAT|O_EXCL|O_NOFOLLOW` so an existing file or a planted
/// symbolic link is never followed or reused, and made durable with fsync of
/// the file and its directory.
public enum DurableFile {
  /// Why a file could not be created or written.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public let code: Int32
  }

  /// Creates `path` exclusively (mode 0600) and returns its descriptor.
  public static func create(_ path: String) throws(Failure) -> Int32 {
    let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw failure("cannot create \(path)") }
    return fd
  }

  /// Writes `bytes` at `offset`, all of them, or throws (a full disk says so).
  public static func write(_ fd: Int32, _ bytes: [UInt8], at offset: UInt64, naming path: String)
    throws(Failure)
  {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes {
        pwrite(fd, $0.baseAddress.map { $0 + done }, bytes.count - done, off_t(offset) + off_t(done))
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        if n == 0 { errno = ENOSPC }
        throw failure("cannot write \(path)")
      }
      done += n
    }
  }

  /// fsync of `fd`, then of the directory holding `path`.
  public static func sync(_ fd: Int32, naming path: String) throws(Failure) {
    guard fsync(fd) == 0 else { throw failure("cannot sync \(path)") }
    try syncDirectory(of: path)
  }

  /// fsync of the directory holding `path` (its entry becomes durable).
  public static func syncDirectory(of path: String) throws(Failure) {
    let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw failure("cannot open directory \(dir)") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw failure("cannot sync directory \(dir)") }
  }

  /// Gives back disk space reserved past the end of `fd` (truncates the
  /// file to its own size).
  public static func releaseReserve(_ fd: Int32) {
    var st = stat()
    if fstat(fd, &st) == 0 { _ = ftruncate(fd, st.st_size) }
  }

  /// A failure of `what`, with the cause `errno` holds.
  public static func failure(_ what: String) -> Failure {
    let code = errno
    return Failure(description: "\(what): \(String(cString: strerror(code)))", code: code)
  }
}
