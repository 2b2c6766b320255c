/// The fast-commit area after the main log (journal feature fast_commit).
/// Its records are ext4's own (little-endian tag/length pairs); replaying
/// them is out of scope, so this only counts the blocks a recovery would read.
struct FastCommitArea {
  let device: any JournalDevice
  let superblock: JournalSuperblock

  private static let headTag: UInt16 = 0x9
  private static let knownTags: ClosedRange<UInt16> = 0x1...0x9

  /// Consecutive blocks from the area's start, when the first begins with a
  /// head record for transaction `sequence` (stale areas name older ones).
  func blocksPresent(expecting sequence: UInt32) throws(JournalError) -> Int {
    guard superblock.features.fastCommit else { return 0 }
    let first = UInt64(superblock.lastLogBlock) + 1
    let end = min(UInt64(superblock.maxLength), device.blockCount)
    guard first < end else { return 0 }
    let head = try device.readBlock(first)
    guard Self.le16(head, 0) == Self.headTag, Self.le16(head, 2) == 8,
      Self.le32(head, 8) == sequence
    else { return 0 }
    var count = 1
    var block = first + 1
    while block < end {
      guard let tag = Self.le16(try device.readBlock(block), 0), Self.knownTags.contains(tag)
      else { break }
      count += 1
      block += 1
    }
    return count
  }

  private static func le16(_ b: [UInt8], _ at: Int) -> UInt16? {
    at + 2 <= b.count ? UInt16(b[at]) | UInt16(b[at + 1]) << 8 : nil
  }

  private static func le32(_ b: [UInt8], _ at: Int) -> UInt32? {
    guard at + 4 <= b.count else { return nil }
    return (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
  }
}
