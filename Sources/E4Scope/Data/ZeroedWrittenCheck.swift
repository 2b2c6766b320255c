import Ext4

/// `zeroed_written`: runs of written blocks below EOF whose bytes are all zero
/// (in the EOF block, only the bytes below i_size count). `--min-run` is
/// applied after the pieces of a run are merged (`FindingMerger`).
struct ZeroedWrittenCheck: DataCheck {
  var readsUnwritten: Bool { false }

  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding]) {
    run.forEachRange(where: { index in
      let block = run.block(index, of: bytes)
      return ZeroTest.isZero(UnsafeRawBufferPointer(rebasing: block.prefix(run.bytesInFile(block: index))))
    }) { range in
      findings.append(run.finding(.zeroedWritten, blocks: range))
    }
  }
}
