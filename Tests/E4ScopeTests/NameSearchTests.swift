@testable import E4Scope
import Ext4
import Testing
import TestSupport

/// The name search reads only some directories, yet names every inode as a
/// pass over all directories does: on an image of 8 inodes per group, where
/// files sit in other groups than their directories, hard links cross
/// groups, ancestors lie in far groups, one file is unlinked, and one
/// file's link count is below its names.
@Suite struct NameSearchTests {
  static func build(in dir: TemporaryDirectory) throws -> String {
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024", "-g", "1024", "-N", "128"], sizeKiB: 16384)
    var requests = ["mkdir a", "mkdir a/b", "mkdir a/b/c", "mkdir x"]
    requests += (0..<40).map { "write /dev/null a/b/c/f\($0)" }
    requests += (0..<12).map { "write /dev/null x/g\($0)" }
    requests += ["mkdir a/b/c/late", "write /dev/null a/b/c/late/h"]
    // debugfs ln leaves the link count as it was: set it, except for f7,
    // whose second name its link count does not own up to.
    requests += ["ln a/b/c/f3 x/link-f3", "sif a/b/c/f3 links_count 2"]
    requests += ["ln x/g11 a/link-g11", "sif x/g11 links_count 2", "ln a/b/c/f7 x/extra-f7"]
    requests += ["write /dev/null x/gone", "unlink x/gone"]
    b.requests = requests
    return try b.build(in: dir, name: "groups.img")
  }

  @Test func namesEqualThoseOfAFullPass() throws {
    let dir = try TemporaryDirectory()
    let image = try Self.build(in: dir)
    let fs = try Filesystem.open(image)
    let directories = try fs.directoryInodes()
    #expect(Set(directories.map { fs.group(ofInode: $0) }).count > 1)
    var everything = InodeSet(maxInode: fs.inodesCount)
    (1...fs.inodesCount).forEach { everything.insert($0) }
    let full = PathIndex(fs, directories: directories, named: everything)

    var files: [UInt32] = []
    let userFiles = UserFiles(fs)
    try InodeScanner(fs).forEach { inode, _ in
      if inode.isRegularFile && userFiles.contains(inode) { files.append(inode.number) }
      return true
    }
    let unlinked = files.filter { full.resolveAll($0) == .failure(.unlinked) }
    #expect(files.count > 50 && unlinked.count == 1)
    let gone = unlinked.first ?? 0
    let f7 = try Debugfs.inode(image, path: "/a/b/c/f7")
    for wanted in files.map({ [$0] }) + [files, [gone], [f7, files[0]]] {
      let links = try Dictionary(uniqueKeysWithValues: wanted.map { ($0, max(1, Int(try fs.inodeMetadata($0).links))) })
      var search = NameSearch(handles: [fs], directories: directories, blocks: nil, wanted: links)
      search.run()
      for inode in wanted {
        let found = search.index.resolveAll(inode).map { Set($0) }
        let expected = full.resolveAll(inode).map { Set($0) }
        if inode == f7 {
          // Its link count says one name: the search may stop at the first.
          let names = try found.get()
          let all = try expected.get()
          #expect(!names.isEmpty && names.isSubset(of: all), "inode \(inode)")
        } else {
          #expect(found == expected, "inode \(inode) among \(wanted.count) wanted")
        }
      }
    }
  }
}
