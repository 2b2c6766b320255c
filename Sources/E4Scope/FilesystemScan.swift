import Ext4

/// Runs the checks over a whole filesystem, or over selected inodes.
///
/// A whole-filesystem scan splits the block groups into one contiguous range
/// per thread; each thread streams its inodes through its own read-only
/// libext2fs handle. Results are merged in group order, so the findings come
/// out in inode order whatever the thread count.
public struct FilesystemScan: Sendable {
  public let image: String
  public let options: ScanOptions

  public init(image: String, options: ScanOptions) {
    self.image = image
    self.options = options
  }

  private var openOptions: Filesystem.Options {
    Filesystem.Options(offset: options.offset, writable: false, verifyChecksums: false)
  }

  /// Scans; `progress` is called from worker threads.
  public func run(progress: ScanProgress? = nil) throws -> ScanResult {
    let started = MonotonicClock.now
    let fs = try Filesystem.open(image, options: openOptions)
    let orphans = fs.orphanInodes()
    let inspector = InodeInspector(
      checks: options.checks.flatMap(\.mappingChecks), blockSize: fs.blockSize,
      firstInode: fs.firstInode, orphans: orphans)
    var part =
      options.isSelection
      ? try scanSelection(fs, inspector: inspector)
      : try scanAll(fs, inspector: inspector, progress: progress)
    if options.resolvePaths && !part.findings.isEmpty {
      part.warnings += resolvePaths(of: &part.findings, fs: fs, directories: part.directories)
    }
    let summary = ScanSummary(
      image: image, blockSize: fs.blockSize, inodesScanned: part.inodesScanned,
      findings: part.findings, bytesRead: 0, elapsedS: MonotonicClock.now - started)
    return ScanResult(
      image: image, filesystem: fs.summary(), findings: part.findings, summary: summary,
      warnings: part.warnings)
  }

  /// What one worker (or the selection pass) found.
  struct Part: Sendable {
    var findings: [Finding] = []
    var directories: [UInt32] = []
    var inodesScanned = 0
    var warnings: [String] = []
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
        guard inspector.applies(to: inode) else {
          part.warnings.append("inode \(number) is not a regular file; not checked")
          return
        }
        inspector.inspect(inode, walk: walk, into: &part.findings)
      }
    }
    if options.resolvePaths {
      part.directories = try directories(of: fs)
    }
    return part
  }

  /// Directory inodes, for path resolution after a selection scan.
  private func directories(of fs: Filesystem) throws -> [UInt32] {
    let scanner = try InodeScanner(fs)
    var result: [UInt32] = []
    while let inode = scanner.next() {
      if inode.isDirectory { result.append(inode.number) }
    }
    return result
  }

  private func scanAll(
    _ fs: Filesystem, inspector: InodeInspector, progress: ScanProgress?
  ) throws -> Part {
    let groups = (0..<fs.groupCount).map { $0 }
    let ranges = Parallel.chunks(groups, into: options.threads).map {
      ($0.first ?? 0)..<(($0.last ?? 0) + 1)
    }
    progress?.start(totalGroups: Int(fs.groupCount))
    let parts = try Parallel.map(ranges) { [self] index, range in
      try Self.scan(
        index == 0 ? fs : try Filesystem.open(image, options: openOptions), groups: range,
        inspector: inspector, progress: progress)
    }
    var merged = Part()
    for part in parts {
      merged.findings += part.findings
      merged.directories += part.directories
      merged.inodesScanned += part.inodesScanned
      merged.warnings += part.warnings
    }
    return merged
  }

  /// Names the findings' inodes with one pass over all directories, split
  /// across threads; returns warnings for directories that could not be read.
  private func resolvePaths(
    of findings: inout [Finding], fs: Filesystem, directories: [UInt32]
  ) -> [String] {
    var named = InodeSet(maxInode: fs.inodesCount)
    directories.forEach { named.insert($0) }
    findings.forEach { named.insert($0.inode) }
    let chunks = Parallel.chunks(directories, into: options.threads)
    let partial =
      (try? Parallel.map(chunks) { [self, named] index, chunk in
        PathIndex(
          index == 0 ? fs : try Filesystem.open(image, options: openOptions),
          directories: chunk, named: named)
      }) ?? [PathIndex(fs, directories: directories, named: named)]
    var index = PathIndex()
    partial.forEach { index.merge($0) }
    for i in findings.indices { findings[i].path = index.path(of: findings[i].inode) }
    return index.unreadableDirectories.sorted { $0.key < $1.key }.map {
      "directory inode \($0.key) could not be read: \($0.value)"
    }
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
    while let inode = scanner.next() {
      part.inodesScanned += 1
      if inode.isDirectory {
        part.directories.append(inode.number)
      } else if inspector.applies(to: inode) {
        inspector.inspect(
          inode, walk: { visit throws(ExtentTreeError) in try scanner.walkMapping(of: inode, visit) },
          into: &part.findings)
      }
      let group = (inode.number - 1) / perGroup
      if group > lastGroup {
        progress?.advance(groups: Int(group - lastGroup), inodes: part.inodesScanned - reported)
        lastGroup = group
        reported = part.inodesScanned
      }
    }
    progress?.advance(
      groups: Int(groups.upperBound - lastGroup), inodes: part.inodesScanned - reported)
    part.warnings += scanner.groupErrors.map {
      "inode table of group \($0.group) could not be read (\($0.error.message)); its inodes were skipped"
    }
    return part
  }
}

extension Sequence where Element: Hashable {
  /// The elements in order, without repeats.
  public func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}
