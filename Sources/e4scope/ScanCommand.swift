import ArgumentParser
import E4Scope
import Ext4

extension CheckName: ExpressibleByArgument {}

/// `e4scope scan`: run the checks and report findings.
struct ScanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Report unwritten and written blocks beyond EOF and unwalkable extent trees.",
    discussion: """
      Reads every in-use regular file's extent tree (or block map) through libext2fs and \
      reports ranges of blocks. Block size B, i_size S, EOF block E = ceil(S/B). Findings:

      unwritten_beyond_eof (notice): unwritten blocks with logical block >= E; the part \
      of an extent that starts below E is reported with straddles_eof: true. \
      fallocate --keep-size makes these on purpose; a crashed extending direct-I/O write \
      leaves them too. They use space that ls does not show.

      written_beyond_eof (warning): written blocks with logical block >= E (fs-verity \
      files, which keep their Merkle tree there, excepted). e2fsck raises i_size over \
      them or deletes the extent, depending on tree depth.

      extent_tree_error (error): the inode's extent tree or block map cannot be walked \
      (bad header, zero-length, overlapping or out-of-order extents, blocks outside the \
      filesystem, a looping tree); message says why and the scan goes on.

      Every finding carries orphan: true when the inode is on the orphan list (its blocks \
      past EOF are released at the next mount or fsck). Output formats: table (default on \
      a terminal), ndjson (default otherwise: one finding per line, then a summary line), \
      json (one document with schema, filesystem, findings and summary), csv (a header \
      row, then one row per finding). The scan opens the image read-only and never writes.

      Exit status: 0 when nothing was found, 4 when findings were reported, 8 when an \
      image could not be scanned (the message names the image and the cause), 16 on a \
      usage error.
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions

  @Option(
    name: .long, parsing: .upToNextOption,
    help: "Checks to run (beyond-eof). Default: beyond-eof.")
  var checks: [CheckName] = [.beyondEOF]

  @Option(name: .long, help: "Scan only this inode (repeatable).")
  var inode: [UInt32] = []

  @Option(name: .long, help: "Scan only this absolute path inside the filesystem (repeatable).")
  var path: [String] = []

  @Flag(inversion: .prefixedNo, help: "Resolve each finding's inode to its path.")
  var paths = true

  @Option(name: .long, help: "Worker threads for the inode scan (default: number of cores).")
  var threads: Int = ScanDefaults.threads

  @Argument(help: "ext2/3/4 image files or block devices.", completion: .file())
  var images: [String]

  func validate() throws {
    if threads < 1 || threads > 256 { throw ValidationError("--threads must be 1 to 256.") }
  }

  func run() throws {
    var options = ScanOptions()
    options.checks = checks.uniqued()
    options.inodes = inode
    options.paths = path
    options.resolvePaths = paths
    options.threads = threads
    options.offset = image.offset
    let progress = output.showProgress ? ProgressLine.scanProgress() : nil
    var results: [ScanResult] = []
    var failed = false
    for path in images {
      do {
        let result = try FilesystemScan(image: path, options: options).run(progress: progress)
        ProgressLine.clear(if: progress != nil)
        result.warnings.forEach { output.warn("\(path): \($0)") }
        results.append(result)
      } catch {
        ProgressLine.clear(if: progress != nil)
        output.warnOperational(error)
        failed = true
      }
    }
    output.emit(ScanRenderer.render(results, as: output.resolvedFormat))
    throw ExitCode(ExitStatus.scan(failed: failed, findings: results.reduce(0) { $0 + $1.findings.count }))
  }
}
