import Glibc

/// Where positioned reads of an image go: its file descriptor (`pread`), or
/// for a container image its media (through the container's library).
enum ReadSource: @unchecked Sendable {
  case file(Int32)
  case media(ContainerMediaPool)

  /// Opens `path` read-only: the media of a container image, else the file;
  /// throws the reason it cannot be read.
  static func open(_ path: String) throws(OpenError) -> ReadSource {
    if ContainerMedia.isContainer(path) { return .media(try ContainerMediaPool(path: path)) }
    let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    return .file(fd)
  }

  /// Why a read failed with `error`: the container's failure when its
  /// library failed, else the system's message.
  func describe(_ error: Int32) -> String {
    if case .media(let media) = self, let failure = media.failure { return failure }
    return String(cString: strerror(error))
  }

  /// Closes the descriptor (a container's media closes when released).
  func close() {
    if case .file(let fd) = self { Glibc.close(fd) }
  }

  /// Reads `count` bytes at `offset` into `base`, short reads continued: the
  /// bytes read and, when an error stopped it, its errno (fewer bytes and
  /// no errno: the image ends there).
  func read(into base: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> (bytes: Int, errno: Int32?) {
    var done = 0
    while done < count {
      let position = offset + UInt64(done)
      switch self {
      case .file(let fd):
        let n = pread(fd, base + done, count - done, off_t(Int64(bitPattern: position)))
        if n < 0 {
          if errno == EINTR { continue }
          return (done, errno)
        }
        if n == 0 { return (done, nil) }
        done += n
      case .media(let media):
        guard let n = media.read(into: base + done, count: count - done, at: position) else {
          return (done, EIO)
        }
        if n == 0 { return (done, nil) }
        done += n
      }
    }
    return (done, nil)
  }
}
