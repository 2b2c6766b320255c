import Foundation
import Testing
import TestSupport

/// A kernel crash: loop-mount, write, shut the filesystem down without
/// flushing its log (`xfs_io -x -c shutdown`), and copy the image before the
/// unmount writes anything more. The replayed view equals e2fsck's replay;
/// the raw view shows what the replay converts; `likely_cause` and the
/// zero-range warning follow the histories the kernel made.
@Suite(.enabled(if: LoopDevices.available, "needs root and loop devices"))
struct JournalViewKernelTests {
  /// /pre: 16 blocks preallocated past EOF (`falloc -k`), then, after a
  /// clean remount, an O_DIRECT extending write over them that the crash
  /// leaves in the journal only. /z1, /z2: 16 written blocks whose blocks 4-7
  /// were zeroed with `xfs_io fzero` and `fallocate -z`. /new: preallocated
  /// only after the remount.
  static func crashImage(in dir: TemporaryDirectory) throws -> String {
    let image = dir.path("k.img")
    try runChecked("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", image, "32768k"])
    let mnt = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
    func mounted(_ body: () throws -> Void) throws {
      let mount = try run("mount", ["-o", "loop", image, mnt])
      try #require(mount.status == 0, "mount: \(mount.stderr)")
      do { try body() } catch {
        _ = try? run("umount", [mnt])
        throw error
      }
      _ = try run("umount", [mnt])
    }
    try mounted {
      try runChecked("xfs_io", ["-f", "-c", "falloc -k 0 64k", "\(mnt)/pre"])
      try runChecked("xfs_io", ["-f", "-c", "pwrite 0 64k", "-c", "fsync", "-c", "fzero 16k 16k", "\(mnt)/z1"])
      try runChecked("xfs_io", ["-f", "-c", "pwrite 0 64k", "-c", "fsync", "\(mnt)/z2"])
      try runChecked("fallocate", ["-z", "-o", "16384", "-l", "16384", "\(mnt)/z2"])
    }
    let crash = dir.path("crash.img")
    try mounted {
      try runChecked("xfs_io", ["-d", "-c", "pwrite -b 64k 0 64k", "\(mnt)/pre"])
      try runChecked("xfs_io", ["-f", "-c", "falloc -k 0 32k", "-c", "fsync", "\(mnt)/new"])
      try runChecked("xfs_io", ["-x", "-c", "shutdown", mnt])
      try FileManager.default.copyItem(atPath: image, toPath: crash)
    }
    return crash
  }

  @Test func kernelCrashImage() throws {
    try LoopDevices.exclusively {
      let dir = try TemporaryDirectory()
      let image = try Self.crashImage(in: dir)
      let features = try Debugfs.dumpe2fsField(image, "Filesystem features") ?? ""
      try #require(features.contains("needs_recovery"), "the shutdown left a log to replay")
      // /new's directory entry is only in the journal: look the inodes up after e2fsck's replay.
      let (lookup, _) = try JournalImages.replayedByE2fsck(image, in: dir, name: "lookup.img")
      let inodes = try ["/pre", "/z1", "/z2", "/new"].map { try Debugfs.inode(lookup, path: $0) }
      let (replayed, raw) = try JournalViewTests.expectReplayedViewMatchesE2fsck(image, inodes: inodes, in: dir)

      let pre = "\(inodes[0])"
      // The kernel may write /pre's inode home before the copy (writeback under
      // load): then both views agree on it, and only the replayed view is checked.
      let rawPre = try JournalViewTests.findings(raw).filter { $0["inode"] == pre }
      let lostInRaw = !rawPre.isEmpty
      if lostInRaw {
        #expect(rawPre.map { $0["kind"] } == ["unwritten_beyond_eof", "unwritten_with_data"], "\(raw)")
        #expect(rawPre.last?["likely_cause"] == "lost_extending_write")
      }
      #expect(try JournalViewTests.findings(replayed).allSatisfy { $0["inode"] != pre }, "the replay converts /pre")
      #expect(replayed.contains("\"journal_changed\":true"), "/new's inode is in the journal")

      for zeroed in inodes[1...2] {
        let found = try JournalViewTests.findings(replayed).filter { $0["inode"] == "\(zeroed)" }
        #expect(found.map { $0["kind"] } == ["unwritten_with_data"])
        #expect(found.first?["logical_block"] == "4" && found.first?["blocks"] == "4")
        #expect(found.first?["likely_cause"] == nil, "the metadata does not tell a zero-range from a lost conversion")
      }
      let table = try run(Fixtures.binary, ["scan", "--checks", "all", "--format", "table", image])
      #expect(table.stdout.contains("fallocate --zero-range"))

      let diff = try run(Fixtures.binary, ["scan", "--checks", "all", "--journal-diff", "--format", "ndjson", image])
      let differences = try JournalViewTests.findings(diff.stdout)
      #expect(differences.filter { $0["view"] == "raw" }.allSatisfy { $0["inode"] == pre })
      #expect(differences.filter { $0["view"] == "raw" }.count == (lostInRaw ? 2 : 0))

      // convert --unwritten-data repeats the warning for a range inside i_size.
      let convert = try run(
        Fixtures.binary, ["convert", "--unwritten-data", "-n", "--path", "/z1", "--format", "ndjson", image])
      #expect(convert.status == 4, "\(convert.stderr)")
      #expect(
        convert.stderr.contains("logical blocks 4-7 lie inside i_size")
          && convert.stderr.contains("fallocate --zero-range"), "\(convert.stderr)")
    }
  }
  /// fast_commit: fsyncs after the last full commit leave fast-commit blocks,
  /// which the view leaves out and says so on stderr and in `journal`.
  @Test func fastCommitBlocksAreLeftOut() throws {
    try LoopDevices.exclusively {
      let dir = try TemporaryDirectory()
      let image = dir.path("f.img")
      try runChecked("mke2fs", ["-q", "-F", "-t", "ext4", "-O", "fast_commit", "-b", "4096", image, "32768k"])
      let mnt = dir.path("mnt")
      try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
      let mount = try run("mount", ["-o", "loop", image, mnt])
      try #require(mount.status == 0, "mount: \(mount.stderr)")
      let crash = dir.path("crash.img")
      do {
        try runChecked("xfs_io", ["-f", "-c", "pwrite 0 16k", "\(mnt)/a"])
        sync()
        try runChecked("xfs_io", ["-f", "-c", "pwrite 0 8k", "-c", "fsync", "\(mnt)/b"])
        try runChecked("xfs_io", ["-c", "pwrite 8k 8k", "-c", "fsync", "\(mnt)/b"])
        try runChecked("xfs_io", ["-x", "-c", "shutdown", mnt])
        try FileManager.default.copyItem(atPath: image, toPath: crash)
      } catch {
        _ = try? run("umount", [mnt])
        throw error
      }
      _ = try run("umount", [mnt])
      let before = try sha256(crash)
      let scan = try run(Fixtures.binary, ["scan", "--format", "ndjson", crash])
      let journal = try #require(try JournalViewTests.summary(scan.stdout)["journal"] as? [String: Any])
      let blocks = try #require(journal["fast_commit_blocks"] as? Int)
      #expect(blocks > 0, "\(scan.stdout)")
      #expect(
        scan.stderr.contains(
          "the journal of \(crash) holds \(blocks) fast-commit block\(blocks == 1 ? "" : "s") after the last full commit: the view leaves them out"),
        "\(scan.stderr)")
      #expect(try sha256(crash) == before)
    }
  }
}
