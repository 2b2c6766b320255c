/// A check that reads file data: it looks at the bytes of one `DataRun`.
protocol DataCheck: Sendable {
  /// True for checks of unwritten runs, false for checks of written runs.
  var readsUnwritten: Bool { get }
  /// Appends findings for `run`, whose blocks are `bytes` (`run.blocks` × B).
  func inspect(_ run: DataRun, bytes: UnsafeRawBufferPointer, into findings: inout [Finding])
}

extension DataRun {
  /// The bytes of block `index` of the run inside `bytes`.
  func block(_ index: Int, of bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[index * blockSize..<(index + 1) * blockSize])
  }

  /// A finding over blocks `first..<end` of the run.
  func finding(_ kind: FindingKind, blocks range: Range<Int>) -> Finding {
    Finding(
      kind: kind, inode: inode, iSize: iSize, logicalBlock: logical + UInt64(range.lowerBound),
      physicalBlock: physical + UInt64(range.lowerBound), blocks: UInt64(range.count),
      blockSize: blockSize, orphan: orphan)
  }

  /// Calls `body` with each maximal range of consecutive blocks for which
  /// `matches` holds.
  func forEachRange(where matches: (Int) -> Bool, _ body: (Range<Int>) -> Void) {
    var start: Int?
    for index in 0..<blocks {
      if matches(index) {
        if start == nil { start = index }
      } else if let first = start {
        body(first..<index)
        start = nil
      }
    }
    if let first = start { body(first..<blocks) }
  }
}
