import Ext4
import Platform

/// The one-line progress display on stderr (redrawn in place with `\r`).
public enum ProgressLine {
  /// A `ScanProgress` that draws "scan: groups 21/50, 120000 inodes" and, when
  /// data is read, "data: 1.2 of 3.4 GiB, 850 MiB/s, ETA 3 s".
  public static func scanProgress() -> ScanProgress {
    ScanProgress(report: { s in
      var line = "\rscan: groups \(s.groupsDone)/\(s.groupsTotal), \(s.inodesScanned) inodes"
      if s.bytesTotal > 0 {
        let rate = s.elapsed > 0 ? Double(s.bytesDone) / s.elapsed : 0
        line += "; data: \(size(s.bytesDone)) of at most \(size(s.bytesTotal)), \(size(UInt64(rate)))/s"
        if rate > 0 { line += ", ETA \(Int(Double(s.bytesTotal - s.bytesDone) / rate)) s" }
      }
      Terminal.writeErr(line + "\u{1B}[K")
    }, end: { Terminal.writeErr("\r\u{1B}[K") })
  }

  /// Bytes in binary units with one decimal ("1.5 GiB").
  static func size(_ bytes: UInt64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }
}
