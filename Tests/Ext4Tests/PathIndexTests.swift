import Ext4
import Testing
import TestSupport

/// Paths from one directory pass agree with `debugfs ncheck`.
@Suite struct PathIndexTests {
  static func directories(_ fs: Filesystem) throws -> [UInt32] { try fs.directoryInodes() }

  @Test func pathsMatchNcheck() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[1], in: dir)
    let fs = try Filesystem.open(image)
    let directories = try Self.directories(fs)
    var wanted: [UInt32: String] = [:]
    for path in Matrix.files { wanted[try Debugfs.inode(image, path: path)] = path }
    var named = InodeSet(maxInode: fs.inodesCount)
    (directories + wanted.keys).forEach { named.insert($0) }
    let index = PathIndex(fs, directories: directories, named: named)
    let ncheck = try Debugfs.request(image, "ncheck " + wanted.keys.map(String.init).joined(separator: " "))
    for (inode, path) in wanted {
      #expect(index.path(of: inode) == path)
      // 1.47.0 prints root entries as //name.
      #expect(ncheck.contains("\(inode)\t\(path)") || ncheck.contains("\(inode)\t/\(path)"))
    }
    #expect(index.path(of: 2) == "/")
    #expect(index.path(of: 9999) == nil)
  }

  @Test func indexesOverDisjointDirectoriesMerge() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[1], in: dir)
    let fs = try Filesystem.open(image)
    let directories = try Self.directories(fs)
    let nested = try Debugfs.inode(image, path: "/d/sub/nested")
    var named = InodeSet(maxInode: fs.inodesCount)
    (directories + [nested]).forEach { named.insert($0) }
    var merged = PathIndex()
    for directory in directories {
      merged.merge(PathIndex(fs, directories: [directory], named: named))
    }
    #expect(merged.path(of: nested) == "/d/sub/nested")
    #expect(PathIndex().path(of: nested) == nil)
  }

  @Test func unresolvablePathsSayWhy() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4"], sizeKiB: 8192)
    b.requests = ["mkdir a", "mkdir a/b", "write /dev/null a/b/f", "write /dev/null g"]
    let image = try b.build(in: dir, name: "loop.img")
    let file = try Debugfs.inode(image, path: "/a/b/f")
    let g = try Debugfs.inode(image, path: "/g")
    // /a linked inside its own child and unlinked from the root: the only
    // way up from f goes round a -> b -> a.
    try runChecked("debugfs", ["-w", "-R", "link a a/b/loop", image])
    try runChecked("debugfs", ["-w", "-R", "unlink a", image])
    let fs = try Filesystem.open(image)
    let directories = try Self.directories(fs)
    var named = InodeSet(maxInode: fs.inodesCount)
    (directories + [file, g]).forEach { named.insert($0) }
    let index = PathIndex(fs, directories: directories, named: named)
    guard case .failure(.loop) = index.texts(file) else {
      Issue.record("expected a loop for inode \(file): \(index.texts(file))")
      return
    }
    #expect(index.texts(g) == .success(["/g"]))
    #expect(index.texts(9999) == .failure(.unlinked))
    // Without the root directory read, g is named nowhere.
    let partial = PathIndex(fs, directories: directories.filter { $0 != 2 }, named: named)
    #expect(partial.texts(g) == .failure(.unlinked))
  }

  /// A file linked in several directories has every name, as debugfs
  /// `ncheck` lists them; names keep bytes that are not UTF-8.
  @Test func everyLinkAndExactBytes() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4"], sizeKiB: 8192)
    b.requests = ["mkdir a", "mkdir b", "write /dev/null a/f", "ln a/f b/g", "ln a/f h", "sif a/f links_count 3"]
    let image = try b.build(in: dir, name: "links.img")
    let file = try Debugfs.inode(image, path: "/a/f")
    let fs = try Filesystem.open(image)
    let directories = try Self.directories(fs)
    var named = InodeSet(maxInode: fs.inodesCount)
    (directories + [file]).forEach { named.insert($0) }
    let index = PathIndex(fs, directories: directories, named: named)
    let ncheck = try Debugfs.request(image, "ncheck -c \(file)")
    let found = try index.texts(file).get()
    #expect(Set(found) == ["/a/f", "/b/g", "/h"])
    for path in found { #expect(ncheck.contains("\(file)\t\(path)") || ncheck.contains("\(file)\t/\(path)")) }
    let odd = try runRaw("sh", ["-c", "printf 'write /dev/null \\377\\376x\\n' | debugfs -w -f - \"$0\" >/dev/null 2>&1", image])
    #expect(odd.isEmpty)
    let reopened = try Filesystem.open(image)
    let oddInode = try reopened.lookup(bytes: [0xFF, 0xFE, 0x78])
    named.insert(oddInode)
    let exact = try PathIndex(reopened, directories: directories, named: named).resolveAll(oddInode).get()
    #expect(exact.map { $0.map(\.name) } == [[[0xFF, 0xFE, 0x78]]])
  }

  @Test func inodeSetMembership() {
    var set = InodeSet(maxInode: 130)
    [1, 63, 64, 130].forEach { set.insert($0) }
    #expect([1, 63, 64, 130].allSatisfy(set.contains))
    #expect(![0, 2, 65, 129, 131, 100_000].contains(where: set.contains))
  }
}

extension PathIndex {
  /// The paths of `inode` as text (lossy; for names known to be UTF-8), or why none.
  func texts(_ inode: UInt32) -> Result<[String], Unresolved> {
    resolveAll(inode).map { paths in
      paths.map { "/" + $0.map { String(decoding: $0.name, as: UTF8.self) }.joined(separator: "/") }
    }
  }

  func path(of inode: UInt32) -> String? { try? texts(inode).get().first }
}
