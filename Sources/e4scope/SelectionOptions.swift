import ArgumentParser
import E4Scope

/// Which files and runs a scan or a repair looks at, and how many threads
/// it uses: the options `scan`, `trim` and `convert` share.
struct SelectionOptions: ParsableArguments {
  @Option(name: .long, help: "Only this inode (repeatable).")
  var inode: [UInt32] = []

  @Option(
    name: .long,
    help: "Only this absolute path inside the filesystem, by its exact bytes or their escaped form (repeatable).")
  var path: [String] = []

  @Option(name: .customLong("min-run"), help: "Shortest zero-filled run (zeroed_written), in blocks.")
  var minRun = 1

  @Option(name: .long, help: "Worker threads for the inode scan and data reads (default: number of cores).")
  var threads: Int?

  func validate() throws {
    if minRun < 1 { throw ValidationError("--min-run must be at least 1.") }
    if let threads, threads < 1 || threads > 256 {
      throw ValidationError("--threads must be 1 to 256.")
    }
  }

  /// Sets the selection in `options`.
  func apply(to options: inout ScanOptions) {
    options.inodes = inode
    options.paths = path.map(RawArguments.path)
    options.minRun = minRun
    options.threads = threads ?? ScanDefaults.threads
  }
}
