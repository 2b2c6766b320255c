import Ext4
import Foundation
import Testing
import TestSupport

/// An external journal device (mke2fs -O journal_dev). mke2fs and debugfs
/// only attach block devices, so the journal is written through a loop device;
/// e2fsck reads it as a file.
@Suite(.enabled(if: LoopDevices.available, "needs root and loop devices"))
struct JournalExternalTests {
  /// fs.img with three transactions in its external journal journal.img
  /// (blocks 100 and 101, a revoke of 100, block 300).
  static func makeFilesystem(in dir: TemporaryDirectory) throws -> (image: String, journal: String) {
    let journalImage = dir.path("journal.img")
    let image = dir.path("fs.img")
    try runChecked("mke2fs", ["-q", "-F", "-O", "journal_dev", "-b", "4096", journalImage, "4096k"])
    let loop = try runChecked("losetup", ["-f", "--show", journalImage]).trimmingCharacters(in: .whitespacesAndNewlines)
    // Detached once only: a second detach could hit a loop device a parallel test attached since.
    var attached = true
    defer { if attached { _ = try? run("losetup", ["-d", loop]) } }
    try runChecked("mke2fs", ["-q", "-F", "-t", "ext4", "-b", "4096", "-J", "device=\(loop)", image, "8192k"])
    let data = dir.path("data")
    try Data(JournalImages.pattern(transaction: 3, blocks: 2, blockSize: 4096)).write(to: URL(fileURLWithPath: data))
    let script = ["jo -f \(loop)", "jw -b 100,101 \(data)", "jw -r 100", "jw -b 300 \(data)", "jc"]
    try (script.joined(separator: "\n") + "\n").write(toFile: dir.path("s"), atomically: true, encoding: .utf8)
    let written = try run("debugfs", ["-w", "-f", dir.path("s"), image])
    #expect(!written.stdout.contains("not open"), "\(written.stdout)")
    _ = try run("losetup", ["-d", loop])
    attached = false
    return (image, journalImage)
  }

  /// The journal device inside a container image replays as the raw device.
  @Test func externalJournalInAContainerImage() throws {
    let hasQemuImg = (try? run("sh", ["-c", "command -v qemu-img"]).status) == 0
    try #require(hasQemuImg, "qemu-img (qemu-utils) is not installed: skipping")
    try LoopDevices.exclusively {
      let dir = try TemporaryDirectory()
      let (image, journalImage) = try Self.makeFilesystem(in: dir)
      let packed = dir.path("journal.qcow2")
      try runChecked("qemu-img", ["convert", "-q", "-f", "raw", "-O", "qcow2", journalImage, packed])
      let before = try sha256(packed)
      let fs = try Filesystem.open(image)
      let replay = try #require(try fs.journalReplayPlan(externalJournal: journalImage))
      #expect(try fs.journalReplayPlan(externalJournal: packed) == replay)
      try fs.close()
      let view = try Filesystem.open(image, options: .init(journal: .replay, externalJournal: packed))
      #expect(view.journalReplay == replay && replay.transactions == 3)
      try view.close()
      #expect(throws: JournalError.self) {
        try FileJournalDevice(path: packed, blockSize: 4096, superblockIndex: 1, writable: true)
      }
      #expect(try sha256(packed) == before)
    }
  }

  @Test func externalJournalReplaysAsE2fsck() throws {
    try LoopDevices.exclusively {
      let dir = try TemporaryDirectory()
      let (image, journalImage) = try Self.makeFilesystem(in: dir)
      let before = (try sha256(image), try sha256(journalImage))

      let fs = try Filesystem.open(image)
      guard case .external = fs.journalLocation else {
        Issue.record("the filesystem should name an external journal")
        return
      }
      #expect(throws: JournalError.self) { try fs.journalReplayPlan() }
      let journal = try #require(try fs.openJournal(externalJournal: journalImage))
      let replay = try #require(try fs.journalReplayPlan(externalJournal: journalImage))
      #expect(replay.transactions == 3 && replay.revokeHits == 1)
      #expect(Set(replay.blocks.keys) == [101, 300])
      let expected = try applying(replay, of: journal, to: image, blockSize: 4096)
      try fs.close()

      // e2fsck replays a copy of both. It takes the journal copy as a file:
      // a loop device here could be misread while other tests attach theirs.
      let copy = dir.path("copy.img")
      let journalCopy = dir.path("journal-copy.img")
      try FileManager.default.copyItem(atPath: image, toPath: copy)
      try FileManager.default.copyItem(atPath: journalImage, toPath: journalCopy)
      let result = try run("e2fsck", ["-y", "-E", "journal_only", "-j", journalCopy, copy])
      #expect(result.status == 0 || result.status == 1, "\(result.stdout) \(result.stderr)")
      let actual = [UInt8](try Data(contentsOf: URL(fileURLWithPath: copy)))
      #expect(maskingE2fsckFields(actual, journalSuperblockAt: nil) == maskingE2fsckFields(expected, journalSuperblockAt: nil))

      let view = try Filesystem.open(image, options: .init(journal: .replay, externalJournal: journalImage))
      #expect(view.journalReplay == replay)
      #expect(try view.readBlocks(300) == Array(expected[(300 * 4096)..<(301 * 4096)]))
      try view.close()
      #expect((try sha256(image), try sha256(journalImage)) == before)
    }
  }
}
