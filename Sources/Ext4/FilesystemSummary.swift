import CExt2fs
import Synchronization

/// Serialises libe2p calls that return static buffers.
private let e2pLock = Mutex(())

/// What the superblock says about a filesystem, as plain values.
public struct FilesystemSummary: Codable, Sendable, Hashable {
  public var uuid: String
  public var label: String
  public var blockSize: Int
  public var clusterSize: Int
  public var blocksCount: UInt64
  public var freeBlocks: UInt64
  public var inodesCount: UInt32
  public var freeInodes: UInt32
  public var inodeSize: Int
  public var firstInode: UInt32
  public var groups: UInt32
  public var features: [String]
  /// "clean" or "not clean", plus "with errors" when the error flag is set.
  public var state: String
  /// What the kernel does on errors: continue, remount-ro or panic.
  public var errorsBehavior: String
  public var needsRecovery: Bool
  /// Seconds since the epoch of the last mount, or nil when never mounted.
  public var lastMountTime: Int64?
  public var lastMountedOn: String
  public var mountCount: Int
  /// First inode of the on-disk orphan chain (`s_last_orphan`), 0 when empty.
  public var lastOrphan: UInt32
  /// Why the filesystem may not be what the image shows (set by the caller:
  /// mounted, needs recovery, errors recorded, truncated image).
  public var warnings: [String] = []
  /// The journal's state and the view shown (set by the caller; nil without a journal).
  public var journal: JournalState?

  enum CodingKeys: String, CodingKey {
    case uuid, label, features, state, groups
    case blockSize = "block_size", clusterSize = "cluster_size"
    case blocksCount = "blocks_count", freeBlocks = "free_blocks"
    case inodesCount = "inodes_count", freeInodes = "free_inodes"
    case inodeSize = "inode_size", firstInode = "first_inode"
    case errorsBehavior = "errors_behavior", needsRecovery = "needs_recovery"
    case lastMountTime = "last_mount_time", lastMountedOn = "last_mounted_on"
    case mountCount = "mount_count", lastOrphan = "last_orphan", warnings, journal
  }
}

extension Filesystem {
  /// Reads the superblock fields of `FilesystemSummary`.
  public func summary() -> FilesystemSummary {
    let sb = superblock.pointee
    let uuidString = Self.uuidText(sb.s_uuid)
    var state = (sb.s_state & UInt16(EXT2_VALID_FS)) != 0 ? "clean" : "not clean"
    if (sb.s_state & UInt16(EXT2_ERROR_FS)) != 0 { state += " with errors" }
    let behaviors = [1: "continue", 2: "remount-ro", 3: "panic"]
    let mtime = Int64(sb.s_mtime) | (Int64(sb.s_mtime_hi) << 32)
    return FilesystemSummary(
      uuid: uuidString,
      label: fixedString(sb.s_volume_name),
      blockSize: blockSize,
      clusterSize: blockSize * clusterRatio,
      blocksCount: blocksCount,
      freeBlocks: ext2fs_free_blocks_count(superblock),
      inodesCount: sb.s_inodes_count,
      freeInodes: sb.s_free_inodes_count,
      inodeSize: inodeSize,
      firstInode: firstInode,
      groups: groupCount,
      features: featureNames(sb),
      state: state,
      errorsBehavior: behaviors[Int(sb.s_errors)] ?? "unknown (\(sb.s_errors))",
      needsRecovery: needsRecovery,
      lastMountTime: mtime == 0 ? nil : mtime,
      lastMountedOn: fixedString(sb.s_last_mounted),
      mountCount: Int(sb.s_mnt_count),
      lastOrphan: sb.s_last_orphan)
  }

  /// The 16 UUID bytes as 8-4-4-4-12 hex digits.
  private static func uuidText<T>(_ bytes: T) -> String {
    withUnsafeBytes(of: bytes) { raw in
      let hex = raw.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }
      return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
  }

  /// Names of the set feature bits, in e2p's spelling (as dumpe2fs prints them).
  /// e2p names unknown bits in a static buffer, so calls are serialised.
  private func featureNames(_ sb: ext2_super_block) -> [String] {
    let words: [(Int32, UInt32)] = [
      (E2P_FEATURE_COMPAT, sb.s_feature_compat),
      (E2P_FEATURE_INCOMPAT, sb.s_feature_incompat),
      (E2P_FEATURE_RO_INCOMPAT, sb.s_feature_ro_compat),
    ]
    return e2pLock.withLock { _ in
      var names: [String] = []
      for (kind, word) in words {
        for bit in 0..<32 where word & (1 << UInt32(bit)) != 0 {
          names.append(String(cString: e2p_feature2string(kind, 1 << UInt32(bit))))
        }
      }
      return names
    }
  }
}

/// A NUL-padded fixed-size C char array as a String (invalid UTF-8 repaired).
func fixedString<T>(_ tuple: T) -> String {
  withUnsafeBytes(of: tuple) { raw in
    let bytes = raw.prefix { $0 != 0 }
    return String(decoding: bytes, as: UTF8.self)
  }
}
