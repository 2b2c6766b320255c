import Foundation
import Glibc
import Testing
import TestSupport

/// SIGKILL before a repair's N-th write (strace fault injection on pwrite64,
/// and on ext4 also on write(2)), for a sample of the run's write points, through
/// scripts/repair-kill-sweep.sh: after every kill the next repair refuses the
/// image, and e2undo restores it byte for byte (or, killed before the first
/// image write, the image is unchanged). On ext4 the killed image is then
/// recovered (`e2fsck -p`, or a loop mount as root): `e2fsck -fn` is clean
/// and every file's bytes, xattrs and extents are those before or after the
/// whole repair. TESTING.md has the full sweep.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace (scripts/install-deps.sh --test)"))
struct RepairKillTests {
  let script = Fixtures.root.appendingPathComponent("scripts/repair-kill-sweep.sh").path

  /// The totals line of a sweep as numbers.
  /// `call` is the system call the kills come before (KILL_CALL).
  func sweep(
    _ image: String, _ dir: TemporaryDirectory, sample: (Int, Int, Int), _ repair: [String],
    call: String = "pwrite64"
  ) throws -> [String: Int] {
    let r = try run(
      "env",
      ["KILL_CALL=\(call)", script, Fixtures.binary, image, dir.path("sweep-\(call)"), "\(sample.0)", "\(sample.1)",
       "\(sample.2)", "--"] + repair)
    let totals = r.stdout.split(separator: "\n").last { $0.hasPrefix("write_points=") } ?? ""
    var counts: [String: Int] = [:]
    for field in totals.split(separator: " ") {
      let parts = field.split(separator: "=")
      if parts.count == 2, let n = Int(parts[1]) { counts[String(parts[0])] = n }
    }
    #expect(counts["bad"] == 0, "\(r.stdout)\(r.stderr)")
    #expect((counts["kills"] ?? 0) > 0, "\(r.stdout)\(r.stderr)")
    return counts
  }

  /// The counts a journaled sweep must show: every recovered image clean,
  /// no file mixed, and a whole run that changes files (so the comparison
  /// tells before from after).
  func expectAtomic(_ counts: [String: Int]) {
    let recovered = counts["recovered"] ?? 0
    #expect(recovered > 0 && recovered == (counts["kills"] ?? 0) - (counts["unchanged"] ?? 0))
    #expect(counts["clean"] == recovered)
    #expect(counts["mixed_files"] == 0)
    #expect((counts["changed_files"] ?? 0) > 0)
    if getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control") {
      #expect((counts["loop_mounts"] ?? 0) > 0)
    }
  }

  @Test func trimOnJournaledExt4() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024"], sizeKiB: 16384)
    b.requests =
      (0..<40).flatMap { ["write /dev/null f\($0)", "fallocate f\($0) 0 3"] }
      + ["ea_set /f3 user.note hello", "ea_set /f7 user.big \(String(repeating: "x", count: 300))"]
    let image = try b.build(in: dir, name: "k.img")
    let counts = try sweep(image, dir, sample: (1, 0, 4), ["trim"])
    #expect((counts["write_points"] ?? 0) > 10)
    #expect((counts["restored"] ?? 0) > 0)
    expectAtomic(counts)
    // Before the image writes themselves (unix io's write(2)), among them
    // the superblock's, which must never be left torn.
    let images = try sweep(image, dir, sample: (2, 0, 5), ["trim"], call: "write")
    #expect((images["write_points"] ?? 0) > 10)
    expectAtomic(images)
  }

  /// Files of 3000 bytes with three preallocated blocks beyond EOF holding
  /// random bytes: the conversion makes them written and raises i_size, so
  /// every file's bytes change.
  @Test func convertExtendingSizeOnJournaledExt4() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024"], sizeKiB: 16384)
    let files = (0..<12).map { "e\($0)" }
    b.requests = files.flatMap { ["write \(dir.path($0)) \($0)", "fallocate /\($0) 3 5", "ea_set /\($0) user.k v\($0)"] }
    let image = try b.build(
      in: dir, name: "k3.img", dataFiles: Dictionary(uniqueKeysWithValues: files.map { ($0, 3000) }))
    for file in files {
      for logical in 3...5 {
        let out = try runChecked("debugfs", ["-R", "bmap /\(file) \(logical)", image])
        guard let physical = Int(out.split(separator: " ").first ?? "") else { continue }
        try runChecked(
          "dd", ["if=/dev/urandom", "of=\(image)", "bs=1024", "seek=\(physical)", "count=1", "conv=notrunc", "status=none"])
      }
    }
    let counts = try sweep(
      image, dir, sample: (1, 0, 5),
      ["convert", "--unwritten-data", "--extend-size"] + files.flatMap { ["--path", "/\($0)"] })
    #expect(counts["changed_files"] == files.count)
    expectAtomic(counts)
  }

  @Test func trimZeroedOnExt2() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext2", "-b", "1024"], sizeKiB: 16384)
    let files = (0..<24).map { "d\($0)" }
    b.requests = files.map { "write \(dir.path($0)) \($0)" }
    let image = try b.build(
      in: dir, name: "k2.img", dataFiles: Dictionary(uniqueKeysWithValues: files.map { ($0, 16384) }))
    // Zero logical blocks 2 and 3 of every file, on disk.
    for file in files {
      for logical in 2...3 {
        let out = try runChecked("debugfs", ["-R", "bmap /\(file) \(logical)", image])
        guard let physical = Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
        try runChecked(
          "dd", ["if=/dev/zero", "of=\(image)", "bs=1024", "seek=\(physical)", "count=1", "conv=notrunc", "status=none"])
      }
    }
    let counts = try sweep(image, dir, sample: (1, 0, 3), ["trim", "--zeroed"])
    #expect((counts["restored"] ?? 0) > 0)
  }
}
