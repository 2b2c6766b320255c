import Platform

/// The one-line progress display on stderr: "scan  42% [#####-----] 1.2 of
/// 3.4 GiB, 850 MiB/s, ETA 3 s" (or "repair  42% [...] inodes 3/9, ETA 1 s"),
/// cut to the terminal's width so it never wraps, redrawn in place with `\r`
/// and erased when the work ends.
public enum ProgressLine {
  /// Draws a scan's line on stderr. With `escapes`, each redraw ends with
  /// clear-to-end-of-line; without (TERM=dumb), the line is padded with
  /// spaces instead and no escape sequence is written.
  public static func scan(escapes: Bool) -> ProgressReporter<ScanProgress.Snapshot> {
    reporter(escapes: escapes, text)
  }

  /// Draws the line of a repair's edits on stderr (see `scan`).
  public static func repair(escapes: Bool) -> ProgressReporter<RepairProgress.Snapshot> {
    reporter(escapes: escapes, text)
  }

  private static func reporter<S>(
    escapes: Bool, _ line: @escaping @Sendable (S, Int) -> String
  ) -> ProgressReporter<S> {
    ProgressReporter(
      report: { s in
        let width = Terminal.stderrColumns
        Terminal.writeErr("\r" + finished(line(s, width), width: width, escapes: escapes))
      },
      end: { _ in Terminal.writeErr(erase(width: Terminal.stderrColumns, escapes: escapes)) })
  }

  /// The line for `s`, at most `width - 1` characters (the last column is
  /// left free: a line that fills it makes some terminals wrap). The bar's
  /// width depends on the width only, so the line does not jitter; details
  /// go first when space is short: the groups, then the amounts, the rate, the ETA.
  static func text(_ s: ScanProgress.Snapshot, width: Int) -> String {
    text(phase: "scan", fraction: s.fraction, details: details(s), width: width)
  }

  /// The line of a repair's edits: "repair  33% [###-------] inodes 3/9, ETA 2 s".
  static func text(_ s: RepairProgress.Snapshot, width: Int) -> String {
    var details = ["inodes \(s.inodesDone)/\(s.inodesTotal)"]
    if let left = s.secondsLeft { details.append("ETA " + duration(left)) }
    return text(phase: "repair", fraction: s.fraction, details: details, width: width)
  }

  /// `phase`, the percentage, the bar and as many `details` (least wanted
  /// first) as fit in `width - 1` characters.
  private static func text(phase: String, fraction: Double, details: [String], width: Int) -> String {
    let room = max(1, width - 1)
    let percent = "\(Int((fraction * 100).rounded(.down)))%"
    let head = phase + " " + String(repeating: " ", count: max(0, 4 - percent.count)) + percent
    let barWidth = min(max(12, room / 4), 22, room - head.count - 1)
    guard barWidth >= 5 else { return String(head.prefix(room)) }
    var details = details
    while !details.isEmpty && head.count + 1 + barWidth + 1 + details.joined(separator: ", ").count > room {
      details.removeFirst()
    }
    let inside = barWidth - 2
    let filled = min(inside, Int((Double(inside) * fraction).rounded(.down)))
    let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: inside - filled) + "]"
    return head + " " + bar + (details.isEmpty ? "" : " " + details.joined(separator: ", "))
  }

  /// The details, least wanted first.
  private static func details(_ s: ScanProgress.Snapshot) -> [String] {
    var parts = ["groups \(s.groupsDone)/\(s.groupsTotal)"]
    if s.bytesTotal > 0 {
      let expected = max(s.bytesExpected, s.bytesDone)
      parts.append("\(ByteCount.text(s.bytesDone)) of \(s.planComplete ? "" : "about ")\(ByteCount.text(expected))")
      parts.append("\(ByteCount.text(UInt64(s.bytesPerSecond)))/s")
    }
    if let left = s.secondsLeft { parts.append("ETA " + duration(left)) }
    return parts
  }

  /// "42 s", "3 min 5 s", "2 h 10 min".
  static func duration(_ seconds: Double) -> String {
    // Whole seconds, rounded up; a rounding error of a division is no second more.
    let total = Int((max(0, min(seconds, 1e9)) - 1e-6).rounded(.up))
    if total < 60 { return "\(total) s" }
    if total < 3600 { return "\(total / 60) min \(total % 60) s" }
    return "\(total / 3600) h \(total % 3600 / 60) min"
  }

  /// `line` ready to overwrite what was drawn before: followed by
  /// clear-to-end, or padded with spaces to `width - 1`.
  static func finished(_ line: String, width: Int, escapes: Bool) -> String {
    if escapes { return line + "\u{1B}[K" }
    return line + String(repeating: " ", count: max(0, width - 1 - line.count))
  }

  /// What erases the line and leaves the cursor at its start.
  static func erase(width: Int, escapes: Bool) -> String {
    escapes ? "\r\u{1B}[K" : "\r" + String(repeating: " ", count: max(0, width - 1)) + "\r"
  }
}
