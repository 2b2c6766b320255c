import Foundation
import Testing
import TestSupport

/// With root and loop devices: a repair of a block device holds it open
/// `O_EXCL` for the whole run, so a mount attempted during its writes fails,
/// and a repair of a mounted device is refused.
@Suite(.serialized, .enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
struct RepairMountRaceTests {
  @Test func mountDuringTheWritesFailsAndTheRepairFinishes() throws {
    let dir = try TemporaryDirectory()
    let img = dir.path("many.img")
    try runChecked("cp", [try RepairSignalTests.built(), img])
    let original = try sha256(img)
    let device = try runChecked("losetup", ["-f", "--show", img]).trimmingCharacters(in: .whitespacesAndNewlines)
    defer { _ = try? run("losetup", ["-d", device]) }
    let mountPoint = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    let repair = Process()
    repair.executableURL = URL(fileURLWithPath: Fixtures.binary)
    repair.arguments = ["trim", "-y", "--undo", dir.path("u.e2undo"), "--format", "ndjson", device]
    let err = Pipe()
    repair.standardError = err
    repair.standardOutput = FileHandle.nullDevice
    try repair.run()
    var seen = ""
    while !seen.contains("writing undo file") {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    let mount = try run("mount", [device, mountPoint])
    if mount.status == 0 { _ = try run("umount", [mountPoint]) }
    _ = err.fileHandleForReading.readDataToEndOfFile()
    repair.waitUntilExit()
    #expect(mount.status != 0, "the mount succeeded during the repair's writes")
    #expect(repair.terminationStatus == 1, "\(seen)")
    #expect(try Fsck.check(device).status == 0)
    try e2undo(dir.path("u.e2undo"), device)
    #expect(try sha256(img) == original)
  }

  @Test func repairOfAMountedDeviceIsRefused() throws {
    let dir = try TemporaryDirectory()
    let img = dir.path("many.img")
    try runChecked("cp", [try RepairSignalTests.built(), img])
    let mountPoint = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", "loop,ro", img, mountPoint])
    defer { _ = try? run("umount", [mountPoint]) }
    let r = try run(Fixtures.binary, ["trim", "-y", img])
    #expect(r.status == 8)
    #expect(r.stderr.contains("mounted"), "\(r.stderr)")
  }
}
