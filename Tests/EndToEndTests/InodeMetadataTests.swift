import Foundation
import Testing
import TestSupport

/// Each finding's mode, owner, links, flags, generation and times agree with
/// debugfs `stat` and The Sleuth Kit's `istat`, nanoseconds and epoch bits
/// included; 128-byte inodes have no nanoseconds and no crtime.
@Suite struct InodeMetadataTests {
  /// `sif` requests that set every metadata field of /f: a 32-bit uid and
  /// gid, set-uid mode, times before 1970, past 2038 (epoch bits) and with
  /// nanoseconds.
  static let fields = [
    "sif /f uid 70000", "sif /f gid 65537", "sif /f mode 0104755", "sif /f links_count 3",
    "sif /f generation 0xdeadbeef", "sif /f flags 0x80030",
    "sif /f atime 0x70000000", "sif /f atime_extra 0x0fffffff",
    "sif /f mtime 0x12345678", "sif /f mtime_extra 0x1dcd6500",
    "sif /f ctime 0xffffffff", "sif /f ctime_extra 0",
    "sif /f crtime 0x80000000", "sif /f crtime_extra 0x00000005",
  ]

  static func image(inodeSize: Int, in dir: TemporaryDirectory) throws -> String {
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-I", "\(inodeSize)"], sizeKiB: 8192)
    b.requests = ["write /dev/null /f", "fallocate /f 0 3"] + fields
    return try b.build(in: dir, name: "meta\(inodeSize).img")
  }

  /// The first finding of a JSON scan.
  static func finding(_ image: String) throws -> [String: Any] {
    let r = try run(Fixtures.binary, ["scan", "--format", "json", image])
    let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let findings = doc?["findings"] as? [[String: Any]] ?? []
    return try #require(findings.first, "a finding in \(r.stdout) \(r.stderr)")
  }

  /// debugfs `stat` of `inode`, with dates printed in UTC.
  static func debugfsStat(_ image: String, _ inode: Int) throws -> String {
    try runChecked("sh", ["-c", "TZ=UTC debugfs -R 'stat <\(inode)>' \"$0\" 2>/dev/null", image])
  }

  /// The number after `label` in debugfs `stat` output.
  static func number(_ stat: String, _ label: String, radix: Int = 10) -> Int64? {
    guard let range = stat.range(of: label) else { return nil }
    let rest = stat[range.upperBound...].drop { $0 == " " }
    let digits = rest.prefix { $0.isHexDigit }
    return Int64(digits, radix: radix)
  }

  /// The seconds of a debugfs time line (" atime: 0x...:... -- Sat Nov  7 01:14:40 2437"),
  /// read from its date text.
  static func debugfsSeconds(_ stat: String, _ name: String) throws -> Int64 {
    let line = try #require(stat.split(separator: "\n").first { $0.hasPrefix(name + ":") || $0.hasPrefix(" " + name + ":") })
    let date = try #require(line.components(separatedBy: " -- ").last)
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy"
    let text = date.split(separator: " ").joined(separator: " ")
    let parsed = try #require(formatter.date(from: text), "\(text)")
    return Int64(parsed.timeIntervalSince1970.rounded())
  }

  /// RFC 3339 "YYYY-MM-DDTHH:MM:SS[.nnnnnnnnn]Z" as (seconds, nanoseconds).
  static func parse(_ text: String) throws -> (Int64, Int?) {
    let parts = text.dropLast().split(separator: ".")
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
    let date = try #require(formatter.date(from: String(parts[0])), "\(text)")
    #expect(text.hasSuffix("Z"))
    return (Int64(date.timeIntervalSince1970.rounded()), parts.count > 1 ? Int(parts[1]) : nil)
  }

  /// istat's "Accessed:\t2029-07-18 05:49:52.067108863 (UTC)" nanoseconds.
  static func istatNanoseconds(_ istat: String, _ label: String) throws -> Int? {
    let line = try #require(istat.split(separator: "\n").first { $0.hasPrefix(label + ":") })
    return line.split(separator: ".").last.flatMap { Int($0.prefix(9)) }
  }

