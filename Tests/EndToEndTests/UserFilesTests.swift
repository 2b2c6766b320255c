import Foundation
import Testing
import TestSupport

/// Only the user's files are checked and repaired: the journal, the orphan
/// file, quota files and EA inodes are never reported, and repairs leave
/// them byte-identical, with every file's bytes and extended attributes.
/// Immutable, append-only and unreachable files are reported but left.
@Suite(.serialized) struct UserFilesTests {
  static let repairs = [["trim"], ["trim", "--zeroed"], ["convert", "--zeroed"]]

  /// A 4 KiB-block ext4 image with ea_inode, orphan_file, quota and project
  /// quota (libext2fs-made: the kernel here has no quota support). /f has a
  /// zero-filled written block, a preallocation past EOF and a 4096-byte
  /// zero xattr value, which lives in an EA inode; /imm is the same file,
  /// immutable. e2fsck -fy settles the quota usage debugfs leaves stale.
  static func ownInodesImage(in dir: TemporaryDirectory) throws -> String {
    try Data(repeating: 0, count: 4096).write(to: dir.url.appendingPathComponent("zeros"))
    var b = ImageBuilder(
      mkfsArguments: ["-t", "ext4", "-b", "4096", "-O", "ea_inode,orphan_file,quota,project"],
      sizeKiB: 32768)
    b.requests = [
      "write \(dir.path("data")) /f", "ea_set -f \(dir.path("zeros")) /f user.big",
      "fallocate /f 20 29",
      "write \(dir.path("data")) /imm", "fallocate /imm 20 29", "sif /imm flags 0x80010",
    ]
    let image = try b.build(in: dir, name: "own.img", dataFiles: ["data": 40960])
    for path in ["/f", "/imm"] {
      let block = try Debugfs.bmap(image, inode: try Debugfs.inode(image, path: path), block: 3)
      try RawImage.write(image, at: block * 4096, [UInt8](repeating: 0, count: 4096))
    }
    _ = try run("e2fsck", ["-fy", image])
    #expect(try Fsck.check(image).status == 0, "the built image is clean")
    return image
  }

  /// The inodes the superblock names (debugfs `stats`) and the EA inodes
  /// (flag 0x200000) among the first `upTo` inodes.
  static func filesystemInodes(_ image: String, upTo: UInt32 = 24) throws -> [UInt32] {
    let stats = try Debugfs.request(image, "stats")
    let fields = ["Journal inode:", "User quota inode:", "Group quota inode:",
                  "Project quota inode:", "Orphan file inode:"]
    var numbers = stats.split(separator: "\n").compactMap { line -> UInt32? in
      guard fields.contains(where: { line.hasPrefix($0) }) else { return nil }
      return UInt32(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
    }
    for n in 11...upTo {
      let stat = try Debugfs.request(image, "stat <\(n)>")
      if let flags = stat.split(separator: "Flags: 0x").dropFirst().first?.prefix(while: \.isHexDigit),
        let value = UInt32(flags, radix: 16), value & 0x20_0000 != 0
      {
        numbers.append(n)
      }
    }
    return numbers
  }

  static func dumps(_ image: String, _ inodes: [UInt32], in dir: TemporaryDirectory) throws -> [UInt32: String] {
    var hashes: [UInt32: String] = [:]
    for n in inodes {
      let out = dir.path("own-\(n)")
      _ = try Debugfs.request(image, "dump <\(n)> \(out)")
      hashes[n] = try sha256(out)
    }
    return hashes
  }

  /// The filesystem's own inodes as a repair must leave them: the contents
  /// of each but the journal, which a repair of a journaled filesystem
  /// writes its transactions into; the journal keeps its blocks and is
  /// empty again afterwards (journal start 0).
  static func ownState(_ image: String, _ inodes: [UInt32], in dir: TemporaryDirectory) throws
    -> [UInt32: String]
  {
    let journal = UInt32(try Debugfs.dumpe2fsField(image, "Journal inode") ?? "")
    var state = try dumps(image, inodes.filter { $0 != journal }, in: dir)
    if let journal {
      state[journal] =
        try Debugfs.request(image, "blocks <\(journal)>")
        + "start \(try Debugfs.dumpe2fsField(image, "Journal start") ?? "none")"
    }
    return state
  }

  static func findingInodes(_ ndjson: String) -> Set<UInt32> {
    Set(ndjson.split(separator: "\n").compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        object["type"] as? String == "finding"
      else { return nil }
      return (object["inode"] as? NSNumber)?.uint32Value
    })
  }

