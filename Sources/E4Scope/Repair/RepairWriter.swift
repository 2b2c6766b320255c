import Ext4
import Glibc
import Platform

/// Sends a repair's inode edits to the image and collects their findings.
/// Where the filesystem's internal journal can carry them, the edits go in
/// batches, each one journal transaction: a kill leaves every inode before
/// or after its edits once a mount or `e2fsck -p` replays the journal, and
/// a failed edit is never written. needs_recovery stays set on disk from
/// before the first batch to after the last, so a mount or e2fsck always
/// looks at the journal (and the next repair refuses until it has). Without
/// an internal journal, inode by inode, between a durable "not clean" mark
/// and its removal.
struct RepairWriter {
  let fs: Filesystem
  let image: String
  let undoFile: String?
  private var budget: TransactionBudget?
  private var batchOpen = false
  /// The open batch's findings: final once it commits.
  private var pending: [Finding] = []
  private(set) var findings: [Finding] = []
  private(set) var stopReason: String?
  private(set) var markedUnclean = false
  private var markedRecovery = false

  /// A test hook: `E4SCOPE_TEST_KILL_AFTER=<step>` (a `BatchCommitStep`
  /// name) kills the process with SIGKILL right after that step of a commit.
  private static let killAfter = Machine.environment("E4SCOPE_TEST_KILL_AFTER")

  init(fs: Filesystem, image: String, undoFile: String?) {
    self.fs = fs
    self.image = image
    self.undoFile = undoFile
    budget = fs.journalCapacity().map(TransactionBudget.init)
  }

  /// True when the edits go through the journal.
  var atomic: Bool { budget != nil }

  /// Records findings that were not edited.
  mutating func leave(_ left: [Finding]) { findings += left }

  /// Makes room for an inode's edits: commits the open batch when `items`
  /// would not fit its transaction and opens the next; without a journal,
  /// marks the filesystem not clean before the first edit. Sets
  /// `stopReason` when the inode must not be edited.
  mutating func prepare(for items: [RepairPlan.Item], failures: inout [String]) {
    guard stopReason == nil else { return }
    guard var budget else {
      if !markedUnclean {
        // A crash from here on leaves a filesystem the next boot checks.
        do {
          try fs.markClean(false)
          markedUnclean = true
        } catch {
          stop("cannot mark the filesystem as being repaired: \(error.message)", &failures)
        }
      }
      return
    }
    if batchOpen && !budget.fits(items, batched: fs.batchedBlocks) {
      commit(failures: &failures)
      budget.reset()
    }
    guard stopReason == nil else { return }
    if !markedRecovery {
      do {
        try fs.setNeedsRecovery(true)
        markedRecovery = true
      } catch {
        stop("cannot mark the journal for recovery: \(error.message)", &failures)
        return
      }
    }
    if !batchOpen {
      do {
        try fs.beginBatch()
        batchOpen = true
      } catch {
        stop("cannot start a batch of edits: \(error.message)", &failures)
        return
      }
    }
    budget.add(items)
    self.budget = budget
  }

  /// Takes the outcome of one inode's edits; `failed` when an edit failed
  /// part way (then its batch is dropped, unwritten, and the repair stops).
  mutating func edited(_ outcome: [Finding], failed: Bool, failures: inout [String]) {
    guard atomic else {
      findings += outcome
      checkUndo(&failures)
      return
    }
    pending += outcome
    if failed {
      fs.abandonBatch()
      batchOpen = false
      let why = "not written: an edit of its batch failed; the image holds the repair up to the batch before"
      findings += pending.map { $0.action == .left ? $0 : $0.left(why) }
      pending = []
      stopReason = why
    }
  }

  /// Commits the open batch, then clears needs_recovery unless a batch
  /// failed (the journal then tells a mount or e2fsck what to do).
  mutating func finish(failures: inout [String]) {
    if batchOpen { commit(failures: &failures) }
    guard markedRecovery, stopReason == nil else { return }
    do {
      try fs.setNeedsRecovery(false)
    } catch {
      stop("cannot clear needs_recovery after the last batch (\(error.message)); 'e2fsck -p \(image)' clears it", &failures)
    }
  }

  private mutating func commit(failures: inout [String]) {
    batchOpen = false
    do {
      try fs.commitBatch { step in
        if Self.killAfter == step.rawValue { kill(getpid(), SIGKILL) }
      }
      findings += pending
    } catch {
      checkUndo(&failures)
      if error.activated {
        // The journal holds the whole batch: a recovery completes it.
        findings += pending
        stop(
          "writing a committed batch home failed (\(error.reason)); 'e2fsck -p \(image)' replays it from the journal",
          &failures)
      } else {
        let why = "not written: \(error.reason)"
        findings += pending.map { $0.action == .left ? $0 : $0.left(why) }
        stop("a batch of edits could not be journaled (\(error.reason)); the image holds the repair up to the batch before", &failures)
      }
    }
    pending = []
    checkUndo(&failures)
  }

  private mutating func stop(_ reason: String, _ failures: inout [String]) {
    guard stopReason == nil else { return }
    stopReason = reason
    failures.append(reason)
  }

  /// Stops at the first failed undo write: the undo layer refuses every
  /// image write from then on.
  private mutating func checkUndo(_ failures: inout [String]) {
    guard let failure = fs.undoFailure, stopReason == nil else { return }
    stopReason = "stopped: \(failure.message); restore with the undo file"
    failures.append(
      "\(failure.message): no further write reached the image; roll back with 'e2undo \(undoFile ?? "") \(image)'")
  }
}
