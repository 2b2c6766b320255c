import Foundation
import Testing
import TestSupport

/// `trim` and `convert` from the command line: refusals write nothing and
/// exit 8 (or 16), a dry run prints the plan, the undo file restores.
@Suite(.serialized) struct RepairCommandTests {
  let binary = Fixtures.binary

  func demo(_ dir: TemporaryDirectory) throws -> String {
    try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
  }

  @Test func withoutYesAndWithoutATerminalItRefuses() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let before = try sha256(image)
    let r = try run(binary, ["trim", image])
    #expect(r.status == 16)
    #expect(r.stderr.contains("refusing to write without --yes"))
    #expect(try sha256(image) == before)
  }

  @Test(arguments: ["table", "json", "ndjson", "csv"])
  func dryRunPrintsThePlanAndWritesNothing(_ format: String) throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let before = try sha256(image)
    let r = try run(binary, ["trim", "--dry-run", "--format", format, image])
    #expect(r.status == 4)
    #expect(r.stdout.contains("trim"))
    #expect(try sha256(image) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".e2undo") }.isEmpty)
  }

  @Test func repairWritesAnUndoFileThatRestoresTheImage() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let before = try sha256(image)
    let r = try run(binary, ["trim", "-y", "--format", "ndjson", image])
    #expect(r.status == 1)
    let undo = try #require(
      try FileManager.default.contentsOfDirectory(atPath: dir.url.path).first { $0.hasSuffix(".e2undo") })
    #expect(r.stderr.contains("writing undo file"))
    #expect(r.stderr.contains(undo))
    #expect(r.stdout.contains("\"action\":\"trimmed\""))
    #expect(r.stdout.contains("\"blocks_freed\":"))
    #expect(try Fsck.check(image).status == 0)
    #expect(try run(binary, ["scan", "-q", image]).status == 0)
    // Nothing left to do: exit 0, and the image is not opened for writing.
    let after = try sha256(image)
    #expect(try run(binary, ["trim", "-y", "--no-undo", image]).status == 0)
    #expect(try sha256(image) == after)
    try e2undo(dir.path(undo), image)
    #expect(try sha256(image) == before)
    // A named undo file; an existing one is never overwritten.
    let r2 = try run(binary, ["trim", "-y", "--undo", dir.path("named.e2undo"), image])
    #expect(r2.status == 1)
    let again = try run(binary, ["trim", "-y", "--undo", dir.path("named.e2undo"), image])
    #expect(again.status == 8)
    #expect(again.stderr.contains("exists"))
  }

  @Test func journalNeedingRecoveryIsRefused() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    try runChecked("debugfs", ["-w", "-R", "feature needs_recovery", image])
    let before = try sha256(image)
    let r = try run(binary, ["trim", "-y", image])
    #expect(r.status == 8)
    #expect(r.stderr.contains("e2fsck -p -E journal_only \(image)"))
    #expect(try sha256(image) == before)
  }

  @Test func corruptGroupDescriptorsAreRefusedEvenWithForce() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    try runChecked("debugfs", ["-w", "-R", "set_bg 0 block_bitmap 99999999", image])
    try runChecked("debugfs", ["-w", "-R", "set_bg 0 checksum calc", image])
    let before = try sha256(image)
    let r = try run(binary, ["trim", "-y", "--force", "--no-undo", image])
    #expect(r.status == 8)
    #expect(r.stderr.contains("group descriptors are inconsistent"))
    #expect(try sha256(image) == before)
  }

  @Test func readOnlyImageIsRefused() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: image)
    let before = try sha256(image)
    let r = try run(binary, ["trim", "-y", image])
    #expect(r.status == 8)
    #expect(r.stderr.contains("cannot be written"))
    #expect(try sha256(image) == before)
  }

  @Test func quotaNeedsForceAndAFsckAfterwards() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-O", "quota"], sizeKiB: 16384)
    b.requests = ["write /dev/null f", "fallocate f 0 15"]
    let image = try b.build(in: dir, name: "q.img")
    let before = try sha256(image)
    let refused = try run(binary, ["trim", "-y", "--no-undo", image])
    #expect(refused.status == 8)
    #expect(refused.stderr.contains("quota"))
    #expect(try sha256(image) == before)
    let forced = try run(binary, ["trim", "-y", "--no-undo", "--force", image])
    #expect(forced.status == 1)
    #expect(forced.stderr.contains("e2fsck -fp"))
  }

  @Test func unwrittenDataConversionNeedsASelection() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let r = try run(binary, ["convert", "--unwritten-data", "-y", image])
    #expect(r.status == 16)
    #expect(r.stderr.contains("--inode or --path"))
  }

  @Test(.enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
  func mountedImageIsRefused() throws {
    let dir = try TemporaryDirectory()
    let image = try demo(dir)
    let mountPoint = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", "loop,ro", image, mountPoint])
    defer { _ = try? run("umount", [mountPoint]) }
    let before = try sha256(image)
    let r = try run(binary, ["trim", "-y", image])
    #expect(r.status == 8)
    #expect(r.stderr.contains("is mounted"))
    #expect(try sha256(image) == before)
  }
}