  @Test func filesystemInodesAreNeverCheckedOrRepaired() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.ownInodesImage(in: dir)
    let own = try Self.filesystemInodes(image)
    #expect(own.count >= 6, "journal, 3 quota files, orphan file, EA inode: \(own)")
    let user = [try Debugfs.inode(image, path: "/f"), try Debugfs.inode(image, path: "/imm")]
    let scan = try run(Fixtures.binary, ["scan", "--checks", "all", "--granularity", "sector", image])
    #expect(Self.findingInodes(scan.stdout) == Set(user), "\(scan.stdout)")
    #expect(Set(own).isDisjoint(with: Self.findingInodes(scan.stdout)))
    for n in own {
      let one = try run(Fixtures.binary, ["scan", "--checks", "all", "--inode", "\(n)", image])
      #expect(one.status == 0 && Self.findingInodes(one.stdout).isEmpty, "inode \(n)")
      #expect(one.stderr.contains("inode \(n) is "), "\(one.stderr)")
    }
    let pristine = try Data(contentsOf: URL(fileURLWithPath: image))
    for command in Self.repairs {
      try pristine.write(to: URL(fileURLWithPath: image))
      let ownBefore = try Self.ownState(image, own, in: dir)
      let files = try FileContents(image, paths: ["/f", "/imm"], in: dir)
      let xattr = try Debugfs.request(image, "ea_list /f")
      let r = try run(Fixtures.binary, command + ["-y", "--force", "--no-undo", "-q", image])
      #expect(r.status == 1 || r.status == 4, "\(command): \(r.stderr)")
      #expect(try Self.ownState(image, own, in: dir) == ownBefore, "\(command) changed an own inode")
      #expect(try FileContents(image, paths: ["/f", "/imm"], in: dir) == files, "\(command)")
      #expect(try Debugfs.request(image, "ea_list /f") == xattr, "\(command) changed an xattr")
      // libext2fs does not update quota files: e2fsck -fp does, as the tool says.
      #expect(r.stderr.isEmpty || !r.stderr.contains("error"), "\(r.stderr)")
      _ = try run("e2fsck", ["-fp", image])
      #expect(try Fsck.check(image).status == 0, "\(command): e2fsck -fn after e2fsck -fp")
    }
  }

  @Test func immutableFilesAreLeftUnlessForced() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.ownInodesImage(in: dir)
    let imm = try Debugfs.inode(image, path: "/imm")
    let scan = try run(Fixtures.binary, ["scan", "--inode", "\(imm)", image])
    #expect(scan.stdout.contains("\"immutable\":true"), "\(scan.stdout)")
    let plan = try run(Fixtures.binary, ["trim", "-n", "--force", "--inode", "\(imm)", image])
    #expect(plan.stdout.contains("\"action\":\"trim\""), "\(plan.stdout)")
    // Quota needs --force too, so the refusal of the immutable file shows
    // on an image without quota: /imm on a copy made without the feature.
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 16384)
    b.requests = ["write /dev/null /imm", "fallocate /imm 0 9", "sif /imm flags 0x80010",
                  "write /dev/null /app", "fallocate /app 0 9", "sif /app flags 0x80020"]
    let plain = try b.build(in: dir, name: "imm.img")
    let left = try run(Fixtures.binary, ["trim", "-y", "--no-undo", plain])
    #expect(left.status == 4, "\(left.stderr)")
    #expect(left.stdout.contains("immutable; use --force"), "\(left.stdout)")
    #expect(left.stdout.contains("append-only; use --force"), "\(left.stdout)")
    let forced = try run(Fixtures.binary, ["trim", "-y", "--force", "--no-undo", plain])
    #expect(forced.status == 1, "\(forced.stderr)")
    #expect(try Fsck.check(plain).status == 0)
  }

  @Test func unreachableInodesAreLeftUnlessNamed() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 16384)
    b.requests = ["write /dev/null /lost", "fallocate /lost 0 9", "write /dev/null /kept",
                  "fallocate /kept 0 9", "unlink /lost"]
    let image = try b.build(in: dir, name: "lost.img")
    /// e2fsck's problems, without its closing counts line.
    func problems() throws -> [Substring] {
      try Fsck.check(image).stdout.split(separator: "\n").filter { !$0.contains(" files (") }
    }
    let fsckBefore = try problems()
    let scan = try run(Fixtures.binary, ["scan", image])
    let lost = scan.stdout.split(separator: "\n").filter { $0.contains("\"reachable\":false") }
    #expect(lost.count == 1 && lost.first?.contains("\"path\":null") == true, "\(scan.stdout)")
    let trim = try run(Fixtures.binary, ["trim", "-y", "--no-undo", image])
    #expect(trim.status == 4, "\(trim.stderr)")
    #expect(trim.stdout.contains("no path names this inode; select it with --inode"), "\(trim.stdout)")
    #expect(try problems() == fsckBefore, "only the reachable file changed")
    let number = try #require(
      lost.first.flatMap { $0.split(separator: "\"inode\":").last?.prefix(while: \.isNumber) })
    let named = try run(Fixtures.binary, ["trim", "-y", "--no-undo", "--inode", String(number), image])
    #expect(named.status == 1, "\(named.stderr)")
  }
}

