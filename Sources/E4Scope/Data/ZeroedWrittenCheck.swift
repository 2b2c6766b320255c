import Ext4

/// `zeroed_written`: runs of written blocks below EOF whose bytes are all zero
/// (in the EOF block, only the bytes below i_size count). `--min-run` is
/// applied after the pieces of a run are merged (`FindingMerger`). A run that
/// ends in a partly used EOF block records whether that block is zero past
/// i_size too: repairs change such a block only then.
struct ZeroedWrittenCheck: DataCheck {
  var readsUnwritten: Bool { false }

  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding]) {
    run.forEachRange(where: { index in
      let block = run.block(index, of: bytes)
      return ZeroTest.isZero(UnsafeRawBufferPointer(rebasing: block.prefix(run.bytesInFile(block: index))))
    }) { range in
      var finding = run.finding(.zeroedWritten, blocks: range)
      if let last = range.last, run.bytesInFile(block: last) < run.blockSize {
        finding.eofBlockWhollyZero = ZeroTest.isZero(run.block(last, of: bytes))
      }
      findings.append(finding)
    }
  }
}
