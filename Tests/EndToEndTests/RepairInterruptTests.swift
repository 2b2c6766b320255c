import Foundation
import Testing
import TestSupport

/// SIGINT during a repair: it stops between inodes (exit 32), the image is
/// consistent (`e2fsck -fn` clean), and the undo file restores the original.
@Suite struct RepairInterruptTests {
  @Test func sigintStopsBetweenInodes() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024", "-N", "12000"], sizeKiB: 65536)
    b.requests = (0..<10000).flatMap { ["write /dev/null f\($0)", "fallocate f\($0) 0 1"] }
    let image = try b.build(in: dir, name: "many.img")
    let original = try sha256(image)
    let undo = dir.path("many.e2undo")

    let r = try InterruptedRun(
      ["trim", "-y", "--undo", undo, "--format", "ndjson", image], interruptWhen: "writing undo file")
    #expect(r.signalled)
    #expect(r.status == 32, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("\"interrupted\":true"))
    let findings = r.stdout.components(separatedBy: "\"type\":\"finding\"").count - 1
    let trimmed = r.stdout.components(separatedBy: "\"action\":\"trimmed\"").count - 1
    let left = r.stdout.components(separatedBy: "\"action\":\"left\"").count - 1
    #expect(findings >= 10000)
    #expect(trimmed + left == findings)
    #expect(left > 0, "the interrupt came after the last inode")
    #expect(try Fsck.check(image).status == 0)
    if trimmed > 0 {
      try e2undo(undo, image)
    } else {
      // Stopped before the first inode: nothing written, no undo file kept.
      #expect(!FileManager.default.fileExists(atPath: undo))
    }
    #expect(try sha256(image) == original)
  }
}
