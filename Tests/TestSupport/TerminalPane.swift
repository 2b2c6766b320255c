import Foundation

/// A tmux pane of a fixed size running one shell command, for tests of what a
/// user sees on a terminal: the screen as tmux shows it (wrapped lines joined,
/// so a line wider than the pane shows as one long line), the raw bytes the
/// program wrote to the terminal, and its exit status. Each pane has its own
/// tmux server, stopped when the pane is released.
public final class TerminalPane: @unchecked Sendable {
  /// True when tmux is installed.
  public static let available: Bool = (try? run("sh", ["-c", "command -v tmux"]).status) == 0

  public let width: Int
  private let socket: String
  /// The pane's shell, leader of the pane's process group.
  private var paneProcess: pid_t = 0
  private let directory: TemporaryDirectory

  /// Starts `command` (run by `sh` in `workingDirectory`) in a pane of
  /// `width` x `height`. The command starts only once the raw output is
  /// being recorded; "EXIT:<status>" is printed after it.
  public init(
    width: Int, height: Int = 60, command: String, in workingDirectory: String
  ) throws {
    self.width = width
    directory = try TemporaryDirectory()
    socket = "e4scope-\(UUID().uuidString.prefix(8))"
    let go = directory.path("go")
    let script = directory.path("run.sh")
    try """
      cd '\(workingDirectory)' || exit 1
      while [ ! -e '\(go)' ]; do sleep 0.02; done
      \(command)
      echo "EXIT:$?"
      sleep 600
      """.write(toFile: script, atomically: true, encoding: .utf8)
    try tmux(["new-session", "-d", "-x", String(width), "-y", String(height), "env -u COLUMNS sh '\(script)'"])
    paneProcess = pid_t(try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    try tmux(["pipe-pane", "-o", "cat >> '\(directory.path("raw"))'"])
    _ = FileManager.default.createFile(atPath: go, contents: nil)
  }

  /// Ends the pane's processes (kill-server's SIGHUP is lost when the test
  /// runner ignores SIGHUP, which its children inherit), then the server.
  deinit {
    if paneProcess > 0 { kill(-paneProcess, SIGKILL) }
    _ = try? tmux(["kill-server"])
  }

  /// Runs a tmux client. The server it may start lives on with every
  /// descriptor it was given, and the test process has pipes of other tests
  /// open that a child inherits: the client gets none of them (all
  /// descriptors past stderr closed, output to a file), or those tests would
  /// never see their pipes end.
  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    let out = directory.path("tmux.out")
    let exec = "import os, sys; os.closerange(3, 65536); os.execvp('tmux', ['tmux'] + sys.argv[1:])"
    let r = try run(
      "sh", ["-c", "exec python3 -c \"$0\" \"$@\" >'\(out)' 2>&1 </dev/null", exec, "-L", socket, "-f", "/dev/null"] + arguments)
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    guard r.status == 0 else { throw ShellError("tmux \(arguments.first ?? "") exited \(r.status): \(text)") }
    return text
  }

  /// The pane's lines (scrollback included), wrapped lines joined, trailing empty lines dropped.
  public func screen() throws -> [String] {
    var lines = try tmux(["capture-pane", "-p", "-J", "-S", "-500"]).components(separatedBy: "\n")
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  /// The bytes the program wrote to the terminal so far.
  public func raw() -> Data {
    (try? Data(contentsOf: URL(fileURLWithPath: directory.path("raw")))) ?? Data()
  }

  /// Polls the screen until `predicate` holds (every 20 ms, at most
  /// `timeout` seconds) and returns that screen, or throws.
  @discardableResult
  public func wait(timeout: Double = 30, until predicate: ([String]) -> Bool) throws -> [String] {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let lines = try screen()
      if predicate(lines) { return lines }
      usleep(20_000)
    }
    throw ShellError("the pane never showed what was waited for:\n" + (try screen()).joined(separator: "\n"))
  }

  /// Waits for the command to end and returns its exit status and the screen.
  public func exit(timeout: Double = 60) throws -> (status: Int32, screen: [String]) {
    let lines = try wait(timeout: timeout) { $0.contains { $0.hasPrefix("EXIT:") } }
    let status = lines.last { $0.hasPrefix("EXIT:") }.flatMap { Int32($0.dropFirst(5)) } ?? -1
    return (status, lines.filter { !$0.hasPrefix("EXIT:") })
  }

  /// Types `text` and Enter.
  public func type(_ text: String) throws {
    try tmux(["send-keys", "-l", text])
    try tmux(["send-keys", "Enter"])
  }
}
