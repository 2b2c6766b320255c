import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `written_beyond_eof`: its rule on hand-made data and on images built at test time.
@Suite struct WrittenBeyondEOFTests {
  @Test func bigallocWrittenPastEOF() throws {
    // ino 16: 100 init blocks, 98 past EOF (i_size 8192, 4k blocks).
    let r = try CorpusTests.scan("f_dup_ba")
    #expect(CorpusTests.blocks(r, .writtenBeyondEOF, inode: 16) == 98)
  }

  @Test func eofBlocksCombinations() throws {
    // Written blocks past EOF only in ino 22/23 (init 0-1, size 1024) and 30/31.
    let r = try CorpusTests.scan("f_eofblocks")
    let written = Set(r.findings.filter { $0.kind == .writtenBeyondEOF }.map(\.inode))
    #expect(written == [22, 23, 30, 31])
    #expect(CorpusTests.blocks(r, .writtenBeyondEOF, inode: 30) == 2)
    #expect(CorpusTests.blocks(r, .writtenBeyondEOF, inode: 31) == 4)
    #expect(!r.findings.contains { $0.kind == .extentTreeError })
  }
}
