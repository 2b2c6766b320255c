import Foundation
import Testing
import TestSupport

/// Container images (QCOW2, VMDK, VHD, VHDX made by qemu-img; split EWF
/// made by ewfacquire) read like the raw image they were made from: the same
/// findings, partitions, filesystems and extents, with the container named
/// by `info`; no command writes them, and repairs refuse them.
@Suite struct ContainerImageTests {
  static func available(_ tool: String) -> Bool {
    (try? run("sh", ["-c", "command -v \(tool)"]).status) == 0
  }

  /// qemu-img output formats, and "ewf" for ewfacquire.
  static let formats = ["qcow2", "vmdk", "vpc", "vhdx", "ewf"]

  /// The format name `info` reports for each.
  static let formatNames = ["qcow2": "QCOW2", "vmdk": "VMDK", "vpc": "VHD", "vhdx": "VHDX", "ewf": "EWF"]

  /// A container of `format` holding `raw`, and every file it is made of.
  static func convert(_ raw: String, to format: String, in dir: TemporaryDirectory) throws
    -> (path: String, files: [String])
  {
    let tool = format == "ewf" ? "ewfacquire" : "qemu-img"
    try #require(available(tool), "\(tool) is not installed (scripts/install-deps.sh --test): skipping \(format)")
    let base = URL(fileURLWithPath: raw).deletingPathExtension().lastPathComponent
    if format == "ewf" {
      // 1 MiB segments: the media spans several files (E01, E02, ...).
      try runChecked("ewfacquire", ["-u", "-q", "-S", "1MiB", "-t", dir.path("\(base)-ewf"), raw])
      let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        .filter { $0.hasPrefix("\(base)-ewf.E") }.sorted().map { dir.path($0) }
      try #require(files.count > 1, "ewfacquire made \(files.count) segment(s)")
      return (dir.path("\(base)-ewf.E01"), files)
    }
    let path = dir.path("\(base).\(format)")
    // force_size: a VHD keeps the exact size (not rounded up to a disk geometry).
    let options = format == "vpc" ? ["-o", "force_size=on"] : []
    try runChecked("qemu-img", ["convert", "-q", "-f", "raw", "-O", format] + options + [raw, path])
    return (path, [path])
  }

  /// A command's output with the image named `raw`, the container object
  /// and timings dropped, and the exit status first.
  static func output(_ arguments: [String], _ image: String, as raw: String) throws -> String {
    let r = try run(Fixtures.binary, arguments + [image])
    var text = "exit \(r.status)\n\(r.stdout)--- stderr\n\(r.stderr)"
      .replacingOccurrences(of: image, with: raw)
    for pattern in [#""container":\{[^}]*\},"#, #""elapsed_s":[0-9.e-]+"#] {
      text = text.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
    }
    return text
  }

  static let commands: [[String]] = [
    ["scan", "--checks", "all", "--format", "ndjson"],
    ["scan", "--checks", "all", "--format", "ndjson", "--journal", "raw"],
    ["info", "--format", "json"],
    ["extents", "--format", "json", "--inode", "12"],
  ]

