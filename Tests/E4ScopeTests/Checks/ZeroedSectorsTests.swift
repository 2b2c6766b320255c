import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `zeroed_sectors`: its rule on hand-made data and on images built at test time.
@Suite struct ZeroedSectorsTests {
  @Test func zeroedSectorsAreByteRangesInsideNonZeroBlocks() {
    var bytes = [UInt8](repeating: 1, count: 2 * 4096)
    for i in 512..<1536 { bytes[i] = 0 }  // sectors 1-2 of block 0
    for i in 3584..<4096 { bytes[i] = 0 }  // sector 7 of block 0
    // Block 1 is the EOF block: 1000 bytes in the file; bytes 512-999 zero.
    for i in 4096 + 512..<4096 + 1000 { bytes[i] = 0 }
    let run = DataCheckTests.run(blocks: 2, iSize: 4096 + 1000)
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
      ZeroedSectorsCheck().inspect(DataCheckTests.run(blocks: 1, iSize: 4096), bytes: $0, into: &findings)
    }
    #expect(findings.isEmpty)
  }
}
