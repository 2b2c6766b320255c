import Foundation
import Testing
import TestSupport

/// File names made by the kernel (loop mount): names that are not UTF-8,
/// with ESC, CR and newline, 255 bytes long, with backslashes, hard links in
/// several directories and a directory encrypted with fscrypt. Every report
/// format gives back each name's exact bytes under the documented rule, the
/// table holds no raw control character, and `--path` and `extents PATH`
/// find each file by its raw bytes and by their escaped form.
@Suite(.serialized, .enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
struct NameTests {
  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Each file's names (the first is where it was created, the others hard links).
  static let files: [[[UInt8]]] = [
    [bytes("/non-utf8-") + [0xFF, 0xFE, 0x80]],
    [bytes("/esc-\u{1B}[31mred")],
    [bytes("/new\nline\rreturn")],
    [Array(repeating: bytes("é"), count: 127).flatMap { $0 } + bytes("x")].map { [UInt8(ascii: "/")] + $0 },
    [bytes("/") + Array(repeating: 0xE9, count: 255)],
    [bytes("/back\\slash")],
    [bytes("/pipe|name\ttab")],
    [bytes("/back\\slash-") + [0xFF]],
    [bytes("/d1/linked"), bytes("/d2/other name"), bytes("/d3/") + [0xC3, 0x28] + bytes("link")],
  ]

  /// The names image, built once through the kernel; `encrypted` is false
  /// when fscrypt could not be set up (then there is no encrypted directory).
  /// Immutable once built, so the tests share it.
  final class Image: @unchecked Sendable {
    let dir: TemporaryDirectory
    let path: String
    let encrypted: Bool

    init() throws {
      dir = try TemporaryDirectory()
      path = dir.path("names.img")
      try runChecked("mke2fs", ["-q", "-F", "-t", "ext4", "-O", "encrypt", "-b", "4096", path, "32M"])
      let mnt = dir.path("mnt")
      try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
      try runChecked("mount", ["-o", "loop", path, mnt])
      defer { _ = try? run("umount", [mnt]) }
      for directory in ["d1", "d2", "d3", "secret"] {
        try FileManager.default.createDirectory(atPath: mnt + "/" + directory, withIntermediateDirectories: true)
      }
      let root = NameTests.bytes(mnt)
      for names in NameTests.files {
        try Self.preallocated(root + names[0])
        for link in names.dropFirst() {
          let r = try runRaw(bytes: [NameTests.bytes("ln"), root + names[0], root + link])
          guard r.status == 0 else { throw ShellError("ln failed") }
        }
      }
      let key = try run("sh", ["-c", "echo -n test-key | e4crypt add_key \"$0\"", mnt + "/secret"])
      encrypted = key.status == 0
      if encrypted { try Self.preallocated(root + NameTests.bytes("/secret/hidden-file")) }
    }

    /// An empty file with 8 KiB preallocated past EOF (an unwritten_beyond_eof finding).
    static func preallocated(_ path: [UInt8]) throws {
      let script = NameTests.bytes(": > \"$0\" && fallocate -n -l 8192 \"$0\"")
      let r = try runRaw(bytes: [NameTests.bytes("sh"), NameTests.bytes("-c"), script, path])
      guard r.status == 0 else { throw ShellError("fallocate failed: \(String(decoding: r.stderr, as: UTF8.self))") }
    }
  }

  static let image = Result { try Image() }

  /// A name's bytes back from report text under the documented rule.
  static func decode(_ text: String, escaped: Bool) throws -> [UInt8] {
    guard escaped else { return bytes(text) }
    var out: [UInt8] = []
    let utf8 = bytes(text)
    var i = 0
    while i < utf8.count {
      if utf8[i] == UInt8(ascii: "\\") {
        if utf8[i + 1] == UInt8(ascii: "\\") {
          out.append(UInt8(ascii: "\\"))
          i += 2
        } else {
          #expect(utf8[i + 1] == UInt8(ascii: "x"))
          out.append(try #require(UInt8(String(decoding: utf8[i + 2...i + 3], as: UTF8.self), radix: 16)))
          i += 4
        }
      } else {
        out.append(utf8[i])
        i += 1
      }
    }
    return out
  }

  static func scan(_ image: Image, _ extra: [[UInt8]] = [], format: String) throws -> RawResult {
    try runRaw(bytes: [bytes(Fixtures.binary), bytes("scan"), bytes("--format"), bytes(format)]
      + extra + [bytes(image.path)])
  }

  /// The findings of a JSON or ndjson scan, each as (inode, path bytes, every path's bytes, object).
  static func findings(_ stdout: [UInt8], ndjson: Bool) throws -> [(Int, [UInt8], Set<[UInt8]>, [String: Any])] {
    let objects: [[String: Any]]
    if ndjson {
      objects = try stdout.split(separator: UInt8(ascii: "\n")).compactMap {
        try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
      }.filter { $0["type"] as? String == "finding" }
    } else {
      let doc = try JSONSerialization.jsonObject(with: Data(stdout)) as? [String: Any]
      objects = doc?["findings"] as? [[String: Any]] ?? []
    }
    return try objects.map { f in
      let escaped = try #require(f["path_escaped"] as? Bool)
      let path = try decode(try #require(f["path"] as? String), escaped: escaped)
      let paths = try (f["paths"] as? [String] ?? []).map { try decode($0, escaped: escaped) }
      return (try #require(f["inode"] as? Int), path, Set(paths), f)
    }
  }

  @Test(arguments: ["json", "ndjson"])
  func jsonFormatsGiveEveryNameBack(_ format: String) throws {
    let image = try Self.image.get()
    let r = try Self.scan(image, format: format)
    #expect(r.status == 4, "\(String(decoding: r.stderr, as: UTF8.self))")
    let findings = try Self.findings(r.stdout, ndjson: format == "ndjson")
    for names in Self.files {
      let found = try #require(findings.first { $0.2.contains(names[0]) }, "\(names[0])")
      #expect(found.2 == Set(names))
      // The path rule: the smallest name in byte order (no --path given).
      #expect(found.1 == names.min { $0.lexicographicallyPrecedes($1) })
      #expect(found.3["paths_truncated"] as? Bool == false)
      #expect(found.3["path_escaped"] as? Bool == names.contains { String(validating: $0, as: UTF8.self) == nil })
    }
    if image.encrypted {
      let hidden = try #require(findings.first { $0.3["encrypted"] as? Bool == true })
      let text = String(decoding: hidden.1, as: UTF8.self)
      #expect(text.hasPrefix("/secret/<encrypted:") && text.hasSuffix(">"), "\(text)")
      let hex = text.dropFirst("/secret/<encrypted:".count).dropLast()
      #expect(hex.count >= 32 && hex.allSatisfy(\.isHexDigit), "\(hex)")
      let ls = try Debugfs.request(image.path, "ls -l /secret")
      #expect(ls.contains("<encrypted (\(hex.count / 2))>"), "\(ls)")
    } else {
      Issue.record("e4crypt could not set up an encrypted directory: its names are untested")
    }
  }

  /// RFC 4180 rows (quoted fields may hold commas, quotes and newlines).
  static func csvRows(_ text: [UInt8]) -> [[[UInt8]]] {
    var rows: [[[UInt8]]] = []
    var row: [[UInt8]] = []
    var field: [UInt8] = []
    var quoted = false
    var i = 0
    while i < text.count {
      let c = text[i]
      if quoted {
        if c == UInt8(ascii: "\"") {
          if i + 1 < text.count, text[i + 1] == UInt8(ascii: "\"") {
            field.append(c)
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == UInt8(ascii: "\"") {
        quoted = true
      } else if c == UInt8(ascii: ",") {
        row.append(field)
        field = []
      } else if c == UInt8(ascii: "\n") {
        row.append(field)
        rows.append(row)
        row = []
        field = []
      } else {
        field.append(c)
      }
      i += 1
    }
    return rows
  }

  @Test func csvGivesEveryNameBack() throws {
    let image = try Self.image.get()
    let rows = Self.csvRows(try Self.scan(image, format: "csv").stdout)
    let header = try #require(rows.first).map { String(decoding: $0, as: UTF8.self) }
    let path = try #require(header.firstIndex(of: "path"))
    let escapedColumn = try #require(header.firstIndex(of: "path_escaped"))
    let decoded = try rows.dropFirst().map { row in
      try Self.decode(String(decoding: row[path], as: UTF8.self), escaped: row[escapedColumn] == Self.bytes("true"))
    }
    for names in Self.files {
      #expect(decoded.contains(try #require(names.min { $0.lexicographicallyPrecedes($1) })), "\(names[0])")
    }
  }

  @Test func tableHoldsNoRawControlCharacter() throws {
    let image = try Self.image.get()
    let r = try Self.scan(image, format: "table")
    let findings = try Self.findings(try Self.scan(image, format: "json").stdout, ndjson: false)
    #expect(!r.stdout.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
    #expect(String(validating: r.stdout, as: UTF8.self) != nil)
    // The heading, a column header, one line per finding (its notes on
    // indented lines below it) and a footer: no name broke a row.
    let lines = r.stdout.split(separator: 0x0A)
    let header = try #require(lines.firstIndex { $0.starts(with: Array("KIND".utf8)) || $0.starts(with: Array("SEVERITY".utf8)) })
    let rows = lines[(header + 1)...].dropLast().filter { $0.first != 0x20 }
    #expect(rows.count == findings.count)
    let text = String(decoding: r.stdout, as: UTF8.self)
    #expect(text.contains("/esc-\\033[31mred"))
    #expect(text.contains("/new\\nline\\rreturn"))
    #expect(text.contains("/non-utf8-\\377\\376\\200"))
  }

  /// Bodyfile names are in the escaped form, `|` and controls as `\xNN`:
  /// one record per line, each name back to its bytes.
  @Test func bodyfileKeepsOneRecordPerLineAndEveryName() throws {
    let image = try Self.image.get()
    let findings = try Self.findings(try Self.scan(image, format: "json").stdout, ndjson: false)
    let body = try Self.scan(image, format: "bodyfile").stdout
    let lines = body.split(separator: 0x0A)
    #expect(lines.count == Set(findings.map(\.0)).count)
    var names: [[UInt8]] = []
    for line in lines {
      let fields = line.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
      #expect(fields.count == 11)
      let name = String(decoding: fields[1], as: UTF8.self)
      let path = try #require(name.range(of: " (", options: .backwards)).lowerBound
      names.append(try Self.decode(String(name[..<path]), escaped: true))
    }
    for file in Self.files {
      #expect(names.contains(try #require(file.min { $0.lexicographicallyPrecedes($1) })), "\(file[0])")
    }
  }

  @Test func pathFindsEachFileByItsRawBytesAndItsEscapedForm() throws {
    let image = try Self.image.get()
    let all = try Self.findings(try Self.scan(image, format: "json").stdout, ndjson: false)
    for names in Self.files {
      let inode = try #require(all.first { $0.2.contains(names[0]) }?.0)
      for name in names {
        let r = try Self.scan(image, [Self.bytes("--path"), name], format: "json")
        #expect(r.status == 4, "\(name): \(String(decoding: r.stderr, as: UTF8.self))")
        let found = try Self.findings(r.stdout, ndjson: false)
        #expect(found.map(\.0) == [inode], "\(name)")
        // The name the user gave is the reported path.
        #expect(found.first?.1 == name, "\(name)")
        let extents = try runRaw(bytes: [
          Self.bytes(Fixtures.binary), Self.bytes("extents"), Self.bytes("--format"), Self.bytes("json"),
          Self.bytes(image.path), name,
        ])
        #expect(extents.status == 0, "extents \(name)")
        let doc = try JSONSerialization.jsonObject(with: Data(extents.stdout)) as? [String: Any]
        #expect(doc?["inode"] as? Int == inode)
      }
      if let escapedName = names.first(where: { String(validating: $0, as: UTF8.self) == nil }) {
        let escaped = Self.escape(escapedName)
        let r = try run(Fixtures.binary, ["scan", "--format", "json", "--path", escaped, image.path])
        #expect(r.status == 4, "\(escaped): \(r.stderr)")
        let found = try Self.findings(Array(r.stdout.utf8), ndjson: false)
        #expect(found.map(\.0) == [inode] && found.first?.1 == escapedName, "\(escaped)")
      }
    }
    let missing = try Self.scan(image, [Self.bytes("--path"), Self.bytes("/no-such-\u{1B}[31m") + [0xFF]], format: "json")
    #expect(missing.status == 8)
    #expect(!missing.stderr.contains(0x1B) && !missing.stderr.contains(0xFF))
  }

  /// The documented escaped form, written independently of the tool.
  static func escape(_ name: [UInt8]) -> String {
    var out = ""
    var i = 0
    while i < name.count {
      let length = [1, 2, 3, 4].first { String(validating: name[i..<min(name.count, i + $0)], as: UTF8.self) != nil }
      if let length {
        let piece = String(decoding: name[i..<i + length], as: UTF8.self)
        out += piece == "\\" ? "\\\\" : piece
        i += length
      } else {
        out += String(format: "\\x%02x", name[i])
        i += 1
      }
    }
    return out
  }
}
