import Glibc
import Synchronization

/// An exclusive lock on an image for the whole of a repair: `flock(LOCK_EX)`
/// on the file (block devices are also opened `O_EXCL`, which the kernel
/// holds against mounts and other exclusive openers). Released on `release()`
/// or when the lock is freed.
public final class ImageLock {
  private var fd: Int32

  /// Why a lock was not taken.
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  private init(fd: Int32, device: dev_t, inode: ino_t) {
    self.fd = fd
    Self.held.withLock { $0.insert(Key(device: UInt64(device), inode: UInt64(inode))) }
    key = Key(device: UInt64(device), inode: UInt64(inode))
  }

  private struct Key: Hashable {
    var device: UInt64
    var inode: UInt64
  }
  private let key: Key
  /// The files this process holds locks on.
  private static let held = Mutex<Set<Key>>([])

  /// True when this process holds the lock on `path`.
  public static func heldHere(_ path: String) -> Bool {
    var st = stat()
    guard stat(path, &st) == 0 else { return false }
    let key = Key(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    return held.withLock { $0.contains(key) }
  }

  /// Takes the lock without waiting; throws when another process holds it,
  /// naming that process when /proc/locks tells.
  public static func acquire(_ path: String) throws(Failure) -> ImageLock {
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw Failure(description: "\(path): \(String(cString: strerror(errno)))")
    }
    let block = st.st_mode & S_IFMT == S_IFBLK
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (block ? O_EXCL : 0))
    guard fd >= 0 else {
      let cause = errno
      if block && cause == EBUSY {
        throw Failure(description: "\(path) is in use (mounted, or opened exclusively by another program); not writing")
      }
      throw Failure(description: "\(path): cannot open to lock it (\(String(cString: strerror(cause))))")
    }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      let cause = errno
      close(fd)
      if cause == EWOULDBLOCK {
        let who = holder(device: st.st_dev, inode: st.st_ino).map { " (process \($0))" } ?? ""
        throw Failure(description: "\(path) is locked by another program\(who); not writing")
      }
      throw Failure(description: "\(path): cannot lock it (\(String(cString: strerror(cause))))")
    }
    return ImageLock(fd: fd, device: st.st_dev, inode: st.st_ino)
  }

  /// True when another process holds an exclusive lock on `path` (a repair
  /// is changing it). Probes with a shared lock and never waits.
  public static func isHeldExclusively(_ path: String) -> Bool {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    if flock(fd, LOCK_SH | LOCK_NB) != 0 { return errno == EWOULDBLOCK }
    flock(fd, LOCK_UN)
    return false
  }

  /// Releases the lock; safe to call twice.
  public func release() {
    guard fd >= 0 else { return }
    close(fd)
    fd = -1
    _ = Self.held.withLock { $0.remove(key) }
  }

  deinit { release() }

  /// The pid holding a FLOCK on the file, from /proc/locks
  /// ("1: FLOCK ADVISORY WRITE 1234 08:01:5678 0 EOF").
  private static func holder(device: dev_t, inode: ino_t) -> Int? {
    guard let file = fopen("/proc/locks", "r") else { return nil }
    defer { fclose(file) }
    let dev = UInt64(device)
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff)
    let minor = (dev & 0xff) | ((dev >> 12) & ~0xff)
    func hex(_ n: UInt64) -> String {
      let digits = String(n, radix: 16)
      return digits.count < 2 ? "0" + digits : digits
    }
    let wanted = "\(hex(major)):\(hex(minor)):\(inode)"
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(line) }
    var lines = 0
    while lines < 100_000, getline(&line, &capacity, file) > 0, let line {
      lines += 1
      let fields = String(cString: line).split(separator: " ")
      guard fields.count > 5, fields[1] == "FLOCK" else { continue }
      if fields[5] == wanted { return Int(fields[4]) }
    }
    return nil
  }
}
