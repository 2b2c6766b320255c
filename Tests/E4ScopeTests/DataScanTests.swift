import E4Scope
import Foundation
import Testing
import TestSupport

/// The data checks on images built at test time and damaged at known
/// physical blocks, cross-checked with debugfs (`bmap`, `dump`) and raw reads.
@Suite struct DataScanTests {
  static let blockSize = 4096

  /// /data: 16 blocks of non-zero data with blocks 0-1 and 5-7 zeroed on disk;
  /// /prealloc: 16 unwritten blocks (i_size 40960) with data put under 4-6
  /// (inside EOF) and 12 (beyond EOF); /zero-unwritten: untouched unwritten.
  struct Damaged {
    let dir: TemporaryDirectory
    let image: String
    let data: UInt32
    let prealloc: UInt32
  }

  static func damaged() throws -> Damaged {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 16384)
    b.requests = [
      "write \(dir.path("src")) data",
      "write /dev/null prealloc", "fallocate prealloc 0 15", "sif prealloc size 40960",
      "write /dev/null zero-unwritten", "fallocate zero-unwritten 0 7",
    ]
    let image = try b.build(in: dir, name: "d.img", dataFiles: ["src": 16 * blockSize])
    let data = try Debugfs.inode(image, path: "/data")
    let prealloc = try Debugfs.inode(image, path: "/prealloc")
    for lblk: UInt64 in [0, 1, 5, 6, 7] {
      let p = try Debugfs.bmap(image, inode: data, block: lblk)
      try RawImage.write(image, at: p * UInt64(blockSize), [UInt8](repeating: 0, count: blockSize))
    }
    for lblk: UInt64 in [4, 5, 6, 12] {
      let p = try Debugfs.bmap(image, inode: prealloc, block: lblk)
      try RawImage.write(image, at: p * UInt64(blockSize) + 10, Array("lost write \(lblk)".utf8))
    }
    return Damaged(dir: dir, image: image, data: data, prealloc: prealloc)
  }

  static func scan(_ image: String, checks: [CheckName], threads: Int = 2) throws -> ScanResult {
    var options = ScanOptions()
    options.checks = checks
    options.threads = threads
    return try FilesystemScan(image: image, options: options).run()
  }

  @Test func threadCountDoesNotChangeDataFindings() throws {
    let d = try Self.damaged()
    let one = try Self.scan(d.image, checks: [.all], threads: 1)
    for threads in [2, 5] {
      #expect(try Self.scan(d.image, checks: [.all], threads: threads).findings == one.findings)
    }
  }

  @Test func dataScanNeverWrites() throws {
    let d = try Self.damaged()
    let before = try sha256(d.image)
    _ = try Self.scan(d.image, checks: [.all])
    #expect(try sha256(d.image) == before)
  }
}
