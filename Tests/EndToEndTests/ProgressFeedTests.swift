import Foundation
import Testing
import TestSupport

/// `-C FD`: machine-readable progress lines `PHASE DONE TOTAL UNIT` on a
/// file descriptor, ending with the totals the report gives; and the
/// progress line forced on a stderr that is not a terminal.
@Suite struct ProgressFeedTests {
  struct Line: Equatable {
    var phase: String
    var done: UInt64
    var total: UInt64
    var unit: String
  }

  static func lines(_ text: String) -> [Line?] {
    text.split(separator: "\n").map { line in
      let f = line.split(separator: " ")
      guard f.count == 4, let done = UInt64(f[1]), let total = UInt64(f[2]) else { return nil }
      return Line(phase: String(f[0]), done: done, total: total, unit: String(f[3]))
    }
  }

  @Test(arguments: [["scan", "--checks", "all"], ["trim", "-n", "--zeroed"]])
  func feedEndsWithTheReportsTotals(_ command: [String]) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("data.img.gz"), as: "data.img")
    let feed = dir.path("feed")
    let r = try run(
      "sh", ["-c", "exec 3>'\(feed)'; exec \"$0\" \"$@\"", Fixtures.binary] + command + ["-C", "3", "--format", "json", image])
    #expect([0, 4].contains(r.status), "\(r.stderr)")
    #expect(r.stderr.isEmpty, "no progress line on a stderr that is not a terminal: \(r.stderr)")
    let lines = Self.lines(try String(contentsOfFile: feed, encoding: .utf8))
    #expect(!lines.isEmpty && !lines.contains(nil), "every line is PHASE DONE TOTAL UNIT")
    let parsed = lines.compactMap { $0 }
    for line in parsed {
      #expect([("scan", "groups"), ("data", "bytes")].contains { $0 == (line.phase, line.unit) }, "\(line)")
      #expect(line.done <= line.total, "\(line)")
    }
    // The last lines: every group scanned, and the bytes the report says were read.
    let info = try JSONSerialization.jsonObject(
      with: Data(try runChecked(Fixtures.binary, ["info", "--format", "json", image]).utf8)) as? [String: Any]
    let fs = ((info?["filesystems"] as? [[String: Any]])?.first?["filesystem"] as? [String: Any])
    let groups = try #require(fs?["groups"] as? Int, "info names the group count")
    let lastScan = try #require(parsed.last { $0.phase == "scan" })
    #expect(lastScan.done == UInt64(groups) && lastScan.total == UInt64(groups))
    let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    if command[0] == "scan" {
      let bytesRead = try #require((report?["summary"] as? [String: Any])?["bytes_read"] as? Int)
      let lastData = try #require(parsed.last { $0.phase == "data" })
      #expect(lastData.done == UInt64(bytesRead) && lastData.total == UInt64(bytesRead))
    }
  }

  /// A repair's feed: the planning scan's lines, then one per inode edited
  /// (throttled), ending with every inode of the report.
  @Test func repairFeedEndsWithEveryInodeEdited() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let feed = dir.path("feed")
    let r = try run(
      "sh", ["-c", "exec 3>'\(feed)'; exec \"$0\" \"$@\"", Fixtures.binary, "trim", "-y", "--no-undo", "-C", "3", "--format", "ndjson", image])
    #expect(r.status == 1, "\(r.stderr)")
    let parsed = Self.lines(try String(contentsOfFile: feed, encoding: .utf8))
    #expect(!parsed.contains(nil))
    let findings = r.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    let inodes = Set(findings.filter { $0["action"] as? String == "trimmed" }.compactMap { $0["inode"] as? Int })
    #expect(inodes.count == 9)
    let last = try #require(parsed.last ?? nil)
    #expect(last == Line(phase: "repair", done: UInt64(inodes.count), total: UInt64(inodes.count), unit: "inodes"))
    #expect(parsed.contains { $0?.phase == "scan" }, "the planning scan comes first")
  }

  /// `--progress` on a stderr that is not a terminal: the line fits
  /// COLUMNS, is redrawn with `\r` and spaces (no escape sequence) and is
  /// erased at the end.
  @Test(arguments: [30, 80])
  func forcedLineFitsColumnsWithoutEscapes(_ columns: Int) throws {
    let dir = try TemporaryDirectory()
    // 1.5 GiB of unwritten extents to read through the page cache: long
    // enough for several redraws (direct reads of the image's holes are not).
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 2 << 20)
    b.requests = ["write /dev/null big", "fallocate big 0 393215"]
    let image = try b.build(in: dir, name: "big.img")
    let r = try run(
      "env", ["COLUMNS=\(columns)", "TERM=xterm", Fixtures.binary, "scan", "--checks", "unwritten-data", "--keep-cache",
              "--threads", "1", "--progress", "--format", "ndjson", image])
    #expect(r.status == 0)
    #expect(!r.stderr.contains("\u{1B}"), "no escape sequence off a terminal")
    let draws = r.stderr.split(separator: "\r", omittingEmptySubsequences: true)
    #expect(draws.contains { $0.hasPrefix("scan ") && $0.contains("%") }, "\(r.stderr)")
    for draw in draws { #expect(draw.count <= columns - 1, "\(draw)") }
    #expect(r.stderr.hasSuffix("\r" + String(repeating: " ", count: columns - 1) + "\r"), "erased at the end")
  }

  @Test(arguments: ["9", "0", "-1"])
  func feedOnADescriptorThatIsNotOpenIsAUsageError(_ fd: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let r = try run(Fixtures.binary, ["scan", "-C", fd, image])
    #expect(r.status == 16, "\(r.stderr)")
    #expect(r.stderr.contains("-C"))
  }
}
