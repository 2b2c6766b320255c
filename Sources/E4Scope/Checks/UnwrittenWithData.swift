import Ext4

/// `unwritten_with_data`: runs of unwritten blocks holding any non-zero byte.
/// The file reads zeros there; the disk holds data. Three histories look the
/// same on disk (`LikelyCause.histories`); the finding shows evidence, names
/// the history where the metadata decides, and a person decides the rest.
struct UnwrittenWithDataCheck: DataCheck, FindingRule {
  static let kind = FindingKind.unwrittenWithData
  static let description = FindingDescription(
    severity: .warning, summary: "unwritten blocks holding data", selection: "--checks unwritten-data",
    help: """
      runs of unwritten blocks holding any non-zero byte, with beyond_eof, \
      first_nonzero_offset, nonzero_bytes, nonzero_fraction and, with --evidence, a \
      hex/ASCII preview. The file reads zeros there. \(LikelyCause.histories) \
      likely_cause names the history where the metadata decides: \(LikelyCause.rules) \
      Otherwise it is absent; the tool shows evidence and a person decides.
      """,
    notes: { f in
      var notes = [f.beyondEOF == true ? "beyond EOF" : "inside EOF"]
      if let first = f.firstNonzeroOffset { notes.append("first non-zero byte at \(first)") }
      if let fraction = f.nonzeroFraction { notes.append("\(Int((fraction * 100).rounded()))% non-zero") }
      notes.append(f.likelyCause.map { "likely \($0.phrase)" } ?? LikelyCause.shortHistories)
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
      f.likelyCause = LikelyCause.of(f, eof: run.eof)
      findings.append(f)
    }
  }
}

/// What the metadata says an unwritten run holding data most likely is. On
/// disk three histories look the same; a rule names one only where the
/// metadata decides.
public enum LikelyCause: String, Encodable, Sendable, Hashable {
  /// An extending write whose unwritten-to-written conversion, and i_size
  /// update, were lost (a crash before the write completed, or the AIO/DIO
  /// completion race): the data starts at the first byte of the EOF block,
  /// and i_size ends exactly at that block boundary, as an O_DIRECT
  /// extending write into preallocated space leaves it.
  case lostExtendingWrite = "lost_extending_write"

  /// The three histories, for help text and warnings.
  static let histories = """
    Three histories look the same on disk: a lost unwritten-to-written conversion (a crash \
    before a write completed, or the AIO completion race); blocks zeroed with fallocate \
    --zero-range (FALLOC_FL_ZERO_RANGE turns written extents unwritten and leaves the old \
    bytes on disk: converting brings back data the user erased); or stale blocks of a \
    deleted file in preallocated space.
    """
  /// The same, short, for the table.
  static let shortHistories =
    "a lost conversion, a fallocate --zero-range, or stale data of a deleted file"
  /// The documented rules.
  static let rules = """
    lost_extending_write when the data starts at the first byte of the EOF block and \
    i_size ends exactly at that block boundary (an extending write whose completion was \
    lost).
    """

  var phrase: String {
    switch self {
    case .lostExtendingWrite: return "a lost extending write"
    }
  }

  /// The cause the metadata of `finding` (an unwritten_with_data range) decides, or nil.
  static func of(_ finding: Finding, eof: EOFBlock) -> LikelyCause? {
    guard let logical = finding.logicalBlock, let first = finding.firstNonzeroOffset else {
      return nil
    }
    let atBoundary = eof.iSize % UInt64(eof.blockSize) == 0
    if atBoundary && logical == eof.block && first == finding.fileOffset {
      return .lostExtendingWrite
    }
    return nil
  }
}

extension LikelyCause {
  /// The warning `convert --unwritten-data` repeats for a range inside
  /// i_size it is about to make readable (nil for other findings, and for
  /// ranges a repair leaves).
  public static func conversionWarning(_ finding: Finding) -> String? {
    guard finding.kind == .unwrittenWithData, finding.beyondEOF == false,
      finding.action != .left, let logical = finding.logicalBlock
    else { return nil }
    let file = finding.path.map { " (\($0))" } ?? ""
    let history =
      finding.likelyCause.map { "likely \($0.phrase)" }
      ?? "a lost conversion, bytes the user erased with fallocate --zero-range (converting brings them back), or stale data of a deleted file"
    return "inode \(finding.inode)\(file) logical blocks \(logical)-\(logical + max(finding.blocks, 1) - 1) "
      + "lie inside i_size: converting makes the data on disk readable; it may be \(history)"
  }
}
