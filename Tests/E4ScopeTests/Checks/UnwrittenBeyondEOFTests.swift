import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `unwritten_beyond_eof`: its rule on hand-made data and on images built at test time.
@Suite struct UnwrittenBeyondEOFTests {
  @Test func uninitExtentsPastEOF() throws {
    // ino 12: i_size 0, 10 uninit extents (40 blocks) past EOF, depth-1 tree.
    let r = try CorpusTests.scan("f_uninit_ext_past_eof")
    #expect(r.findings.count == 10)
    #expect(r.findings.allSatisfy { $0.kind == .unwrittenBeyondEOF && $0.inode == 12 && $0.path == "/a" })
    #expect(CorpusTests.blocks(r, .unwrittenBeyondEOF, inode: 12) == 40)
  }

  @Test func uninitExtentsPastNonzeroEOF() throws {
    // ino 12: i_size 20480 (20 blocks); 3 uninit extents (36 blocks) past EOF.
    let r = try CorpusTests.scan("f_uninit_ext_past_eof2")
    #expect(r.findings.count == 3)
    #expect(r.findings.allSatisfy { $0.kind == .unwrittenBeyondEOF && ($0.logicalBlock ?? 0) >= 20 })
    #expect(CorpusTests.blocks(r, .unwrittenBeyondEOF, inode: 12) == 36)
  }
}
