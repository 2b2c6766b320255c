import Ext4

/// `written_beyond_eof`: the written part of each extent at or past the EOF
/// block, one finding per extent part. The written blocks past EOF of an
/// fs-verity file hold its Merkle tree by design and are not reported.
struct WrittenBeyondEOFCheck: MappingCheck, FindingRule {
  static let kind = FindingKind.writtenBeyondEOF
  static let description = FindingDescription(
    severity: .warning, summary: "written blocks beyond EOF",
    help: """
      written blocks with logical block >= E (fs-verity files, which keep their Merkle \
      tree there, excepted). e2fsck raises i_size over them or deletes the extent, \
      depending on tree depth.
      """,
    notes: BeyondEOFNotes.notes)

  func inspect(_ file: FileMapping, into findings: inout [Finding]) {
    guard !file.inode.isVerity else { return }
    for (part, straddles) in file.partsBeyondEOF() where !part.unwritten {
      findings.append(file.finding(Self.kind, over: part, straddles: straddles))
    }
  }
}
