import ArgumentParser
import E4Scope
import Platform

extension ReportFormat: ExpressibleByArgument {}

/// Options every subcommand takes: the output format and the stderr chatter.
struct OutputOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "Report format: table, json, ndjson, csv, or bodyfile for scan, trim and convert (default: table on a terminal, else ndjson).")
  var format: ReportFormat?

  @Flag(name: .shortAndLong, help: "Print no report and no warnings; only the exit status tells.")
  var quiet = false

  /// Refuses `--format bodyfile` for a report that is not about findings.
  func refuseBodyfile(_ command: String) throws {
    if format == .bodyfile { throw ValidationError("\(command) has no bodyfile format.") }
  }

  /// The format to use, resolving the terminal-dependent default.
  var resolvedFormat: ReportFormat { format ?? (Terminal.stdoutIsTTY ? .table : .ndjson) }

  /// Renders the report and writes it to stdout, unless quiet.
  func emit(_ report: @autoclosure () -> String) {
    if !quiet { Terminal.writeOut(report()) }
  }

  /// Writes a notice to stderr even when quiet (the undo file's name).
  func warnAlways(_ message: String) {
    Terminal.writeErr("e4scope: \(NameEncoding.terminal(message))\n")
  }

  /// Writes a warning to stderr unless quiet.
  func warn(_ message: String) {
    if !quiet { Terminal.writeErr("e4scope: warning: \(NameEncoding.terminal(message))\n") }
  }
}

/// Where the filesystem sits inside each image.
struct ImageOptions: ParsableArguments {
  @Option(
    name: .long,
    help: "Use the ext2/3/4 partition with this number (default: every one, or the whole image).")
  var partition: Int?

  @Option(name: .long, help: "Byte offset of the filesystem inside the image (skips probing).")
  var offset: UInt64?

  func validate() throws {
    if partition != nil && offset != nil {
      throw ValidationError("--partition and --offset exclude each other.")
    }
  }

  /// The run over image arguments these options select in, reporting
  /// through `output`.
  func run(_ output: OutputOptions) -> ImageRun {
    ImageRun(
      partition: partition, offset: offset, note: { output.warn($0) },
      failure: { output.warnOperational($0) })
  }
}

extension OutputOptions {
  /// Writes an operational error (one line, naming the image and the cause) to
  /// stderr, even when quiet: the exit status alone would not say why.
  func warnOperational(_ error: any Error) {
    let message = ExitStatus.of(error).message
    Terminal.writeErr("e4scope: \(NameEncoding.terminal(message))\n")
  }
}
