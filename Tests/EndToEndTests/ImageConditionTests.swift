import Foundation
import Testing
import TestSupport

/// A scan says when the image is not what it seems: a warning on stderr and
/// in the report (json `filesystem.warnings`, ndjson summary `warnings`);
/// the exit status stays that of the findings.
@Suite struct ImageConditionTests {
  static func image(in dir: TemporaryDirectory) throws -> String {
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 16384)
    b.requests = ["write /dev/null /keep", "fallocate /keep 0 3"]
    return try b.build(in: dir, name: "c.img")
  }

  static func expectWarning(
    _ image: String, _ text: String, status: Int32 = 4, arguments: [String] = []
  ) throws {
    let ndjson = try run(Fixtures.binary, ["scan", image] + arguments)
    #expect(ndjson.status == status, "\(ndjson.stderr)")
    #expect(ndjson.stderr.contains("warning: " + text), "\(ndjson.stderr)")
    #expect(ndjson.stdout.contains("\"warnings\":[\"" + text), "\(ndjson.stdout)")
    let json = try run(Fixtures.binary, ["scan", "--format", "json", image] + arguments)
    let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let filesystem = document?["filesystem"] as? [String: Any]
    #expect((filesystem?["warnings"] as? [String])?.first?.hasPrefix(text) == true, "\(json.stdout)")
  }

  @Test func cleanImageHasNoWarnings() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(in: dir)
    let r = try run(Fixtures.binary, ["scan", image])
    #expect(!r.stderr.contains("warning"), "\(r.stderr)")
    #expect(r.stdout.contains("\"warnings\":[]"), "\(r.stdout)")
  }

  @Test func journalNeedingRecovery() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(in: dir)
    _ = try Debugfs.request(image, "feature needs_recovery", writable: true)
    try Self.expectWarning(
      image,
      "journal of \(image) needs recovery: showing it replayed in memory (0 transactions, 0 blocks; the image is not written)")
    try Self.expectWarning(
      image, "the journal of \(image) needs recovery: findings show the metadata before replay",
      arguments: ["--journal", "raw"])
  }

  @Test func errorsRecorded() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(in: dir)
    _ = try Debugfs.request(image, "ssv state 3", writable: true)
    try Self.expectWarning(image, "the superblock of \(image) records filesystem errors")
  }

  @Test func truncatedImage() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(in: dir)
    try runChecked("truncate", ["-s", "8000000", image])
    try Self.expectWarning(image, "\(image) is 8000000 bytes, its filesystem 16777216: the image is truncated")
  }

  @Test(.enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
  func mountedReadWrite() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(in: dir)
    let point = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", "loop", image, point])
    defer { _ = try? run("umount", [point]) }
    try Self.expectWarning(
      image, "\(image) is mounted read-write at \(point): its metadata on disk may be stale; findings may be wrong")
  }
}
