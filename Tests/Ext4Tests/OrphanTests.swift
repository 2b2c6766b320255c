import Ext4
import Foundation
import Testing
import TestSupport

/// The orphan list: the s_last_orphan chain and the orphan file.
@Suite struct OrphanTests {
  @Test func orphanChainIsFollowed() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.e2fsprogsImage("f_orphan_extents_inode"), as: "o.img")
    let fs = try Filesystem.open(image)
    #expect(fs.orphanInodes() == [12])
  }
  @Test func orphanFileEntriesAreOrphans() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096", "-O", "orphan_file"])
    b.requests = ["write \(dir.path("data")) f", "fallocate f 10 19"]
    let image = try b.build(in: dir, name: "o.img", dataFiles: ["data": 5000])
    let orphanFile = try #require(UInt32(try Debugfs.dumpe2fsField(image, "Orphan file inode") ?? ""))
    let target = try Debugfs.inode(image, path: "/f")
    #expect(try Filesystem.open(image).orphanInodes().isEmpty)
    // What the kernel writes when it puts an inode on the orphan file: its
    // number in a free slot of an orphan block.
    let block = try #require(UInt64(try Debugfs.request(image, "bmap <\(orphanFile)> 0").trimmingCharacters(in: .whitespacesAndNewlines)))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
    try handle.seek(toOffset: block * 4096 + 8)
    try handle.write(contentsOf: withUnsafeBytes(of: target.littleEndian) { Data($0) })
    try handle.close()
    #expect(try Filesystem.open(image).orphanInodes() == [target])
  }
}
