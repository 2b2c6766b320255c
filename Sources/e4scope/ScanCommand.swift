import Platform
import ArgumentParser
import E4Scope


extension Granularity: ExpressibleByArgument {}

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

      unwritten_beyond_eof (notice): unwritten blocks with logical block >= E; the part \
      of an extent that starts below E is reported with straddles_eof: true. \
      fallocate --keep-size makes these on purpose; a crashed extending direct-I/O write \
      leaves them too. They use space that ls does not show.

      written_beyond_eof (warning): written blocks with logical block >= E (fs-verity \
      files, which keep their Merkle tree there, excepted). e2fsck raises i_size over \
      them or deletes the extent, depending on tree depth.

      zeroed_written (warning, --checks zeroed): runs of at least --min-run written \
      blocks below E whose bytes are all zero (in the EOF block only the first S mod B \
      bytes count). Races between unaligned direct-I/O writers, the iomap stale-mapping \
      race and DAX write faults left such ranges; legitimately zero data (VM images, \
      databases) looks the same, so the wording is "zero-filled". A run crosses extent \
      boundaries when logical and physical blocks continue.

      zeroed_sectors (info, --checks zeroed --granularity sector): 512-byte aligned \
      zero-filled sectors inside a written block that is not wholly zero, as byte ranges \
      (file_offset, length); the signature of unaligned direct-I/O zeroing.

      unwritten_with_data (warning, --checks unwritten-data): runs of unwritten blocks \
      holding any non-zero byte, with beyond_eof, first_nonzero_offset, nonzero_bytes, \
      nonzero_fraction and, with --evidence, a hex/ASCII preview. The file reads zeros \
      there: either a lost unwritten-to-written conversion, or stale data of a deleted \
      file in preallocated space. The tool shows evidence; a person decides.

      extent_tree_error (error): the inode's extent tree or block map cannot be walked \
      (bad header, zero-length, overlapping or out-of-order extents, blocks outside the \
      filesystem, a looping tree); message says why and the scan goes on.

      read_error (error): file data could not be read (the image ends inside the range, \
      or an I/O error); never counted as zeros.

      Data checks read file data with large positioned reads in physical block order \
      from --threads workers with one 8 MiB buffer each.

      Every finding carries orphan: true when the inode is on the orphan list (its blocks \
      past EOF are released at the next mount or fsck), immutable and append_only (chattr \
      +i, +a), and reachable: false when no path from the root names the inode (null \
      with --no-paths). Warnings go to stderr, and into the report (filesystem.warnings \
      in json, warnings in the ndjson summary), when the image is mounted, its journal \
      needs recovery, the superblock records errors, or the image is shorter than its \
      filesystem; they do not change the exit status. Output formats: table (default on \
      a terminal), ndjson (default otherwise: one finding per line, then a summary line), \
      json (one document with schema, filesystem, findings and summary), csv (a header \
      row, then one row per finding). The scan opens the image read-only and never writes.

      Exit status: 0 when nothing was found, 4 when findings were reported, 8 when an \
      image could not be scanned (the message names the image and the cause), 16 on a \
      usage error, 32 when interrupted by SIGINT (the report covers what was scanned).
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Checks to run, comma-separated or repeated: beyond-eof, zeroed, unwritten-data, all.",
      valueName: "list"))
  var checks: [String] = ["beyond-eof"]

  @Option(name: .long, help: "Report zero-filled data by block, or also by 512-byte sector.")
  var granularity: Granularity = .block

  @Option(name: .customLong("min-run"), help: "Shortest zeroed_written run to report, in blocks.")
  var minRun = 1

  @Flag(name: .long, help: "Add the first non-zero bytes (hex and ASCII) to unwritten_with_data.")
  var evidence = false

  @Option(name: .long, help: "Scan only this inode (repeatable).")
  var inode: [UInt32] = []

  @Option(name: .long, help: "Scan only this absolute path inside the filesystem (repeatable).")
  var path: [String] = []

  @Flag(inversion: .prefixedNo, help: "Resolve each finding's inode to its path.")
  var paths = true

  @Option(name: .long, help: "Worker threads for the inode scan and data reads (default: number of cores).")
  var threads: Int?

  @Argument(help: "ext2/3/4 image files or block devices.", completion: .file())
  var images: [String]

  /// The parsed `--checks` list.
  var checkNames: [CheckName] {
    get throws {
      try checks.flatMap { $0.split(separator: ",") }.map { name in
        guard let check = CheckName(rawValue: String(name)) else {
          throw ValidationError(
            "Unknown check '\(name)'; choose from beyond-eof, zeroed, unwritten-data, all.")
        }
        return check
      }.uniqued()
    }
  }

  func validate() throws {
    if let threads, threads < 1 || threads > 256 {
      throw ValidationError("--threads must be 1 to 256.")
    }
    if minRun < 1 { throw ValidationError("--min-run must be at least 1.") }
    _ = try checkNames
  }

  func run() throws {
    var options = ScanOptions()
    options.checks = try checkNames
    options.granularity = granularity
    options.minRun = minRun
    options.evidence = evidence
    options.inodes = inode
    options.paths = path
    options.resolvePaths = paths
    options.threads = threads ?? ScanDefaults.threads
    let progress = output.showProgress ? ProgressLine.scanProgress() : nil
    Interrupt.catchSIGINT()
    var results: [ScanResult] = []
    var failed = false
    for path in images where !Interrupt.requested {
      do {
        let selection = try ImageFailure.naming(path) { try image.targets(of: path) }
        selection.notes.forEach { output.warn("\(path): \($0)") }
        for target in selection.targets where !Interrupt.requested {
          do {
            let result = try ImageFailure.naming(target.name) {
              try FilesystemScan(target: target, options: options).run(progress: progress)
            }
            ProgressLine.clear(if: progress != nil)
            result.conditions.forEach { output.warn($0) }
            result.warnings.forEach { output.warn("\(target.name): \($0)") }
            results.append(result)
          } catch {
            ProgressLine.clear(if: progress != nil)
            output.warnOperational(error)
            failed = true
          }
        }
      } catch {
        output.warnOperational(error)
        failed = true
      }
    }
    output.emit(ReportRenderer.render(results, as: output.resolvedFormat))
    if Interrupt.requested {
      output.warn("interrupted: the report covers what was scanned before SIGINT")
      throw ExitCode(ExitStatus.interrupted)
    }
    throw ExitCode(ExitStatus.scan(failed: failed, findings: results.reduce(0) { $0 + $1.findings.count }))
  }
}
