import Ext4
import Testing

@testable import E4Scope

/// The data scan's parts on hand-made buffers: the zero test against naive
/// byte loops, the finding merger, the read plan. The checks themselves are
/// tested in Checks/.
@Suite struct DataCheckTests {
  static func run(blocks: Int, logical: UInt64 = 0, iSize: UInt64, unwritten: Bool = false) -> DataRun {
    DataRun(
      inode: 12, iSize: iSize, orphan: false, logical: logical, physical: 1000, blocks: blocks,
      unwritten: unwritten, blockSize: 4096)
  }

  @Test func zeroTestAgreesWithByteLoops() {
    var g = SystemRandomNumberGenerator()
    for length in [0, 1, 7, 8, 63, 64, 65, 4096, 4099] {
      for position in [nil, 0, length / 2, length - 1] as [Int?] {
        var bytes = [UInt8](repeating: 0, count: length)
        if let position, position >= 0, position < length { bytes[position] = UInt8.random(in: 1...255, using: &g) }
        if length > 10 && position != nil { bytes[length - 2] = 7 }
        bytes.withUnsafeBytes { raw in
          #expect(ZeroTest.isZero(raw) == bytes.allSatisfy { $0 == 0 })
          #expect(ZeroTest.firstNonZero(raw) == bytes.firstIndex { $0 != 0 })
          #expect(ZeroTest.lastNonZero(raw) == bytes.lastIndex { $0 != 0 })
          #expect(ZeroTest.nonZeroCount(raw) == bytes.filter { $0 != 0 }.count)
        }
      }
    }
    var random = [UInt8](repeating: 0, count: 4096)
    for i in random.indices where i % 3 == 0 { random[i] = UInt8.random(in: 0...255, using: &g) }
    random.withUnsafeBytes { #expect(ZeroTest.nonZeroCount($0) == random.filter { $0 != 0 }.count) }
  }

  @Test func mergerJoinsContiguousPiecesOnly() {
    func piece(_ l: UInt64, _ p: UInt64, _ n: UInt64, _ kind: FindingKind = .zeroedWritten) -> Finding {
      Finding(kind: kind, inode: 5, iSize: 1 << 30, logicalBlock: l, physicalBlock: p, blocks: n, blockSize: 4096, orphan: false)
    }
    let merged = FindingMerger.merge(
      [piece(10, 110, 2), piece(0, 100, 4), piece(4, 104, 3), piece(7, 200, 1),
       piece(4, 104, 3, .unwrittenBeyondEOF)], minRun: 2)
    #expect(merged.map(\.logicalBlock) == [0, 4, 10])
    #expect(merged.map(\.blocks) == [7, 3, 2])
    #expect(merged.map(\.kind) == [.zeroedWritten, .unwrittenBeyondEOF, .zeroedWritten])
    #expect(merged[0].length == 7 * 4096)
  }

  @Test func readPlanCoalescesTouchingRuns() {
    func run(_ p: UInt64, _ n: Int, inode: UInt32) -> DataRun {
      DataRun(inode: inode, iSize: 1 << 30, orphan: false, logical: 0, physical: p, blocks: n, unwritten: false, blockSize: 4096)
    }
    let plan = ReadPlan([run(300, 10, inode: 3), run(100, 50, inode: 1), run(150, 20, inode: 2)], maxBlocks: 64)
    #expect(plan.reads.map(\.physical) == [100, 150, 300])
    #expect(plan.reads.map(\.blocks) == [50, 20, 10])
    let bigger = ReadPlan([run(100, 50, inode: 1), run(150, 20, inode: 2)], maxBlocks: 128)
    #expect(bigger.reads.count == 1)
    #expect(bigger.segments(of: bigger.reads[0]).map(\.offset) == [0, 50])
  }
}
