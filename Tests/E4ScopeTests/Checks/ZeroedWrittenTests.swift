import Foundation
import Testing
import TestSupport

@testable import E4Scope

/// `zeroed_written`: its rule on hand-made data and on images built at test time.
@Suite struct ZeroedWrittenTests {
  @Test func zeroedRunsAndThePartialEOFBlock() {
    // Blocks: data, zero, zero, data, EOF block with 100 zero bytes in the file
    // and non-zero bytes past i_size (those do not count).
    var bytes = [UInt8](repeating: 0, count: 5 * 4096)
    for i in 0..<4096 { bytes[i] = 1 }
    bytes[3 * 4096 + 5] = 9
    bytes[4 * 4096 + 100] = 0xFF
    let run = DataCheckTests.run(blocks: 5, iSize: 4 * 4096 + 100)
    var findings: [Finding] = []
    bytes.withUnsafeBytes { ZeroedWrittenCheck().inspect(run, bytes: $0, into: &findings) }
    #expect(findings.map(\.logicalBlock) == [1, 4])
    #expect(findings.map(\.blocks) == [2, 1])
    #expect(findings.map(\.physicalBlock) == [1001, 1004])
    #expect(findings.allSatisfy { $0.kind == .zeroedWritten && $0.severity == .warning })
  }

  @Test func zeroedRunsMatchTheDamage() throws {
    let d = try DataScanTests.damaged()
    let r = try DataScanTests.scan(d.image, checks: [.zeroed])
    let zeroed = r.findings.filter { $0.kind == .zeroedWritten }
    #expect(zeroed.map(\.inode) == [d.data, d.data])
    #expect(zeroed.map(\.logicalBlock) == [0, 5])
    #expect(zeroed.map(\.blocks) == [2, 3])
    #expect(zeroed.allSatisfy { $0.path == "/data" })
    // Oracle: debugfs maps the same physical blocks, and they read as zeros.
    for f in zeroed {
      #expect(f.physicalBlock == (try Debugfs.bmap(d.image, inode: d.data, block: f.logicalBlock ?? 0)))
      let raw = try RawImage.read(d.image, at: (f.physicalBlock ?? 0) * 4096, count: Int(f.length))
      #expect(raw.allSatisfy { $0 == 0 })
    }
    #expect(r.summary.bytesRead >= 16 * 4096)
    #expect(!r.findings.contains { $0.kind == .unwrittenWithData })
  }

  @Test func minRunDropsShortRuns() throws {
    let d = try DataScanTests.damaged()
    var options = ScanOptions()
    options.checks = [.zeroed]
    options.minRun = 3
    let r = try FilesystemScan(image: d.image, options: options).run()
    #expect(r.findings.filter { $0.kind == .zeroedWritten }.map(\.logicalBlock) == [5])
  }
}
