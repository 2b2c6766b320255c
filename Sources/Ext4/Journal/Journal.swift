/// An opened jbd2 journal: its device and superblock. Reads the log, plans
/// its replay and fetches replayed block contents, one block at a time.
public struct Journal {
  public let device: any JournalDevice
  public let superblock: JournalSuperblock

  /// Reads and checks the superblock of the journal on `device`.
  public init(device: any JournalDevice) throws(JournalError) {
    self.device = device
    let index = device.superblockIndex
    let superblock = try JournalSuperblock(parsing: try device.readBlock(index), at: index)
    guard superblock.blockSize == device.blockSize else {
      throw .blockSizeMismatch(journal: superblock.blockSize, filesystem: device.blockSize)
    }
    guard UInt64(superblock.maxLength) <= device.blockCount else {
      throw .badJournalFile(
        "the superblock claims \(superblock.maxLength) blocks, the journal holds \(device.blockCount)")
    }
    self.superblock = superblock
  }

  /// The log from `s_start` to its end (PASS_SCAN); empty when `s_start` is 0.
  public func log() throws(JournalError) -> JournalLog {
    guard superblock.hasLog else {
      return JournalLog(
        transactions: [], incomplete: nil, endSequence: superblock.sequence, checksumErrors: 0)
    }
    return try JournalLogScanner(device: device, superblock: superblock).scan()
  }

  /// What a recovery would write into a filesystem of `filesystemBlocks` blocks.
  public func replayPlan(filesystemBlocks: UInt64) throws(JournalError) -> JournalReplay {
    try JournalReplayPlanner(
      device: device, superblock: superblock, filesystemBlocks: filesystemBlocks
    ).plan(log())
  }

  /// The bytes a replay writes for a block: the logged copy, with the jbd2
  /// magic restored in its first four bytes when the copy was escaped.
  public func contents(of location: ReplayedBlockLocation) throws(JournalError) -> [UInt8] {
    var bytes = BigEndianBytes(try device.readBlock(location.journalBlock))
    if location.escaped { bytes.set32(0, JournalFormat.magic) }
    return bytes.bytes
  }
}
