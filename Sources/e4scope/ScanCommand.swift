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
      Exit status: 0 when nothing was found, 4 when findings were reported, 8 when an \
      image could not be scanned.
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
