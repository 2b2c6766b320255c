import Foundation
import Testing
import TestSupport

/// With root and loop devices: a loop-mounted image is reported as mounted.
@Suite(.enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
struct MountTests {
  @Test func infoSeesALoopMountOfTheImageFile() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let mountPoint = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", "loop,ro", image, mountPoint])
    defer { _ = try? run("umount", [mountPoint]) }
    let r = try run(Fixtures.binary, ["info", "--format", "json", image])
    #expect(r.status == 0)
    let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let mount = doc?["mount"] as? [String: Any]
    #expect(mount?["mounted"] as? Bool == true)
    #expect(mount?["read_only"] as? Bool == true)
    // The scan still reads the image (read-only) and finds the same ranges.
    #expect(try run(Fixtures.binary, ["scan", "-q", image]).status == 4)
  }
}

/// With root and loop devices: after repairs, the kernel reads every file of
/// the sample images exactly as before (md5 of every file through a mount).
@Suite(.serialized, .enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
struct RepairMountTests {
  /// "path md5" lines for every regular file, read through a read-only loop mount.
  static func checksums(_ image: String, in dir: TemporaryDirectory) throws -> String {
    let mountPoint = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", "loop,ro", image, mountPoint])
    defer { _ = try? run("umount", [mountPoint]) }
    return try runChecked(
      "sh", ["-c", "cd '\(mountPoint)' && find . -type f -print0 | sort -z | xargs -0 md5sum"])
  }

  @Test(arguments: ["demo", "data", "bigalloc", "deep"])
  func repairsKeepWhatTheKernelReads(_ name: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    let before = try Self.checksums(image, in: dir)
    #expect(!before.isEmpty)
    for command in [["trim"], ["trim", "--zeroed"], ["convert", "--zeroed"]] {
      let r = try run(Fixtures.binary, command + ["-y", "--no-undo", "-q", image])
      // 4: data's /zero/eof-partial keeps its EOF block (bytes past i_size).
      #expect([0, 1].contains(r.status) || (name == "data" && r.status == 4), "\(command): \(r.stderr)")
      #expect(try Fsck.check(image).status == 0, "\(name) after \(command)")
      #expect(try Self.checksums(image, in: dir) == before, "\(name) after \(command)")
    }
  }
}

/// Whether this machine lets the tests loop-mount an image.
enum LoopMount {
  static let available: Bool = {
    guard getuid() == 0, FileManager.default.fileExists(atPath: "/dev/loop-control"),
      let dir = try? TemporaryDirectory(),
      let image = try? dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "probe.img")
    else { return false }
    let mountPoint = dir.path("mnt")
    try? FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    guard (try? run("mount", ["-o", "loop,ro", image, mountPoint]))?.status == 0 else { return false }
    _ = try? run("umount", [mountPoint])
    return true
  }()
}
