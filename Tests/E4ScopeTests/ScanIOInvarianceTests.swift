@testable import E4Scope
import Foundation
import Testing
import TestSupport

/// The scan's I/O (readahead of inode tables and directory blocks,
/// directories read in physical order, data reads coalesced across gaps,
/// cached data tested in place through a mapping, the page cache left as
/// found) changes how the image is read, never what is
/// found: every thread count, with and without it (`plainIO`), with
/// `keepCache`, and with data windows of one group (each window's data read
/// while the next is scanned), gives the findings of the plain
/// single-threaded scan, on the sample images and on a generated image of
/// 50k files.
@Suite struct ScanIOInvarianceTests {
  /// One way of reading the image.
  struct Reading: CustomStringConvertible {
    var threads: Int
    var plainIO: Bool
    var keepCache = false
    /// Inodes per data window (`ScanOptions.dataWindowInodes`); nil: the default.
    var windowInodes: UInt32?
    var description: String {
      "threads \(threads)\(plainIO ? ", plain I/O" : "")\(keepCache ? ", keep cache" : "")"
        + (windowInodes.map { ", windows of \($0) inodes" } ?? "")
    }
  }

  static let readings: [Reading] =
    [1, 2, 7].flatMap { [Reading(threads: $0, plainIO: true), Reading(threads: $0, plainIO: false)] }
    + [Reading(threads: 2, plainIO: false, keepCache: true),
      Reading(threads: 2, plainIO: false, windowInodes: 1), Reading(threads: 3, plainIO: false, windowInodes: 4096)]

  static func scan(_ image: String, checks: [CheckName], _ reading: Reading) throws -> ScanResult {
    var options = ScanOptions()
    options.checks = checks
    options.threads = reading.threads
    options.plainIO = reading.plainIO
    options.keepCache = reading.keepCache
    if let windowInodes = reading.windowInodes { options.dataWindowInodes = windowInodes }
    return try FilesystemScan(image: image, options: options).run()
  }

  /// Scans `image` every way and compares findings, bytes read and
  /// warnings with the plain single-threaded scan; returns that scan.
  @discardableResult
  static func expectInvariant(_ image: String, checks: [CheckName]) throws -> ScanResult {
    let reference = try scan(image, checks: checks, Reading(threads: 1, plainIO: true))
    for reading in readings.dropFirst() {
      let result = try scan(image, checks: checks, reading)
      #expect(result.findings == reference.findings, "\(image) \(checks) \(reading)")
      #expect(result.summary.bytesRead == reference.summary.bytesRead, "\(image) \(reading)")
      #expect(result.warnings == reference.warnings, "\(image) \(reading)")
    }
    return reference
  }

  @Test(arguments: SampleImageTests.images)
  func sampleImages(_ image: Manifest.Image) throws {
    let dir = try TemporaryDirectory()
    let path = try dir.gunzip(Fixtures.images.appendingPathComponent(image.file), as: image.rawName)
    for checks in [[CheckName.beyondEOF], [.all]] {
      try Self.expectInvariant(path, checks: checks)
    }
  }

  /// 200 directories of 250 files (1-3000 bytes, 1 KiB blocks) made with
  /// `mke2fs -d`; 40 unwritten extents past EOF (`debugfs fallocate`) and
  /// 10 files' first blocks overwritten with zeros at their physical block
  /// (`debugfs bmap`), so that every kind of check has findings to agree on.
  /// Built in /dev/shm: 50k small files on a busy disk take minutes.
  @Test func generatedImageOf50kFiles() throws {
    let dir = try TemporaryDirectory(inMemory: true)
    let root = dir.url.appendingPathComponent("root")
    for d in 0..<200 {
      let directory = root.appendingPathComponent("d\(d)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      for f in 0..<250 {
        let size = (d &* 7919 &+ f &* 104_729) % 3000 + 1
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 31 &+ d &+ f) | 1) }
        try Data(bytes).write(to: directory.appendingPathComponent("f\(f)"))
      }
    }
    let image = dir.path("gen.img")
    _ = try runChecked(
      "mke2fs",
      ["-q", "-F", "-t", "ext4", "-b", "1024", "-N", "60000", "-E", "lazy_itable_init=0",
       "-d", root.path, image, "160M"])
    let preallocated = stride(from: 0, to: 200, by: 10).flatMap {
      ["fallocate /d\($0)/f7 8 15", "fallocate /d\($0)/f8 1 3"]
    }
    let script = dir.path("prealloc.debugfs")
    try (preallocated.joined(separator: "\n") + "\n").write(toFile: script, atomically: true, encoding: .utf8)
    _ = try runChecked("debugfs", ["-w", "-f", script, image])
    let zeroed = stride(from: 5, to: 200, by: 20).map { "/d\($0)/f3" }
    for path in zeroed {
      let output = try runChecked("debugfs", ["-R", "bmap \(path) 0", image])
      let block = try #require(
        output.split(whereSeparator: \.isNewline).compactMap { UInt64($0) }.first)
      _ = try runChecked(
        "dd", ["if=/dev/zero", "of=\(image)", "bs=1024", "seek=\(block)", "count=1", "conv=notrunc", "status=none"])
    }

    let all = try Self.expectInvariant(image, checks: [.all])
    #expect(all.summary.inodesScanned >= 50_000)
    #expect(all.findings.filter { $0.kind == .unwrittenBeyondEOF }.count == 40)
    #expect(all.findings.allSatisfy { $0.path != nil })
    let zeroedPaths = Set(all.findings.filter { $0.kind == .zeroedWritten }.compactMap(\.path))
    #expect(zeroedPaths == Set(zeroed))
    #expect(!all.findings.contains { $0.kind == .readError })
  }
}
