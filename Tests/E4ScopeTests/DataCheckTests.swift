import Ext4
import Testing

@testable import E4Scope

/// The data checks on hand-made buffers, against naive byte loops.
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

  @Test func zeroedRunsAndThePartialEOFBlock() {
    // Blocks: data, zero, zero, data, EOF block with 100 zero bytes in the file
    // and non-zero bytes past i_size (those do not count).
    var bytes = [UInt8](repeating: 0, count: 5 * 4096)
    for i in 0..<4096 { bytes[i] = 1 }
    bytes[3 * 4096 + 5] = 9
    bytes[4 * 4096 + 100] = 0xFF
    let run = Self.run(blocks: 5, iSize: 4 * 4096 + 100)
    var findings: [Finding] = []
    bytes.withUnsafeBytes { ZeroedWrittenCheck().inspect(run, bytes: $0, into: &findings) }
    #expect(findings.map(\.logicalBlock) == [1, 4])
    #expect(findings.map(\.blocks) == [2, 1])
    #expect(findings.map(\.physicalBlock) == [1001, 1004])
    #expect(findings.allSatisfy { $0.kind == .zeroedWritten && $0.severity == .warning })
  }

  @Test func zeroedSectorsAreByteRangesInsideNonZeroBlocks() {
    var bytes = [UInt8](repeating: 1, count: 2 * 4096)
    for i in 512..<1536 { bytes[i] = 0 }  // sectors 1-2 of block 0
    for i in 3584..<4096 { bytes[i] = 0 }  // sector 7 of block 0
    // Block 1 is the EOF block: 1000 bytes in the file; bytes 512-999 zero.
    for i in 4096 + 512..<4096 + 1000 { bytes[i] = 0 }
    let run = Self.run(blocks: 2, iSize: 4096 + 1000)
    var findings: [Finding] = []
    bytes.withUnsafeBytes { ZeroedSectorsCheck().inspect(run, bytes: $0, into: &findings) }
    #expect(findings.map(\.fileOffset) == [512, 3584, 4096 + 512])
    #expect(findings.map(\.length) == [1024, 512, 488])
    #expect(findings.map(\.logicalBlock) == [0, 0, 1])
    #expect(findings.allSatisfy { $0.kind == .zeroedSectors && $0.severity == .info })
  }

  @Test func wholeZeroBlocksAreNotSectorFindings() {
    let bytes = [UInt8](repeating: 0, count: 4096)
    var findings: [Finding] = []
    bytes.withUnsafeBytes {
      ZeroedSectorsCheck().inspect(Self.run(blocks: 1, iSize: 4096), bytes: $0, into: &findings)
    }
    #expect(findings.isEmpty)
  }

  @Test func unwrittenBlocksWithData() {
    var bytes = [UInt8](repeating: 0, count: 4 * 4096)
    let text = Array("stale:secret".utf8)
    for (i, b) in text.enumerated() { bytes[4096 + 100 + i] = b }
    bytes[2 * 4096] = 1
    let run = Self.run(blocks: 4, logical: 8, iSize: 3 * 4096, unwritten: true)
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
    #expect(bigger.reads[0].segments.map(\.offset) == [0, 50])
  }
}
