import Glibc
import Synchronization

/// Handles on one container image's media for reads from many threads: a
/// read takes an idle handle or opens another (up to one per processor), so
/// reads decode in parallel instead of taking turns on one handle; past the
/// limit they share the first.
final class ContainerMediaPool: Sendable {
  private let path: String
  private let first: ContainerMedia
  private let limit: Int
  /// Idle handles, and how many are open.
  private let state: Mutex<(idle: [ContainerMedia], open: Int)>

  /// Opens the first handle; throws why the container cannot be read.
  init(path: String) throws(OpenError) {
    self.path = path
    first = try ContainerMedia(path: path)
    limit = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    state = Mutex(([first], 1))
  }

  /// Bytes of the media.
  var size: UInt64 { first.size }

  /// Why a read failed when the container's library failed, or nil.
  var failure: String? { ContainerMedia.failure(path) }

  /// Reads up to `count` bytes at `offset` into `buffer`: the bytes read (0
  /// at the media's end), or nil on a read error.
  func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> Int? {
    guard let media = take() else { return first.read(into: buffer, count: count, at: offset) }
    defer { state.withLock { $0.idle.append(media) } }
    return media.read(into: buffer, count: count, at: offset)
  }

  /// An idle handle or a new one while under the limit; nil when every
  /// handle is busy (the caller shares the first).
  private func take() -> ContainerMedia? {
    let (idle, mayOpen) = state.withLock { s -> (ContainerMedia?, Bool) in
      if let handle = s.idle.popLast() { return (handle, false) }
      guard s.open < limit else { return (nil, false) }
      s.open += 1
      return (nil, true)
    }
    if let idle { return idle }
    guard mayOpen else { return nil }
    if let opened = try? ContainerMedia(path: path) { return opened }
    state.withLock { $0.open -= 1 }
    return nil
  }
}
