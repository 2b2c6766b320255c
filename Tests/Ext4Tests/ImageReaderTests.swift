import Ext4
import Foundation
import Testing
import TestSupport

/// `ImageReader.withBlocks` hands out the same bytes, and the same failure
/// at the image's end, whether a cached range is lent from the mapping of
/// the image or copied with `pread`, through the page cache or past it.
@Suite struct ImageReaderTests {
  static let blockSize = 4096
  static let blocks = 10

  /// An image file of `blocks` blocks, block i filled with byte i + 1 (just
  /// written, so in the page cache).
  static func image(in dir: TemporaryDirectory) throws -> String {
    let path = dir.url.appendingPathComponent("image").path
    let bytes = (0..<blocks).flatMap { [UInt8](repeating: UInt8($0 + 1), count: blockSize) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test(arguments: [false, true])
  func blocksReadAlikeEitherWay(mapCached: Bool) throws {
    let dir = try TemporaryDirectory()
    let path = try Self.image(in: dir)
    let reader = try ImageReader(path: path, offset: 0, blockSize: Self.blockSize, mapCached: mapCached)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 * Self.blockSize, alignment: 4096)
    defer { buffer.deallocate() }

    let (middle, lent) = reader.withBlocks(block: 2, count: 3, buffer: buffer) { bytes, failure in
      #expect(failure == nil)
      return (Array(bytes), bytes.baseAddress != UnsafeRawPointer(buffer.baseAddress))
    }
    #expect(middle == [3, 4, 5].flatMap { [UInt8](repeating: $0, count: Self.blockSize) })
    #expect(lent == mapCached, "a cached range is lent from the mapping only when asked for")

    let (tail, failure) = reader.withBlocks(block: 8, count: 4, buffer: buffer) { ($0.count, $1) }
    #expect(tail == 2 * Self.blockSize)
    #expect(failure == .endOfImage(at: UInt64(Self.blocks * Self.blockSize)))
  }

  /// With `bypassCache`, reads of a range that is not cached give the same
  /// bytes, and the same end of the image inside a last partial block, and
  /// add no page to the page cache (`fincore`); without it, they do.
  @Test(.enabled(if: DirectIO.available, "the temporary directory takes no O_DIRECT reads"))
  func readsPastTheCacheAddNothingToIt() throws {
    let dir = try TemporaryDirectory()
    let path = try Self.image(in: dir)
    let size = Self.blocks * Self.blockSize + 100
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(repeating: 0xEE, count: 100))
    try handle.synchronize()
    try handle.close()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 * Self.blockSize, alignment: 4096)
    defer { buffer.deallocate() }

    for bypassCache in [true, false] {
      let reader = try ImageReader(
        path: path, offset: 0, blockSize: Self.blockSize, bypassCache: bypassCache)
      #expect(reader.readsDirectly == bypassCache)
      // Opening reads the image's first bytes (is it a container?).
      try PageCache.drop(path)
      try #require(try PageCache.residentPages(path) == 0, "the test image could not be dropped from the page cache")
      let (middle, failure) = reader.read(block: 2, count: 3, into: buffer)
      #expect(failure == nil)
      #expect(
        Array(buffer[..<middle]) == [3, 4, 5].flatMap { [UInt8](repeating: $0, count: Self.blockSize) })
      let (tail, end) = reader.read(block: 8, count: 4, into: buffer)
      #expect(tail == 2 * Self.blockSize + 100)
      #expect(end == .endOfImage(at: UInt64(size)))
      #expect(Array(buffer[(2 * Self.blockSize)..<tail]) == [UInt8](repeating: 0xEE, count: 100))
      let cached = try PageCache.residentPages(path)
      #expect(bypassCache ? cached == 0 : cached >= 6, "bypassCache \(bypassCache): \(cached) pages cached")
    }
  }

  /// Blocks that do not all lie 4 KiB aligned (1 KiB blocks, a filesystem
  /// at sector 63 of a disk) are read through the cache: a direct read of
  /// them would be refused.
  @Test(.enabled(if: DirectIO.available, "the temporary directory takes no O_DIRECT reads"))
  func unalignedBlocksAreReadThroughTheCache() throws {
    let dir = try TemporaryDirectory()
    let path = try Self.image(in: dir)
    #expect(try ImageReader(path: path, offset: 0, blockSize: 4096, bypassCache: true).readsDirectly)
    #expect(try !ImageReader(path: path, offset: 0, blockSize: 1024, bypassCache: true).readsDirectly)
    #expect(try !ImageReader(path: path, offset: 63 * 512, blockSize: 4096, bypassCache: true).readsDirectly)
    #expect(try !ImageReader(path: path, offset: 0, blockSize: 4096).readsDirectly)
  }
}
