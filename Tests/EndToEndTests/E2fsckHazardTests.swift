import Foundation
import Testing
import TestSupport

/// e2fsck_hazard findings against e2fsck itself: on every image, the files
/// e4scope marks are exactly the files `e2fsck -fy` changes, with e2fsck's
/// own messages, and written_bytes_at_risk equals the bytes of the blocks
/// that read differently afterwards. The fix each finding names (a trim)
/// leaves `e2fsck -fn` clean and every file's bytes unchanged.
enum HazardOracle {
  struct Hazard {
    var inode: UInt32, problem: String, action: String, bytes: UInt64, fix: String?
  }

  static func hazards(_ image: String) throws -> [Hazard] {
    let r = try run(Fixtures.binary, ["scan", "--checks", "e2fsck-hazard", "--format", "ndjson", image])
    #expect([0, 4].contains(r.status), "\(r.stderr)")
    return r.stdout.split(separator: "\n").compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        object["kind"] as? String == "e2fsck_hazard", let inode = object["inode"] as? Int,
        let problem = object["e2fsck_problem"] as? String, let action = object["e2fsck_action"] as? String,
        let bytes = object["written_bytes_at_risk"] as? Int
      else { return nil }
      return Hazard(
        inode: UInt32(inode), problem: problem, action: action, bytes: UInt64(bytes),
        fix: object["fix"] as? String)
    }
  }

  /// Checks `image` against `e2fsck -fy` and the named fixes against
  /// `e2fsck -fn`; returns the findings.
  @discardableResult
  static func verify(_ image: String, in dir: TemporaryDirectory, fsckCleanAfterFix: Bool = true)
    throws -> [Hazard]
  {
    let found = try hazards(image)
    let outcome = try E2fsckRepairOutcome(image, in: dir)
    let blockSize = try Debugfs.blockSize(image)
    let byInode = Dictionary(grouping: found, by: \.inode)
    let name = URL(fileURLWithPath: image).lastPathComponent
    // Changed: the file reads differently, or e2fsck reports a change to its tree.
    let touched = outcome.changed.union(outcome.problems.keys)
    #expect(Set(byInode.keys) == touched, "\(name): files e4scope marks vs files e2fsck -fy changes")
    for (inode, list) in byInode {
      #expect(
        list.map(\.problem).sorted() == (outcome.problems[inode] ?? []).sorted(),
        "\(name) inode \(inode): e2fsck's messages")
      #expect(
        list.reduce(0) { $0 + $1.bytes } == outcome.differingBytes(inode, blockSize: blockSize),
        "\(name) inode \(inode): written_bytes_at_risk vs bytes e2fsck -fy changes")
      for h in list where h.action == "extend_size" {
        let newSize = h.problem.split(separator: " ").last.flatMap { UInt64($0.dropLast()) }
        #expect(newSize == ((outcome.after[inode] ?? nil)?.count).map(UInt64.init), "\(name) inode \(inode)")
      }
    }
    let fixes = Set(found.compactMap(\.fix))
    guard !found.isEmpty, found.allSatisfy({ $0.fix != nil }) else { return found }
    let trimmed = dir.path("trimmed.img")
    try? FileManager.default.removeItem(atPath: trimmed)
    try FileManager.default.copyItem(atPath: image, toPath: trimmed)
    for fix in fixes.sorted() {
      let words = fix.split(separator: " ").dropFirst().map(String.init)
      let r = try run(Fixtures.binary, words + ["-y", "--no-undo", "-q", trimmed])
      #expect([0, 1].contains(r.status), "\(name): \(fix): \(r.stderr)")
    }
    let fsck = try Fsck.check(trimmed)
    if fsckCleanAfterFix { #expect(fsck.status == 0, "\(name) after \(fixes): \(fsck.stdout)") }
    #expect(E2fsckRepairOutcome.parse(fsck.stdout).isEmpty, "\(name) after \(fixes)")
    let inodes = Array(outcome.before.keys)
    let afterTrim = try RegularFiles.dump(trimmed, inodes, in: dir, tag: "trimmed")
    for inode in inodes {
      #expect(afterTrim[inode] ?? nil == outcome.before[inode], "\(name) inode \(inode) after \(fixes)")
    }
    #expect(try hazards(trimmed).isEmpty, "\(name): hazards left after \(fixes)")
    return found
  }
}

/// Kernel-made files: O_DIRECT writes of every other block, then keep-size
/// preallocations past EOF, giving trees of depth 1, 2 and 3.
@Suite(.serialized, .enabled(if: LoopMount.available, "needs root and loop devices (mount -o loop)"))
struct E2fsckHazardKernelTests {
  /// A file: `written` one-block writes at every other block, optionally
  /// cut `cut` bytes short by truncate, then `pieces` keep-size
  /// preallocations of `length` blocks, `gap` blocks after EOF and apart.
  struct Recipe {
    var name: String, written: Int, pieces: Int, length: Int, gap: Int, cut = 0
  }

