import Glibc

/// The process's standard streams: report text to stdout, messages to stderr.
public enum Terminal {
  /// True when stdout is a terminal.
  public static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
  /// True when stderr is a terminal.
  public static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
  /// True when stdin is a terminal.
  public static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

  /// Writes `text` to stdout in full (retrying short writes).
  public static func writeOut(_ text: String) { write(text, to: STDOUT_FILENO) }
  /// Writes `text` to stderr in full.
  public static func writeErr(_ text: String) { write(text, to: STDERR_FILENO) }

  /// Writes `text` in full to the open descriptor `fd` (a progress feed);
  /// a closed pipe or a bad descriptor ends the write silently.
  public static func write(_ text: String, to fd: Int32) {
    var text = text
    text.withUTF8 { buffer in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, base + offset, buffer.count - offset)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }  // EPIPE or a closed stream: nothing more to say.
        offset += n
      }
    }
  }

  /// Makes a closed pipe on stdout end writes with EPIPE instead of killing the process.
  public static func ignoreSIGPIPE() { signal(SIGPIPE, SIG_IGN) }
}

extension Terminal {
  /// The width tables fit: `COLUMNS` when set to a number, else the width
  /// of the terminal on stdout, else 80.
  public static var columns: Int { width(of: STDOUT_FILENO) }

  /// The width the progress line fits: `COLUMNS` when set to a number, else
  /// the width of the terminal on stderr, else 80.
  public static var stderrColumns: Int { width(of: STDERR_FILENO) }

  private static func width(of fd: Int32) -> Int {
    if let text = Machine.environment("COLUMNS"), let n = Int(text), n > 0 { return n }
    var size = winsize()
    if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return 80
  }

  /// True when the terminal takes escape sequences (clear to end of line):
  /// `TERM` is set and is not `dumb`.
  public static var understandsEscapes: Bool {
    guard let term = Machine.environment("TERM"), !term.isEmpty else { return false }
    return term != "dumb"
  }

  /// True when `fd` is an open file descriptor.
  public static func isOpen(_ fd: Int32) -> Bool { fd >= 0 && fcntl(fd, F_GETFD) != -1 }
}
