import ArgumentParser
import E4Scope
import Platform

/// `--bytes`, and the terminal width, for the commands whose table shows
/// findings (scan, trim, convert).
struct TableOptions: ParsableArguments {
  @Flag(name: .long, help: "Show sizes in the table as exact bytes, not KiB, MiB, ...")
  var bytes = false

  /// The layout: the width from COLUMNS or the terminal (80 otherwise).
  var layout: TableLayout { TableLayout(width: Terminal.columns, exactBytes: bytes) }
}
