import Ext4
import Platform
import Synchronization

/// Reads the data runs of a scan and runs the data checks on them: reads in
/// physical order, each up to `DataScan.readBytes`, taken one at a time by
/// `threads` workers that each own one buffer, so memory stays fixed however
/// large the image. A short or failed read becomes a `read_error` for the
/// blocks it did not deliver, never zeros. With a `cache` keeper, each read
/// is asked for ahead and its pages that were not cached before the scan
/// are dropped once checked.
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
    let next = Atomic<Int>(0)
    let workers = (0..<max(1, min(threads, plan.reads.count))).map { $0 }
    if let cache {
      for read in plan.reads.prefix(workers.count) { cache.prefetch(block: read.physical, count: read.blocks) }
    }
    let outcomes = Parallel.map(workers) { (_: Int, _: Int) -> Outcome in
      var outcome = Outcome()
      let buffer = UnsafeMutableRawBufferPointer.allocate(
        byteCount: Self.maxBlocks(blockSize: blockSize) * blockSize, alignment: 4096)
      defer { buffer.deallocate() }
      while !Interrupt.requested {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < plan.reads.count else { break }
        let read = plan.reads[index]
        if let cache, index + workers.count < plan.reads.count {
          let ahead = plan.reads[index + workers.count]
          cache.prefetch(block: ahead.physical, count: ahead.blocks)
        }
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
