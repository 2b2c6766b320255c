import E4Scope
import Foundation
import Testing
import TestSupport

/// The kernel-made sample images give exactly the findings of
/// Images/manifest.json, for the default scan, `--checks all`, and
/// `--checks all --granularity sector`.
@Suite struct SampleImageTests {
  static let images = (try? Manifest.load().images) ?? []

  /// The fields a finding is compared on.
  struct Key: Hashable, CustomStringConvertible {
    var kind: String, inode: UInt32, path: String?, logical: UInt64?, physical: UInt64?
    var blocks: UInt64, offset: UInt64?, length: UInt64, straddles: Bool?, orphan: Bool
    var iSize: UInt64, beyondEOF: Bool?, firstNonzero: UInt64?, nonzeroBytes: UInt64?

    var description: String {
      "\(kind) ino \(inode) l\(logical ?? 0) p\(physical ?? 0) n\(blocks) off \(offset ?? 0)+\(length)"
    }
  }

  enum Mode: String, CaseIterable, Sendable { case beyondEOF, all, sector }

  static func expected(_ image: Manifest.Image, _ mode: Mode) -> [Key] {
    var keys: [Key] = []
    for file in image.files {
      var findings = file.expectedFindings
      if mode != .beyondEOF { findings += file.expectedDataFindings }
      if mode == .sector { findings += file.expectedSectorFindings }
      keys += findings.map { f in
        Key(
          kind: f.kind, inode: file.inode, path: file.path, logical: f.logicalBlock,
          physical: f.physicalBlock, blocks: f.blocks, offset: f.fileOffset, length: f.length,
          straddles: f.straddlesEOF, orphan: f.orphan, iSize: file.iSize, beyondEOF: f.beyondEOF,
          firstNonzero: f.firstNonzeroOffset, nonzeroBytes: f.nonzeroBytes)
      }
    }
    let order = FindingKind.allCases.map(\.rawValue)
    return keys.sorted {
      ($0.inode, $0.logical ?? 0, order.firstIndex(of: $0.kind) ?? 0, $0.offset ?? 0)
        < ($1.inode, $1.logical ?? 0, order.firstIndex(of: $1.kind) ?? 0, $1.offset ?? 0)
    }
  }

  @Test func manifestIsPresent() {
    #expect(Self.images.count >= 6)
  }

  @Test(arguments: images, Mode.allCases)
  func findingsMatchManifest(_ image: Manifest.Image, _ mode: Mode) throws {
    let dir = try TemporaryDirectory()
    let path = try dir.gunzip(Fixtures.images.appendingPathComponent(image.file), as: image.rawName)
    var options = ScanOptions()
    options.threads = 2
    // e2fsck_hazard is not in the manifest: E2fsckHazardTests checks it
    // against e2fsck -fy itself on these images.
    options.checks = mode == .beyondEOF ? [.beyondEOF] : [.all]
    if mode == .sector { options.granularity = .sector }
    let result = try FilesystemScan(image: path, options: options).run()
    let actual = result.findings.filter { $0.kind != .e2fsckHazard }.map {
      Key(
        kind: $0.kind.rawValue, inode: $0.inode, path: $0.path, logical: $0.logicalBlock,
        physical: $0.physicalBlock, blocks: $0.blocks, offset: $0.fileOffset, length: $0.length,
        straddles: $0.straddlesEOF, orphan: $0.orphan, iSize: $0.iSize, beyondEOF: $0.beyondEOF,
        firstNonzero: $0.firstNonzeroOffset, nonzeroBytes: $0.nonzeroBytes)
    }
    #expect(actual == Self.expected(image, mode))
    let scan = [Mode.beyondEOF: image.expectedScan, .all: image.expectedScanAll, .sector: image.expectedScanSector][mode]
    #expect(result.summary.findings.filter { $0.value > 0 && $0.key != FindingKind.e2fsckHazard.rawValue } == scan?.findings)
  }

  /// A finding through any `Encoder` (here Foundation's) holds the same
  /// members and values as the report's own NDJSON line for it.
  @Test(arguments: images)
  func findingsEncodeAlikeThroughFoundation(_ image: Manifest.Image) throws {
    let dir = try TemporaryDirectory()
    let path = try dir.gunzip(Fixtures.images.appendingPathComponent(image.file), as: image.rawName)
    var options = ScanOptions()
    options.checks = [.all]
    let result = try FilesystemScan(image: path, options: options).run()
    try #require(!result.findings.isEmpty)
    let lines = ReportRenderer.render([result], as: .ndjson).split(separator: "\n").dropLast()
    #expect(lines.count == result.findings.count)
    for (finding, line) in zip(result.findings, lines) {
      let foundation = try JSONSerialization.jsonObject(with: JSONEncoder().encode(finding)) as? NSDictionary
      let own = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary
      #expect(foundation != nil && foundation == own, "\(line)")
    }
  }
}
