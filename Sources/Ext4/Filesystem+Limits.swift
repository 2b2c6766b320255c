import CExt2fs
import Ext2Shim

extension Filesystem {
  /// True when the superblock says the filesystem was cleanly unmounted or
  /// checked (`EXT2_VALID_FS` set); a crashed journal-less repair clears it.
  public var isClean: Bool { superblock.pointee.s_state & UInt16(EXT2_VALID_FS) != 0 }

  /// The largest i_size the kernel accepts for a file of this filesystem
  /// (as ext4's `ext4_max_size` computes it): an extent-mapped file ends
  /// at 2^32 - 1 logical blocks; a block-mapped one at the end of its triple
  /// indirect map; without huge_file, i_blocks (2^32 - 1 sectors) caps both.
  public func maxFileSize(extents: Bool) -> UInt64 {
    let size = UInt64(blockSize)
    var blocks: UInt64
    if extents {
      blocks = (1 << 32) - 1
    } else {
      let perBlock = size / 4
      blocks = UInt64(EXT2_NDIR_BLOCKS) + perBlock + perBlock * perBlock + perBlock * perBlock * perBlock
      blocks = min(blocks, (1 << 32) - 1)
    }
    if ext2fs_has_feature_huge_file(superblock) == 0 {
      blocks = min(blocks, ((1 << 32) - 1) / (size / 512))
    }
    return min(blocks * size, UInt64(Int64.max))
  }
}

extension Filesystem {
  /// Sets or clears `EXT2_VALID_FS` and makes the superblock durable
  /// (writable handles only). A journal-less repair clears it before its
  /// first edit, so a crash leaves a filesystem the next boot checks, and
  /// sets it again after its last.
  public func markClean(_ clean: Bool) throws(Ext2Error) {
    if clean {
      superblock.pointee.s_state |= UInt16(EXT2_VALID_FS)
    } else {
      superblock.pointee.s_state &= ~UInt16(EXT2_VALID_FS)
    }
    ext2fs_mark_super_dirty(handle)
    try check(ext2fs_flush2(handle, 0), "write superblock")
  }
}

extension Filesystem {
  /// Makes the bitmaps this handle allocates from now on (loaded bitmaps,
  /// `ext2fs_check_desc`'s scratch map) red-black trees of extents, so their
  /// memory follows the blocks in use rather than the filesystem's size.
  public func useSparseBitmaps() {
    handle.pointee.default_bitmap_type = UInt16(EXT2FS_BMAP64_RBTREE)
  }
}

extension Filesystem {
  /// Why the undo file stopped taking records, or nil. Once set, every
  /// image write is refused, so the edit under way may be half done: the
  /// undo file still restores the image.
  public var undoFailure: Ext2Error? {
    let code = e4_safe_undo_error(handle)
    return code == 0 ? nil : Ext2Error(code: Int(code), operation: "write the undo file")
  }
}
