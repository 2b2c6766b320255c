import Foundation
import Testing
import TestSupport

/// A container library that crashes on a damaged container ends only its
/// own child process: e4scope reports which container failed and where,
/// with exit 8 when it cannot open the filesystem or a `read_error` finding
/// during a scan, and never dies by a signal itself.
@Suite struct ContainerIsolationTests {
  static let commands: [[String]] = [["scan"], ["info"], ["extents", "--inode", "12"]]

  /// The qcow2 on which libqcow 20201213 overflows a heap buffer while
  /// e4scope probes its partitions.
  @Test func qcowThatOverflowsItsLibraryExitsWithTheReason() throws {
    let dir = try TemporaryDirectory()
    let path = try dir.gunzip(
      Fixtures.root.appendingPathComponent("Tests/Fixtures/containers/libqcow-read-overflow.qcow2.gz"),
      as: "overflow.qcow2")
    for command in Self.commands {
      let r = try run(Fixtures.binary, command + [path])
      #expect(r.status == 8, "\(command): exit \(r.status), \(r.stderr)")
      #expect(
        r.stderr.contains("\(path): the QCOW2 container is damaged: its library failed reading at byte "),
        "\(command): \(r.stderr)")
    }
  }

  /// A qcow2 copy of the data sample, whose library process dies by
  /// SIGSEGV (E4SCOPE_TEST_MEDIA_CRASH_AT) when a read covers `byte`.
  static func runCrashing(at byte: UInt64, _ arguments: [String], in dir: TemporaryDirectory) throws
    -> (container: String, result: CommandResult)
  {
    let raw = dir.path("data.img")
    if !FileManager.default.fileExists(atPath: raw) {
      _ = try dir.gunzip(Fixtures.images.appendingPathComponent("data.img.gz"), as: "data.img")
    }
    let container = try ContainerImageTests.convert(raw, to: "qcow2", in: dir).path
    let r = try run("env", ["E4SCOPE_TEST_MEDIA_CRASH_AT=\(byte)", Fixtures.binary] + arguments + [container])
    return (container, r)
  }

  /// The child dies on the superblock: every command exits 8 naming the
  /// container, the byte and the signal.
  @Test func childKilledOnTheSuperblockExits8() throws {
    let dir = try TemporaryDirectory()
    for command in Self.commands {
      let (container, r) = try Self.runCrashing(at: 1024, command, in: dir)
      #expect(r.status == 8, "\(command): exit \(r.status), \(r.stderr)")
      #expect(
        r.stderr.contains(
          "\(container): the QCOW2 container is damaged: its library failed reading at byte 1024 (killed by signal 11)"),
        "\(command): \(r.stderr)")
    }
  }

  /// The child dies reading one file's data in the middle of a scan: that
  /// read is a `read_error` finding naming the failure, the scan goes on
  /// and exits 4; the raw image has no such finding.
  @Test func childKilledMidScanIsAReadErrorFinding() throws {
    let dir = try TemporaryDirectory()
    let raw = try dir.gunzip(Fixtures.images.appendingPathComponent("data.img.gz"), as: "data.img")
    let inode = try Debugfs.inode(raw, path: "/decoy/eof-tail")
    let block = try Debugfs.bmap(raw, inode: inode, block: 0)
    let scan = ["scan", "--checks", "all", "--format", "ndjson"]
    let byte = block * UInt64(try Debugfs.blockSize(raw))
    let (_, r) = try Self.runCrashing(at: byte, scan, in: dir)
    #expect(r.status == 4, "exit \(r.status), \(r.stderr)")
    let finding = r.stdout.split(separator: "\n").first {
      $0.contains("\"kind\":\"read_error\"") && $0.contains("\"inode\":\(inode),")
    }
    #expect(
      finding?.contains("the QCOW2 container is damaged: its library failed reading at byte ") == true
        && finding?.contains("(killed by signal 11)") == true,
      "\(r.stdout.suffix(600))")
    let rawScan = try run(Fixtures.binary, scan + [raw])
    #expect(!rawScan.stdout.contains("\"kind\":\"read_error\""))
  }
}
