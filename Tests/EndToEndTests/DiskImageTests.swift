import Foundation
import Testing
import TestSupport

/// Whole-disk images: partitions found with libblkid, each ext partition
/// scanned like the same filesystem as a bare image, repairs confined to
/// their partition.
@Suite struct DiskImageTests {
  let binary = Fixtures.binary
  static var hasSfdisk: Bool { (try? run("sh", ["-c", "command -v sfdisk"]).status) == 0 }

  /// An MBR disk: p1 at sector 63 (ext4, 1k), p2 at 1 MiB... 8 MiB (ext4, 4k),
  /// p5 logical (ext2), p6 logical (swap); or a GPT disk with two ext4.
  struct Disk {
    let dir: TemporaryDirectory
    let path: String
    /// partition number -> byte offset
    let offsets: [Int: UInt64]
    let sizes: [Int: UInt64]
  }

  static func makeDisk(gpt: Bool = false) throws -> Disk {
    let dir = try TemporaryDirectory()
    let disk = dir.path(gpt ? "gpt.img" : "mbr.img")
    try runChecked("truncate", ["-s", "64M", disk])
    let layout: [(Int, UInt64, UInt64, String)]  // number, start sector, sectors, kind
    var script: String
    if gpt {
      layout = [(1, 2048, 16384, "ext4"), (2, 18432, 32768, "ext4")]
      script = "label: gpt\nunit: sectors\nstart=2048, size=16384\nstart=18432, size=32768\n"
    } else {
      layout = [(1, 63, 16321, "ext4-1k"), (2, 16384, 32768, "ext4"), (5, 51200, 20480, "ext2"), (6, 73728, 20480, "swap")]
      script = "label: dos\nunit: sectors\nstart=63, size=16321, type=83\nstart=16384, size=32768, type=83\n"
        + "start=49152, size=81920, type=5\nstart=51200, size=20480, type=83\nstart=73728, size=20480, type=82\n"
    }
    let scriptPath = dir.path("layout.sfdisk")
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    try runChecked("sh", ["-c", "sfdisk -q '\(disk)' < '\(scriptPath)'"])
    try Data((0..<20000).map { UInt8(truncatingIfNeeded: $0 &* 7 | 1) })
      .write(to: dir.url.appendingPathComponent("data"))
    var offsets: [Int: UInt64] = [:]
    var sizes: [Int: UInt64] = [:]
    for (number, start, sectors, kind) in layout {
      let offset = start * 512
      offsets[number] = offset
      sizes[number] = sectors * 512
      if kind == "swap" {
        let swap = dir.path("swap")
        try runChecked("truncate", ["-s", "\(sectors * 512)", swap])
        try runChecked("mkswap", [swap])
        try runChecked("dd", ["if=\(swap)", "of=\(disk)", "bs=512", "seek=\(start)", "conv=notrunc", "status=none"])
        continue
      }
      let type = kind == "ext2" ? "ext2" : "ext4"
      let block = kind == "ext4-1k" || kind == "ext2" ? "1024" : "4096"
      try runChecked(
        "mke2fs", ["-q", "-F", "-t", type, "-b", block, "-E", "offset=\(offset)", disk, "\(sectors / 2)k"])
      let requests = kind == "ext2"
        ? ["write \(dir.path("data")) f", "sif f size 100"]
        : ["write \(dir.path("data")) f", "fallocate f 40 49", "write /dev/null k", "fallocate k 0 7"]
      let batch = dir.path("p\(number).debugfs")
      try requests.joined(separator: "\n").write(toFile: batch, atomically: true, encoding: .utf8)
      try runChecked("debugfs", ["-w", "-f", batch, "\(disk)?offset=\(offset)"])
    }
    return Disk(dir: dir, path: disk, offsets: offsets, sizes: sizes)
  }

