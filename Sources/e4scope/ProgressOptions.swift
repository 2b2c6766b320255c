import ArgumentParser
import Platform

/// `--progress/--no-progress`, for the commands that draw one (scan).
struct ProgressOptions: ParsableArguments {
  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Show progress on stderr, or not (default: only when stderr is a terminal).",
      valueName: "progress"))
  var progress: Bool?

  /// True when progress is drawn: asked for, or stderr is a terminal; never when quiet.
  func shown(quiet: Bool) -> Bool { !quiet && (progress ?? Terminal.stderrIsTTY) }
}
