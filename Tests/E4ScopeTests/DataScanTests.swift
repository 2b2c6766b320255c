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

  @Test func zeroedRunsMatchTheDamage() throws {
    let d = try Self.damaged()
    let r = try Self.scan(d.image, checks: [.zeroed])
    let zeroed = r.findings.filter { $0.kind == .zeroedWritten }
    #expect(zeroed.map(\.inode) == [d.data, d.data])
    #expect(zeroed.map(\.logicalBlock) == [0, 5])
    #expect(zeroed.map(\.blocks) == [2, 3])
    #expect(zeroed.allSatisfy { $0.path == "/data" })
    // Oracle: debugfs maps the same physical blocks, and they read as zeros.
    for f in zeroed {
      #expect(f.physicalBlock == (try Debugfs.bmap(d.image, inode: d.data, block: f.logicalBlock ?? 0)))
      let raw = try RawImage.read(d.image, at: (f.physicalBlock ?? 0) * 4096, count: Int(f.length))
      #expect(raw.allSatisfy { $0 == 0 })
    }
    #expect(r.summary.bytesRead >= 16 * 4096)
    #expect(!r.findings.contains { $0.kind == .unwrittenWithData })
  }

  @Test func unwrittenDataMatchesTheDamage() throws {
    let d = try Self.damaged()
    let r = try Self.scan(d.image, checks: [.unwrittenData])
    let found = r.findings.filter { $0.kind == .unwrittenWithData }
    #expect(found.map(\.logicalBlock) == [4, 12])
    #expect(found.map(\.blocks) == [3, 1])
    #expect(found.map(\.beyondEOF) == [false, true])
    let expectedOffsets: [UInt64?] = [4 * 4096 + 10, 12 * 4096 + 10]
    #expect(found.map(\.firstNonzeroOffset) == expectedOffsets)
    #expect(found.allSatisfy { $0.inode == d.prealloc })
    // Oracle: libext2fs (debugfs dump) reads zeros there, the raw blocks do not.
    let logical = try Debugfs.dump(d.image, inode: d.prealloc, in: d.dir)
    #expect(logical.count == 40960)
    #expect(logical.allSatisfy { $0 == 0 })
    for f in found {
      let raw = try RawImage.read(d.image, at: (f.physicalBlock ?? 0) * 4096, count: Int(f.length))
      #expect(!raw.allSatisfy { $0 == 0 })
      #expect(f.nonzeroBytes == UInt64(raw.filter { $0 != 0 }.count))
    }
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

  @Test func truncatedDataIsAReadErrorNotZeros() throws {
    let d = try Self.damaged()
    // Cut the image inside /data's blocks 8-15 (after its zeroed blocks 5-7).
    let p8 = try Debugfs.bmap(d.image, inode: d.data, block: 8)
    let p15 = try Debugfs.bmap(d.image, inode: d.data, block: 15)
    try #require(p15 == p8 + 7, "the test file is contiguous")
    let cut = (p8 + 2) * 4096 + 100
    try FileHandle(forWritingTo: URL(fileURLWithPath: d.image)).truncate(atOffset: cut)
    let r = try Self.scan(d.image, checks: [.zeroed])
    let errors = r.findings.filter { $0.kind == .readError && $0.inode == d.data }
    #expect(errors.count == 1)
    #expect(errors.first?.logicalBlock == 10)
    #expect(errors.first?.blocks == 6)
    #expect(errors.first?.message?.contains("image ends at byte \(cut)") == true)
    #expect(r.findings.filter { $0.kind == .zeroedWritten && $0.inode == d.data }.map(\.logicalBlock) == [0, 5])
  }

  @Test func minRunDropsShortRuns() throws {
    let d = try Self.damaged()
    var options = ScanOptions()
    options.checks = [.zeroed]
    options.minRun = 3
    let r = try FilesystemScan(image: d.image, options: options).run()
    #expect(r.findings.filter { $0.kind == .zeroedWritten }.map(\.logicalBlock) == [5])
  }
}
