/// Finds the end of the log as the kernel's recovery does (PASS_SCAN):
/// follows blocks from `s_start` while each carries the magic and the
/// expected sequence, steps over the blocks each descriptor tags, wraps from
/// the end of the log area back to `s_first`, and ends the log where a commit
/// checksum fails (at once without async_commit). Reads one block at a time.
struct JournalLogScanner {
  let device: any JournalDevice
  let superblock: JournalSuperblock

  private var features: JournalFeatures { superblock.features }
  private var format: JournalTagFormat {
    JournalTagFormat(features: features, blockSize: superblock.blockSize)
  }

  /// Advances a log position by one, wrapping at the end of the log area.
  func next(_ block: UInt64) -> UInt64 {
    let last = UInt64(superblock.lastLogBlock)
    let n = block + 1
    return n >= last ? n - (last - UInt64(superblock.first)) : n
  }

  /// More block visits than this and the log loops: a valid log fits in the
  /// log area, plus the tags of one trailing descriptor and the block that ends it.
  private var visitLimit: UInt64 {
    UInt64(superblock.lastLogBlock - superblock.first)
      + UInt64(superblock.blockSize / max(format.tagSize, 1)) + 1
  }

  func scan() throws(JournalError) -> JournalLog {
    let seed = superblock.checksumSeed
    var expected = superblock.sequence
    var position = UInt64(superblock.start)
    var transactions: [JournalTransaction] = []
    var current = JournalTransaction(sequence: expected)
    var endSequence: UInt32?
    var checksumErrors = 0
    var needCheckCommitTime = false
    var lastCommitTime: UInt64 = 0
    var transactionCRC: UInt32 = ~0
    var visits: UInt64 = 0

    scanning: while true {
      visits += 1
      guard visits <= visitLimit else { throw .logLoops(blocksRead: visits) }
      let here = position
      let block = BigEndianBytes(try device.readBlock(here))
      position = next(position)
      guard let header = JournalBlockHeader(block), header.sequence == expected else { break }

      switch JournalBlockType(rawValue: header.blockType) {
      case .descriptor:
        if features.csumV2OrV3 && !JournalBlockTail.verify(block, seed: seed) {
          // Stale blocks of an older log can look like this: decided at the commit.
          needCheckCommitTime = true
          checksumErrors += 1
        }
        current.descriptorBlocks.append(here)
        let tags = format.tags(of: block)
        let sumData = features.compatChecksum && !needCheckCommitTime && endSequence == nil
        if sumData { transactionCRC = JournalChecksum.crc32be(transactionCRC, block.bytes) }
        for tag in tags {
          visits += 1
          guard visits <= visitLimit else { throw .logLoops(blocksRead: visits) }
          current.loggedBlocks.append(LoggedBlock(tag: tag, journalBlock: position))
          if sumData {
            guard let data = try? device.readBlock(position) else { break scanning }
            transactionCRC = JournalChecksum.crc32be(transactionCRC, data)
          }
          position = next(position)
        }

      case .commit:
        let commit = JournalCommit(block)
        if needCheckCommitTime {
          // A bad descriptor or revoke block inside a transaction that is newer
          // than the last: the kernel refuses the log. An older commit time
          // means stale blocks of a previous log: the log ends before them.
          if commit.seconds >= lastCommitTime {
            throw .transactionChecksum(sequence: expected, block: here)
          }
          break scanning
        }
        var checksumFailed = false
        if features.compatChecksum {
          if endSequence != nil { break scanning }
          checksumFailed = !commit.matchesCompatChecksum(transactionCRC)
          transactionCRC = ~0
        }
        if !checksumFailed && features.csumV2OrV3 {
          checksumFailed = !JournalCommit.verify(block, seed: seed)
        }
        if checksumFailed {
          checksumErrors += 1
          if commit.seconds < lastCommitTime { break scanning }
          endSequence = expected
          if !features.asyncCommit { break scanning }
        }
        lastCommitTime = commit.seconds
        current.commitBlock = here
        current.commit = commit
        transactions.append(current)
        expected &+= 1
        current = JournalTransaction(sequence: expected)

      case .revoke:
        if features.csumV2OrV3 && !JournalBlockTail.verify(block, seed: seed) {
          needCheckCommitTime = true
          checksumErrors += 1
        }
        current.revokeBlocks.append(here)
        do {
          current.revokedBlocks += try JournalRevokeBlock.records(
            of: block, features: features, at: here)
        } catch {
          current.revokeError = current.revokeError ?? error
        }

      default:
        break scanning
      }
    }
    return JournalLog(
      transactions: transactions, incomplete: current.isEmpty ? nil : current,
      endSequence: endSequence ?? expected, checksumErrors: checksumErrors)
  }
}
