import Foundation
import Testing
import TestSupport

/// SIGINT during a data scan: the report of what was scanned, exit 32, and
/// the image untouched.
@Suite struct InterruptTests {
  @Test func sigintStopsTheScanWithExit32() throws {
    let dir = try TemporaryDirectory()
    // 2 GiB of unwritten extents in a sparse 3 GiB image: reading them
    // through the page cache (`--keep-cache`: the first touch of the holes;
    // direct reads of holes take no time) lasts long enough to be
    // interrupted mid-way.
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 3 << 20)
    b.requests = ["write /dev/null big", "fallocate big 0 524287"]
    let image = try b.build(in: dir, name: "big.img")
    let before = try FileManager.default.attributesOfItem(atPath: image)

    let r = try InterruptedRun(
      ["scan", "--checks", "unwritten-data", "--keep-cache", "--threads", "1", "--progress", "--format", "ndjson", image],
      interruptWhen: "B/s")
    #expect(r.signalled, "no data progress on stderr")
    #expect(r.exitedNormally)
    #expect(r.status == 32)
    #expect(r.stdout.contains("\"type\":\"summary\""))
    #expect(r.stdout.contains("\"interrupted\":true"))
    #expect(r.stderr.contains("interrupted"))
    let after = try FileManager.default.attributesOfItem(atPath: image)
    #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
    #expect(after[.size] as? Int == before[.size] as? Int)
  }
}
