import Ext4
import Testing
import TestSupport

/// Paths from one directory pass agree with `debugfs ncheck`.
@Suite struct PathIndexTests {
  @Test func pathsMatchNcheck() throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(Matrix.configs[1], in: dir)
    let fs = try Filesystem.open(image)
    var directories: [UInt32] = []
    let scanner = try InodeScanner(fs)
    while let inode = scanner.next() {
      if inode.isDirectory { directories.append(inode.number) }
    }
    var wanted: [UInt32: String] = [:]
    for path in Matrix.files { wanted[try Debugfs.inode(image, path: path)] = path }
    let index = PathIndex(fs, directories: directories, wanted: Set(wanted.keys))
    let ncheck = try Debugfs.request(image, "ncheck " + wanted.keys.map(String.init).joined(separator: " "))
    for (inode, path) in wanted {
      #expect(index.path(of: inode) == path)
      // 1.47.0 prints root entries as //name.
      #expect(ncheck.contains("\(inode)\t\(path)") || ncheck.contains("\(inode)\t/\(path)"))
    }
    #expect(index.path(of: 2) == "/")
    #expect(index.path(of: 9999) == nil)
  }

  @Test func orphanChainIsFollowed() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.e2fsprogsImage("f_orphan_extents_inode"), as: "o.img")
    let fs = try Filesystem.open(image)
    #expect(fs.orphanInodes() == [12])
  }
}
