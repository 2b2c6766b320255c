import Ext4

/// `zeroed_sectors` (`--granularity sector`): 512-byte aligned all-zero
/// sectors inside a written block that is not wholly zero, merged into one
/// byte range per run of neighbouring sectors; the signature of unaligned
/// direct-I/O zeroing races. Bytes past i_size do not count.
struct ZeroedSectorsCheck: DataCheck, FindingRule {
  static let kind = FindingKind.zeroedSectors
  static let description = FindingDescription(
    severity: .info, summary: "zero-filled sectors in a written block",
    selection: "--checks zeroed --granularity sector",
    help: """
      512-byte aligned zero-filled sectors inside a written block that is not wholly \
      zero, as byte ranges (file_offset, length); the signature of unaligned direct-I/O \
      zeroing.
      """,
    notes: { f in f.fileOffset.map { ["bytes \($0)-\($0 + f.length - 1)"] } ?? [] })

  static let sectorSize = 512
  var readsUnwritten: Bool { false }

  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding]) {
    let sector = Self.sectorSize
    for index in 0..<run.blocks {
      let inFile = run.bytesInFile(block: index)
      let block = UnsafeRawBufferPointer(rebasing: run.block(index, of: bytes).prefix(inFile))
      if ZeroTest.isZero(block) { continue }
      var start: Int?
      var offset = 0
      while true {
        let atEnd = offset >= inFile
        let sectorIsZero =
          !atEnd
          && ZeroTest.isZero(
            UnsafeRawBufferPointer(rebasing: block[offset..<min(offset + sector, inFile)]))
        if sectorIsZero {
          if start == nil { start = offset }
        } else if let first = start {
          var f = run.finding(Self.kind, blocks: index..<index + 1)
          f.fileOffset = (f.logicalBlock ?? 0) * UInt64(run.blockSize) + UInt64(first)
          f.length = UInt64(min(offset, inFile) - first)
          findings.append(f)
          start = nil
        }
        if atEnd { break }
        offset += sector
      }
    }
  }
}
