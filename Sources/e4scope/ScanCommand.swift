import ArgumentParser
import E4Scope
import Platform

extension Granularity: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// `e4scope scan`: run the checks and report findings.
struct ScanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Report blocks beyond EOF, zero-filled written data and unwritten blocks holding data.",
    discussion: """
      Reads the extent tree (or block map) of every user's regular file through \
      libext2fs and reports ranges of blocks. The user's files are the regular files from \
      the superblock's first non-reserved inode on, except those the filesystem keeps \
      for itself: the inodes the superblock names (the journal, also one made by \
      tune2fs -j on a mounted filesystem; the orphan file; the user, group and project \
      quota files; the snapshot inode) and EA inodes (EXT4_EA_INODE_FL, which hold large \
      extended attribute values). --inode naming one of those says what it is and checks \
      nothing. Block size B, i_size S, EOF block E = ceil(S/B). Findings:


      """ + FindingKind.helpParagraphs + """


      Data checks read file data with large positioned reads in physical block order \
      from --threads workers with one 8 MiB buffer each.

      Every finding carries orphan: true when the inode is on the orphan list (its blocks \
      past EOF are released at the next mount or fsck), immutable and append_only (chattr \
      +i, +a), and reachable: false when no path from the root names the inode (null \
      with --no-paths); paths lists every name of the inode (at most 16, then \
      paths_truncated), path is the one given with --path or else the smallest in byte \
      order, and names that are not UTF-8 come in the escaped form (\\xNN for each \
      invalid byte, \\\\ for a backslash) with path_escaped: true; names in an encrypted \
      directory are <encrypted:HEX>, with encrypted: true. Each finding also carries its \
      inode's mode, uid, gid, flags, links, generation and atime, mtime, ctime, crtime \
      (RFC 3339 UTC, nanoseconds where the inode holds them). Warnings go to stderr, and \
      into the report (filesystem.warnings in json, warnings in the ndjson summary), when the image is mounted, its journal \
      needs recovery, the superblock records errors, or the image is shorter than its \
      filesystem; they do not change the exit status.

      A journal that needs recovery is replayed in memory (--journal replay, the default): \
      the scan shows the filesystem as the next mount will, and a stderr line says how \
      many transactions and blocks that took; nothing is written. --journal raw shows the \
      metadata on disk as it is, --journal-diff only the findings one of the two views has \
      (with view). A journal that cannot be replayed falls back to the raw view with a \
      warning. Findings of inodes the replay rewrites carry journal_changed: true.

      Progress: when stderr is a terminal (or with --progress), one line on stderr, cut to \
      its width (COLUMNS, else the terminal's, else 80) and erased at the end: the percentage, \
      a bar, and with data checks the bytes read of those the collected data runs will \
      read, the rate and the ETA; with TERM=dumb it is redrawn with carriage returns and \
      spaces, without escape sequences. -C FD writes machine-readable progress to an open \
      file descriptor, one line per update: PHASE DONE TOTAL UNIT, i.e. "scan GROUPS_DONE \
      GROUPS groups" and, with data checks, "data BYTES_READ BYTES_TO_READ bytes".

      Output formats: table (default on \
      a terminal), ndjson (default otherwise: one finding per line, then a summary line), \
      json (one document with schema, filesystem, findings and summary), csv (a header \
      row, then one row per finding), bodyfile (The Sleuth Kit 3.x, one line per inode \
      with findings, for mactime -b). The scan opens the image read-only and never writes.

      Exit status: 0 when nothing was found, 4 when findings were reported, 8 when an \
      image could not be scanned (the message names the image and the cause), 16 on a \
      usage error, 32 when interrupted by SIGINT (the report covers what was scanned).
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions
  @OptionGroup var selection: SelectionOptions
  @OptionGroup var progressOptions: ProgressOptions
  @OptionGroup var table: TableOptions
  @OptionGroup var journal: JournalOptions

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Checks to run, comma-separated or repeated: \(CheckName.list).", valueName: "list"),
    completion: .list(CheckName.allCases.map(\.rawValue)))
  var checks: [String] = CheckName.defaults.map(\.rawValue)

  @Option(name: .long, help: "Report zero-filled data by block, or also by 512-byte sector.")
  var granularity: Granularity = .block

  @Flag(
    name: .long,
    help: "Add the first non-zero bytes (hex and ASCII) to unwritten_with_data: a lost conversion's data, bytes erased with fallocate --zero-range, or a deleted file's.")
  var evidence = false

  @Flag(
    name: .customLong("journal-diff"),
    help: "List only the findings that one of the two journal views (replay, raw) has, each with its view.")
  var journalDiff = false

  @Flag(inversion: .prefixedNo, help: "Resolve each finding's inode to its path (--no-paths: leave path null).")
  var paths = true

  @Option(
    name: .customLong("fail-on"),
    help: "Lowest severity that makes exit status 4: info, notice, warning or error.")
  var failOn: Severity = .notice

  @Flag(
    name: .long,
    help: "Leave the file data read in the page cache (by default a data scan reads past the cache, or drops what it read and was not cached before).")
  var keepCache = false

  @Argument(help: "ext2/3/4 image files or block devices (raw, or EWF, QCOW2, VMDK, VHD, VHDX container images).", completion: .file())
  var images: [String]

  func validate() throws {
    switch CheckName.parse(checks) {
    case .failure(let unknown):
      throw ValidationError(unknown.description)
    case .success(let names):
      if granularity == .sector && !names.contains(.zeroed) && !names.contains(.all) {
        throw ValidationError("--granularity sector needs the zeroed check (--checks zeroed or all).")
      }
    }
  }

  func run() throws {
    var options = ScanOptions()
    options.checks = try CheckName.parse(checks).get()
    options.granularity = granularity
    options.evidence = evidence
    options.resolvePaths = paths
    options.keepCache = keepCache
    selection.apply(to: &options)
    options.journal = journal.selection
    let progress = progressOptions.scanProgress(quiet: output.quiet)
    Interrupt.catchSIGINT()
    let outcome = image.run(output).overFilesystems(images) { target in
      let result =
        journalDiff
        ? try JournalDiffScan(target: target, options: options).run(progress: progress)
        : try FilesystemScan(target: target, options: options).run(progress: progress)
      result.conditions.forEach { output.warn($0) }
      result.warnings.forEach { output.warn("\(target.name): \($0)") }
      return result
    }
    output.emit(ReportRenderer.render(outcome.results, as: output.resolvedFormat, layout: table.layout))
    if outcome.interrupted {
      output.warn("interrupted: the report covers what was scanned before SIGINT")
      throw ExitCode(ExitStatus.interrupted)
    }
    let findings = outcome.results.flatMap(\.findings)
    throw ExitCode(ExitStatus.scan(failed: outcome.failed, findings: findings, failOn: failOn))
  }
}
