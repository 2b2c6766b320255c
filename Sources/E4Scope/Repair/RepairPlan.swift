import Ext4

/// The findings a repair will change, and those it must leave (with why):
/// exactly what a `scan` with the same selection and checks reports.
public struct RepairPlan: Sendable {
  /// One finding to repair and how.
  public struct Item: Sendable {
    public var target: RepairTarget
    public var finding: Finding
  }

  public var items: [Item] = []
  /// Findings that stay as they are; `message` says why.
  public var left: [Finding] = []
  /// The scan the plan came from.
  public var scan: ScanResult

  /// Scans `target` read-only and picks the findings `options.targets` repair;
  /// `editor` (read-only, on the same filesystem) sizes the extent-tree splits.
  init(
    target: FilesystemTarget, options: RepairOptions, editor: InodeEditor, progress: ScanProgress? = nil
  ) throws {
    var scanOptions = options.scan
    scanOptions.checks = options.targets.map(\.check).uniqued()
    scanOptions.granularity = .block
    scan = try FilesystemScan(target: target, options: scanOptions).run(progress: progress)
    let blockSize = UInt64(scan.filesystem.blockSize)
    for finding in scan.findings {
      if finding.kind == .extentTreeError {
        left.append(finding.left("the extent tree is damaged; not repaired"))
        continue
      }
      guard let target = options.targets.first(where: { $0.findingKind == finding.kind }) else {
        continue
      }
      if let why = Self.protection(of: finding, options: options) {
        left.append(finding.left(why))
        continue
      }
      var finding = finding
      if finding.eofBlockWhollyZero == false {
        // The EOF block is zero below i_size but holds bytes past it: change
        // the blocks before it and leave the EOF block as it is.
        let eofPart = finding.splitLastBlock(blockSize: blockSize)
        left.append(eofPart.left("the EOF block holds non-zero bytes past i_size; left as it is"))
        if finding.blocks == 0 { continue }
      }
      if target == .convertUnwrittenData && finding.beyondEOF == true && !options.extendSize {
        left.append(
          finding.left("beyond EOF: converting would leave written blocks past i_size; use --extend-size"))
        continue
      }
      items.append(Item(target: target, finding: finding))
    }
    try leaveFlipsWithoutSpace(editor)
  }

  /// Why the file of `finding` must not be edited, or nil: immutable and
  /// append-only files need `--force`; an inode no path names (and not on
  /// the orphan list) needs `--inode`.
  static func protection(of finding: Finding, options: RepairOptions) -> String? {
    if !options.force && (finding.immutable || finding.appendOnly) {
      return "the file is \(finding.immutable ? "immutable" : "append-only"); use --force to repair it"
    }
    if finding.reachable == false && !finding.orphan && !options.scan.inodes.contains(finding.inode) {
      return "no path names this inode; select it with --inode to repair it"
    }
    return nil
  }

  /// Moves flips of block-mapped files, and flips that may need more
  /// extent-tree blocks than are free, to `left`, before anything is opened
  /// for writing (a split that finds no free block would fail half-way).
  private mutating func leaveFlipsWithoutSpace(_ editor: InodeEditor) throws {
    guard items.contains(where: { !$0.target.frees }) else { return }
    let fs = editor.fs
    let flips = Dictionary(grouping: items.filter { !$0.target.frees }, by: \.finding.inode)
    var refused: Set<UInt32> = []
    for (inode, group) in flips {
      guard let target = group.first?.target else { continue }
      if try !fs.inode(inode).usesExtents {
        refused.insert(inode)
        left += group.map {
          $0.finding.left("the file is block-mapped (no extent tree): it cannot hold unwritten extents")
        }
        continue
      }
      let need = try Self.treeBlocksNeeded(
        editor, inode: inode, ranges: group.map(\.finding.range),
        unwritten: target == .convertZeroed)
      if need > fs.freeBlocks {
        refused.insert(inode)
        left += group.map {
          $0.finding.left(
            "no free blocks for extent-tree splits (up to \(need) needed, \(fs.freeBlocks) free); nothing changed")
        }
      }
    }
    items.removeAll { !$0.target.frees && refused.contains($0.finding.inode) }
  }

  /// The most extent-tree blocks flipping `ranges` can allocate: each new
  /// entry may split every level and add one.
  static func treeBlocksNeeded(
    _ editor: InodeEditor, inode: UInt32, ranges: [InodeEditor.Range], unwritten: Bool
  ) throws -> UInt64 {
    let inserts = try editor.insertsNeeded(inode: inode, ranges: ranges, unwritten: unwritten)
    return inserts == 0 ? 0 : UInt64(inserts * (try editor.treeDepth(inode: inode) + 2))
  }
}

extension Finding {
  /// This finding as left unrepaired, with the reason.
  func left(_ reason: String) -> Finding {
    var f = self
    f.action = .left
    f.message = [message, reason].compactMap { $0 }.joined(separator: "; ")
    return f
  }

  /// Cuts the last block off this range and returns it as a finding of its own.
  mutating func splitLastBlock(blockSize: UInt64) -> Finding {
    var last = self
    blocks -= min(1, blocks)
    length = blocks * blockSize
    eofBlockWhollyZero = nil
    last.logicalBlock = logicalBlock.map { $0 + blocks }
    last.physicalBlock = physicalBlock.map { $0 + blocks }
    last.fileOffset = last.logicalBlock.map { $0 * blockSize }
    last.blocks = 1
    last.length = blockSize
    return last
  }
}
