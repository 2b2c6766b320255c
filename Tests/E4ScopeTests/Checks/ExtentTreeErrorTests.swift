import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `extent_tree_error`: its rule on hand-made data and on images built at test time.
@Suite struct ExtentTreeErrorTests {
  @Test(arguments: CorpusTests.brokenInodes)
  func corruptTreesAreReportedAndTheScanGoesOn(_ name: String, _ broken: Set<UInt32>) throws {
    let r = try CorpusTests.scan(name)
    let errors = r.findings.filter { $0.kind == .extentTreeError }
    #expect(Set(errors.map(\.inode)) == broken)
    #expect(errors.allSatisfy { ($0.message ?? "").count > 5 && $0.severity == .error })
    #expect(r.summary.inodesScanned > broken.count)
  }

  @Test func scanContinuesPastABrokenInode() throws {
    // f_extents2: inode 12's tree is broken; 13 and 15 still get their findings.
    let r = try CorpusTests.scan("f_extents2")
    let written = Set(r.findings.filter { $0.kind == .writtenBeyondEOF }.map(\.inode))
    #expect(written == [13, 15])
  }
}
