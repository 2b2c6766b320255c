import E4Scope
import Foundation
import Testing
import TestSupport

/// `scan` findings equal what the finding rule (README) derives from debugfs's
/// `ex` and `stat` output, inode by inode, on images built at test time.
@Suite struct ScanDifferentialTests {
  @Test(arguments: Matrix.configs)
  func findingsMatchDebugfs(_ config: Matrix.Config) throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(config, in: dir)
    let blockSize = try Debugfs.blockSize(image)
    var expected: [ExpectedFinding] = []
    var inodes: [UInt32: String] = [:]
    for path in Matrix.files {
      let inode = try Debugfs.inode(image, path: path)
      inodes[inode] = path
      expected += try Debugfs.expectedBeyondEOF(image, inode: inode, blockSize: blockSize)
    }
    var beyondEOF = ScanOptions()
    beyondEOF.checks = [.beyondEOF]
    let result = try FilesystemScan(image: image, options: beyondEOF).run()
    let actual = result.findings.map {
      ExpectedFinding(
        kind: $0.kind.rawValue, inode: $0.inode, logicalBlock: $0.logicalBlock ?? 0,
        physicalBlock: $0.physicalBlock ?? 0, blocks: $0.blocks,
        straddlesEOF: $0.straddlesEOF ?? false)
    }
    #expect(actual == expected.sorted { ($0.inode, $0.logicalBlock) < ($1.inode, $1.logicalBlock) })
    #expect(!expected.isEmpty, "the matrix image must hold beyond-EOF cases")
    for finding in result.findings {
      #expect(finding.path == inodes[finding.inode])
      #expect(finding.fileOffset == (finding.logicalBlock ?? 0) * UInt64(blockSize))
      #expect(finding.length == finding.blocks * UInt64(blockSize))
      #expect(finding.orphan == false)
    }
    #expect(result.summary.blockSize == blockSize)
  }

  @Test func threadCountDoesNotChangeFindings() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[0], in: dir)
    var options = ScanOptions()
    options.threads = 1
    let one = try FilesystemScan(image: image, options: options).run()
    for threads in [2, 3, 8] {
      options.threads = threads
      let many = try FilesystemScan(image: image, options: options).run()
      #expect(many.findings == one.findings)
      #expect(many.summary.inodesScanned == one.summary.inodesScanned)
    }
  }

  @Test func selectionScansOnlyTheNamedFiles() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[1], in: dir)
    var options = ScanOptions()
    options.paths = ["/straddle"]
    options.inodes = [try Debugfs.inode(image, path: "/keep")]
    let result = try FilesystemScan(image: image, options: options).run()
    #expect(Set(result.findings.compactMap(\.path)) == ["/straddle", "/keep"])
    #expect(result.summary.inodesScanned == 2)
  }

  @Test func unknownPathIsASelectionError() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[1], in: dir)
    var options = ScanOptions()
    options.paths = ["/no/such/file"]
    #expect(throws: SelectionError.self) {
      try FilesystemScan(image: image, options: options).run()
    }
  }

  @Test func noPathsLeavesPathNull() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[1], in: dir)
    var options = ScanOptions()
    options.resolvePaths = false
    let result = try FilesystemScan(image: image, options: options).run()
    #expect(!result.findings.isEmpty)
    #expect(result.findings.allSatisfy { $0.path == nil })
  }

  @Test func scanNeverWrites() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[0], in: dir)
    let before = try sha256(image)
    _ = try FilesystemScan(image: image, options: ScanOptions()).run()
    #expect(try sha256(image) == before)
  }
}
