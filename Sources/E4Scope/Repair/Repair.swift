import Ext4
import Platform

/// Runs a repair: safety checks, the plan (a read-only scan), confirmation,
/// then the edits inode by inode through one writable libext2fs handle with
/// an e2undo undo file. SIGINT is honoured between inodes, so an inode is
/// always edited completely or not at all.
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

  /// Plans and, unless a dry run or `confirm` says no, repairs. `confirm`
  /// sees the plan; `willWrite` runs just before the image is opened for
  /// writing (to name the undo file).
  public func run(
    confirm: (RepairPlan) -> Bool, willWrite: () -> Void = {}
  ) throws -> RepairResult {
    let started = MonotonicClock.now
    let checked = try RepairSafety.check(target, options: options)
    let plan = try RepairPlan(target: target, options: options, editor: checked)
    var result = RepairResult(
      image: image, filesystem: plan.scan.filesystem, findings: [],
      summary: RepairSummary(
        image: image, partition: target.partition, blockSize: plan.scan.filesystem.blockSize,
        dryRun: options.dryRun,
        planned: plan.items.count, repaired: 0, left: plan.left.count, blocksFreed: 0,
        undoFile: nil, elapsedS: 0, interrupted: false))
    let go = !options.dryRun && !plan.items.isEmpty && !Interrupt.requested && confirm(plan)
    if !go || Interrupt.requested {
      result.summary.interrupted = Interrupt.requested
      let why = Interrupt.requested ? "interrupted before writing" : "not confirmed"
      let shown = plan.items.map { item in
        options.dryRun ? item.finding.done(item.target.plannedAction) : item.finding.left(why)
      }
      result.findings = FindingMerger.merge(shown + plan.left, minRun: 1)
      result.summary.elapsedS = MonotonicClock.now - started
      if !options.dryRun {
        result.summary.left += plan.items.count
        result.summary.planned = 0
      }
      return result
    }
    willWrite()
    result.summary.undoFile = options.undoFile
    let fs = try Filesystem.open(
      image,
      options: .init(
        offset: target.offset, writable: true, verifyChecksums: false,
        undoFile: options.undoFile))
    let editor = try InodeEditor(fs)
    let freeBefore = fs.freeBlocks
    var done: [Finding] = plan.left
    let byInode = Dictionary(grouping: plan.items, by: \.finding.inode)
    for inode in byInode.keys.sorted() {
      guard let items = byInode[inode] else { continue }
      if Interrupt.requested {
        result.summary.interrupted = true
        done += items.map { $0.finding.left("interrupted before this inode") }
        continue
      }
      done += InodeRepair(fs: fs, editor: editor, inode: inode, items: items, options: options)
        .run(failures: &result.failures)
    }
    let freeAfter = fs.freeBlocks
    do {
      try fs.close()
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
}
