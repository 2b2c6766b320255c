import Ext4
import Platform
import Synchronization

/// Runs the checks over a whole filesystem, or over selected inodes.
///
/// The block groups are taken in windows (all at once for metadata-only
/// scans; about 256k inodes when file data is read, so the data runs held in
/// memory stay bounded). In each window, threads take small ranges of groups
/// in turn and stream them through the thread's own read-only libext2fs
/// handle; then the window's data runs are read in physical order by the
/// same number of threads. Findings are put in inode order at the end, so
/// the report does not depend on the thread count.
public struct FilesystemScan: Sendable {
  public let target: FilesystemTarget
  public let options: ScanOptions

  /// Inodes per window when data checks run.
  static let dataWindowInodes: UInt32 = 1 << 18

  public init(target: FilesystemTarget, options: ScanOptions) {
    self.target = target
    self.options = options
  }

  /// Scans the bare filesystem `image`.
  public init(image: String, options: ScanOptions) {
    self.init(target: FilesystemTarget(image: image), options: options)
  }

  private var image: String { target.image }

  /// What one worker (or the selection pass) found.
  struct Part: Sendable {
    var findings: [Finding] = []
    var directories: [UInt32] = []
    var runs: [DataRun] = []
    var inodesScanned = 0
    var warnings: [String] = []

    mutating func add(_ other: Part) {
      findings += other.findings
      directories += other.directories
      runs += other.runs
      inodesScanned += other.inodesScanned
      warnings += other.warnings
    }
  }

  /// Scans; `progress` is called from worker threads. Stops early, with what
  /// it has, when `Interrupt.requested` (the result says so).
  public func run(progress: ScanProgress? = nil) throws -> ScanResult {
    let started = MonotonicClock.now
    defer { progress?.finish() }
    let view = try JournalViewHandle.open(target, journal: options.journal)
    let fs = view.fs
    let plan = CheckPlan(options, blockSize: fs.blockSize)
    let inspector = InodeInspector(
      plan: plan, blockSize: fs.blockSize, userFiles: UserFiles(fs), orphans: fs.orphanInodes())
    let data =
      plan.dataChecks.isEmpty
      ? nil
      : DataScan(
        reader: try ImageReader(
          path: image, offset: target.offset, blockSize: fs.blockSize, replayed: fs.replayedBlocks()),
        checks: plan.dataChecks, threads: options.threads)
    var summary = fs.summary()
    summary.warnings = ImageConditions.warnings(view)
    summary.journal = view.state
    progress?.start(
      totalGroups: Int(fs.groupCount),
      totalBytes: data == nil ? 0 : (summary.blocksCount - summary.freeBlocks) * UInt64(fs.blockSize))

    var result = Part()
    var bytesRead: UInt64 = 0
    let handles = try workerHandles(view)
    if options.isSelection {
      result = try scanSelection(fs, inspector: inspector)
    } else {
      for window in windows(fs, readsData: plan.collector.isEnabled) where !Interrupt.requested {
        var part = try scanWindow(window, handles: handles, inspector: inspector, progress: progress)
        if let data {
          let outcome = data.run(part.runs, progress: progress)
          part.findings += outcome.findings
          bytesRead += outcome.bytesRead
          part.runs = []
        }
        result.add(part)
      }
    }
    if options.isSelection, let data {
      let outcome = data.run(result.runs, progress: progress)
      result.findings += outcome.findings
      bytesRead += outcome.bytesRead
    }
    var findings = FindingMerger.merge(result.findings, minRun: options.minRun)
    Self.annotateFlags(of: &findings, fs)
    if fs.journalReplay != nil { Self.annotateJournalChanges(of: &findings, fs) }
    if options.resolvePaths && !findings.isEmpty {
      let directories = options.isSelection ? try fs.directoryInodes() : result.directories
      result.warnings += resolvePaths(of: &findings, handles: handles, directories: directories)
    }
    if let partition = target.partition {
      for i in findings.indices { findings[i].partition = partition }
    }
    let interrupted = Interrupt.requested
    var scanSummary = ScanSummary(
      image: image, blockSize: fs.blockSize, inodesScanned: result.inodesScanned,
      findings: findings, bytesRead: bytesRead, elapsedS: MonotonicClock.now - started)
    scanSummary.interrupted = interrupted
    scanSummary.partition = target.partition
    scanSummary.warnings = summary.warnings
    scanSummary.journal = summary.journal
    return ScanResult(
      image: image, partition: target.partition, filesystem: summary, findings: findings,
      summary: scanSummary, warnings: result.warnings, interrupted: interrupted)
  }

  /// Marks the findings of immutable and append-only files (one inode read
  /// per inode with findings).
  private static func annotateFlags(of findings: inout [Finding], _ fs: Filesystem) {
    var flags: [UInt32: Inode] = [:]
    for i in findings.indices {
      let number = findings[i].inode
      if flags[number] == nil { flags[number] = try? fs.inode(number) }
      guard let inode = flags[number] else { continue }
      findings[i].immutable = inode.isImmutable
      findings[i].appendOnly = inode.isAppendOnly
    }
  }

