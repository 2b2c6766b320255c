/// The checks `scan --checks` can run.
public enum CheckName: String, Sendable, CaseIterable, Codable {
  /// unwritten_beyond_eof and written_beyond_eof (metadata only).
  case beyondEOF = "beyond-eof"
  /// zeroed_written, and zeroed_sectors with sector granularity (reads data).
  case zeroed
  /// unwritten_with_data (reads data).
  case unwrittenData = "unwritten-data"
  /// All of the above.
  case all
}

/// How finely zero-filled data is reported.
public enum Granularity: String, Sendable, CaseIterable {
  /// Whole blocks (zeroed_written).
  case block
  /// Also 512-byte sectors inside written blocks (zeroed_sectors).
  case sector
}

/// The checks a scan runs, resolved from `ScanOptions`.
struct CheckPlan: Sendable {
  var mappingChecks: [any MappingCheck] = []
  var dataChecks: [any DataCheck] = []
  var collector: DataRunCollector

  init(_ options: ScanOptions, blockSize: Int) {
    let names = Set(options.checks)
    let all = names.contains(.all)
    if all || names.contains(.beyondEOF) { mappingChecks.append(BeyondEOFCheck()) }
    let zeroed = all || names.contains(.zeroed)
    let unwrittenData = all || names.contains(.unwrittenData)
    if zeroed {
      dataChecks.append(ZeroedWrittenCheck())
      if options.granularity == .sector { dataChecks.append(ZeroedSectorsCheck()) }
    }
    if unwrittenData {
      dataChecks.append(UnwrittenWithDataCheck(evidenceBytes: options.evidence ? 32 : 0))
    }
    collector = DataRunCollector(
      written: zeroed, unwritten: unwrittenData, maxBlocks: DataScan.maxBlocks(blockSize: blockSize))
  }
}
