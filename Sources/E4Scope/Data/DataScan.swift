import Ext4
import Platform

/// Reads the data runs of a scan and runs the data checks on them: reads in
/// physical order, each up to `DataScan.readBytes`, cut into one stretch of
/// the disk per worker (`threads` of them, each with one buffer, so memory
/// stays fixed however large the image): several streams, each in order,
/// keep a disk busier than one. A short or failed read becomes a `read_error` for the
/// blocks it did not deliver, never zeros. With a `cache` keeper, the pages
/// a read brought in that were not cached before the scan are dropped once
/// checked, and reads through the page cache are asked for ahead
/// (`ReadAhead`).
struct DataScan: Sendable {
  /// The size of one read and of each worker's buffer (each worker may
  /// also hold one range of that size lent from the page cache).
  static let readBytes = 4 << 20

  let reader: ImageReader
  let checks: [any DataCheck]
  let threads: Int
  /// Runs at most this many blocks apart are read in one read.
  var gapBlocks = 0
  var cache: PageCacheKeeper?

  /// Blocks per read for `blockSize`.
  static func maxBlocks(blockSize: Int) -> Int { max(1, readBytes / blockSize) }

  struct Outcome: Sendable {
    var findings: [Finding] = []
    var bytesRead: UInt64 = 0
  }

  func run(_ runs: [DataRun], progress: ScanProgress?) -> Outcome {
    let blockSize = reader.blockSize
    let plan = ReadPlan(runs, maxBlocks: Self.maxBlocks(blockSize: blockSize), gapBlocks: gapBlocks)
    let shares = plan.shares(max(1, threads))
    let outcomes = Parallel.map(shares) { (_: Int, share: Range<Int>) -> Outcome in
      var outcome = Outcome()
      let buffer = UnsafeMutableRawBufferPointer.allocate(
        byteCount: Self.maxBlocks(blockSize: blockSize) * blockSize, alignment: 4096)
      defer { buffer.deallocate() }
      // Reads past the page cache need nothing asked for ahead.
      var ahead =
        reader.readsDirectly ? nil : cache.map { ReadAhead(plan: plan, share: share, cache: $0) }
      for index in share where !Interrupt.requested {
        let read = plan.reads[index]
        ahead?.advance(past: index)
        let delivered = reader.withBlocks(
          block: read.physical, count: read.blocks, buffer: buffer
        ) { bytes, failure in
          plan.segments(of: read).reduce(0) { delivered, segment in
            delivered
              + inspect(
                segment.run, at: segment.offset, bytes: bytes, failure: failure,
                into: &outcome.findings)
          }
        }
        cache?.release(block: read.physical, count: read.blocks)
        outcome.bytesRead += UInt64(delivered)
        progress?.advance(bytes: UInt64(delivered))
      }
      return outcome
    }
    var total = Outcome()
    for outcome in outcomes {
      total.findings += outcome.findings
      total.bytesRead += outcome.bytesRead
    }
    return total
  }

  /// Runs the checks on the delivered part of one run and reports the
  /// rest; returns the bytes of the run the read delivered.
  private func inspect(
    _ run: DataRun, at offset: Int, bytes read: UnsafeRawBufferPointer,
    failure: ImageReader.Failure?, into findings: inout [Finding]
  ) -> Int {
    let blockSize = run.blockSize
    let valid = read.count
    let delivered = max(0, min(run.blocks, valid / blockSize - offset))
    if delivered > 0 {
      var part = run
      part.blocks = delivered
      let bytes = UnsafeRawBufferPointer(
        rebasing: read[offset * blockSize..<(offset + delivered) * blockSize])
      for check in checks where check.readsUnwritten == run.unwritten {
        check.inspect(part, bytes: bytes, into: &findings)
      }
    }
    if delivered < run.blocks {
      findings.append(ReadErrorRule.finding(run, blocks: delivered..<run.blocks, failure: failure))
    }
    return min(max(0, valid - offset * blockSize), run.blocks * blockSize)
  }
}

/// Keeps the reads of one worker's share of a plan asked for
/// (`POSIX_FADV_WILLNEED`) up to `distance` bytes ahead of the one being
/// read, so that a cold scan keeps many requests in flight: disks and
/// virtual disks deliver more with several outstanding than a reader
/// waiting on each in turn.
struct ReadAhead {
  /// Bytes asked for ahead of the read being taken.
  static let distance = 64 << 20

  private let plan: ReadPlan
  private let share: Range<Int>
  private let cache: PageCacheKeeper
  private let blockSize: Int
  /// The first read of the share not asked for yet, and the bytes asked
  /// for from the read being taken on.
  private var next: Int
  private var bytesAhead = 0

  init(plan: ReadPlan, share: Range<Int>, cache: PageCacheKeeper) {
    self.plan = plan
    self.share = share
    self.cache = cache
    blockSize = plan.runs.first?.blockSize ?? 0
    next = share.lowerBound
  }

  /// Read `index` is being taken: asks for it, if not yet, and for the
  /// reads after it up to `distance` bytes.
  mutating func advance(past index: Int) {
    if index > share.lowerBound { bytesAhead -= plan.reads[index - 1].blocks * blockSize }
    while next < share.upperBound, next <= index || bytesAhead < Self.distance {
      let read = plan.reads[next]
      cache.prefetch(block: read.physical, count: read.blocks)
      bytesAhead += read.blocks * blockSize
      next += 1
    }
  }
}
