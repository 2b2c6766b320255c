import Ext4
import Foundation
import Testing
import TestSupport

/// The batching io layer: while a batch is open, reads through the handle
/// see its writes and the image file does not change; a commit puts the
/// batch in the journal (logdump lists it) and home (debugfs and e2fsck see
/// it); an abandoned batch never reaches the image.
@Suite struct BatchWritesTests {
  /// A 16 MiB ext4 (1 KiB blocks) with /f, 3000 bytes.
  func image(_ dir: TemporaryDirectory) throws -> (image: String, inode: UInt32) {
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024"], sizeKiB: 16384)
    b.requests = ["write \(dir.path("data")) f"]
    let image = try b.build(in: dir, name: "b.img", dataFiles: ["data": 3000])
    return (image, try Debugfs.inode(image, path: "/f"))
  }

  func open(_ image: String) throws -> (Filesystem, InodeEditor) {
    let fs = try Filesystem.open(image, options: .init(writable: true, batchWrites: true))
    return (fs, try InodeEditor(fs))
  }

  @Test func readsSeeTheBatchAndTheImageIsUntouched() throws {
    let dir = try TemporaryDirectory()
    let (image, inode) = try image(dir)
    let before = try sha256(image)
    let (fs, editor) = try open(image)
    try fs.beginBatch()
    try editor.setSize(inode: inode, size: 5000)
    // A superblock write is a byte-level write inside block 1.
    try fs.markClean(false)
    #expect(try fs.inode(inode).size == 5000)
    #expect(fs.batchedBlocks >= 2)
    let superblock = try fs.readBlocks(1)
    #expect(superblock[0x3A] & 1 == 0, "s_state through the handle shows the batch")
    #expect(try sha256(image) == before)
    #expect(try Filesystem.open(image).isClean)

    fs.abandonBatch()
    try fs.close()
    #expect(try sha256(image) == before)
  }

  @Test func commitWritesOneTransactionAndTheBlocksHome() throws {
    let dir = try TemporaryDirectory()
    let (image, inode) = try image(dir)
    let (fs, editor) = try open(image)
    let capacity = try #require(fs.journalCapacity())
    #expect(capacity.blocks > 16 && capacity.blocks <= 8192)
    try fs.setNeedsRecovery(true)
    try fs.beginBatch()
    try editor.setSize(inode: inode, size: 5000)
    let batched = fs.batchedBlocks
    var steps: [BatchCommitStep] = []
    let written = try #require(try fs.commitBatch { steps.append($0) })
    #expect(steps == BatchCommitStep.allCases)
    #expect(fs.batchedBlocks == 0)
    // The batch plus the flushed superblock and group descriptors.
    #expect(written.logBlocks > batched)
    try fs.setNeedsRecovery(false)
    try fs.close()
    #expect(try Debugfs.size(image, inode: inode) == 5000)
    let check = try run("e2fsck", ["-fn", image])
    #expect(check.status == 0, "\(check.stdout)")
    // The journal is empty again, one sequence number on.
    let log = try runChecked("debugfs", ["-R", "logdump", image])
    #expect(log.contains("Journal starts at block 0, transaction \(written.sequence + 1)"), "\(log)")
  }

  @Test func emptyBatchCommitsNothing() throws {
    let dir = try TemporaryDirectory()
    let (image, _) = try image(dir)
    let before = try sha256(image)
    let (fs, _) = try open(image)
    try fs.beginBatch()
    #expect(try fs.commitBatch() == nil)
    try fs.close()
    #expect(try sha256(image) == before)
  }
}
