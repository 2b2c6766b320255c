import Ext4
import Platform

/// The one-line progress display on stderr (redrawn in place with `\r`).
public enum ProgressLine {
  /// A `ScanProgress` that draws "scan: groups 21/50, 120000 inodes" and, when
  /// data is read, "data: 1.2 of about 3.4 GiB, 850 MiB/s, ETA 3 s" (the bytes the collected data runs
  /// will read, extrapolated until every group is scanned).
  public static func scanProgress() -> ScanProgress {
    ScanProgress(report: { s in
      var line = "\rscan: groups \(s.groupsDone)/\(s.groupsTotal), \(s.inodesScanned) inodes"
      if s.bytesTotal > 0 {
        let rate = s.elapsed > 0 ? Double(s.bytesDone) / s.elapsed : 0
        let expected = max(s.bytesExpected, s.bytesDone)
        line += "; data: \(ByteCount.text(s.bytesDone)) of \(s.planComplete ? "" : "about ")\(ByteCount.text(expected)), \(ByteCount.text(UInt64(rate)))/s"
        if rate > 0 { line += ", ETA \(Int(Double(expected - s.bytesDone) / rate)) s" }
      }
      Terminal.writeErr(line + "\u{1B}[K")
    }, end: { Terminal.writeErr("\r\u{1B}[K") })
  }
}
