import Ext4

/// `unwritten_beyond_eof`: the unwritten part of each extent at or past the
/// EOF block, one finding per extent part.
struct UnwrittenBeyondEOFCheck: MappingCheck, FindingRule {
  static let kind = FindingKind.unwrittenBeyondEOF
  static let description = FindingDescription(
    severity: .notice, summary: "unwritten blocks beyond EOF",
    help: """
      unwritten blocks with logical block >= E; the part of an extent that starts below \
      E is reported with straddles_eof: true. fallocate --keep-size makes these on \
      purpose; a crashed extending direct-I/O write leaves them too. They use space that \
      ls does not show.
      """,
    notes: BeyondEOFNotes.notes)

  func inspect(_ file: FileMapping, into findings: inout [Finding]) {
    for (part, straddles) in file.partsBeyondEOF() where part.unwritten {
      findings.append(file.finding(Self.kind, over: part, straddles: straddles))
    }
  }
}

/// The table note both beyond-EOF kinds share.
enum BeyondEOFNotes {
  @Sendable static func notes(_ f: Finding) -> [String] {
    f.straddlesEOF == true ? ["straddles EOF"] : []
  }
}
