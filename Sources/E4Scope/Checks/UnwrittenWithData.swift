import Ext4

/// `unwritten_with_data`: runs of unwritten blocks holding any non-zero byte.
/// The file reads zeros there; the disk holds data, either a write whose
/// unwritten-to-written conversion was lost, or stale data of a deleted file
/// in preallocated space. The finding shows evidence; a person decides.
struct UnwrittenWithDataCheck: DataCheck, FindingRule {
  static let kind = FindingKind.unwrittenWithData
  static let description = FindingDescription(
    severity: .warning, summary: "unwritten blocks holding data", selection: "--checks unwritten-data",
    help: """
      runs of unwritten blocks holding any non-zero byte, with beyond_eof, \
      first_nonzero_offset, nonzero_bytes, nonzero_fraction and, with --evidence, a \
      hex/ASCII preview. The file reads zeros there: either a lost unwritten-to-written \
      conversion, or stale data of a deleted file in preallocated space. The tool shows \
      evidence; a person decides.
      """,
    notes: { f in
      var notes = [f.beyondEOF == true ? "beyond EOF" : "inside EOF"]
      if let first = f.firstNonzeroOffset { notes.append("first non-zero byte at \(first)") }
      if let fraction = f.nonzeroFraction { notes.append("\(Int((fraction * 100).rounded()))% non-zero") }
      notes.append("may be stale data of a deleted file")
      if let evidence = f.evidence { notes.append(evidence) }
      return notes
    })

  /// Bytes of evidence (from the first non-zero byte) with `--evidence`; 0 for none.
  var evidenceBytes: Int
  var readsUnwritten: Bool { true }

  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding]) {
    run.forEachRange(where: { !ZeroTest.isZero(run.block($0, of: bytes)) }) { range in
      let data = UnsafeRawBufferPointer(
        rebasing: bytes[range.lowerBound * run.blockSize..<range.upperBound * run.blockSize])
      var f = run.finding(Self.kind, blocks: range)
      f.beyondEOF = run.logical >= run.eof.block
      f.nonzeroBytes = UInt64(ZeroTest.nonZeroCount(data))
      if let last = ZeroTest.lastNonZero(data) {
        f.lastNonzeroOffset = (f.fileOffset ?? 0) + UInt64(last)
      }
      if let first = ZeroTest.firstNonZero(data) {
        f.firstNonzeroOffset = (f.fileOffset ?? 0) + UInt64(first)
        if evidenceBytes > 0 {
          f.evidence = Evidence.preview(
            UnsafeRawBufferPointer(rebasing: data[first..<min(first + evidenceBytes, data.count)]))
        }
      }
      findings.append(f)
    }
  }
}
