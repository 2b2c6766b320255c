import E4Scope
import Foundation
import Testing
import TestSupport

/// e2fsprogs' regression images (Tests/Fixtures/e2fsprogs, described in its
/// INDEX.md): the findings their INDEX states, `extent_tree_error` on the
/// corrupt ones while the scan goes on, and never a crash.
@Suite struct CorpusTests {
  static func scan(_ name: String) throws -> ScanResult {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.e2fsprogsImage(name), as: "\(name).img")
    let before = try sha256(image)
    let result = try FilesystemScan(image: image, options: ScanOptions()).run()
    #expect(try sha256(image) == before, "scan must not write")
    return result
  }

  static func blocks(_ r: ScanResult, _ kind: FindingKind, inode: UInt32) -> UInt64 {
    r.findings.filter { $0.kind == kind && $0.inode == inode }.reduce(0) { $0 + $1.blocks }
  }

  @Test func uninitExtentsPastEOF() throws {
    // ino 12: i_size 0, 10 uninit extents (40 blocks) past EOF, depth-1 tree.
    let r = try Self.scan("f_uninit_ext_past_eof")
    #expect(r.findings.count == 10)
    #expect(r.findings.allSatisfy { $0.kind == .unwrittenBeyondEOF && $0.inode == 12 && $0.path == "/a" })
    #expect(Self.blocks(r, .unwrittenBeyondEOF, inode: 12) == 40)
  }

  @Test func uninitExtentsPastNonzeroEOF() throws {
    // ino 12: i_size 20480 (20 blocks); 3 uninit extents (36 blocks) past EOF.
    let r = try Self.scan("f_uninit_ext_past_eof2")
    #expect(r.findings.count == 3)
    #expect(r.findings.allSatisfy { $0.kind == .unwrittenBeyondEOF && ($0.logicalBlock ?? 0) >= 20 })
    #expect(Self.blocks(r, .unwrittenBeyondEOF, inode: 12) == 36)
  }

  @Test func eofBlocksCombinations() throws {
    // Written blocks past EOF only in ino 22/23 (init 0-1, size 1024) and 30/31.
    let r = try Self.scan("f_eofblocks")
    let written = Set(r.findings.filter { $0.kind == .writtenBeyondEOF }.map(\.inode))
    #expect(written == [22, 23, 30, 31])
    #expect(Self.blocks(r, .writtenBeyondEOF, inode: 30) == 2)
    #expect(Self.blocks(r, .writtenBeyondEOF, inode: 31) == 4)
    #expect(!r.findings.contains { $0.kind == .extentTreeError })
  }

  @Test func bigallocWrittenPastEOF() throws {
    // ino 16: 100 init blocks, 98 past EOF (i_size 8192, 4k blocks).
    let r = try Self.scan("f_dup_ba")
    #expect(Self.blocks(r, .writtenBeyondEOF, inode: 16) == 98)
  }

  @Test func orphanTailIsMarked() throws {
    // ino 12 on the orphan list, i_size 0, 32 init blocks past EOF.
    let r = try Self.scan("f_orphan_extents_inode")
    #expect(Self.blocks(r, .writtenBeyondEOF, inode: 12) == 32)
    #expect(r.findings.allSatisfy { $0.orphan })
  }

  /// Each image and the inodes whose trees cannot be walked.
  static let brokenInodes: [(String, Set<UInt32>)] = [
    ("f_extents", [13, 16, 18]),
    ("f_extents2", [12, 16, 17, 18]),
    ("f_ext_zero_len", [12]),
    ("f_zeroed_ext_header", [12]),
    ("f_extent_leaf_bad_extent", [12]),
    ("f_extent_too_deep", [12]),  // depth 7 > the kernel's 5
    ("f_extent_interior_start_lblk", []),
    ("f_uninit_cat", []),
    ("f_uninit_dir", []),
    ("f_badcluster", []),
  ]

  @Test(arguments: brokenInodes)
  func corruptTreesAreReportedAndTheScanGoesOn(_ name: String, _ broken: Set<UInt32>) throws {
    let r = try Self.scan(name)
    let errors = r.findings.filter { $0.kind == .extentTreeError }
    #expect(Set(errors.map(\.inode)) == broken)
    #expect(errors.allSatisfy { ($0.message ?? "").count > 5 && $0.severity == .error })
    #expect(r.summary.inodesScanned > broken.count)
  }

  @Test func scanContinuesPastABrokenInode() throws {
    // f_extents2: inode 12's tree is broken; 13 and 15 still get their findings.
    let r = try Self.scan("f_extents2")
    let written = Set(r.findings.filter { $0.kind == .writtenBeyondEOF }.map(\.inode))
    #expect(written == [13, 15])
  }
}
