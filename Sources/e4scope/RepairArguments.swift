import ArgumentParser
import E4Scope
import Platform

/// Options shared by `trim` and `convert`: selection, safety and undo.
struct RepairArguments: ParsableArguments {
  @Flag(name: [.customShort("n"), .long], help: "Print the plan in the chosen format; write nothing.")
  var dryRun = false

  @Flag(name: [.customShort("y"), .long], help: "Apply without asking.")
  var yes = false

  @Option(name: .long, help: "Write the e2undo file here (default: next to the image).")
  var undo: String?

  @Flag(name: .customLong("no-undo"), help: "Write no undo file.")
  var noUndo = false

  @Flag(name: .long, help: "Repair although quota is enabled or the superblock records errors, and repair immutable and append-only files.")
  var force = false

  @OptionGroup var selection: SelectionOptions
  @OptionGroup var table: TableOptions
  @OptionGroup var journal: JournalOptions
  @OptionGroup var progress: ProgressOptions

  @Argument(help: "The ext2/3/4 image file or block device (raw: containers are read-only).", completion: .file())
  var image: String

  func validate() throws {
    if undo != nil && noUndo { throw ValidationError("--undo and --no-undo exclude each other.") }
  }

  /// The repair options for `targets`.
  func options(targets: [RepairTarget]) throws -> RepairOptions {
    var options = RepairOptions()
    options.targets = targets
    selection.apply(to: &options.scan)
    options.scan.journal = dryRun ? journal.selection : .raw
    options.dryRun = dryRun
    options.force = force
    // A dry run writes nothing, so it names no undo file.
    options.undoFile = noUndo || dryRun ? nil : try (undo ?? UndoFile.defaultPath(for: image))
    return options
  }

  /// Runs the repair of `targets` (see `run(options:output:imageOptions:)`).
  func run(targets: [RepairTarget], output: OutputOptions, imageOptions: ImageOptions) throws {
    try run(options: try options(targets: targets), output: output, imageOptions: imageOptions)
  }

  /// Runs the repair: unless --yes, shows the plan and asks on a terminal,
  /// refuses (exit 16) without a terminal; names the undo file before
  /// writing, prints the report and exits with e4scope's exit status.
  func run(options: RepairOptions, output: OutputOptions, imageOptions: ImageOptions) throws {
    let target = try imageOptions.run(output).single(image)
    Interrupt.catchStopSignals()
    var refusedNoTTY = false
    var declined = false
    let repair = Repair(target: target, options: options)
    let result = try ImageFailure.naming(target.name) {
      try repair.run(
        confirm: { plan in
          if yes {
            warnConversions(plan, output)
            return true
          }
          guard Terminal.stdinIsTTY else {
            refusedNoTTY = true
            return false
          }
          showPlan(repair.preview(plan), output)
          warnConversions(plan, output)
          Terminal.writeErr(
            NameEncoding.terminal(RepairQuestion.text(
                plan, undoFile: options.undoFile, layout: table.layout, width: Terminal.stderrColumns)))
          guard let answer = readLine() else {
            Terminal.writeErr("\n")
            declined = true
            return false
          }
          declined = !answer.lowercased().hasPrefix("y")
          return !declined
        },
        willWrite: {
          if let undo = options.undoFile {
            output.warnAlways("writing undo file \(undo); to roll back: e2undo \(undo) \(image)")
          }
        },
        progress: progress.scanProgress(quiet: output.quiet),
        editProgress: progress.repairProgress(quiet: output.quiet))
    }
    if refusedNoTTY {
      Terminal.writeErr(
        "e4scope: refusing to write without --yes when stdin is not a terminal (see the plan with --dry-run)\n")
      throw ExitCode(ExitStatus.usageError)
    }
    if declined { output.warnAlways("not confirmed; nothing written") }
    // The plan table already shows what a declined repair leaves.
    if !(declined && output.resolvedFormat == .table) {
      output.emit(ReportRenderer.render([result], as: output.resolvedFormat, layout: table.layout))
    }
    if options.dryRun { result.findings.compactMap(LikelyCause.conversionWarning).forEach { output.warn($0) } }
    result.failures.forEach { Terminal.writeErr("e4scope: \(NameEncoding.terminal($0))\n") }
    if options.force && !options.dryRun && result.summary.repaired > 0 {
      output.warn("run 'e2fsck -fp \(image)' now: libext2fs does not update quota files")
    }
    throw ExitCode(result.exitStatus)
  }

  /// The plan as a dry run's table shows it: on stdout when the report is a
  /// table, else on stderr (the report on stdout stays one document).
  private func showPlan(_ preview: RepairResult, _ output: OutputOptions) {
    guard !output.quiet else { return }
    if output.resolvedFormat == .table {
      Terminal.writeOut(ReportRenderer.render([preview], as: .table, layout: table.layout))
    } else {
      let layout = TableLayout(width: Terminal.stderrColumns, exactBytes: table.bytes)
      Terminal.writeErr(ReportRenderer.render([preview], as: .table, layout: layout))
    }
  }

  /// The warnings of `convert --unwritten-data` for the ranges it would make readable.
  private func warnConversions(_ plan: RepairPlan, _ output: OutputOptions) {
    plan.items.compactMap { LikelyCause.conversionWarning($0.finding) }.forEach { output.warn($0) }
  }
}