  static func build(blockSize: Int, sizeMiB: Int, recipes: [Recipe], in dir: TemporaryDirectory) throws
    -> String
  {
    let image = dir.path("kernel-\(blockSize).img")
    try runChecked("truncate", ["-s", "\(sizeMiB)M", image])
    try runChecked(
      "mke2fs",
      ["-q", "-F", "-t", "ext4", "-b", "\(blockSize)", "-N", "64", "-E", "lazy_itable_init=0,lazy_journal_init=0", image])
    let mnt = dir.path("mnt")
    try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
    try runChecked("mount", ["-o", "loop", image, mnt])
    defer { _ = try? run("umount", [mnt]) }
    for r in recipes {
      var args = ["-f", "-d"]
      for i in 0..<r.written { args += ["-c", "pwrite -q -S 0x5a \(2 * i * blockSize) \(blockSize)"] }
      let size = max(0, 2 * r.written - 1) * blockSize - r.cut
      if r.cut > 0 { args += ["-c", "truncate \(size)"] }
      let eofBlock = (size + blockSize - 1) / blockSize
      for p in 0..<r.pieces {
        let start = eofBlock + r.gap + p * (r.length + max(r.gap, 1))
        args += ["-c", "falloc -k \(start * blockSize) \(r.length * blockSize)"]
      }
      try runChecked("xfs_io", args + ["\(mnt)/\(r.name)"])
    }
    return image
  }

  static func depth(_ image: String, _ name: String) throws -> Int {
    let text = try Debugfs.request(image, "ex -n /\(name)")
    let row = text.split(separator: "\n").dropFirst().first ?? ""
    return Int(row.split(separator: "/").dropFirst().first?.split(separator: " ").first ?? "") ?? 0
  }

  @Test func oneKiBBlocks() throws {
    let dir = try TemporaryDirectory()
    let recipes = [
      Recipe(name: "d1", written: 100, pieces: 50, length: 1, gap: 1),
      Recipe(name: "d2-gap1", written: 300, pieces: 150, length: 1, gap: 1),
      Recipe(name: "d2-len3-gap0", written: 300, pieces: 60, length: 3, gap: 0),
      Recipe(name: "d2-len8-cut", written: 300, pieces: 40, length: 8, gap: 1, cut: 300),
      Recipe(name: "d2-one-big", written: 300, pieces: 1, length: 2000, gap: 0),
      Recipe(name: "d2-empty", written: 0, pieces: 400, length: 1, gap: 1),
      Recipe(name: "d3", written: 28400, pieces: 200, length: 1, gap: 1),
    ]
    let image = try Self.build(blockSize: 1024, sizeMiB: 64, recipes: recipes, in: dir)
    #expect(try Self.depth(image, "d1") == 1)
    #expect(try Self.depth(image, "d2-gap1") == 2)
    #expect(try Self.depth(image, "d3") == 3)
    let found = try HazardOracle.verify(image, in: dir)
    let marked = Set(found.map(\.inode))
    #expect(marked.contains(try Debugfs.inode(image, path: "/d2-gap1")))
    #expect(marked.contains(try Debugfs.inode(image, path: "/d3")))
    #expect(!marked.contains(try Debugfs.inode(image, path: "/d1")))
    #expect(found.contains { $0.bytes > 0 }, "some subtree with written data below EOF")
    #expect(found.allSatisfy { $0.fix == "e4scope trim" })
  }

  @Test func fourKiBBlocks() throws {
    let dir = try TemporaryDirectory()
    let recipes = [
      Recipe(name: "d1", written: 600, pieces: 100, length: 1, gap: 1),
      Recipe(name: "d2-one-node", written: 1400, pieces: 300, length: 1, gap: 1),
      Recipe(name: "d2", written: 1400, pieces: 700, length: 1, gap: 1),
      Recipe(name: "d2-len5-cut", written: 1400, pieces: 400, length: 5, gap: 0, cut: 1000),
    ]
    let image = try Self.build(blockSize: 4096, sizeMiB: 48, recipes: recipes, in: dir)
    #expect(try Self.depth(image, "d1") == 1)
    #expect(try Self.depth(image, "d2") == 2)
    let found = try HazardOracle.verify(image, in: dir)
    #expect(Set(found.map(\.inode)).contains(try Debugfs.inode(image, path: "/d2")))
    #expect(found.allSatisfy { $0.fix == "e4scope trim" })
  }
}

