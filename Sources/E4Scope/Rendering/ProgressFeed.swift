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

  /// Reports to `fd`, and then to `next` (the line on stderr) if there is one.
  public static func scanProgress(fd: Int32, next: ScanProgress?) -> ScanProgress {
    ScanProgress(
      report: { s in
        Terminal.write(lines(s), to: fd)
        next?.report(s)
      },
      end: { s in
        Terminal.write(lines(s), to: fd)
        next?.end(s)
      })
  }

  /// Reports a repair's edits to `fd`, and then to `next` if there is one.
  public static func repairProgress(fd: Int32, next: RepairProgress?) -> RepairProgress {
    RepairProgress(
      report: { s in
        Terminal.write(lines(s), to: fd)
        next?.report(s)
      },
      end: { s in
        Terminal.write(lines(s), to: fd)
        next?.end(s)
      })
  }

  /// The line for `s`.
  static func lines(_ s: RepairProgress.Snapshot) -> String {
    "repair \(s.inodesDone) \(s.inodesTotal) inodes\n"
  }
}
