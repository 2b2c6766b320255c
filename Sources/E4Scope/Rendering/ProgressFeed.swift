import Platform

/// Machine-readable progress on a file descriptor (`-C FD`, as e2fsck's):
/// one line per update, `PHASE DONE TOTAL UNIT`, e.g. `scan 21 50 groups`
/// and, when file data is read, `data 1048576 3221225472 bytes` (TOTAL is
/// the bytes the scan expects to read; it may change until every group is
/// scanned); a repair's edits give `repair INODES_DONE INODES inodes`. Each
/// scan of a filesystem, and the edits, end with their final lines.
public enum ProgressFeed {
  /// The lines for `s`.
  static func lines(_ s: ScanProgress.Snapshot) -> String {
    var text = "scan \(s.groupsDone) \(s.groupsTotal) groups\n"
    if s.bytesTotal > 0 {
      text += "data \(s.bytesDone) \(max(s.bytesExpected, s.bytesDone)) bytes\n"
    }
    return text
  }

  /// Writes a scan's lines to the open descriptor `fd`.
  public static func scan(fd: Int32) -> ProgressReporter<ScanProgress.Snapshot> { reporter(fd: fd, lines) }

  /// Writes the lines of a repair's edits to `fd`.
  public static func repair(fd: Int32) -> ProgressReporter<RepairProgress.Snapshot> { reporter(fd: fd, lines) }

  private static func reporter<S>(fd: Int32, _ lines: @escaping @Sendable (S) -> String) -> ProgressReporter<S> {
    ProgressReporter(report: { Terminal.write(lines($0), to: fd) }, end: { Terminal.write(lines($0), to: fd) })
  }

  /// The line for `s`.
  static func lines(_ s: RepairProgress.Snapshot) -> String {
    "repair \(s.inodesDone) \(s.inodesTotal) inodes\n"
  }
}
