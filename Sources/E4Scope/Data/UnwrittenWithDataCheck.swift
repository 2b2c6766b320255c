import Ext4

/// `unwritten_with_data`: runs of unwritten blocks holding any non-zero byte.
/// The file reads zeros there; the disk holds data, either a write whose
/// unwritten-to-written conversion was lost, or stale data of a deleted file
/// in preallocated space. The finding shows evidence; a person decides.
struct UnwrittenWithDataCheck: DataCheck {
  /// Bytes of evidence (from the first non-zero byte) with `--evidence`; 0 for none.
  var evidenceBytes: Int
  var readsUnwritten: Bool { true }

  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding]) {
    run.forEachRange(where: { !ZeroTest.isZero(run.block($0, of: bytes)) }) { range in
      let data = UnsafeRawBufferPointer(
        rebasing: bytes[range.lowerBound * run.blockSize..<range.upperBound * run.blockSize])
      var f = run.finding(.unwrittenWithData, blocks: range)
      f.beyondEOF = run.logical >= run.eofBlock
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

/// A short hex and ASCII rendering of bytes, like one line of `hexdump -C`.
enum Evidence {
  static func preview(_ bytes: UnsafeRawBufferPointer) -> String {
    let digits = Array("0123456789abcdef")
    var hex = ""
    var ascii = ""
    for (i, byte) in bytes.enumerated() {
      if i > 0 { hex += " " }
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0xF)])
      ascii.append(byte >= 0x20 && byte < 0x7F ? Character(UnicodeScalar(byte)) : ".")
    }
    return "\(hex) |\(ascii)|"
  }
}