  @Test func largeInodeFieldsMatchDebugfsAndIstat() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(inodeSize: 256, in: dir)
    let f = try Self.finding(image)
    let inode = try #require(f["inode"] as? Int)
    let stat = try Self.debugfsStat(image, inode)
    let mode = try #require(Int(f["mode"] as? String ?? "", radix: 8))
    #expect(Int64(mode & 0o7777) == Self.number(stat, "Mode:", radix: 8))
    #expect(mode & 0o170000 == 0o100000 && stat.contains("Type: regular"))
    #expect(Int64(f["uid"] as? Int ?? -1) == Self.number(stat, "User:"))
    #expect(Int64(f["gid"] as? Int ?? -1) == Self.number(stat, "Group:"))
    #expect(f["uid"] as? Int == 70000 && f["gid"] as? Int == 65537)
    #expect(Int64(f["links"] as? Int ?? -1) == Self.number(stat, "Links:"))
    #expect(Int64(f["generation"] as? Int ?? -1) == Self.number(stat, "Generation:"))
    #expect(Self.number(stat, "Flags: 0x", radix: 16) == 0x80030)
    #expect(f["flags"] as? [String] == ["immutable", "append", "extents"])
    #expect(f["immutable"] as? Bool == true && f["append_only"] as? Bool == true)

    let istat = try runChecked("istat", ["-z", "UTC", image, String(inode)])
    let istatLabels = ["atime": "Accessed", "mtime": "File Modified", "ctime": "Inode Modified",
                       "crtime": "File Created"]
    for name in ["atime", "mtime", "ctime", "crtime"] {
      let (seconds, nanoseconds) = try Self.parse(try #require(f[name] as? String, "\(name)"))
      #expect(seconds == (try Self.debugfsSeconds(stat, name)), "\(name): \(f[name] ?? "")")
      let expected = try Self.istatNanoseconds(istat, try #require(istatLabels[name]))
      #expect(nanoseconds == expected, "\(name) nanoseconds: \(f[name] ?? "") vs istat")
    }
    // Past 2038 through the epoch bits, before 1970 through the sign.
    #expect(f["atime"] as? String == "2437-11-07T01:14:40.067108863Z")
    #expect(f["ctime"] as? String == "1969-12-31T23:59:59.000000000Z")
  }

  @Test func smallInodesHaveSecondsOnlyAndNoCrtime() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(inodeSize: 128, in: dir)
    let f = try Self.finding(image)
    let stat = try Self.debugfsStat(image, try #require(f["inode"] as? Int))
    for name in ["atime", "mtime", "ctime"] {
      let (seconds, nanoseconds) = try Self.parse(try #require(f[name] as? String, "\(name)"))
      #expect(nanoseconds == nil, "\(name)")
      #expect(seconds == (try Self.debugfsSeconds(stat, name)), "\(name): \(f[name] ?? "")")
    }
    #expect(f.keys.contains("crtime") && f["crtime"] is NSNull)
    #expect(!stat.contains("crtime:"))
  }

  @Test func csvCarriesTheMetadataColumns() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.image(inodeSize: 256, in: dir)
    let csv = try run(Fixtures.binary, ["scan", "--format", "csv", image]).stdout
    let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let header = try #require(lines.first).map(String.init)
    let row = try #require(lines.dropFirst().first).map(String.init)
    let json = try Self.finding(image)
    for name in ["mode", "uid", "gid", "links", "atime", "mtime", "ctime", "crtime", "generation"] {
      let column = try #require(header.firstIndex(of: name), "\(name)")
      #expect(row[column] == "\(json[name] ?? "")", "\(name)")
    }
    let flags = try #require(header.firstIndex(of: "flags"))
    #expect(row[flags] == "immutable append extents")
  }
}
