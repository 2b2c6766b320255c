import Ext4

/// `zeroed_written`: runs of written blocks below EOF whose bytes are all zero
/// (in the EOF block, only the bytes below i_size count). `--min-run` is
/// applied after the pieces of a run are merged (`FindingMerger`). A run that
/// ends in a partly used EOF block records whether that block is zero past
/// i_size too: repairs change such a block only then.
struct ZeroedWrittenCheck: DataCheck, FindingRule {
  static let kind = FindingKind.zeroedWritten
  static let description = FindingDescription(
    severity: .warning, summary: "zero-filled written blocks", selection: "--checks zeroed",
    help: """
      runs of at least --min-run written blocks below E whose bytes are all zero (in the \
      EOF block only the first S mod B bytes count). Races between unaligned direct-I/O \
      writers, the iomap stale-mapping race and DAX write faults left such ranges; \
      legitimately zero data (VM images, databases) looks the same, so the wording is \
      "zero-filled". A run crosses extent boundaries when logical and physical blocks \
      continue.
      """)

  var readsUnwritten: Bool { false }

  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding]) {
    run.forEachRange(where: { index in
      let block = run.block(index, of: bytes)
      return ZeroTest.isZero(UnsafeRawBufferPointer(rebasing: block.prefix(run.bytesInFile(block: index))))
    }) { range in
      var finding = run.finding(Self.kind, blocks: range)
      if let last = range.last, run.bytesInFile(block: last) < run.blockSize {
        finding.eofBlockWhollyZero = ZeroTest.isZero(run.block(last, of: bytes))
      }
      findings.append(finding)
    }
  }
}
