import ArgumentParser
import E4Scope
import Platform

/// `--progress/--no-progress` and `-C FD`, for the commands that scan (scan,
/// trim, convert).
struct ProgressOptions: ParsableArguments {
  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Draw a progress line on stderr, or not (default: only when stderr is a terminal).",
      valueName: "progress"))
  var progress: Bool?

  @Option(
    name: .customShort("C"),
    help: ArgumentHelp(
      "Write machine-readable progress to this open file descriptor, one line per update: PHASE DONE TOTAL UNIT (scan GROUPS_DONE GROUPS groups; data BYTES_READ BYTES_TO_READ bytes; repair INODES_DONE INODES inodes), as e2fsck -C does.",
      valueName: "fd"))
  var progressFD: Int32?

  func validate() throws {
    if let fd = progressFD {
      guard fd > 0 else { throw ValidationError("-C needs a file descriptor of 1 or more.") }
      guard Terminal.isOpen(fd) else { throw ValidationError("-C \(fd): the file descriptor is not open.") }
    }
  }

  /// True when the line is drawn: asked for, or stderr is a terminal; never when quiet.
  func shown(quiet: Bool) -> Bool { !quiet && (progress ?? Terminal.stderrIsTTY) }

  /// Whether the line may use escape sequences: stderr is a terminal that takes them.
  private var escapes: Bool { Terminal.stderrIsTTY && Terminal.understandsEscapes }

  /// The progress reporting asked for: the line on stderr, the feed on `-C FD`, both, or none.
  func scanProgress(quiet: Bool) -> ScanProgress? {
    reporter(quiet: quiet, line: ProgressLine.scan, feed: ProgressFeed.scan).map(ScanProgress.init)
  }

  /// The progress reporting of a repair's edits, as for `scanProgress`.
  func repairProgress(quiet: Bool) -> RepairProgress? {
    reporter(quiet: quiet, line: ProgressLine.repair, feed: ProgressFeed.repair).map(RepairProgress.init)
  }

  private func reporter<S>(
    quiet: Bool, line: (Bool) -> ProgressReporter<S>, feed: (Int32) -> ProgressReporter<S>
  ) -> ProgressReporter<S>? {
    let drawn = shown(quiet: quiet) ? line(escapes) : nil
    guard let fd = progressFD else { return drawn }
    return drawn.map { feed(fd).then($0) } ?? feed(fd)
  }
}
