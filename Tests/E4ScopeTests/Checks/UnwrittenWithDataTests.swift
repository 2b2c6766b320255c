import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `unwritten_with_data`: its rule on hand-made data and on images built at test time.
@Suite struct UnwrittenWithDataTests {
  @Test func unwrittenBlocksWithData() {
    var bytes = [UInt8](repeating: 0, count: 4 * 4096)
    let text = Array("stale:secret".utf8)
    for (i, b) in text.enumerated() { bytes[4096 + 100 + i] = b }
    bytes[2 * 4096] = 1
    let run = DataCheckTests.run(blocks: 4, logical: 8, iSize: 3 * 4096, unwritten: true)
    var findings: [Finding] = []
    bytes.withUnsafeBytes {
      UnwrittenWithDataCheck(evidenceBytes: 12).inspect(run, bytes: $0, into: &findings)
    }
    #expect(findings.count == 1)
    let f = findings[0]
    #expect(f.logicalBlock == 9 && f.blocks == 2)
    #expect(f.beyondEOF == true)
    #expect(f.firstNonzeroOffset == 9 * 4096 + 100)
    #expect(f.nonzeroBytes == UInt64(text.count + 1))
    #expect(f.evidence == "73 74 61 6c 65 3a 73 65 63 72 65 74 |stale:secret|")
  }

  @Test func unwrittenDataMatchesTheDamage() throws {
    let d = try DataScanTests.damaged()
    let r = try DataScanTests.scan(d.image, checks: [.unwrittenData])
    let found = r.findings.filter { $0.kind == .unwrittenWithData }
    #expect(found.map(\.logicalBlock) == [4, 12])
    #expect(found.map(\.blocks) == [3, 1])
    #expect(found.map(\.beyondEOF) == [false, true])
    let expectedOffsets: [UInt64?] = [4 * 4096 + 10, 12 * 4096 + 10]
    #expect(found.map(\.firstNonzeroOffset) == expectedOffsets)
    #expect(found.allSatisfy { $0.inode == d.prealloc })
    // Oracle: libext2fs (debugfs dump) reads zeros there, the raw blocks do not.
    let logical = try Debugfs.dump(d.image, inode: d.prealloc, in: d.dir)
    #expect(logical.count == 40960)
    #expect(logical.allSatisfy { $0 == 0 })
    for f in found {
      let raw = try RawImage.read(d.image, at: (f.physicalBlock ?? 0) * 4096, count: Int(f.length))
      #expect(!raw.allSatisfy { $0 == 0 })
      #expect(f.nonzeroBytes == UInt64(raw.filter { $0 != 0 }.count))
    }
  }
}
