import CExt2fs
import ContainerIO
import Ext2Shim
import Glibc

/// An open ext2/3/4 filesystem: one libext2fs handle (`ext2_filsys`).
///
/// A handle belongs to one thread at a time; parallel work opens one
/// `Filesystem` per thread. Closed on `close()` or when released.
public final class Filesystem: @unchecked Sendable {
  /// How to open an image.
  public struct Options: Sendable, Hashable {
    /// Byte offset of the filesystem inside the image (libext2fs `offset=`).
    public var offset: UInt64 = 0
    /// Open read-write (`EXT2_FLAG_RW`). Scans never do.
    public var writable = false
    /// Verify metadata checksums while reading (off for scans: e2fsck's job,
    /// and a damaged checksum must not hide an inode from a forensic scan).
    public var verifyChecksums = true
    /// With `writable`: the descriptor of an empty e2undo file that gets
    /// the old contents of every block before it is overwritten, durably,
    /// complete after every write (the crash-safe undo io manager).
    public var undoDescriptor: Int32?
    /// With `writable`: keep writes in memory while a batch is open
    /// (`beginBatch`), so a batch reaches the image only as one journal
    /// transaction (`commitBatch`); between batches writes go straight on.
    public var batchWrites = false
    /// With `writable`: open a block device `O_EXCL` (`EXT2_FLAG_EXCLUSIVE`).
    /// Off when the caller already holds the device exclusively.
    public var exclusive = true
    /// The image as it is on disk, or as it will be after its journal is replayed.
    public var journal: JournalView = .raw
    /// The external journal device, for a filesystem whose journal is not an inode.
    public var externalJournal: String?

    public init(
      offset: UInt64 = 0, writable: Bool = false, verifyChecksums: Bool = true,
      undoDescriptor: Int32? = nil, batchWrites: Bool = false, exclusive: Bool = true,
      journal: JournalView = .raw, externalJournal: String? = nil
    ) {
      self.batchWrites = batchWrites
      self.exclusive = exclusive
      self.offset = offset
      self.writable = writable
      self.verifyChecksums = verifyChecksums
      self.undoDescriptor = undoDescriptor
      self.journal = journal
      self.externalJournal = externalJournal
    }
  }

  /// Which state of a filesystem with a journal to recover an open shows.
  public enum JournalView: String, Sendable, Hashable, CaseIterable {
    /// The bytes on disk.
    case raw
    /// Read-only: the filesystem as the next mount will see it once the
    /// kernel replays the journal; no byte is written.
    case replay
  }

  let handle: ext2_filsys
  private var isOpen = true
  /// The image path as given by the user.
  public let path: String
  /// The options the filesystem was opened with.
  public let options: Options
  /// With `.replay`: what the replay applied (nil when nothing needed one).
  public let journalReplay: JournalReplay?
  /// The replayed blocks libext2fs reads through; lives as long as the handle.
  private let overlay: ReplayOverlay?

  private init(handle: ext2_filsys, path: String, options: Options, replayed: ReplayedView?) {
    self.handle = handle
    self.path = path
    self.options = options
    self.journalReplay = replayed?.replay
    self.overlay = replayed?.overlay
  }

