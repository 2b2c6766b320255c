import Foundation
import Testing
import TestSupport

/// Repairs of a journaled ext4 go through its journal: a repair killed
/// right after its first transaction is activated leaves a log debugfs's
/// logdump reads, whose replay (`e2fsck -E journal_only`) gives exactly the
/// state of a repair that ran to the end, and `e2fsck -fn` is clean; a
/// repair of many files commits a few transactions, not one per inode, and
/// trims every one of them.
@Suite struct RepairJournalTests {
  /// Every file's extents and size, through debugfs.
  func state(_ image: String, files: [String]) throws -> [String: String] {
    var state: [String: String] = [:]
    for file in files {
      let inode = try Debugfs.inode(image, path: "/\(file)")
      state[file] =
        "\(try Debugfs.size(image, inode: inode)) \(try Debugfs.extents(image, inode: inode).map(\.description))"
    }
    return state
  }

  @Test func killedAfterActivationReplaysToTheAfterState() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "1024"], sizeKiB: 16384)
    let files = (0..<40).map { "f\($0)" }
    b.requests = files.flatMap { ["write /dev/null \($0)", "fallocate \($0) 0 3"] }
    let image = try b.build(in: dir, name: "j.img")
    let whole = dir.path("whole.img")
    try runChecked("cp", [image, whole])
    #expect(try run(Fixtures.binary, ["trim", "-y", "--no-undo", whole]).status == 1)
    let after = try state(whole, files: files)
    let before = try state(image, files: files)
    #expect(after != before)

    let killed = try run(
      "env", ["E4SCOPE_TEST_KILL_AFTER=activated", Fixtures.binary, "trim", "-y", "--no-undo", image])
    #expect([9, 137].contains(killed.status), "\(killed.stderr)")
    let log = try Logdump.transactions(image)
    #expect(log.count == 1)
    #expect(log.first?.commitBlock != nil)
    #expect((log.first?.tags.count ?? 0) > 10)
    // Nothing is home yet.
    #expect(try state(image, files: files) == before)

    let replay = try run("e2fsck", ["-p", "-E", "journal_only", image])
    #expect(replay.status <= 1, "\(replay.stdout)\(replay.stderr)")
    let check = try run("e2fsck", ["-fn", image])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(try state(image, files: files) == after)
  }

  @Test func aRepairOfManyFilesCommitsAFewTransactions() throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(
      mkfsArguments: ["-t", "ext4", "-b", "1024", "-N", "2100", "-J", "size=1"], sizeKiB: 65536)
    let count = 2000
    b.requests = (0..<count).flatMap { ["write /dev/null f\($0)", "fallocate f\($0) 0 1"] }
    let image = try b.build(in: dir, name: "m.img")
    let sequence = { (image: String) throws -> Int in
      // "0x0000002a"
      Int((try Debugfs.dumpe2fsField(image, "Journal sequence") ?? "").dropFirst(2), radix: 16) ?? -1
    }
    let first = try sequence(image)
    let original = try sha256(image)
    let undo = dir.path("m.undo")
    // With an undo file: its held writes must not leave a stale block for
    // the next batch to read (an inode-table block shared by two batches).
    let r = try run(Fixtures.binary, ["trim", "-y", "--undo", undo, image])
    #expect(r.status == 1, "\(r.stderr)")
    let rescan = try run(Fixtures.binary, ["scan", image])
    #expect(rescan.status == 0, "a rescan finds what was not trimmed: \(rescan.stdout)")
    let transactions = try sequence(image) - first
    // A 1 MiB journal takes transactions of up to 250 blocks: the 500
    // inode-table blocks of the 2000 inodes go in a few of them.
    #expect(transactions >= 2 && transactions <= 8, "\(transactions) transactions")
    let check = try run("e2fsck", ["-fn", image])
    #expect(check.status == 0, "\(check.stdout)")
    #expect(try runChecked("debugfs", ["-R", "logdump", image]).contains("Journal starts at block 0"))
    try runChecked("e2undo", [undo, image])
    #expect(try sha256(image) == original)
  }
}
