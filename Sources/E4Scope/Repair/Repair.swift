import Ext4
import Glibc
import Platform

/// Runs a repair: the image lock, safety checks, the plan (a read-only
/// scan), confirmation, then the edits through one writable libext2fs
/// handle with an e2undo undo file (`RepairWriter`: journal transactions of
/// a batch of inodes each, or without a journal inode by inode inside a
/// durable "not clean" mark). A stop signal is honoured between inodes and
/// commits the open batch, so an inode is edited completely or not at all.
public struct Repair: Sendable {
  public let target: FilesystemTarget
  public let options: RepairOptions

  public init(target: FilesystemTarget, options: RepairOptions) {
    self.target = target
    self.options = options
  }

  /// Repairs the bare filesystem `image`.
  public init(image: String, options: RepairOptions) {
    self.init(target: FilesystemTarget(image: image), options: options)
  }

  private var image: String { target.image }

  /// Bytes to reserve for the undo file before the first write: every
  /// block the edits may touch (inode table and tree blocks per inode, the
  /// bitmaps and descriptors), with room for the undo file's keys.
  private func undoReserve(_ plan: RepairPlan, groups: UInt32, journaled: Bool) -> UInt64 {
    let inodes = UInt64(Set(plan.items.map(\.finding.inode)).count)
    // A journaled repair also writes its transactions into the journal.
    let journal: UInt64 = journaled ? 8300 : 0
    let blocks = inodes * 8 + UInt64(groups) * 2 + 64 + journal
    return blocks * UInt64(plan.scan.filesystem.blockSize + 64)
  }

