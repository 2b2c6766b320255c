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
