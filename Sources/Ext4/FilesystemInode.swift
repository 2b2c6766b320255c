import CExt2fs

/// An inode the filesystem keeps for itself although its number may lie at
/// or above `s_first_ino`: named by a superblock field, or an EA inode
/// (`EXT4_EA_INODE_FL`, the value of a large extended attribute).
/// Such inodes are never checked or repaired: their blocks are not file data.
public enum FilesystemInode: Sendable, Hashable, CustomStringConvertible {
  case journal, orphanFile, userQuota, groupQuota, projectQuota, snapshot
  case extendedAttributeValue

  public var description: String {
    switch self {
    case .journal: return "the journal"
    case .orphanFile: return "the orphan file"
    case .userQuota: return "the user quota file"
    case .groupQuota: return "the group quota file"
    case .projectQuota: return "the project quota file"
    case .snapshot: return "the active snapshot"
    case .extendedAttributeValue: return "an EA inode (it holds an extended attribute value)"
    }
  }
}

extension Filesystem {
  /// The inodes the superblock names for the filesystem's own use, by number
  /// (`s_journal_inum`, `s_orphan_file_inum`, the three quota inodes,
  /// `s_snapshot_inum`); zero fields name nothing.
  public var superblockInodes: [UInt32: FilesystemInode] {
    let sb = superblock.pointee
    let fields: [(UInt32, FilesystemInode)] = [
      (sb.s_journal_inum, .journal), (sb.s_orphan_file_inum, .orphanFile),
      (sb.s_usr_quota_inum, .userQuota), (sb.s_grp_quota_inum, .groupQuota),
      (sb.s_prj_quota_inum, .projectQuota), (sb.s_snapshot_inum, .snapshot),
    ]
    var named: [UInt32: FilesystemInode] = [:]
    for (number, role) in fields where number != 0 && named[number] == nil {
      named[number] = role
    }
    return named
  }
}