  /// ndjson findings as dictionaries.
  static func findings(_ stdout: String) -> [[String: Any]] {
    stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }.filter { $0["type"] as? String == "finding" }
  }

  /// The fields compared between a partition and its bare copy.
  static func key(_ f: [String: Any]) -> String {
    ["kind", "inode", "path", "logical_block", "physical_block", "blocks", "i_size"]
      .map { "\(f[$0] ?? "nil")" }.joined(separator: "|")
  }

  @Test(.enabled(if: hasSfdisk, "needs sfdisk (fdisk package)"))
  func everyExtPartitionIsScannedLikeABareImage() throws {
    let disk = try Self.makeDisk()
    let r = try run(binary, ["scan", "--format", "ndjson", disk.path])
    #expect(r.status == 4)
    #expect(r.stderr.contains("partition 6: swap, skipped"))
    let all = Self.findings(r.stdout)
    #expect(Set(all.compactMap { $0["partition"] as? Int }) == [1, 2, 5])
    #expect(r.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"summary\"") }.count == 3)
    for number in [1, 2, 5] {
      let bare = disk.dir.path("bare\(number).img")
      let offset = try #require(disk.offsets[number])
      let size = try #require(disk.sizes[number])
      try runChecked("dd", ["if=\(disk.path)", "of=\(bare)", "bs=512", "skip=\(offset / 512)", "count=\(size / 512)", "status=none"])
      let alone = Self.findings(try run(binary, ["scan", "--format", "ndjson", bare]).stdout)
      let inDisk = all.filter { $0["partition"] as? Int == number }
      #expect(inDisk.map(Self.key) == alone.map(Self.key), "partition \(number)")
      #expect(!alone.isEmpty)
    }
    let one = Self.findings(try run(binary, ["scan", "--format", "ndjson", "--partition", "2", disk.path]).stdout)
    #expect(one.map(Self.key) == all.filter { $0["partition"] as? Int == 2 }.map(Self.key))
    let byOffset = Self.findings(
      try run(binary, ["scan", "--format", "ndjson", "--offset", "\(disk.offsets[2] ?? 0)", disk.path]).stdout)
    #expect(byOffset.map(Self.key) == one.map(Self.key))
  }

  @Test(.enabled(if: hasSfdisk, "needs sfdisk (fdisk package)"))
  func infoListsThePartitionTable() throws {
    let disk = try Self.makeDisk()
    let r = try run(binary, ["info", "--format", "json", disk.path])
    #expect(r.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let table = try #require(doc["partition_table"] as? [String: Any])
    #expect(table["table"] as? String == "dos")
    let parts = try #require(table["partitions"] as? [[String: Any]])
    #expect(parts.map { $0["number"] as? Int } == [1, 2, 5, 6])
    #expect(parts.map { $0["filesystem"] as? String } == ["ext4", "ext4", "ext2", "swap"])
    #expect(parts.map { $0["start"] as? Int } == [32256, 8388608, 26214400, 37748736])
    let filesystems = try #require(doc["filesystems"] as? [[String: Any]])
    #expect(filesystems.map { $0["partition"] as? Int } == [1, 2, 5])
  }

  @Test(.enabled(if: hasSfdisk, "needs sfdisk (fdisk package)"))
  func singleFilesystemCommandsNeedAPartition() throws {
    let disk = try Self.makeDisk()
    let r = try run(binary, ["extents", "--inode", "12", disk.path])
    #expect(r.status == 16)
    #expect(r.stderr.contains("--partition 1") && r.stderr.contains("--partition 5"))
    #expect(try run(binary, ["extents", "--partition", "2", disk.path, "/k"]).status == 0)
    #expect(try run(binary, ["trim", "-n", disk.path]).status == 16)
    let missing = try run(binary, ["scan", "--partition", "9", disk.path])
    #expect(missing.status == 8)
    #expect(missing.stderr.contains("no partition 9"))
  }

  @Test(.enabled(if: hasSfdisk, "needs sfdisk (fdisk package)"))
  func repairInsidePartitionTwoTouchesOnlyPartitionTwo() throws {
    let disk = try Self.makeDisk()
    let offset = try #require(disk.offsets[2])
    let size = try #require(disk.sizes[2])
    func outside() throws -> [Data] {
      let data = try Data(contentsOf: URL(fileURLWithPath: disk.path))
      return [Data(data.prefix(Int(offset))), Data(data.suffix(from: Int(offset + size)))]
    }
    let original = try sha256(disk.path)
    let before = try outside()
    let undo = disk.dir.path("p2.e2undo")
    let r = try run(binary, ["trim", "-y", "--partition", "2", "--undo", undo, disk.path])
    #expect(r.status == 1)
    #expect(r.stdout.contains("\"partition\":2"))
    #expect(try outside() == before)
    #expect(try sha256(disk.path) != original)
    #expect(try Fsck.check("\(disk.path)?offset=\(offset)").status == 0)
    try e2undo(undo, disk.path)
    #expect(try sha256(disk.path) == original)
  }

  @Test(.enabled(if: hasSfdisk, "needs sfdisk (fdisk package)"))
  func gptDisk() throws {
    let disk = try Self.makeDisk(gpt: true)
    let r = try run(binary, ["scan", "--format", "ndjson", disk.path])
    #expect(r.status == 4)
    #expect(Set(Self.findings(r.stdout).compactMap { $0["partition"] as? Int }) == [1, 2])
    let info = try run(binary, ["info", "--format", "json", disk.path])
    #expect(info.stdout.contains("\"table\":\"gpt\""))
  }

  @Test(.enabled(if: hasSfdisk, "needs sfdisk (fdisk package)"))
  func partitionsPastTheEndAreSkippedAndTheOthersScanned() throws {
    let disk = try Self.makeDisk()
    try runChecked("truncate", ["-s", "\((disk.offsets[2] ?? 0) + 4096)", disk.path])
    let r = try run(binary, ["scan", "--format", "ndjson", disk.path])
    #expect(r.status == 4)
    #expect(r.stderr.contains("partition 2") && r.stderr.contains("past the end of the image"))
    #expect(Set(Self.findings(r.stdout).compactMap { $0["partition"] as? Int }) == [1])
  }

  @Test(.enabled(if: LoopMount.available && hasSfdisk, "needs root, loop devices and sfdisk"))
  func loopDeviceAndItsPartitionsGiveTheSameFindings() throws {
    let disk = try Self.makeDisk()
    let device = try runChecked("losetup", ["--partscan", "--find", "--show", "--read-only", disk.path])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    defer { _ = try? run("losetup", ["-d", device]) }
    let viaFile = Self.findings(try run(binary, ["scan", "--format", "ndjson", disk.path]).stdout)
    let viaDevice = Self.findings(try run(binary, ["scan", "--format", "ndjson", device]).stdout)
    #expect(viaDevice.map(Self.key) == viaFile.map(Self.key))
    // Without udev the kernel may not have added the partitions yet: partx does.
    let p2 = device + "p2"
    for _ in 0..<20 where !FileManager.default.fileExists(atPath: p2) { usleep(50_000) }
    if !FileManager.default.fileExists(atPath: p2) { _ = try? run("partx", ["-a", device]) }
    try #require(FileManager.default.fileExists(atPath: p2), "no \(p2)")
    let viaPartition = Self.findings(try run(binary, ["scan", "--format", "ndjson", p2]).stdout)
    #expect(viaPartition.map(Self.key) == viaFile.filter { $0["partition"] as? Int == 2 }.map(Self.key))
  }
}
