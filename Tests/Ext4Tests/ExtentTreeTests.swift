import Ext4
import Testing
import TestSupport

/// `Filesystem.extentTree` lists exactly the rows `debugfs -R 'ex <ino>'` prints.
@Suite struct ExtentTreeTests {
  @Test(arguments: Matrix.configs.filter(\.extents))
  func treeMatchesDebugfs(_ config: Matrix.Config) throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(config, in: dir)
    let fs = try Filesystem.open(image)
    var sawIndex = false
    for path in Matrix.files {
      let inode = try Debugfs.inode(image, path: path)
      let expected = try Debugfs.extents(image, inode: inode)
      let actual = try fs.extentTree(of: inode).map {
        DebugfsExtent(
          level: $0.level, maxDepth: $0.maxDepth, entry: $0.entry, entries: $0.entries,
          logicalStart: $0.logical, physicalStart: $0.physical,
          length: $0.isLeaf ? UInt64($0.length) : nil, unwritten: $0.unwritten)
      }
      #expect(actual == expected, "\(config) \(path)")
      sawIndex = sawIndex || actual.contains { !$0.isLeaf }
    }
    #expect(sawIndex, "the matrix must include a tree of depth >= 1")
  }

  /// The scan's walk (trees of depth 0 read straight from the inode, deeper
  /// ones through libext2fs) maps the leaves debugfs lists.
  @Test(arguments: Matrix.configs.filter(\.extents))
  func scanWalkMapsTheLeavesDebugfsLists(_ config: Matrix.Config) throws {
    let dir = try TemporaryDirectory()
    let image = try Matrix.build(config, in: dir)
    let fs = try Filesystem.open(image)
    var sawFlat = false
    for path in Matrix.files {
      let inode = try Debugfs.inode(image, path: path)
      let expected = try Debugfs.extents(image, inode: inode).filter(\.isLeaf).map {
        Extent(
          logical: $0.logicalStart, physical: $0.physicalStart, length: UInt32($0.length ?? 0),
          unwritten: $0.unwritten)
      }
      var leaves: [Extent] = []
      var depth = 0
      try fs.withMapping(of: inode) { _, walk in
        try walk({ leaves.append($0) }, { depth = $0.maxDepth })
      }
      #expect(leaves == expected, "\(config) \(path)")
      sawFlat = sawFlat || (depth == 0 && !leaves.isEmpty)
    }
    #expect(sawFlat, "the matrix must include a tree of depth 0")
  }

  @Test func blockMapsListTheirRunsLikeDebugfsStat() throws {
    let dir = try TemporaryDirectory()
    let config = try #require(Matrix.configs.first { !$0.extents })
    let image = try Matrix.build(config, in: dir)
    let fs = try Filesystem.open(image)
    for path in Matrix.files {
      let inode = try Debugfs.inode(image, path: path)
      #expect(throws: ExtentTreeError.self) { try fs.extentTree(of: inode) }
      let runs = try fs.blockMapRuns(of: inode).map {
        DebugfsExtent(
          level: 0, maxDepth: 0, entry: 0, entries: 0, logicalStart: $0.logical,
          physicalStart: $0.physical, length: UInt64($0.length), unwritten: false)
      }
      #expect(runs == (try Debugfs.dataRuns(image, inode: inode)), "\(path)")
    }
  }
}
