import Ext4
import Foundation
import Testing
import TestSupport

/// A journal the kernel wrote: loop-mount, write, shut the filesystem down
/// without flushing the log (`xfs_io -x -c shutdown`, EXT4_IOC_SHUTDOWN),
/// unmount. The image needs recovery; the replay plan must equal e2fsck's.
@Suite(.enabled(if: LoopDevices.available, "needs root and loop devices"))
struct JournalKernelTests {
  @Test(arguments: [["-b", "4096"], ["-b", "1024", "-O", "^metadata_csum"]])
  func kernelCrashImage(_ mkfs: [String]) throws {
    try LoopDevices.exclusively {
      let dir = try TemporaryDirectory()
      let image = dir.path("k.img")
      try runChecked("mke2fs", ["-q", "-F", "-t", "ext4"] + mkfs + [image, "32768k"])
      let mountPoint = dir.path("mnt")
      try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
      let mounted = try run("mount", ["-o", "loop", image, mountPoint])
      try #require(mounted.status == 0, "mount: \(mounted.stderr)")
      let shutdown: CommandResult
      do {
        for i in 0..<20 {
          try Data(repeating: UInt8(i), count: 10000 + i).write(to: URL(fileURLWithPath: "\(mountPoint)/f\(i)"))
        }
        try FileManager.default.createDirectory(atPath: "\(mountPoint)/d", withIntermediateDirectories: true)
        sync()
        for i in 0..<20 {
          try Data("late \(i)\n".utf8).write(to: URL(fileURLWithPath: "\(mountPoint)/d/g\(i)"))
        }
        shutdown = try run("xfs_io", ["-x", "-c", "shutdown", mountPoint])
      } catch {
        _ = try? run("umount", [mountPoint])
        throw error
      }
      _ = try run("umount", [mountPoint])
      #expect(shutdown.status == 0, "xfs_io shutdown: \(shutdown.stderr)")
      let features = try Debugfs.dumpe2fsField(image, "Filesystem features") ?? ""
      try #require(features.contains("needs_recovery"), "the shutdown left a log to replay")

      let raw = try Filesystem.open(image)
      #expect(raw.needsRecovery)
      try raw.close()
      try expectReplayMatchesE2fsck(image, in: dir)

      // The files written before the sync are there in the replayed view, as e2fsck's replay shows them.
      let (copy, _) = try JournalImages.replayedByE2fsck(image, in: dir, name: "fixed.img")
      let view = try Filesystem.open(image, options: .init(journal: .replay))
      #expect(try #require(view.journalReplay).blocksReplayed > 0)
      for i in [0, 19] {
        let inode = try Debugfs.inode(copy, path: "/f\(i)")
        #expect(try view.inode(inode).size == UInt64(10000 + i))
      }
    }
  }
}
