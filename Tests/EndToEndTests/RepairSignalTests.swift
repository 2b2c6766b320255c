import Foundation
import Testing
import TestSupport

/// SIGTERM, SIGHUP, SIGQUIT and repeated SIGINTs during a repair's writes:
/// the repair finishes the inode under way and stops with exit 32, the image
/// checks clean, and the undo file restores the original.
@Suite(.serialized) struct RepairSignalTests {
  /// 10000 files with a preallocated block each, built once for the suite.
  nonisolated(unsafe) static var base: (TemporaryDirectory, String)?
  static func built() throws -> String {
    if let base { return base.1 }
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024", "-N", "12000"], sizeKiB: 65536)
    b.requests = (0..<10000).flatMap { ["write /dev/null f\($0)", "fallocate f\($0) 0 1"] }
    let image = try b.build(in: dir, name: "many.img")
    base = (dir, image)
    return image
  }

  @Test(arguments: [(SIGTERM, 1), (SIGHUP, 1), (SIGQUIT, 1), (SIGINT, 5)])
  func stopSignalEndsTheRepairCleanly(_ signal: Int32, _ repeats: Int) throws {
    let dir = try TemporaryDirectory()
    let image = dir.path("many.img")
    try runChecked("cp", [try Self.built(), image])
    let original = try sha256(image)
    let undo = dir.path("many.e2undo")
    let r = try InterruptedRun(
      ["trim", "-y", "--undo", undo, "--format", "ndjson", image], interruptWhen: "writing undo file",
      signal: signal, repeats: repeats)
    #expect(r.signalled)
    #expect(r.exitedNormally, "killed by the signal")
    #expect(r.status == 32, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("\"interrupted\":true"))
    #expect(try Fsck.check(image).status == 0)
    if FileManager.default.fileExists(atPath: undo) {
      try e2undo(undo, image)
    }
    #expect(try sha256(image) == original)
  }
}
