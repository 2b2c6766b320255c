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

  /// Scans `image` read-only and picks the findings `options.targets` repair.
  public init(image: String, options: RepairOptions) throws {
    var scanOptions = options.scan
    scanOptions.checks = options.targets.map(\.check).uniqued()
    scanOptions.granularity = .block
    scan = try FilesystemScan(image: image, options: scanOptions).run()
    let blockSize = UInt64(scan.filesystem.blockSize)
    for finding in scan.findings {
      if finding.kind == .extentTreeError {
        left.append(finding.left("the extent tree is damaged; not repaired"))
        continue
      }
      guard let target = options.targets.first(where: { $0.findingKind == finding.kind }) else {
        continue
      }
      var finding = finding
      if target == .punchZeroed || target == .convertZeroed {
        // Never the EOF block's data part: its bytes past i_size are not the file's.
        let eof = (finding.iSize + blockSize - 1) / blockSize
        if finding.iSize % blockSize != 0, let l = finding.logicalBlock, l + finding.blocks == eof {
          finding.shrink(by: 1, blockSize: blockSize)
          if finding.blocks == 0 { continue }
        }
      }
      if target == .convertUnwrittenData && finding.beyondEOF == true && !options.extendSize {
        left.append(
          finding.left("beyond EOF: converting would leave written blocks past i_size; use --extend-size"))
        continue
      }
      items.append(Item(target: target, finding: finding))
    }
  }
}

extension Finding {
  /// This finding as left unrepaired, with the reason.
  func left(_ reason: String) -> Finding {
    var f = self
    f.action = "left"
    f.message = [message, reason].compactMap { $0 }.joined(separator: "; ")
    return f
  }

  /// Drops the last `count` blocks of the range.
  mutating func shrink(by count: UInt64, blockSize: UInt64) {
    blocks -= min(count, blocks)
    length = blocks * blockSize
  }
}