  /// Plans and, unless a dry run or `confirm` says no, repairs. `confirm`
  /// sees the plan; `willWrite` runs just before the image is opened for
  /// writing (to name the undo file); `progress` follows the planning scan,
  /// `editProgress` the edits.
  public func run(
    confirm: (RepairPlan) -> Bool, willWrite: () -> Void = {}, progress: ScanProgress? = nil,
    editProgress: RepairProgress? = nil
  ) throws -> RepairResult {
    let started = MonotonicClock.now
    try RepairSafety.checkRaw(image)
    // Held for the whole repair: a second repair, or a mount of a block
    // device, is refused while it runs.
    let lock = options.dryRun ? nil : try RepairSafety.lock(image)
    defer { lock?.release() }
    let checked = try RepairSafety.check(target, options: options)
    let plan = try RepairPlan(target: target, options: options, editor: checked, progress: progress)
    var result = emptyResult(plan, dryRun: options.dryRun)
    let go = !options.dryRun && !plan.items.isEmpty && !Interrupt.requested && confirm(plan)
    if !go || Interrupt.requested {
      if options.dryRun { return preview(plan, started: started) }
      result.summary.interrupted = Interrupt.requested
      let why = Interrupt.requested ? "interrupted before writing" : "not confirmed"
      result.findings = FindingMerger.merge(plan.items.map { $0.finding.left(why) } + plan.left, minRun: 1)
      result.summary.elapsedS = MonotonicClock.now - started
      result.summary.left += plan.items.count
      result.summary.planned = 0
      return result
    }
    try RepairSafety.checkUnmounted(image)
    let marker = RepairMarker(image: image)
    let undo = try options.undoFile.map { path throws(RepairRefusal) in
      try UndoFile.create(
        path,
        reserving: undoReserve(plan, groups: checked.fs.groupCount, journaled: checked.fs.hasInternalJournal))
    }
    defer {
      if let undo {
        DurableFile.releaseReserve(undo.descriptor)
        close(undo.descriptor)
      }
    }
    let fs: Filesystem
    let editor: InodeEditor
    do {
      // Opening writes the undo file's first state; naming it and the
      // marker come before the first image write. With an internal
      // journal, the edits reach the image as journal transactions.
      fs = try Filesystem.open(
        image,
        options: .init(
          offset: target.offset, writable: true, verifyChecksums: false,
          undoDescriptor: undo?.descriptor, batchWrites: checked.fs.hasInternalJournal,
          exclusive: lock == nil))
      editor = try InodeEditor(fs)
    } catch {
      if let undo, undo.unnamed == nil { Machine.removeFile(undo.path) }
      throw error
    }
    try undo?.name()
    do {
      try marker.create(undo: options.undoFile)
    } catch {
      if let undo { Machine.removeFile(undo.path) }
      throw error
    }
    willWrite()
    result.summary.undoFile = options.undoFile
    let freeBefore = fs.freeBlocks
    var writer = RepairWriter(fs: fs, image: image, undoFile: options.undoFile)
    let byInode = Dictionary(grouping: plan.items, by: \.finding.inode)
    editProgress?.start(inodes: byInode.count)
    for inode in byInode.keys.sorted() {
      guard let items = byInode[inode] else { continue }
      defer { editProgress?.advance() }
      if Interrupt.requested {
        result.summary.interrupted = true
        writer.leave(items.map { $0.finding.left("interrupted before this inode") })
        continue
      }
      writer.prepare(for: items, failures: &result.failures)
      if let stopReason = writer.stopReason {
        writer.leave(items.map { $0.finding.left(stopReason) })
        continue
      }
      let failuresBefore = result.failures.count
      let outcome = InodeRepair(fs: fs, editor: editor, inode: inode, items: items, options: options)
        .run(failures: &result.failures)
      writer.edited(outcome, failed: result.failures.count > failuresBefore, failures: &result.failures)
    }
    writer.finish(failures: &result.failures)
    let done = plan.left + writer.findings
    editProgress?.finish()
    let freeAfter = fs.freeBlocks
    do {
      // A failed edit leaves the filesystem marked for e2fsck.
      if writer.markedUnclean && result.failures.isEmpty { try fs.markClean(true) }
      try fs.close()
      if result.failures.isEmpty { marker.remove() }
    } catch {
      result.failures.append("writing the filesystem's metadata failed: \(error.message)")
    }
    result.findings = done.sorted { ($0.inode, $0.logicalBlock ?? 0) < ($1.inode, $1.logicalBlock ?? 0) }
    result.summary.repaired = done.filter { $0.action != .left }.count
    if result.summary.repaired == 0, result.failures.isEmpty, let undo = options.undoFile {
      // Nothing was written (interrupted before the first inode): an undo
      // file without a single block is not one e2undo accepts.
      Machine.removeFile(undo)
      result.summary.undoFile = nil
    }
    result.summary.left = done.count - result.summary.repaired
    result.summary.blocksFreed = freeAfter > freeBefore ? freeAfter - freeBefore : 0
    result.summary.elapsedS = MonotonicClock.now - started
    return result
  }

  /// The plan as a dry run reports it (every item with its planned action):
  /// what the confirmation question shows before anything is written.
  public func preview(_ plan: RepairPlan) -> RepairResult {
    var result = preview(plan, started: MonotonicClock.now)
    result.isPreview = true
    return result
  }

  /// The preview of `plan`, timed from `started`.
  func preview(_ plan: RepairPlan, started: Double) -> RepairResult {
    var result = emptyResult(plan, dryRun: true)
    let shown = plan.items.map { $0.finding.done($0.target.plannedAction) }
    result.findings = FindingMerger.merge(shown + plan.left, minRun: 1)
    result.summary.elapsedS = MonotonicClock.now - started
    return result
  }

  /// A result of `plan` before any edit: nothing repaired, the left findings counted.
  private func emptyResult(_ plan: RepairPlan, dryRun: Bool) -> RepairResult {
    RepairResult(
      image: image, filesystem: plan.scan.filesystem, findings: [],
      summary: RepairSummary(
        image: image, partition: target.partition, blockSize: plan.scan.filesystem.blockSize,
        dryRun: dryRun,
        planned: plan.items.count, repaired: 0, left: plan.left.count, blocksFreed: 0,
        undoFile: nil, elapsedS: 0, interrupted: false))
  }
}
