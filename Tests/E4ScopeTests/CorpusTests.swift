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
}
