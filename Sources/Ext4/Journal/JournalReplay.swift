/// Where the newest logged copy of a filesystem block is in the journal.
public struct ReplayedBlockLocation: Sendable, Hashable {
  public var journalBlock: UInt64
  /// The copy's first four bytes were zeroed; a replay writes the magic back.
  public var escaped: Bool
}

/// The result of a journal recovery, computed without writing: for every
/// filesystem block the replay would write, where its contents are, plus the
/// counts the kernel's recovery reports.
public struct JournalReplay: Sendable, Hashable {
  /// Filesystem block -> its newest unrevoked logged copy.
  public var blocks: [UInt64: ReplayedBlockLocation]
  /// Transactions replayed (`start_transaction` up to `end_transaction`).
  public var transactions: Int
  public var firstSequence: UInt32
  /// The first sequence not replayed; a recovery restarts the log there.
  public var endSequence: UInt32
  /// Block writes the replay performs (`nr_replays`; a block logged twice counts twice).
  public var blocksReplayed: Int
  /// Logged blocks skipped because a revoke record of the same or a later transaction covers them.
  public var revokeHits: Int
  /// Revoke records read (`nr_revokes`).
  public var revokeRecords: Int
  /// Descriptor, revoke, commit and data-block checksums that failed.
  public var checksumErrors: Int
  /// Tags naming a block outside the filesystem (skipped).
  public var blocksOutOfRange: Int
  /// Fast-commit blocks found after the log (not replayed: only counted).
  public var fastCommitBlocks: Int

  /// The filesystem blocks the replay writes, ascending.
  public var sortedBlocks: [UInt64] { blocks.keys.sorted() }
}

/// Builds the replay plan from a scanned log: the kernel's PASS_REVOKE
/// (block -> newest revoking sequence) and PASS_REPLAY (each tagged block not
/// revoked by its own or a later transaction; the newest copy wins; a copy
/// whose csum v2/v3 tag checksum fails is skipped and counted).
struct JournalReplayPlanner {
  let device: any JournalDevice
  let superblock: JournalSuperblock
  /// Blocks in the filesystem: tags at or past it are skipped and counted.
  let filesystemBlocks: UInt64

  func plan(_ log: JournalLog) throws(JournalError) -> JournalReplay {
    let replayed = log.replayed
    var revoked: [UInt64: UInt32] = [:]
    var revokeRecords = 0
    for transaction in replayed {
      if let error = transaction.revokeError { throw error }
      for block in transaction.revokedBlocks {
        revokeRecords += 1
        if let known = revoked[block], !Sequence32.before(known, transaction.sequence) { continue }
        revoked[block] = transaction.sequence
      }
    }

    let format = JournalTagFormat(features: superblock.features, blockSize: superblock.blockSize)
    let seed = superblock.checksumSeed
    var result = JournalReplay(
      blocks: [:], transactions: replayed.count, firstSequence: superblock.sequence,
      endSequence: log.endSequence, blocksReplayed: 0, revokeHits: 0,
      revokeRecords: revokeRecords, checksumErrors: log.checksumErrors, blocksOutOfRange: 0,
      fastCommitBlocks: 0)
    for transaction in replayed {
      for logged in transaction.loggedBlocks {
        let block = logged.tag.filesystemBlock
        if let by = revoked[block], Sequence32.atLeast(by, transaction.sequence) {
          result.revokeHits += 1
          continue
        }
        if superblock.features.csumV2OrV3 {
          let data = try device.readBlock(logged.journalBlock)
          guard format.verify(logged.tag, seed: seed, sequence: transaction.sequence, data: data)
          else {
            result.checksumErrors += 1
            continue
          }
        }
        guard block < filesystemBlocks else {
          result.blocksOutOfRange += 1
          continue
        }
        result.blocks[block] = ReplayedBlockLocation(
          journalBlock: logged.journalBlock, escaped: logged.tag.isEscaped)
        result.blocksReplayed += 1
      }
    }
    result.fastCommitBlocks = try FastCommitArea(device: device, superblock: superblock)
      .blocksPresent(expecting: log.endSequence)
    return result
  }
}
