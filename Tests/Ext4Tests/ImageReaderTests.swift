import Ext4
import Foundation
import Testing
import TestSupport

/// `ImageReader.withBlocks` hands out the same bytes, and the same failure
/// at the image's end, whether a cached range is lent from the mapping of
/// the image or copied with `pread`.
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
}
