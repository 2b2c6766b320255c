import Ext4
import Platform
import Synchronization

/// Runs the checks over a whole filesystem, or over selected inodes.
///
/// The block groups are taken in windows (all at once for metadata-only
/// scans; about 32k inodes when file data is read, so the data runs held in
/// memory stay bounded). In each window, threads take small ranges of groups
/// in turn and stream them through the thread's own read-only libext2fs
/// handle; the window's data runs are then read in physical order by the
/// same number of threads while the next window is scanned. Findings are put in inode order at the end, so
/// the report does not depend on the thread count.
public struct FilesystemScan: Sendable {
  public let target: FilesystemTarget
  public let options: ScanOptions

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
    var directories = DirectoryBlocks()
    var runs: [DataRun] = []
    var inodesScanned = 0
    var warnings: [String] = []
    /// Selected inodes and the path (as bytes) the user named each by.
    var selectedPaths: [UInt32: [UInt8]] = [:]

    mutating func add(_ other: Part) {
      findings += other.findings
      directories.append(other.directories)
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
    let cache =
      plan.dataChecks.isEmpty || options.keepCache || options.plainIO
      ? nil : PageCacheKeeper(path: image, offset: target.offset, blockSize: fs.blockSize)
    defer { cache?.releaseAll() }
    let data =
      plan.dataChecks.isEmpty ? nil : try dataScan(plan, fs, cache: cache)
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
      // Each window's data runs are read while the next window is scanned.
      var pending: Part?
      for window in windows(fs, readsData: plan.collector.isEnabled) + [nil]
      where !Interrupt.requested {
        let reading = pending
        let (scanned, outcome) = try Parallel.both(
          {
            try window.map {
              try scanWindow(
                $0, handles: handles, inspector: inspector, cache: cache, progress: progress)
            }
          },
          { reading.map { data?.run($0.runs, progress: progress) } })
        cache?.releaseAll()
        if var part = pending {
          part.findings += outcome??.findings ?? []
          bytesRead += outcome??.bytesRead ?? 0
          part.runs = []
          result.add(part)
        }
        pending = scanned
        if let runs = scanned?.runs, data != nil {
          progress?.plan(bytes: runs.byteCount)
        }
      }
      // Interrupted with a window scanned and not read: keep what its
      // inode scan found.
      if var part = pending {
        part.runs = []
        result.add(part)
      }
    }
    if options.isSelection, let data {
      progress?.plan(bytes: result.runs.byteCount)
      let outcome = data.run(result.runs, progress: progress)
      result.findings += outcome.findings
      bytesRead += outcome.bytesRead
    }
    var findings = FindingMerger.merge(result.findings, minRun: options.minRun)
    Self.annotateInodes(of: &findings, fs)
    if fs.journalReplay != nil { Self.annotateJournalChanges(of: &findings, fs) }
    if options.resolvePaths && !findings.isEmpty {
      let directories: [UInt32]
      if options.isSelection {
        directories = try fs.directoryInodes()
      } else if options.plainIO {
        directories = result.directories.inodes
      } else {
        directories = result.directories.inPhysicalOrder
      }
      let tuned = !options.isSelection && !options.plainIO
      result.warnings += resolvePaths(
        of: &findings, handles: handles, directories: directories,
        blocks: tuned ? result.directories : nil, selected: result.selectedPaths)
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

  /// The data reads: runs up to 64 KiB apart read as one, and with a
  /// `cache` keeper, the page cache left as it was found: reads past the
  /// cache where the image allows, else dropping what they added.
  private func dataScan(
    _ plan: CheckPlan, _ fs: Filesystem, cache: PageCacheKeeper?
  ) throws -> DataScan {
    let blockSize = fs.blockSize
    let reader = try ImageReader(
      path: image, offset: target.offset, blockSize: blockSize, replayed: fs.replayedBlocks(),
      mapCached: !options.plainIO, bypassCache: cache != nil)
    var scan = DataScan(reader: reader, checks: plan.dataChecks, threads: options.threads)
    scan.cache = cache
    scan.gapBlocks = options.plainIO ? 0 : max(0, (64 << 10) / blockSize)
    return scan
  }

  /// Gives each finding its inode's metadata (one inode read per inode with
  /// findings), and marks those of immutable and append-only files.
  private static func annotateInodes(of findings: inout [Finding], _ fs: Filesystem) {
    var read: [UInt32: InodeMetadata] = [:]
    for i in findings.indices {
      let number = findings[i].inode
      if read[number] == nil { read[number] = try? fs.inodeMetadata(number) }
      guard let metadata = read[number] else { continue }
      findings[i].metadata = metadata
      findings[i].immutable = metadata.isImmutable
      findings[i].appendOnly = metadata.isAppendOnly
    }
  }

  /// The group windows: one for a metadata-only scan, else about
  /// `dataWindowInodes` inodes each.
  private func windows(_ fs: Filesystem, readsData: Bool) -> [Range<UInt32>] {
    let count = fs.groupCount
    guard readsData else { return [0..<count] }
    let perGroup = max(1, fs.inodesCount / max(count, 1))
    let size = max(1, options.dataWindowInodes / perGroup)
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
    cache: PageCacheKeeper?, progress: ScanProgress?
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
          (chunk, try scan(
            handles[worker], groups: chunks[chunk], inspector: inspector, cache: cache,
            progress: progress)))
      }
      return parts
    }
    var merged = Part()
    for (_, part) in perWorker.joined().sorted(by: { $0.chunk < $1.chunk }) {
      merged.add(part)
    }
    return merged
  }

  /// Scans `groups` on `fs`. Directories are listed with their blocks
  /// (unless `plainIO`), and the blocks of those in the groups that have
  /// findings are asked for ahead while the scan goes on, for path
  /// resolution (not with a `cache` keeper: path resolution asks, and
  /// drops them after).
  private func scan(
    _ fs: Filesystem, groups: Range<UInt32>, inspector: InodeInspector,
    cache: PageCacheKeeper?, progress: ScanProgress?
  ) throws -> Part {
    var inspector = inspector
    // Read through a constant: a method called on the captured variable
    // would copy the whole inspector for every inode.
    let userFiles = inspector.userFiles
    var part = Part()
    let tuned = !options.plainIO
    let scanner = try InodeScanner(
      fs, groups: groups, readahead: tuned, readaheadWithinRange: cache != nil)
    let locateDirectories = tuned && options.resolvePaths
    let perGroup = max(UInt32(1), fs.inodesCount / max(fs.groupCount, 1))
    var lastGroup = groups.lowerBound
    var reported = 0
    scanner.forEach { inode, walk in
      part.inodesScanned += 1
      if inode.isDirectory {
        if locateDirectories {
          part.directories.add(inode.number, walk: walk)
        } else {
          part.directories.add(inode.number)
        }
      } else if userFiles.contains(inode) {
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
    if locateDirectories && cache == nil && !part.findings.isEmpty {
      let groups = Set(part.findings.map { fs.group(ofInode: $0.inode) })
      part.directories.readAhead(fs) { groups.contains(fs.group(ofInode: $0)) }
    }
    part.warnings += scanner.groupErrors.map {
      "inodes \($0.inodes.lowerBound)-\($0.inodes.upperBound) (group \($0.group)) could not be read "
        + "(\($0.error.message)); skipped"
    }
    return part
  }

  private func scanSelection(_ fs: Filesystem, inspector: InodeInspector) throws -> Part {
    var targets = options.inodes
    var part = Part()
    for path in options.paths {
      do {
        let found = try fs.lookup(path)
        targets.append(found.inode)
        part.selectedPaths[found.inode] = part.selectedPaths[found.inode] ?? found.path
      } catch {
        throw SelectionError(description: "\(path.display): not found in \(image) (\(error.message))")
      }
    }
    var inspector = inspector
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
