/// The reads for a set of data runs: runs sorted by physical block and
/// coalesced where they touch or lie at most `gapBlocks` apart (the blocks
/// between are read and ignored: one larger read costs less than two small
/// ones), into reads of at most `maxBlocks` blocks.
struct ReadPlan: Sendable {
  /// One positioned read covering several runs back to back.
  struct Read: Sendable {
    var physical: UInt64
    var blocks: Int
    /// The indices into `runs` of the runs it covers (consecutive, as
    /// `runs` is in physical order).
    var runs: Range<Int>
  }

  let runs: [DataRun]
  private(set) var reads: [Read] = []

  init(_ runs: [DataRun], maxBlocks: Int, gapBlocks: Int = 0) {
    self.runs = runs.sorted { ($0.physical, $0.inode, $0.logical) < ($1.physical, $1.inode, $1.logical) }
    for (index, run) in self.runs.enumerated() {
      if let last = reads.last, run.physical >= last.physical + UInt64(last.blocks),
        run.physical - (last.physical + UInt64(last.blocks)) <= UInt64(gapBlocks),
        run.physical - last.physical + UInt64(run.blocks) <= UInt64(maxBlocks)
      {
        reads[reads.count - 1].blocks = Int(run.physical - last.physical) + run.blocks
        reads[reads.count - 1].runs = last.runs.lowerBound..<index + 1
      } else {
        reads.append(Read(physical: run.physical, blocks: run.blocks, runs: index..<index + 1))
      }
    }
  }

  /// The runs `read` covers, each with its block offset inside the read.
  func segments(of read: Read) -> some Sequence<(run: DataRun, offset: Int)> {
    read.runs.lazy.map { [runs] index in
      (runs[index], Int(runs[index].physical - read.physical))
    }
  }

  /// The reads cut into at most `parts` stretches of consecutive reads
  /// with about the same number of blocks each.
  func shares(_ parts: Int) -> [Range<Int>] {
    let total = reads.reduce(0) { $0 + $1.blocks }
    let parts = max(1, min(parts, reads.count))
    var result: [Range<Int>] = []
    var start = 0
    var blocks = 0
    for (index, read) in reads.enumerated() {
      blocks += read.blocks
      if result.count < parts - 1, blocks * parts >= total * (result.count + 1) {
        result.append(start..<index + 1)
        start = index + 1
      }
    }
    if start < reads.count || result.isEmpty { result.append(start..<reads.count) }
    return result
  }
}