  /// Opens `path` with libext2fs (`ext2fs_open2`, always `EXT2_FLAG_64BITS`);
  /// a container image (EWF, QCOW, VMDK, VHD/VHDX) read-only, through its media.
  public static func open(_ path: String, options: Options = Options()) throws(OpenError)
    -> Filesystem
  {
    try ImageFile.requireImage(path)
    if access(path, options.writable ? (R_OK | W_OK) : R_OK) != 0 {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    let container = ContainerImage.isContainer(path)
    if container && options.writable {
      throw .unreadable(path: path, reason: "a container image opens read-only")
    }
    var flags = EXT2_FLAG_64BITS
    if options.writable { flags |= EXT2_FLAG_RW | (options.exclusive ? EXT2_FLAG_EXCLUSIVE : 0) }
    if !options.verifyChecksums { flags |= EXT2_FLAG_IGNORE_CSUM_ERRORS }
    var ioOptions = options.offset > 0 ? "offset=\(options.offset)" : nil
    var manager = container ? e4_container_io_manager() : e4_unix_io_manager()
    var replayed: ReplayedView?
    if options.journal == .replay {
      if options.writable { throw .unreadable(path: path, reason: "a replayed view is read-only") }
      replayed = try ReplayedView.prepare(path, options: options)
      if let overlay = replayed?.overlay {
        manager = e4_overlay_io_manager()
        ioOptions = [ioOptions, overlay.ioOption].compactMap { $0 }.joined(separator: "&")
      }
    }
    if options.writable, let undo = options.undoDescriptor {
      // Last, after offset=: the undo file's first state records the
      // superblock at the filesystem's offset.
      manager = e4_safe_undo_io_manager()
      ioOptions = [ioOptions, "e4undo=\(undo)"].compactMap { $0 }.joined(separator: "&")
    }
    if options.writable && options.batchWrites {
      manager = e4_batch_io_manager(options.undoDescriptor == nil ? 0 : 1)
    }
    var fs: ext2_filsys?
    let rc = ext2fs_open2(path, ioOptions, flags, 0, 0, manager, &fs)
    guard rc == 0, let fs else {
      // The container io manager cannot say why its media did not open.
      if container && rc == EXT2_ET_BAD_DEVICE_NAME { _ = try ContainerImage.identify(path) }
      if container, let failure = ContainerMedia.failure(path) {
        throw .unreadable(path: path, reason: failure)
      }
      let cause = Ext2Error(code: Int(rc), operation: "open filesystem")
      let unknown = rc == EXT2_ET_BAD_MAGIC || rc == EXT2_ET_SHORT_READ
      let foreign = unknown ? ForeignImage.identify(path, offset: options.offset) : nil
      throw .notExt(path: path, cause: cause, foreign: foreign)
    }
    if replayed != nil {
      // A recovery clears the flag; the view shows the filesystem after it.
      ext2fs_clear_feature_journal_needs_recovery(fs.pointee.super)
    }
    return Filesystem(handle: fs, path: path, options: options, replayed: replayed)
  }

  /// The error `code` of a read for `operation`: when the image is a container
  /// whose library failed, its failure is the message ("the QCOW2 container
  /// is damaged: ...").
  func readError(_ code: errcode_t, _ operation: String) -> Ext2Error {
    guard code == EIO, let failure = ContainerMedia.failure(path) else {
      return Ext2Error(code: Int(code), operation: operation)
    }
    return Ext2Error(code: Int(code), operation: operation, message: failure)
  }

  /// Closes the handle (`ext2fs_close_free`); safe to call twice.
  public func close() throws(Ext2Error) {
    guard isOpen else { return }
    isOpen = false
    var fs: ext2_filsys? = handle
    try check(ext2fs_close_free(&fs), "close filesystem")
  }

  deinit {
    if isOpen {
      var fs: ext2_filsys? = handle
      _ = ext2fs_close_free(&fs)
    }
  }

  var superblock: UnsafeMutablePointer<ext2_super_block> { handle.pointee.super }

  /// Block size in bytes.
  public var blockSize: Int { Int(handle.pointee.blocksize) }
  /// Blocks per allocation cluster (1 unless bigalloc).
  public var clusterRatio: Int { Int(e4_cluster_ratio(handle)) }
  /// Total blocks.
  public var blocksCount: UInt64 { ext2fs_blocks_count(superblock) }
  /// The first block that may hold data (`s_first_data_block`).
  public var firstDataBlock: UInt64 { UInt64(superblock.pointee.s_first_data_block) }
  /// Total inodes.
  public var inodesCount: UInt32 { superblock.pointee.s_inodes_count }
  /// The first inode not reserved by the filesystem (`EXT2_FIRST_INO`).
  public var firstInode: UInt32 { e4_first_ino(superblock) }
  /// Block groups.
  public var groupCount: UInt32 { handle.pointee.group_desc_count }
  /// On-disk inode size in bytes.
  public var inodeSize: Int { Int(e4_inode_size(superblock)) }
  /// True when the journal on disk must be replayed before the filesystem is
  /// written; a `.replay` view that replayed it still says true.
  public var needsRecovery: Bool { journalReplay != nil || viewNeedsRecovery }
  /// The needs_recovery flag of the superblock this handle shows (cleared in a
  /// `.replay` view, as the recovery clears it).
  public var viewNeedsRecovery: Bool {
    ext2fs_has_feature_journal_needs_recovery(superblock) != 0
  }
  /// True when the filesystem has quota enabled (libext2fs does not update quota files).
  public var hasQuota: Bool { ext2fs_has_feature_quota(superblock) != 0 }
  /// True when the superblock records errors (the kernel or e2fsck found damage).
  public var hasErrors: Bool { superblock.pointee.s_state & UInt16(EXT2_ERROR_FS) != 0 }
  /// Free blocks in the superblock.
  public var freeBlocks: UInt64 { ext2fs_free_blocks_count(superblock) }

  /// Checks the group descriptors as e2fsck does first (`ext2fs_check_desc`):
  /// bitmaps and inode tables inside their groups, free counts in range.
  public func checkDescriptors() throws(Ext2Error) {
    try check(ext2fs_check_desc(handle), "check group descriptors")
  }

  /// The libext2fs version this process runs with, e.g. 147 for 1.47.x.
  public static var libraryVersion: (number: Int, text: String) {
    var text: UnsafePointer<CChar>?
    let number = ext2fs_get_library_version(&text, nil)
    return (Int(number), text.map { String(cString: $0) } ?? "unknown")
  }
}

extension Filesystem {
  /// Why `path` must not be opened for writing, or nil: `access(W_OK)`
  /// fails, or the file has no write permission bit at all (root could
  /// write it, but its owner marked it read-only).
  public static func writeProblem(_ path: String) -> String? {
    if access(path, W_OK) != 0 { return String(cString: strerror(errno)) }
    var st = stat()
    if stat(path, &st) == 0 && st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) == 0 {
      return "the file is read-only (no write permission bits)"
    }
    return nil
  }

  /// The size in bytes of the image file or block device at `path`
  /// (`ext2fs_get_device_size2`), or of a container's media; nil when it
  /// cannot be told.
  public static func imageSize(_ path: String) -> UInt64? {
    if ContainerImage.isContainer(path) {
      return (try? ContainerImage.identify(path))?.flatMap { $0.mediaSize }
    }
    var bytes: blk64_t = 0
    return ext2fs_get_device_size2(path, 1, &bytes) == 0 ? bytes : nil
  }

  /// True when `path` names an existing file.
  public static func exists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
  }

  /// True when libext2fs's `ext2fs_punch` can free a range that ends at the
  /// filesystem's last block: versions before 1.47.4 reject it (off by one).
  public static var punchReachesLastBlock: Bool {
    let parts = libraryVersion.text.split(separator: ".").compactMap { Int($0) }
    guard parts.count >= 3 else { return false }
    return (parts[0], parts[1], parts[2]) >= (1, 47, 4)
  }
}