  /// Every command gives the same output on the container as on `raw`, and
  /// the container's files are unchanged.
  static func expectSameAsRaw(_ raw: String, _ format: String, in dir: TemporaryDirectory) throws {
    let container = try convert(raw, to: format, in: dir)
    let before = try container.files.map(sha256)
    for command in commands {
      let expected = try output(command, raw, as: raw)
      let actual = try output(command, container.path, as: raw)
      #expect(actual == expected, "\(command) on \(format)")
    }
    let info = try run(Fixtures.binary, ["info", "--format", "json", container.path])
    let size = try #require(FileManager.default.attributesOfItem(atPath: raw)[.size] as? NSNumber)
    #expect(
      info.stdout.contains("\"container\":{\"format\":\"\(formatNames[format] ?? "")\",\"media_size\":\(size)}"),
      "\(format): \(info.stdout.prefix(200))")
    #expect(try container.files.map(sha256) == before, "no command wrote to the \(format) files")
  }

  @Test(arguments: ["demo", "data", "deep", "deep-e2fsck", "bigalloc", "written-eof", "ext3"])
  func sampleImagesReadAsTheirRawCopy(_ name: String) throws {
    let dir = try TemporaryDirectory()
    let raw = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    for format in Self.formats {
      try Self.expectSameAsRaw(raw, format, in: dir)
    }
  }

  /// MBR with logical partitions, and GPT: libblkid finds the same table in the media.
  @Test(.enabled(if: DiskImageTests.hasSfdisk, "needs sfdisk (fdisk package)"), arguments: [false, true])
  func partitionedDiskReadsAsItsRawCopy(gpt: Bool) throws {
    let disk = try DiskImageTests.makeDisk(gpt: gpt)
    for format in Self.formats {
      try Self.expectSameAsRaw(disk.path, format, in: disk.dir)
      let offset = try #require(disk.offsets[2])
      let container = disk.path.replacingOccurrences(of: ".img", with: format == "ewf" ? "-ewf.E01" : ".\(format)")
      let info = try run(Fixtures.binary, ["info", "--format", "json", container]).stdout
      #expect(info.contains("\"partition_table\":{\"table\":\"\(gpt ? "gpt" : "dos")\""), "\(format): \(info.prefix(300))")
      let arguments = ["scan", "--checks", "all", "--format", "ndjson", "--offset", "\(offset)"]
      #expect(
        try Self.output(arguments, container, as: disk.path) == (try Self.output(arguments, disk.path, as: disk.path)),
        "--offset inside the \(format) media")
    }
  }

  /// A journal that needs recovery replays from the container as from the raw image.
  @Test func journalReplaysThroughTheContainer() throws {
    let dir = try TemporaryDirectory()
    let transactions = [JournalTransactionSpec(write: [3000, 3001, 3002]), JournalTransactionSpec(write: [3001, 4000])]
    let raw = try JournalImages.build(
      in: dir, name: "journal.img", mkfs: ["-t", "ext4", "-b", "1024"], checksums: true,
      transactions: transactions)
    let logged = transactions.map(\.write.count).reduce(0, +)
    for format in ["qcow2", "ewf"] {
      try Self.expectSameAsRaw(raw, format, in: dir)
      let path = try Self.convert(raw, to: format, in: dir).path
      let info = try run(Fixtures.binary, ["info", "--format", "json", path])
      #expect(
        info.stdout.contains("\"transactions\":\(transactions.count),\"blocks_replayed\":\(logged),"),
        "\(format): \(info.stdout)")
    }
  }

  /// An EWF set missing a segment (the last, or one in the middle) is
  /// refused, never read as zeros; so are a damaged container header and a
  /// qcow2 overlay, each with the reason.
  @Test func incompleteOrDamagedContainersAreRefused() throws {
    let dir = try TemporaryDirectory()
    let raw = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let segments = try Self.convert(raw, to: "ewf", in: dir).files
    try #require(segments.count >= 3)
    for missing in [segments[segments.count - 1], segments[1]] {
      let set = try TemporaryDirectory()
      for segment in segments where segment != missing {
        try FileManager.default.copyItem(atPath: segment, toPath: set.path(URL(fileURLWithPath: segment).lastPathComponent))
      }
      let first = set.path(URL(fileURLWithPath: segments[0]).lastPathComponent)
      for command in [["scan"], ["info"]] {
        let r = try run(Fixtures.binary, command + [first])
        #expect(r.status == 8, "\(command) without \(missing): \(r.stderr)")
        #expect(
          r.stderr
            == "e4scope: \(first): cannot read the container image: the EWF segment files are incomplete or corrupted (a segment is missing or damaged)\n")
      }
    }
    let qcow = try Self.convert(raw, to: "qcow2", in: dir).path
    var header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: qcow)).prefix(512))
    header.replaceSubrange(8..<512, with: [UInt8](repeating: 0xFF, count: 504))
    let damaged = dir.path("damaged.qcow2")
    try Data(header).write(to: URL(fileURLWithPath: damaged))
    let r = try run(Fixtures.binary, ["scan", damaged])
    #expect(r.status == 8 && r.stderr.hasPrefix("e4scope: \(damaged): cannot read the container image: libqcow: "), "\(r.stderr)")
    // An overlay reads its backing file for what it does not hold: not read alone.
    let overlay = dir.path("overlay.qcow2")
    try runChecked("qemu-img", ["create", "-q", "-f", "qcow2", "-b", qcow, "-F", "qcow2", overlay])
    let o = try run(Fixtures.binary, ["scan", overlay])
    #expect(o.status == 8)
    #expect(
      o.stderr
        == "e4scope: \(overlay): cannot read the container image: the image has a backing file: an overlay is not a whole disk (qemu-img convert -O raw makes one)\n")
  }

  @Test(arguments: [("qcow2", "trim"), ("ewf", "convert")])
  func repairsAreRefusedWithTheRawCopyCommand(_ format: String, _ command: String) throws {
    let dir = try TemporaryDirectory()
    let raw = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let container = try Self.convert(raw, to: format, in: dir)
    let before = try container.files.map(sha256)
    let copy =
      format == "ewf"
      ? "ewfexport -u -f raw -t raw \(container.path)" : "qemu-img convert -O raw \(container.path) raw.img"
    let name = format == "ewf" ? "an EWF" : "a QCOW2"
    for arguments in [[command, "--yes", "--zeroed"], [command, "-n", "--zeroed"]] {
      let r = try run(Fixtures.binary, arguments + [container.path])
      #expect(r.status == 8, "\(arguments): \(r.stderr)")
      #expect(
        r.stderr
          == "e4scope: \(container.path) is \(name) container image, which e4scope only reads; repair a raw copy (\(copy)); 'e4scope scan' shows the findings here\n")
    }
    #expect(try container.files.map(sha256) == before)
  }
}
