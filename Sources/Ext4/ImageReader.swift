import Glibc

/// Positioned reads of file data straight from the image (`pread`), for the
/// data checks: libext2fs reads metadata, but a scan of gigabytes of file data
/// wants large reads from many threads on one descriptor. In a replayed
/// journal view, the blocks the replay writes (file data of a data=journal
/// filesystem among them) read as replayed. A container image reads through
/// its library (the same large reads, taking turns on one handle).
public final class ImageReader: @unchecked Sendable {
  /// Why a read returned fewer bytes than asked.
  public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The image ends before the range (a truncated image or device).
    case endOfImage(at: UInt64)
    /// The OS reported an error (EIO, ...).
    case system(errno: Int32, message: String)

    public var description: String {
      switch self {
      case .endOfImage(let at): return "the image ends at byte \(at), inside this range"
      case .system(_, let message): return "read error: \(message)"
      }
    }
  }

  /// The image file, or a container's media.
  private let source: ReadSource
  /// Byte offset of the filesystem inside the image.
  public let offset: UInt64
  public let blockSize: Int
  /// Blocks that read from memory instead of the image, and their block numbers ascending.
  private let replayed: [UInt64: [UInt8]]
  private let replayedOrder: [UInt64]
  /// The image file mapped, for ranges already cached (nil: always `pread`).
  private let mapped: MappedImage?
  /// Reads past the page cache, for ranges not lent from it (nil: `pread`
  /// through the cache).
  private let direct: DirectReads?

  /// Whether reads bypass the page cache (and so add nothing to it).
  public var readsDirectly: Bool { direct != nil }

  /// Opens `path` read-only; the blocks of `replayed` read as given there
  /// (`Filesystem.replayedBlocks()`). With `mapCached`, `withBlocks` hands
  /// out cached ranges of an image file where they lie in the page cache.
  /// With `bypassCache`, the other reads of an image file or device go
  /// past the page cache where it allows (`DirectReads`) and where every
  /// block lies 4 KiB aligned (4 KiB blocks, an aligned `offset`).
  public init(
    path: String, offset: UInt64, blockSize: Int, replayed: [UInt64: [UInt8]] = [:],
    mapCached: Bool = false, bypassCache: Bool = false
  ) throws(OpenError) {
    self.replayed = replayed
    replayedOrder = replayed.keys.sorted()
    self.offset = offset
    self.blockSize = blockSize
    source = try ReadSource.open(path)
    if case .file(let fd) = source {
      mapped = mapCached ? MappedImage(fd: fd) : nil
      let aligned = UInt64(DirectReads.alignment)
      let blocksAligned = offset % aligned == 0 && UInt64(blockSize) % aligned == 0
      direct = bypassCache && blocksAligned ? DirectReads(path: path) : nil
      _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
    } else {
      mapped = nil
      direct = nil
    }
  }

  /// Calls `body` with `count` blocks from `block` and the failure that cut
  /// them short, if any: straight from the page cache when they are all
  /// cached there and none is replayed (no copy), else read into `buffer`
  /// (as `read`). The bytes are valid only during the call.
  public func withBlocks<R>(
    block: UInt64, count: Int, buffer: UnsafeMutableRawBufferPointer,
    _ body: (UnsafeRawBufferPointer, Failure?) -> R
  ) -> R {
    if let mapped, !replaysAny(from: block, count: count) {
      let start = offset + block * UInt64(blockSize)
      let result = mapped.withCached(start: start, count: min(count * blockSize, buffer.count)) {
        bytes in bytes.map { body($0, nil) }
      }
      if let result { return result }
    }
    let (bytes, failure) = read(block: block, count: count, into: buffer)
    return body(UnsafeRawBufferPointer(rebasing: buffer[..<bytes]), failure)
  }

  deinit { source.close() }

  /// Reads `count` blocks from `block` into `buffer`; returns the bytes read,
  /// which are fewer than asked only together with the failure that stopped it.
  public func read(
    block: UInt64, count: Int, into buffer: UnsafeMutableRawBufferPointer
  ) -> (bytes: Int, failure: Failure?) {
    let wanted = min(count * blockSize, buffer.count)
    guard let base = buffer.baseAddress else { return (0, nil) }
    let start = offset + block * UInt64(blockSize)
    let (done, error) = readBypassingCache(into: base, count: wanted, at: start)
      ?? source.read(into: base, count: wanted, at: start)
    if let error {
      return (done, .system(errno: error, message: source.describe(error)))
    }
    if done < wanted { return (done, .endOfImage(at: start + UInt64(done))) }
    patchReplayed(from: block, bytes: done, into: base)
    return (done, nil)
  }

  /// A direct read of the range where one can be made and succeeds, else nil.
  private func readBypassingCache(
    into base: UnsafeMutableRawPointer, count: Int, at start: UInt64
  ) -> (bytes: Int, errno: Int32?)? {
    guard let direct, DirectReads.fits(base, count: count, at: start),
      let done = direct.read(into: base, count: count, at: start)
    else { return nil }
    return (done, nil)
  }

  /// Copies the replayed blocks among the `bytes` read from `block` over what the image holds.
  private func patchReplayed(from block: UInt64, bytes: Int, into base: UnsafeMutableRawPointer) {
    guard !replayedOrder.isEmpty else { return }
    let end = block + UInt64(bytes / blockSize)
    for number in replayedOrder[firstReplayed(atOrAfter: block)...] {
      guard number < end else { break }
      guard let contents = replayed[number], contents.count == blockSize else { continue }
      contents.withUnsafeBytes { source in
        guard let from = source.baseAddress else { return }
        (base + Int(number - block) * blockSize).copyMemory(from: from, byteCount: blockSize)
      }
    }
  }

  /// Whether a replayed block lies among `count` blocks from `block`.
  private func replaysAny(from block: UInt64, count: Int) -> Bool {
    guard !replayedOrder.isEmpty else { return false }
    let index = firstReplayed(atOrAfter: block)
    return index < replayedOrder.count && replayedOrder[index] < block + UInt64(count)
  }

  /// The index of the first replayed block number >= `block` (binary search).
  private func firstReplayed(atOrAfter block: UInt64) -> Int {
    var low = 0
    var high = replayedOrder.count
    while low < high {
      let mid = (low + high) / 2
      if replayedOrder[mid] < block { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
