import Glibc

/// Where a journal's blocks live: journal block N, read one at a time.
/// An internal journal maps N through its inode; an external journal device
/// and a plain test file read N at byte N * blockSize.
public protocol JournalDevice: AnyObject {
  var blockSize: Int { get }
  /// Journal blocks the device can hold (the inode's size or the device's length).
  var blockCount: UInt64 { get }
  /// The journal block that holds the jbd2 superblock (0 for an internal journal).
  var superblockIndex: UInt64 { get }
  /// Exactly `blockSize` bytes of journal block `index`.
  func readBlock(_ index: UInt64) throws(JournalError) -> [UInt8]
}

/// A journal device that can also be written, for committing transactions.
public protocol WritableJournalDevice: JournalDevice {
  func writeBlock(_ index: UInt64, _ bytes: [UInt8]) throws(JournalError)
  /// Makes every write so far durable (fsync).
  func sync() throws(JournalError)
}

/// A journal in a file or block device addressed by byte position: an
/// external journal device (also inside a container image, read-only), or a
/// bare journal image in tests.
public final class FileJournalDevice: WritableJournalDevice {
  public let blockSize: Int
  public let blockCount: UInt64
  public let superblockIndex: UInt64
  private let source: ReadSource
  private let path: String

  /// Opens `path` (read-only unless `writable`); `superblockIndex` is where
  /// the jbd2 superblock sits, `blockCount` defaults to the file's length.
  public init(
    path: String, blockSize: Int, superblockIndex: UInt64, blockCount: UInt64? = nil,
    writable: Bool = false
  ) throws(JournalError) {
    guard blockSize > 0 else { throw .badJournalFile("block size \(blockSize)") }
    var length: UInt64
    if ContainerMedia.isContainer(path) {
      if writable { throw .externalJournal("\(path): a container image is read-only") }
      do {
        let media = try ContainerMediaPool(path: path)
        source = .media(media)
        length = media.size
      } catch {
        throw .externalJournal(error.description)
      }
    } else {
      let fd = Glibc.open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC)
      guard fd >= 0 else {
        throw .externalJournal("\(path): \(String(cString: strerror(errno)))")
      }
      var st = stat()
      fstat(fd, &st)
      length = UInt64(max(st.st_size, 0))
      if (st.st_mode & S_IFMT) == S_IFBLK {
        var size: UInt64 = 0
        // BLKGETSIZE64
        if ioctl(fd, 0x8008_1272, &size) == 0 { length = size }
      }
      source = .file(fd)
    }
    self.path = path
    self.blockSize = blockSize
    self.superblockIndex = superblockIndex
    self.blockCount = min(blockCount ?? .max, length / UInt64(blockSize))
  }

  deinit { source.close() }

  public func readBlock(_ index: UInt64) throws(JournalError) -> [UInt8] {
    guard index < blockCount else { throw .io(block: index, reason: "past the journal's end") }
    var bytes = [UInt8](repeating: 0, count: blockSize)
    let (done, error) = bytes.withUnsafeMutableBytes { buffer -> (bytes: Int, errno: Int32?) in
      guard let base = buffer.baseAddress else { return (0, nil) }
      return source.read(into: base, count: blockSize, at: index * UInt64(blockSize))
    }
    if let error { throw .io(block: index, reason: source.describe(error)) }
    if done < blockSize { throw .shortBlock(block: index, bytes: done) }
    return bytes
  }

  /// The descriptor writes go to (a container's media is never written).
  private func writableDescriptor(_ index: UInt64) throws(JournalError) -> Int32 {
    guard case .file(let fd) = source else {
      throw .io(block: index, reason: "a container image is read-only")
    }
    return fd
  }

  public func writeBlock(_ index: UInt64, _ bytes: [UInt8]) throws(JournalError) {
    guard index < blockCount, bytes.count == blockSize else {
      throw .io(block: index, reason: "write outside the journal")
    }
    let fd = try writableDescriptor(index)
    let position = index * UInt64(blockSize)
    var done = 0
    while done < blockSize {
      let n = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return pwrite(fd, base + done, blockSize - done, off_t(position) + off_t(done))
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { throw .io(block: index, reason: String(cString: strerror(errno))) }
      done += n
    }
  }

  public func sync() throws(JournalError) {
    if fsync(try writableDescriptor(0)) != 0 { throw .io(block: 0, reason: "fsync: \(String(cString: strerror(errno)))") }
  }
}