  /// The group windows: one for a metadata-only scan, else about
  /// `dataWindowInodes` inodes each.
  private func windows(_ fs: Filesystem, readsData: Bool) -> [Range<UInt32>] {
    let count = fs.groupCount
    guard readsData else { return [0..<count] }
    let perGroup = max(1, fs.inodesCount / max(count, 1))
    let size = max(1, Self.dataWindowInodes / perGroup)
    return stride(from: 0, to: count, by: Int(size)).map { $0..<min($0 + size, count) }
  }

  /// Marks, in a replayed view, the findings of inodes whose metadata the
  /// replay rewrites (`journal_changed`).
  private static func annotateJournalChanges(of findings: inout [Finding], _ fs: Filesystem) {
    var changed: [UInt32: Bool] = [:]
    for i in findings.indices {
      let number = findings[i].inode
      if changed[number] == nil { changed[number] = fs.replayRewritesMetadata(of: number) }
      findings[i].journalChanged = changed[number]
    }
  }

  /// One read-only handle per worker thread on the same view; the first is the view's.
  private func workerHandles(_ view: JournalViewHandle) throws -> [Filesystem] {
    let extra = max(0, min(options.threads, Int(view.fs.groupCount)) - 1)
    return try [view.fs] + (0..<extra).map { _ in try view.reopen() }
  }

  /// Scans `window`'s groups on all handles: the groups are cut into about
  /// eight chunks per thread, handed out one at a time (full and empty
  /// groups even out), and the chunks' results are merged in group order.
  private func scanWindow(
    _ window: Range<UInt32>, handles: [Filesystem], inspector: InodeInspector,
    progress: ScanProgress?
  ) throws -> Part {
    let size = UInt32(max(1, window.count / (handles.count * 8)))
    let chunks = stride(from: window.lowerBound, to: window.upperBound, by: Int(size)).map {
      $0..<min($0 + size, window.upperBound)
    }
    let next = Atomic<Int>(0)
    let perWorker = try Parallel.map(Array(handles.indices)) { worker, _ in
      var parts: [(chunk: Int, part: Part)] = []
      while !Interrupt.requested {
        let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard chunk < chunks.count else { break }
        parts.append(
          (chunk, try Self.scan(handles[worker], groups: chunks[chunk], inspector: inspector, progress: progress)))
      }
      return parts
    }
    var merged = Part()
    for (_, part) in perWorker.joined().sorted(by: { $0.chunk < $1.chunk }) {
      merged.add(part)
    }
    return merged
  }

  private static func scan(
    _ fs: Filesystem, groups: Range<UInt32>, inspector: InodeInspector, progress: ScanProgress?
  ) throws -> Part {
    var inspector = inspector
    var part = Part()
    let scanner = try InodeScanner(fs, groups: groups)
    let perGroup = max(UInt32(1), fs.inodesCount / max(fs.groupCount, 1))
    var lastGroup = groups.lowerBound
    var reported = 0
    scanner.forEach { inode, walk in
      part.inodesScanned += 1
      if inode.isDirectory {
        part.directories.append(inode.number)
      } else if inspector.applies(to: inode) {
        inspector.inspect(inode, walk: walk, into: &part.findings, runs: &part.runs)
      }
      let group = (inode.number - 1) / perGroup
      if group > lastGroup {
        progress?.advance(groups: Int(group - lastGroup), inodes: part.inodesScanned - reported)
        lastGroup = group
        reported = part.inodesScanned
        if Interrupt.requested { return false }
      }
      return true
    }
    progress?.advance(
      groups: Int(groups.upperBound - lastGroup), inodes: part.inodesScanned - reported)
    part.warnings += scanner.groupErrors.map {
      "inodes \($0.inodes.lowerBound)-\($0.inodes.upperBound) (group \($0.group)) could not be read "
        + "(\($0.error.message)); skipped"
    }
    return part
  }

  private func scanSelection(_ fs: Filesystem, inspector: InodeInspector) throws -> Part {
    var targets = options.inodes
    for path in options.paths {
      do {
        targets.append(try fs.lookup(path))
      } catch {
        throw SelectionError(description: "\(path): not found in \(image) (\(error.message))")
      }
    }
    var inspector = inspector
    var part = Part()
    for number in targets.uniqued() {
      guard number >= 1, number <= fs.inodesCount else {
        throw SelectionError(
          description: "inode \(number) is out of range (1-\(fs.inodesCount)) in \(image)")
      }
      try fs.withMapping(of: number) { inode, walk in
        part.inodesScanned += 1
        if let why = inspector.userFiles.exclusion(of: inode) {
          part.warnings.append("inode \(number) \(why); not checked")
          return
        }
        inspector.inspect(inode, walk: walk, into: &part.findings, runs: &part.runs)
      }
    }
    return part
  }
}