/// Kernel-made images: an EA inode holding a zero block, a journal made by
/// `tune2fs -j` on a mounted ext2 (`/.journal`, immutable), an immutable user
/// file. Repairs keep every file (md5 through a mount) and every xattr
/// (`getfattr -d -m - -e hex -R` dump) and the journal byte for byte.
@Suite(.serialized, .enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
struct KernelUserFilesTests {
  static func mounted<T>(_ image: String, in dir: TemporaryDirectory, readOnly: Bool = true, _ body: (String) throws -> T) throws -> T {
    let point = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", readOnly ? "loop,ro" : "loop", image, point])
    defer { _ = try? run("umount", [point]) }
    return try body(point)
  }

  /// md5 of every file and the xattr dump, read through a read-only mount.
  static func state(_ image: String, in dir: TemporaryDirectory) throws -> String {
    try mounted(image, in: dir) { point in
      // Not /.journal (tune2fs -j on a mounted ext2 makes it): repairs write
      // their transactions into the journal; ownState checks it.
      let sums = try runChecked(
        "sh", ["-c", "cd '\(point)' && find . -type f ! -path ./.journal -print0 | sort -z | xargs -0 md5sum"])
      let xattrs = try runChecked("sh", ["-c", "cd '\(point)' && getfattr -d -m - -e hex -R . 2>/dev/null | sed '/lost+found/d'"])
      return sums + xattrs
    }
  }

  static func build(_ mkfs: [String], in dir: TemporaryDirectory, _ populate: String) throws -> String {
    let image = dir.path("k.img")
    try runChecked("mke2fs", ["-q", "-F"] + mkfs + [image, "32M"])
    try mounted(image, in: dir, readOnly: false) { point in
      _ = try runChecked("sh", ["-c", "set -e; cd '\(point)'; \(populate); sync"])
    }
    return image
  }

  @Test func eaInodeAndImmutableFile() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.build(["-t", "ext4", "-b", "4096", "-O", "ea_inode"], in: dir, """
      head -c 40960 /dev/urandom > f; dd if=/dev/zero of=f bs=4096 seek=3 count=1 conv=notrunc 2>/dev/null; \
      python3 -c "import os; os.setxattr('f', 'user.big', b'A'*4096 + bytes(4096) + b'B'*100)"; \
      cp f imm; fallocate -n -o 81920 -l 40960 f; fallocate -n -o 81920 -l 40960 imm; chattr +i imm
      """)
    let before = try Self.state(image, in: dir)
    #expect(before.contains("user.big=0x4141"), "\(before)")
    let scan = try run(Fixtures.binary, ["scan", "--checks", "all", "--granularity", "sector", image])
    let inodes = UserFilesTests.findingInodes(scan.stdout)
    let own = try UserFilesTests.filesystemInodes(image)
    #expect(!inodes.isEmpty && Set(own).isDisjoint(with: inodes), "\(own) \(scan.stdout)")
    let pristine = try Data(contentsOf: URL(fileURLWithPath: image))
    for command in UserFilesTests.repairs {
      try pristine.write(to: URL(fileURLWithPath: image))
      let ownBefore = try UserFilesTests.ownState(image, own, in: dir)
      let r = try run(Fixtures.binary, command + ["-y", "--no-undo", image])
      #expect([1, 4].contains(r.status), "\(command): \(r.stderr)")
      #expect(r.stdout.contains("immutable; use --force"), "\(command): \(r.stdout)")
      #expect(try Fsck.check(image).status == 0, "\(command)")
      #expect(try UserFilesTests.ownState(image, own, in: dir) == ownBefore, "\(command)")
      #expect(try Self.state(image, in: dir) == before, "\(command)")
    }
  }

  @Test func journalMadeByTune2fsOnAMountedExt2() throws {
    let dir = try TemporaryDirectory()
    let image = dir.path("k.img")
    try runChecked("mke2fs", ["-q", "-F", "-t", "ext2", "-b", "4096", image, "32M"])
    try Self.mounted(image, in: dir, readOnly: false) { point in
      _ = try runChecked("sh", ["-c", """
        set -e; cd '\(point)'; head -c 40960 /dev/urandom > f; \
        dd if=/dev/zero of=f bs=4096 seek=3 count=2 conv=notrunc 2>/dev/null; sync
        """])
      _ = try runChecked("tune2fs", ["-j", image])
    }
    let journal = try Debugfs.inode(image, path: "/.journal")
    #expect(journal >= 11, "tune2fs -j made /.journal at inode \(journal)")
    if try Debugfs.dumpe2fsField(image, "Journal inode") == nil {
      // The kernel wrote its own superblock copy at umount, over the one
      // tune2fs had updated: name the journal again, as tune2fs did.
      _ = try Debugfs.request(image, "ssv journal_inum \(journal)", writable: true)
      _ = try Debugfs.request(image, "feature has_journal", writable: true)
    }
    #expect(try Fsck.check(image).status == 0)
    let before = try Self.state(image, in: dir)
    let scan = try run(Fixtures.binary, ["scan", "--checks", "all", image])
    #expect(!UserFilesTests.findingInodes(scan.stdout).contains(journal), "\(scan.stdout)")
    let pristine = try Data(contentsOf: URL(fileURLWithPath: image))
    for command in UserFilesTests.repairs {
      try pristine.write(to: URL(fileURLWithPath: image))
      let journalBefore = try UserFilesTests.ownState(image, [journal], in: dir)
      let r = try run(Fixtures.binary, command + ["-y", "--no-undo", image])
      // Nothing lies past EOF; convert leaves the zero-filled run: an ext2
      // file has no extents to flip.
      let expected: Int32 = command == ["trim"] ? 0 : command == ["convert", "--zeroed"] ? 4 : 1
      #expect(r.status == expected, "\(command): \(r.stderr)")
      let fsck = try Fsck.check(image)
      #expect(fsck.status == 0, "\(command): \(fsck.stdout)")
      #expect(try UserFilesTests.ownState(image, [journal], in: dir) == journalBefore, "\(command)")
      #expect(try Self.state(image, in: dir) == before, "\(command)")
    }
  }
}
