import E4Scope
import Foundation
import Testing
import TestSupport

/// Repairs on images built at test time: e2fsck -fn clean afterwards, files
/// read the same bytes, free counts move by what was freed, a second scan
/// finds nothing, and e2undo restores the original byte for byte.
@Suite(.serialized) struct RepairTests {
  static func repair(
    _ image: String, _ targets: [RepairTarget], undo: String?, inodes: [UInt32] = [],
    extendSize: Bool = false
  ) throws -> RepairResult {
    var options = RepairOptions()
    options.targets = targets
    options.undoFile = undo
    options.scan.threads = 2
    options.scan.inodes = inodes
    options.extendSize = extendSize
    return try Repair(image: image, options: options).run(confirm: { _ in true })
  }

  static func expectClean(_ image: String, _ context: String) throws {
    let fsck = try Fsck.check(image)
    #expect(fsck.status == 0, "\(context): e2fsck -fn: \(fsck.stdout)")
  }

  @Test(arguments: Matrix.configs)
  func trimBeyondEOF(_ config: Matrix.Config) throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(config, in: dir)
    let original = try sha256(image)
    let before = try FileContents(image, paths: Matrix.files, in: dir)
    let freeBefore = try freeBlocks(image)
    let mapBefore = try Debugfs.mapBlocks(image, paths: Matrix.files)
    let undo = dir.path("trim.e2undo")
    let result = try Self.repair(image, [.unwrittenBeyondEOF, .writtenBeyondEOF], undo: undo)
    #expect(result.exitStatus == 1)
    #expect(result.summary.repaired > 0 && result.summary.left == 0)
    try Self.expectClean(image, "\(config) after trim")
    #expect(try FileContents(image, paths: Matrix.files, in: dir) == before)
    let trimmed = result.findings.reduce(0) { $0 + $1.blocks }
    let freed = try freeBlocks(image) - freeBefore
    #expect(freed == result.summary.blocksFreed)
    if !config.mkfs.contains("bigalloc") {
      // Data blocks trimmed, plus map blocks (indirect, extent) that emptied.
      let mapFreed = UInt64(mapBefore - (try Debugfs.mapBlocks(image, paths: Matrix.files)))
      #expect(freed == trimmed + mapFreed)
    }
    let again = try FilesystemScan(image: image, options: ScanOptions()).run()
    #expect(again.findings.isEmpty, "\(again.findings)")
    try e2undo(undo, image)
    #expect(try sha256(image) == original)
  }

  /// A file per conversion shape: a run in the middle of an extent, a run in
  /// an inode whose four extent slots are full (the tree must grow), and 32
  /// one-block runs in one file.
  static func zeroDamaged(_ config: Matrix.Config, in dir: TemporaryDirectory) throws -> (String, [String]) {
    var b = ImageBuilder(mkfsArguments: config.mkfs, sizeKiB: 16384)
    let data = dir.path("data")
    b.requests = [
      "write \(data) mid", "write \(data) full", "punch full 2 2", "punch full 5 5", "punch full 8 8",
      "write \(data) many",
    ]
    let image = try b.build(in: dir, name: "z.img", dataFiles: ["data": 64 * 4096])
    let blockSize = try Debugfs.blockSize(image)
    func zero(_ path: String, _ blocks: [UInt64]) throws {
      let inode = try Debugfs.inode(image, path: path)
      for lblk in blocks {
        let p = try Debugfs.bmap(image, inode: inode, block: lblk)
        try RawImage.write(image, at: p * UInt64(blockSize), [UInt8](repeating: 0, count: blockSize))
      }
    }
    try zero("/mid", [5, 6, 7])
    try zero("/full", [12])
    try zero("/many", stride(from: 0, to: 64, by: 2).map { UInt64($0) })
    return (image, ["/mid", "/full", "/many"])
  }

  @Test(arguments: Matrix.configs.filter(\.extents))
  func convertZeroedRuns(_ config: Matrix.Config) throws {
    let dir = try TemporaryDirectory()
    let (image, files) = try Self.zeroDamaged(config, in: dir)
    let original = try sha256(image)
    let before = try FileContents(image, paths: files, in: dir)
    let freeBefore = try freeBlocks(image)
    let undo = dir.path("convert.e2undo")
    let result = try Self.repair(image, [.convertZeroed], undo: undo)
    #expect(result.exitStatus == 1)
    #expect(result.summary.repaired >= 34)
    try Self.expectClean(image, "\(config) after convert --zeroed")
    #expect(try FileContents(image, paths: files, in: dir) == before)
    #expect(try freeBlocks(image) <= freeBefore)
    let full = try Debugfs.inode(image, path: "/full")
    #expect(try Debugfs.extents(image, inode: full).contains { !$0.isLeaf }, "the tree grew")
    var options = ScanOptions()
    options.checks = [.all]
    let again = try FilesystemScan(image: image, options: options).run()
    #expect(!again.findings.contains { $0.kind == .zeroedWritten || $0.kind == .unwrittenWithData })
    try e2undo(undo, image)
    #expect(try sha256(image) == original)
  }

  @Test(arguments: Matrix.configs.filter(\.extents))
  func punchZeroedRuns(_ config: Matrix.Config) throws {
    let dir = try TemporaryDirectory()
    let (image, files) = try Self.zeroDamaged(config, in: dir)
    let original = try sha256(image)
    let before = try FileContents(image, paths: files, in: dir)
    let freeBefore = try freeBlocks(image)
    let mapBefore = try Debugfs.mapBlocks(image, paths: files)
    let undo = dir.path("punch.e2undo")
    let result = try Self.repair(image, [.punchZeroed], undo: undo)
    #expect(result.exitStatus == 1)
    try Self.expectClean(image, "\(config) after trim --zeroed")
    #expect(try FileContents(image, paths: files, in: dir) == before)
    if !config.mkfs.contains("bigalloc") {
      // 36 zeroed blocks freed, less the extent-tree blocks the new holes needed.
      let mapGrown = try Debugfs.mapBlocks(image, paths: files) - mapBefore
      #expect(Int(try freeBlocks(image)) - Int(freeBefore) == 36 - mapGrown)
    }
    try e2undo(undo, image)
    #expect(try sha256(image) == original)
  }

  @Test func convertUnwrittenDataExposesExactlyTheRecoveredRanges() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 16384)
    b.requests = [
      "write /dev/null inside", "fallocate inside 0 7", "sif inside size 32768",
      "write \(dir.path("data")) keep", "fallocate keep 100 199",
      "write \(dir.path("data")) plain",
    ]
    let image = try b.build(in: dir, name: "u.img", dataFiles: ["data": 20000])
    try Self.expectClean(image, "before convert --unwritten-data")
    let inside = try Debugfs.inode(image, path: "/inside")
    let keep = try Debugfs.inode(image, path: "/keep")
    let text = Array("recovered data".utf8)
    let p2 = try Debugfs.bmap(image, inode: inside, block: 2)
    try RawImage.write(image, at: p2 * 4096 + 100, text)
    let p120 = try Debugfs.bmap(image, inode: keep, block: 120)
    try RawImage.write(image, at: p120 * 4096 + 7, text)
    let before = try FileContents(image, paths: ["/plain"], in: dir)
    let keepBefore = try Debugfs.dump(image, inode: keep, in: dir)
    let original = try sha256(image)
    let undo = dir.path("recover.e2undo")
    let result = try Self.repair(
      image, [.convertUnwrittenData], undo: undo, inodes: [inside, keep], extendSize: true)
    #expect(result.exitStatus == 1)
    #expect(result.findings.map(\.action) == [.converted, .extended])
    try Self.expectClean(image, "after convert --unwritten-data")
    let insideBytes = try Debugfs.dump(image, inode: inside, in: dir)
    #expect(insideBytes.count == 32768)
    #expect(Array(insideBytes[2 * 4096 + 100..<2 * 4096 + 100 + text.count]) == text)
    #expect(insideBytes.filter { $0 != 0 }.count == text.count)
    #expect(try Debugfs.size(image, inode: keep) == 120 * 4096 + 7 + UInt64(text.count))
    let keepBytes = try Debugfs.dump(image, inode: keep, in: dir)
    #expect(Array(keepBytes.prefix(keepBefore.count)) == keepBefore)
    #expect(Array(keepBytes.suffix(text.count)) == text)
    #expect(try FileContents(image, paths: ["/plain"], in: dir) == before)
    try e2undo(undo, image)
    #expect(try sha256(image) == original)
  }

  @Test func noFreeBlocksForASplitChangesNothing() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096", "-m", "0"], sizeKiB: 8192)
    b.requests = [
      "write \(dir.path("data")) full", "punch full 2 2", "punch full 5 5", "punch full 8 8",
    ]
    let image = try b.build(in: dir, name: "full.img", dataFiles: ["data": 16 * 4096])
    // Fill the rest: one block at a time until none is left.
    let free = try freeBlocks(image)
    try runChecked("debugfs", ["-w", "-R", "write /dev/null filler", image])
    try runChecked("debugfs", ["-w", "-R", "fallocate filler 0 \(free + 16)", image])
    #expect(try freeBlocks(image) == 0)
    let inode = try Debugfs.inode(image, path: "/full")
    let p = try Debugfs.bmap(image, inode: inode, block: 12)
    try RawImage.write(image, at: p * 4096, [UInt8](repeating: 0, count: 4096))
    let original = try sha256(image)
    let result = try Self.repair(image, [.convertZeroed], undo: dir.path("u"))
    #expect(result.exitStatus == 4)
    #expect(result.findings.first?.message?.contains("no free blocks") == true)
    #expect(try sha256(image) == original)
    #expect(!FileManager.default.fileExists(atPath: dir.path("u")))
  }

  @Test(arguments: ["demo", "deep", "deep-e2fsck", "bigalloc", "data"])
  func trimSampleImage(_ name: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    let manifest = try #require(try Manifest.load().images.first { $0.file == "\(name).img.gz" })
    let paths = manifest.files.map(\.path)
    let before = try FileContents(image, paths: paths, in: dir)
    let result = try Self.repair(image, [.unwrittenBeyondEOF], undo: nil)
    #expect(result.exitStatus == 1)
    try Self.expectClean(image, "\(name) after trim")
    #expect(try FileContents(image, paths: paths, in: dir) == before)
    if name == "data" {
      // /zero/eof-partial's EOF block is zero below i_size but not past it:
      // it is split off and left, the rest of its run is converted.
      let converted = try Self.repair(image, [.convertZeroed], undo: nil)
      #expect(converted.exitStatus == 4)
      let left = converted.findings.filter { $0.action == .left }
      #expect(left.count == 1 && left.first?.blocks == 1)
      #expect(left.first?.message?.contains("EOF block holds non-zero bytes past i_size") == true)
      try Self.expectClean(image, "data after convert --zeroed")
      #expect(try FileContents(image, paths: paths, in: dir) == before)
    }
  }

  /// After every repair of every sample image, a scan with the same checks
  /// reports none of the ranges the repair called repaired, and still
  /// reports every range it left.
  @Test(arguments: ["demo", "deep", "deep-e2fsck", "bigalloc", "data", "written-eof", "ext3"])
  func rescanFindsNothingThatWasRepaired(_ name: String) throws {
    let targets: [[RepairTarget]] = [
      [.unwrittenBeyondEOF], [.writtenBeyondEOF], [.punchZeroed], [.convertZeroed],
    ]
    for target in targets {
      let dir = try TemporaryDirectory()
      let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
      let cleanBefore = try Fsck.check(image).status == 0
      let result = try Self.repair(image, target, undo: nil)
      var options = ScanOptions()
      options.checks = target.map(\.check)
      let after = try FilesystemScan(image: image, options: options).run().findings
        .filter { f in target.contains { $0.findingKind == f.kind } }
      /// "inode:logical" for every block of the findings.
      func blocks(_ findings: [Finding]) -> Set<String> {
        Set(findings.flatMap { f in
          let start = f.logicalBlock ?? 0
          return (start..<start + f.blocks).map { "\(f.inode):\($0)" }
        })
      }
      let repaired = blocks(result.findings.filter { $0.action != .left })
      let left = blocks(result.findings.filter { $0.action == .left })
      let found = blocks(after)
      #expect(found.isDisjoint(with: repaired), "\(name) \(target): rescan still reports repaired blocks")
      #expect(found == left, "\(name) \(target): rescan differs from what was left")
      if cleanBefore { try Self.expectClean(image, "\(name) after \(target)") }
    }
  }
}
