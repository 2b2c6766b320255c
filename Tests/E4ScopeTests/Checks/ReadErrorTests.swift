import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `read_error`: its rule on hand-made data and on images built at test time.
@Suite struct ReadErrorTests {
  @Test func truncatedDataIsAReadErrorNotZeros() throws {
    let d = try DataScanTests.damaged()
    // Cut the image inside /data's blocks 8-15 (after its zeroed blocks 5-7).
    let p8 = try Debugfs.bmap(d.image, inode: d.data, block: 8)
    let p15 = try Debugfs.bmap(d.image, inode: d.data, block: 15)
    try #require(p15 == p8 + 7, "the test file is contiguous")
    let cut = (p8 + 2) * 4096 + 100
    try FileHandle(forWritingTo: URL(fileURLWithPath: d.image)).truncate(atOffset: cut)
    let r = try DataScanTests.scan(d.image, checks: [.zeroed])
    let errors = r.findings.filter { $0.kind == .readError && $0.inode == d.data }
    #expect(errors.count == 1)
    #expect(errors.first?.logicalBlock == 10)
    #expect(errors.first?.blocks == 6)
    #expect(errors.first?.message?.contains("image ends at byte \(cut)") == true)
    #expect(r.findings.filter { $0.kind == .zeroedWritten && $0.inode == d.data }.map(\.logicalBlock) == [0, 5])
  }
}
