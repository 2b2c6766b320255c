import Ext4

/// The edits of one inode: checks that it may be touched, frees or flips its
/// ranges, raises i_size when asked, and walks the tree again afterwards.
struct InodeRepair {
  let fs: Filesystem
  let editor: InodeEditor
  let inode: UInt32
  let items: [RepairPlan.Item]
  let options: RepairOptions

  /// The findings with their outcome; half-done edits go to `failures`.
  func run(failures: inout [String]) -> [Finding] {
    let findings = items.map(\.finding)
    let info: Inode
    do {
      info = try fs.inode(inode)
    } catch {
      return findings.map { $0.left("cannot read the inode: \(error.message)") }
    }
    if info.isVerity {
      return findings.map { $0.left("fs-verity file: its blocks past EOF hold the Merkle tree") }
    }
    do {
      _ = try editor.mapping(of: inode)
    } catch {
      return findings.map { $0.left("the extent tree is damaged: \(error)") }
    }
    var outcome: [Finding] = []
    var frees = items.filter { $0.target.frees }
    let flips = items.filter { !$0.target.frees }
    if !Filesystem.punchReachesLastBlock {
      let last = fs.blocksCount
      for item in frees where item.finding.endsAt(physical: last) {
        outcome.append(
          item.finding.left(
            "libext2fs \(Filesystem.libraryVersion.text) cannot free the filesystem's last block (fixed in 1.47.4)"))
      }
      frees.removeAll { $0.finding.endsAt(physical: last) }
    }
    var freed = frees.isEmpty
    do {
      if !frees.isEmpty {
        try editor.punch(inode: inode, ranges: frees.map(\.finding.range))
        freed = true
        outcome += frees.map { $0.finding.done($0.target.doneAction) }
      }
      if !flips.isEmpty {
        outcome += try flip(flips)
      }
    } catch {
      failures.append("inode \(inode): \(error); restore with the undo file or run e2fsck")
      let unfinished = (freed ? [] : frees) + flips
      return outcome + unfinished.map { $0.finding.left("edit failed: \(error)") }
    }
    do {
      _ = try editor.mapping(of: inode)
    } catch {
      failures.append("inode \(inode): the extent tree does not walk after the edit: \(error)")
    }
    return outcome
  }

  /// Flips the items' ranges (all of one target), after checking there are
  /// enough free blocks for any extent-tree splits, and raises i_size.
  private func flip(_ flips: [RepairPlan.Item]) throws -> [Finding] {
    guard let target = flips.first?.target else { return [] }
    let unwritten = target == .convertZeroed
    let ranges = flips.map(\.finding.range)
    let needed = try RepairPlan.treeBlocksNeeded(
      editor, inode: inode, ranges: ranges, unwritten: unwritten)
    if fs.freeBlocks < needed {
      return flips.map {
        $0.finding.left(
          "no free blocks for extent-tree splits (up to \(needed) needed, \(fs.freeBlocks) free); nothing changed")
      }
    }
    var newSize: UInt64?
    if target == .convertUnwrittenData && options.extendSize {
      let beyond = flips.map(\.finding).filter { $0.beyondEOF == true }
      let blockSize = UInt64(fs.blockSize)
      let lastBlock = beyond.map { ($0.logicalBlock ?? 0) + $0.blocks - 1 }.max()
      let wanted = options.size ?? beyond.compactMap { $0.lastNonzeroOffset }.max().map { $0 + 1 }
      if let wanted {
        // Every converted block must end up below the new EOF block.
        if let lastBlock, wanted <= lastBlock * blockSize {
          return flips.map {
            $0.finding.left("size \(wanted) does not reach logical block \(lastBlock); nothing changed")
          }
        }
        if wanted > flips[0].finding.iSize { newSize = wanted }
      }
    }
    try editor.setUnwritten(unwritten, inode: inode, ranges: ranges)
    if let newSize {
      try editor.setSize(inode: inode, size: newSize)
    }
    return flips.map { item in
      guard let newSize, item.finding.beyondEOF == true else {
        return item.finding.done(target.doneAction)
      }
      var f = item.finding.done(.extended)
      f.message = "converted; i_size \(item.finding.iSize) -> \(newSize)"
      return f
    }
  }
}

extension Finding {
  /// The finding's logical range.
  var range: InodeEditor.Range {
    InodeEditor.Range(start: logicalBlock ?? 0, count: blocks)
  }

  /// True when the range's physical end is block `end` (exclusive).
  func endsAt(physical end: UInt64) -> Bool {
    (physicalBlock ?? 0) + blocks == end
  }

  /// This finding with `action` set.
  func done(_ action: RepairAction) -> Finding {
    var f = self
    f.action = action
    return f
  }
}
