import Ext4

/// `e2fsck_hazard`: extent trees (and block maps) the kernel accepts but
/// e2fsck 1.47's pass 1 would change, one finding per change `e2fsck -y` would make, with the
/// written bytes it would make unreadable and the trim that avoids it.
///
/// The kernel makes such trees itself: keep-size preallocation past EOF in a
/// file whose tree has index nodes below the root leaves index entries past
/// EOF, which e2fsck clears with their whole subtree (written data below
/// EOF included). Written blocks past EOF are the other case: e2fsck
/// deletes them (trees with index nodes) or raises i_size over them.
/// `E2fsckPass1Replay` holds the rule.
struct E2fsckHazardCheck: MappingCheck, FindingRule {
  static let kind = FindingKind.e2fsckHazard
  static let description = FindingDescription(
    severity: .warning, summary: "e2fsck -y would change this file",
    help: """
      e2fsck 1.47 would change the file's extent tree (or block map) although the \
      kernel accepts it. Keep-size preallocation past EOF in a tree of depth 2 or more \
      leaves index entries past EOF: e2fsck reports "end of extent exceeds allowed \
      value" and -y clears whole subtrees, written data below EOF included; written \
      blocks past EOF are deleted (deeper trees) or i_size is raised over them (exposing \
      their bytes). e2fsck_problem is e2fsck's message, e2fsck_action what -y does \
      (clear_subtree, delete_extent, clear_inode, extend_size), written_bytes_at_risk the \
      bytes below i_size that would stop reading as written, and fix the e4scope trim \
      that makes the file safe (null when none does).
      """,
    notes: { [tableNote($0)] })

  /// The PATH / NOTE text for a finding of this kind.
  static func tableNote(_ finding: Finding) -> String {
    var note: String
    switch finding.e2fsckAction.flatMap(E2fsckPass1Replay.Change.Action.init) {
    case .extendSize: note = "e2fsck -y would raise i_size over written blocks past EOF, exposing them"
    case .clearInode: note = "e2fsck -y would clear the inode"
    case .clearSubtree: note = "e2fsck -y would clear this subtree (no written data below EOF in it)"
    case .deleteExtent: note = "e2fsck -y would delete this extent (no written data below EOF in it)"
    case nil: note = "e2fsck -y would change the file"
    }
    if let bytes = finding.writtenBytesAtRisk, bytes > 0 {
      note = "e2fsck -y would drop \(ByteCount.text(bytes)) of written data here"
    }
    if let fix = finding.fix { return note + "; run `\(fix)` first" }
    return note + "; no e4scope trim avoids it: copy the file out first"
  }

  /// The trims `fix` can name, the least invasive first.
  static let fixes: [(command: String, trims: @Sendable (ExtentTreeModel.Entry) -> Bool)] = [
    ("e4scope trim", { $0.unwritten }),
    ("e4scope trim --unwritten-beyond-eof --written-beyond-eof", { _ in true }),
  ]

  func inspect(_ file: FileMapping, into findings: inout [Finding]) {
    let inode = file.inode
    // e2fsck truncates an orphan at EOF before pass 1 sees its tree.
    guard !inode.hasInlineData, !file.orphan else { return }
    let tree: ExtentTreeModel
    if file.depth == 0 {
      // Also a block map: its runs are written leaves, and e2fsck applies
      // the same i_size test to them.
      tree = ExtentTreeModel(rootLeaves: file.extents)
    } else if let rebuilt = ExtentTreeModel(leaves: file.extents, index: file.index, depth: file.depth) {
      tree = rebuilt
    } else {
      return
    }
    let replay = E2fsckPass1Replay(
      size: inode.size, blockSize: UInt64(file.blockSize), verity: inode.isVerity)
    let changes = replay.changes(tree)
    guard !changes.isEmpty else { return }
    let fix = Self.fixes.first { fix in
      replay.changes(tree.punched(from: file.eof.block, where: fix.trims)).isEmpty
    }?.command
    for change in changes {
      var finding = Finding(
        kind: Self.kind, inode: inode.number, iSize: inode.size,
        logicalBlock: change.logical, physicalBlock: change.physical, blocks: change.blocks,
        blockSize: file.blockSize, orphan: file.orphan)
      finding.e2fsckProblem = change.problem
      finding.e2fsckAction = change.action.rawValue
      finding.writtenBytesAtRisk = replay.writtenBytes(change.lost)
      finding.fix = fix
      findings.append(finding)
    }
  }
}
