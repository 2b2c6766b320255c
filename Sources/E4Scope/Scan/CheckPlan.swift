/// The checks a scan runs, resolved from `ScanOptions`.
struct CheckPlan: Sendable {
  var mappingChecks: [any MappingCheck] = []
  var dataChecks: [any DataCheck] = []
  var collector: DataRunCollector

  init(_ options: ScanOptions, blockSize: Int) {
    let names = Set(options.checks)
    let all = names.contains(.all)
    if all || names.contains(.beyondEOF) {
      mappingChecks += [UnwrittenBeyondEOFCheck(), WrittenBeyondEOFCheck()]
    }
    if all || names.contains(.e2fsckHazard) { mappingChecks.append(E2fsckHazardCheck()) }
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
