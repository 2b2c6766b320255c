import Ext4

/// The one-line progress display on stderr (redrawn in place with `\r`).
public enum ProgressLine {
  /// A `ScanProgress` that draws "scan: 42% (groups 21/50), 120000 inodes, 1.2 s".
  public static func scanProgress() -> ScanProgress {
    ScanProgress { s in
      let percent = Int(s.fraction * 100)
      let rate = s.elapsed > 0 ? Int(Double(s.inodesScanned) / s.elapsed) : 0
      Terminal.writeErr(
        "\rscan: \(percent)% (groups \(s.groupsDone)/\(s.groupsTotal)), "
          + "\(s.inodesScanned) inodes, \(rate) inodes/s\u{1B}[K")
    }
  }

  /// Erases the progress line.
  public static func clear(if shown: Bool) {
    if shown { Terminal.writeErr("\r\u{1B}[K") }
  }
}
