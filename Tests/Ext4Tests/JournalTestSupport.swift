import Ext4
import Foundation
import TestSupport

/// The journal configurations the journal tests run on.
struct JournalConfig: Sendable, CustomStringConvertible {
  var name: String
  var mkfs: [String]
  /// `jo -c`: csum v3 with metadata_csum, the compat crc32 without.
  var checksums: Bool
  var description: String { name }

  /// debugfs adds revoke blocks to the compat crc32 of a transaction, the
  /// kernel and e2fsck do not: a revoke there ends the log as corrupt
  /// (`compatChecksumOverRevokeEndsLog`), so that configuration logs no revokes.
  var transactions: [JournalTransactionSpec] {
    name.hasPrefix("compat") ? Self.transactions.filter { $0.revoke.isEmpty } : Self.transactions
  }

  static let all: [JournalConfig] = [
    JournalConfig(name: "csum-v3-64bit-4k", mkfs: ["-t", "ext4", "-b", "4096", "-O", "64bit,metadata_csum"], checksums: true),
    JournalConfig(name: "csum-v3-32bit-1k", mkfs: ["-t", "ext4", "-b", "1024", "-O", "^64bit,metadata_csum"], checksums: true),
    JournalConfig(name: "compat-crc32-1k", mkfs: ["-t", "ext4", "-b", "1024", "-O", "^metadata_csum"], checksums: true),
    JournalConfig(name: "no-checksum-4k", mkfs: ["-t", "ext4", "-b", "4096", "-O", "^metadata_csum,^64bit"], checksums: false),
    JournalConfig(name: "ext3-blockmap-1k", mkfs: ["-t", "ext3", "-b", "1024"], checksums: false),
    JournalConfig(name: "fast-commit-4k", mkfs: ["-t", "ext4", "-b", "4096", "-O", "fast_commit"], checksums: true),
  ]

  /// Several transactions: overwrites, revokes, a block logged again after
  /// its revoke, and a block written and revoked by the same transaction.
  static let transactions: [JournalTransactionSpec] = [
    JournalTransactionSpec(write: [100, 101, 102, 103, 104, 105]),
    JournalTransactionSpec(write: [200, 101]),
    JournalTransactionSpec(revoke: [100, 200]),
    JournalTransactionSpec(write: [100, 300, 301, 302]),
    JournalTransactionSpec(write: [303, 304], revoke: [301, 304]),
  ]
}

/// The log as the reader found it, in logdump's terms.
func logdumpForm(_ log: JournalLog) -> [LogdumpTransaction] {
  (log.transactions + (log.incomplete.map { [$0] } ?? [])).map { t in
    var l = LogdumpTransaction(sequence: t.sequence)
    l.descriptorBlocks = t.descriptorBlocks
    l.tags = t.loggedBlocks.map { [$0.tag.filesystemBlock, $0.journalBlock, UInt64($0.tag.flags)] }
    l.revokeBlocks = t.revokeBlocks
    l.revokes = t.revokedBlocks
    l.commitBlock = t.commitBlock
    return l
  }
}

/// The image's bytes with a replay plan's blocks written in.
func applying(_ replay: JournalReplay, of journal: Journal, to image: String, blockSize: Int) throws
  -> [UInt8]
{
  var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: image)))
  for (block, location) in replay.blocks {
    let start = Int(block) * blockSize
    bytes.replaceSubrange(start..<(start + blockSize), with: try journal.contents(of: location))
  }
  return bytes
}

/// Zeroes the fields e2fsck rewrites itself when it replays a journal, so
/// the rest of the image can be compared byte for byte: in the filesystem
/// superblock s_wtime (+hi), the needs_recovery bit, s_kbytes_written and the
/// checksum; in the journal superblock s_sequence, s_start and the checksum
/// (checked separately against the replay's end sequence); with
/// `errorState`, the error bit of s_state too.
func maskingE2fsckFields(_ bytes: [UInt8], journalSuperblockAt js: Int?, errorState: Bool = false)
  -> [UInt8]
{
  var b = bytes
  let sb = 1024
  // After an aborted replay e2fsck also marks the filesystem as having errors.
  if errorState { b[sb + 0x3A] &= ~0x02 }
  for (offset, length) in [(0x30, 4), (0x274, 1), (0x178, 8), (0x3FC, 4)] {
    for i in 0..<length { b[sb + offset + i] = 0 }
  }
  b[sb + 0x60] &= ~0x04
  guard let js else { return b }
  for (offset, length) in [(0x18, 4), (0x1C, 4), (0xFC, 4)] {
    for i in 0..<length { b[js + offset + i] = 0 }
  }
  return b
}

func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
  (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[at + $1]) }
}
