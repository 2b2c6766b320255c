import E4Scope
import Foundation
import Testing
import TestSupport

/// The kernel-made sample images give exactly the findings of Images/manifest.json.
@Suite struct SampleImageTests {
  static let images = (try? Manifest.load().images) ?? []

  @Test func manifestIsPresent() {
    #expect(Self.images.count >= 3)
  }

  @Test(arguments: images)
  func findingsMatchManifest(_ image: Manifest.Image) throws {
    let dir = try TemporaryDirectory()
    let path = try dir.gunzip(Fixtures.images.appendingPathComponent(image.file), as: image.rawName)
    let result = try FilesystemScan(image: path, options: ScanOptions()).run()
    struct Key: Hashable {
      var kind: String, inode: UInt32, path: String?, logical: UInt64?, physical: UInt64?
      var blocks: UInt64, offset: UInt64?, length: UInt64, straddles: Bool?, orphan: Bool
      var iSize: UInt64
    }
    var expected: [Key] = []
    for file in image.files {
      for f in file.expectedFindings {
        expected.append(
          Key(
            kind: f.kind, inode: file.inode, path: file.path, logical: f.logicalBlock,
            physical: f.physicalBlock, blocks: f.blocks, offset: f.fileOffset, length: f.length,
            straddles: f.straddlesEOF, orphan: f.orphan, iSize: file.iSize))
      }
    }
    let actual = result.findings.map {
      Key(
        kind: $0.kind.rawValue, inode: $0.inode, path: $0.path, logical: $0.logicalBlock,
        physical: $0.physicalBlock, blocks: $0.blocks, offset: $0.fileOffset, length: $0.length,
        straddles: $0.straddlesEOF, orphan: $0.orphan, iSize: $0.iSize)
    }
    #expect(actual == expected.sorted { ($0.inode, $0.logical ?? 0) < ($1.inode, $1.logical ?? 0) })
    let counts = result.summary.findings.filter { $0.value > 0 }
    #expect(counts == image.expectedScan.findings)
  }
}
