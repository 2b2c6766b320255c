import Foundation
import Testing
import TestSupport

/// The refusals and guards around a repair's writes: image kinds, unclean
/// and unfinished images, --size bounds, the image lock and the undo file.
/// Every refusal exits 8 and leaves the image's bytes unchanged.
@Suite(.serialized) struct RepairSafetyTests {
  let binary = Fixtures.binary

  /// 41 files with unwritten blocks beyond EOF on a 1 KiB-block ext4.
  func image(_ dir: TemporaryDirectory, _ name: String = "t.img") throws -> String {
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024"], sizeKiB: 16384)
    b.requests = (0...40).flatMap { ["write /dev/null f\($0)", "fallocate f\($0) 0 3"] }
    return try b.build(in: dir, name: name)
  }

  func undoFiles(_ dir: TemporaryDirectory) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".e2undo") }
  }

  @Test func fifoCharacterDeviceAndDirectoryAreRefusedAtOnce() throws {
    let dir = try TemporaryDirectory()
    let fifo = dir.path("fifo")
    try runChecked("mkfifo", [fifo])
    let cases: [(String, String)] = [(fifo, "is a FIFO"), ("/dev/null", "is a character device"), (dir.url.path, "is a directory")]
    for (path, kind) in cases {
      for command in [["scan"], ["info"], ["extents", "--inode", "12"], ["trim", "-y"], ["convert", "-y", "--zeroed"]] {
        let r = try run("timeout", ["10", binary] + command + [path])
        #expect(r.status == 8, "\(command) \(path): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(kind), "\(command) \(path): \(r.stderr)")
      }
    }
  }

  @Test func uncleanFilesystemIsRefused() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    _ = try run("debugfs", ["-w", "-R", "ssv state 0", img])
    let before = try sha256(img)
    let r = try run(binary, ["trim", "-y", img])
    #expect(r.status == 8)
    #expect(r.stderr.contains("not marked clean") && r.stderr.contains("e2fsck -fp"), "\(r.stderr)")
    #expect(try sha256(img) == before)
    #expect(try undoFiles(dir).isEmpty)
  }

  @Test func leftoverUnfinishedRepairIsRefusedNamingItsUndoFile() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let marker = dir.path(".t.img.e4scope-repair")
    try "undo=\(dir.path("old.e2undo"))\n".write(toFile: marker, atomically: false, encoding: .utf8)
    let before = try sha256(img)
    let r = try run(binary, ["trim", "-y", img])
    #expect(r.status == 8)
    #expect(r.stderr.contains("did not finish"), "\(r.stderr)")
    #expect(r.stderr.contains("e2undo \(dir.path("old.e2undo")) \(img)"), "\(r.stderr)")
    #expect(r.stderr.contains("e2fsck -fp \(img)"), "\(r.stderr)")
    #expect(try sha256(img) == before)
  }

  @Test(arguments: ["17592186044416", "9223372036854775807", "9223372036854775808"])
  func sizeBeyondTheFilesystemsLimitIsRefusedBeforeWriting(_ size: String) throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let r = try run(
      binary, ["convert", "-y", "--unwritten-data", "--extend-size", "--size", size, "--inode", "12", img])
    #expect(r.status == 8, "\(r.stderr)")
    #expect(r.stderr.contains("largest file this filesystem allows"), "\(r.stderr)")
    // The limit the kernel computes for 1 KiB blocks with huge_file: (2^32 - 1) blocks.
    #expect(r.stderr.contains("(4398046510080 bytes)"), "\(r.stderr)")
    #expect(try sha256(img) == before)
    #expect(try undoFiles(dir).isEmpty)
  }

  @Test func repairIsRefusedWhileAnotherProgramHoldsTheLock() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    holder.arguments = ["-x", img, "sleep", "30"]
    try holder.run()
    defer {
      holder.terminate()
      holder.waitUntilExit()
    }
    // Wait until flock holds it.
    var waited = 0
    while waited < 100, (try run("flock", ["-n", "-s", img, "true"])).status == 0 {
      usleep(50_000)
      waited += 1
    }
    let r = try run(binary, ["trim", "-y", img])
    #expect(r.status == 8)
    #expect(r.stderr.contains("is locked by another program"), "\(r.stderr)")
    #expect(try sha256(img) == before)
    let scan = try run(binary, ["scan", "--format", "ndjson", img])
    #expect(scan.stderr.contains("is being changed by a repair (locked)"), "\(scan.stderr)")
  }

  @Test func aSecondRepairDuringTheWritesOfAFirstIsRefused() throws {
    let dir = try TemporaryDirectory()
    let img = dir.path("many.img")
    try runChecked("cp", [try RepairSignalTests.built(), img])
    let original = try sha256(img)
    let first = Process()
    first.executableURL = URL(fileURLWithPath: binary)
    first.arguments = ["trim", "-y", "--undo", dir.path("u0.e2undo"), "--format", "ndjson", img]
    let err = Pipe()
    first.standardError = err
    first.standardOutput = FileHandle.nullDevice
    try first.run()
    // Start the second once the first has begun writing.
    var seen = ""
    while !seen.contains("writing undo file") {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    let second = try run(binary, ["trim", "-y", "--undo", dir.path("u1.e2undo"), img])
    _ = err.fileHandleForReading.readDataToEndOfFile()
    first.waitUntilExit()
    #expect(first.terminationStatus == 1)
    #expect(second.status == 8, "\(second.stderr)")
    #expect(second.stderr.contains("is locked by another program (process \(first.processIdentifier))"), "\(second.stderr)")
    #expect(try Fsck.check(img).status == 0)
    #expect(try undoFiles(dir) == ["u0.e2undo"])
    try e2undo(dir.path("u0.e2undo"), img)
    #expect(try sha256(img) == original)
  }

  @Test func undoDirectoryNoneIsRefused() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let r = try run("env", ["E2FSPROGS_UNDO_DIR=none", binary, "trim", "-y", img])
    #expect(r.status == 8, "\(r.status) \(r.stderr)")
    #expect(r.stderr.contains("E2FSPROGS_UNDO_DIR=none"))
    #expect(try sha256(img) == before)
  }

  @Test func undoInAMissingDirectoryIsRefused() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let r = try run(binary, ["trim", "-y", "--undo", dir.path("missing/u.e2undo"), img])
    #expect(r.status == 8, "\(r.status) \(r.stderr)")
    #expect(r.stderr.contains("No such file or directory") && r.stderr.contains("image is unchanged"))
    #expect(try sha256(img) == before)
    #expect(!FileManager.default.fileExists(atPath: dir.path(".t.img.e4scope-repair")))
  }

  @Test func danglingSymlinkAtTheUndoPathIsNotFollowed() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let link = dir.path("u.e2undo")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: dir.path("planted"))
    let r = try run(binary, ["trim", "-y", "--undo", link, img])
    #expect(r.status == 8, "\(r.status) \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.path("planted")))
    #expect(try sha256(img) == before)
  }

  @Test func existingUndoFileIsRefused() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let undo = dir.path("u.e2undo")
    try "keep me".write(toFile: undo, atomically: false, encoding: .utf8)
    let r = try run(binary, ["trim", "-y", "--undo", undo, img])
    #expect(r.status == 8)
    #expect(try String(contentsOfFile: undo, encoding: .utf8) == "keep me")
    #expect(try sha256(img) == before)
  }

  @Test func defaultUndoNamesAreUniquePerRun() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let copy = try image(dir, "t2.img")
    _ = try run(binary, ["trim", "-y", img])
    try FileManager.default.removeItem(atPath: img)
    try FileManager.default.moveItem(atPath: copy, toPath: img)
    _ = try run(binary, ["trim", "-y", img])
    // Two runs within the same second get two undo files.
    #expect(try undoFiles(dir).count == 2)
  }

  @Test(.enabled(if: getuid() == 0, "needs root to mount a tmpfs"))
  func fullDiskForTheUndoFileIsRefusedWithTheImageUnchanged() throws {
    let dir = try TemporaryDirectory()
    let img = try image(dir)
    let before = try sha256(img)
    let small = dir.path("small")
    try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
    try runChecked("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small])
    defer { _ = try? run("umount", [small]) }
    let r = try run(binary, ["trim", "-y", "--undo", small + "/u.e2undo", img])
    #expect(r.status == 8, "\(r.status) \(r.stderr)")
    #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
    #expect(try sha256(img) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: small).isEmpty)
  }
}