/// Written blocks past EOF made with debugfs (write, then a smaller i_size):
/// e2fsck raises i_size (depth 0, or below a root entry whose range reaches
/// past EOF), deletes extents (the last leaf node), or clears the inode
/// when that empties a leaf node.
@Suite struct E2fsckHazardDebugfsTests {
  @Test func writtenBlocksPastEOF() throws {
    let dir = try TemporaryDirectory()
    // 200 one-block runs at every other block, then one 8-block run: a depth-1 tree.
    var sparse = [UInt8](repeating: 0, count: 408 * 1024)
    for i in 0..<200 {
      for j in 0..<1024 { sparse[2 * i * 1024 + j] = UInt8(i % 250 + 1) }
    }
    for j in 400 * 1024..<408 * 1024 { sparse[j] = 7 }
    try Data(sparse).write(to: dir.url.appendingPathComponent("sparse"))
    var builder = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024"], sizeKiB: 8192)
    let names = ["d0-extend", "d1-last-node", "d1-straddle", "d1-first-node", "d1-at-node", "d1-clean"]
    builder.requests = ["write \(dir.path("small")) d0-extend", "sif d0-extend size 5000"]
    for name in names.dropFirst() { builder.requests.append("write \(dir.path("sparse")) \(name)") }
    let image = try builder.build(in: dir, name: "written.img", dataFiles: ["small": 20000])
    // Root index entries of the depth-1 file: their starts place the cuts.
    let roots = try Debugfs.request(image, "ex -n /d1-at-node").split(separator: "\n").dropFirst()
      .compactMap { row in row.split(separator: " ").dropFirst(4).first }
      .compactMap { Int($0) }
    #expect(roots.count >= 2)
    let lastRoot = roots.last ?? 0
    let sizes = [
      "d1-last-node": (lastRoot + 10) * 1024 + 100, "d1-straddle": 403 * 1024 + 10,
      "d1-first-node": 100 * 1024, "d1-at-node": lastRoot * 1024,
    ]
    let script = sizes.map { "sif /\($0.key) size \($0.value)" }.joined(separator: "\n") + "\n"
    try script.write(toFile: dir.path("cut.debugfs"), atomically: true, encoding: .utf8)
    try runChecked("debugfs", ["-w", "-f", dir.path("cut.debugfs"), image])
    let found = try HazardOracle.verify(image, in: dir)
    let actions = Dictionary(grouping: found, by: \.inode).mapValues { Set($0.map(\.action)) }
    let inode = { (name: String) in try Debugfs.inode(image, path: "/\(name)") }
    #expect(actions[try inode("d0-extend")] == ["extend_size"])
    #expect(actions[try inode("d1-last-node")] == ["delete_extent"])
    #expect(actions[try inode("d1-first-node")] == ["extend_size"])
    #expect(actions[try inode("d1-at-node")]?.contains("clear_inode") == true)
    #expect(actions[try inode("d1-clean")] == nil)
    #expect(found.first { $0.inode == (try? inode("d1-straddle")) }?.bytes == 3 * 1024 + 10)
    #expect(found.allSatisfy { $0.fix == "e4scope trim --unwritten-beyond-eof --written-beyond-eof" })
  }
}

/// Images e2fsck -fy leaves alone carry no e2fsck_hazard; the sample images
/// and e2fsprogs' f_eofblocks match e2fsck -fy file by file.
@Suite struct E2fsckHazardImageTests {
  static let samples = ["demo", "deep", "deep-e2fsck", "bigalloc", "written-eof", "ext3", "data"]

  @Test(arguments: samples)
  func sampleImagesMatchE2fsck(_ name: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    // written-eof has an orphan list, which e2fsck -fn reports until a mount or fsck.
    try HazardOracle.verify(image, in: dir, fsckCleanAfterFix: name != "written-eof")
  }

  @Test func eofBlocksMatchesE2fsck() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.e2fsprogsImage("f_eofblocks"), as: "f_eofblocks.img")
    let found = try HazardOracle.verify(image, in: dir, fsckCleanAfterFix: false)
    #expect(Set(found.map(\.inode)) == [30, 31])
  }

  static var cleanImages: [URL] {
    let fm = FileManager.default
    let e2fsprogs = Fixtures.root.appendingPathComponent("Tests/Fixtures/e2fsprogs")
    let damaged = Fixtures.root.appendingPathComponent("Tests/Fixtures/damaged")
    let corpus = (try? fm.contentsOfDirectory(atPath: e2fsprogs.path)) ?? []
    let broken = (try? fm.contentsOfDirectory(atPath: damaged.path)) ?? []
    return corpus.filter { $0.hasPrefix("f_") }.map { Fixtures.e2fsprogsImage($0) }
      + broken.filter { $0.hasSuffix(".img.gz") }.map { damaged.appendingPathComponent($0) }
  }

  @Test(arguments: cleanImages)
  func noHazardWhereE2fsckChangesNothing(_ gz: URL) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(gz, as: "image.img")
    guard try Fsck.check(image).status == 0 else { return }
    #expect(try HazardOracle.hazards(image).isEmpty, "\(gz.lastPathComponent)")
  }
}
