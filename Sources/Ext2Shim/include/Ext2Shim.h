/*
 * Ext2Shim: the few libext2fs macros, inline helpers and mutable globals that
 * Swift cannot import directly, wrapped as plain functions.
 */
#ifndef E4SCOPE_EXT2SHIM_H
#define E4SCOPE_EXT2SHIM_H

#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>

/* The unix io manager (an extern global in ext2_io.h). */
io_manager e4_unix_io_manager(void);

/*
 * The crash-safe undo io manager (UndoIO.c): a unix io channel whose every
 * write is preceded by a durable, complete e2undo record of the old bytes.
 * Attach the undo file with the io option "e4undo=<descriptor>" (after
 * "offset="); without it, writes are refused.
 */
io_manager e4_safe_undo_io_manager(void);
/* The first undo failure of `fs`'s channel (0 for none, or another manager):
 * from then on every write is refused. */
errcode_t e4_safe_undo_error(ext2_filsys fs);

/*
 * The batching io manager (BatchIO.c), layered over the crash-safe undo
 * manager (`over_undo`; its options, "e4undo=" included, pass down) or unix
 * io. Between e4_batch_capture(fs, 1) and (fs, 0) every write is kept in
 * memory per block of the then block size (reads see it) and nothing
 * reaches the channel below, not even a flush. Capture off sorts the kept
 * blocks by number; e4_batch_block reads the i-th, e4_batch_release writes
 * those in [first, first + count) below and forgets them, e4_batch_discard
 * forgets all. Not capturing, writes go below, but none over a kept block.
 */
io_manager e4_batch_io_manager(int over_undo);
errcode_t e4_batch_capture(ext2_filsys fs, int on);
size_t e4_batch_count(ext2_filsys fs);
unsigned int e4_batch_block_size(ext2_filsys fs);
errcode_t e4_batch_block(ext2_filsys fs, size_t i, unsigned long long *block,
			 const void **bytes);
errcode_t e4_batch_release(ext2_filsys fs, unsigned long long first,
			   unsigned long long count);
void e4_batch_discard(ext2_filsys fs);

/* EXT2_I_SIZE: the 64-bit i_size of an inode. */
__u64 e4_inode_i_size(const struct ext2_inode *inode);

/* EXT2_FIRST_INO: the first non-reserved inode number. */
ext2_ino_t e4_first_ino(const struct ext2_super_block *sb);

/* EXT2_INODE_SIZE: the on-disk inode size in bytes. */
int e4_inode_size(const struct ext2_super_block *sb);

/* LINUX_S_ISREG / LINUX_S_ISDIR. */
int e4_is_reg(__u16 mode);
int e4_is_dir(__u16 mode);

/* inode_uid / inode_gid: the 32-bit owner (low and high 16 bits). */
__u32 e4_inode_uid(const struct ext2_inode *inode);
__u32 e4_inode_gid(const struct ext2_inode *inode);

/* EXT2FS_CLUSTER_RATIO: blocks per allocation cluster. */
int e4_cluster_ratio(ext2_filsys fs);

/*
 * Allocates `bytes` of disk space for `fd` without changing its size
 * (fallocate with FALLOC_FL_KEEP_SIZE): 0, or the errno.
 */
int e4_reserve_space(int fd, unsigned long long bytes);

/*
 * A file with no name yet in `directory` (O_TMPFILE): its descriptor, or
 * -errno. e4_link_unnamed gives it the name `path` (linkat, which fails
 * with EEXIST rather than replace or follow anything): 0, or the errno.
 */
int e4_create_unnamed(const char *directory);
int e4_link_unnamed(int fd, const char *path);

/* error_message() after the ext2 error table has been registered once. */
const char *e4_error_message(errcode_t code);

/*
 * The journal overlay: a table of filesystem blocks (in units of the
 * filesystem block size, counted from the filesystem's start) and their
 * replayed contents, and a read-only io manager that patches every read of
 * a wrapped unix io channel with it. Attach a table with the io option
 * "e4overlay=<the table's address, decimal or 0x hex>"; it must outlive the channel.
 */
struct e4_overlay;
struct e4_overlay *e4_overlay_new(unsigned int block_size);
void e4_overlay_free(struct e4_overlay *overlay);
/* Copies one block; blocks must be added in increasing order. 0 or -1. */
int e4_overlay_add(struct e4_overlay *overlay, unsigned long long block,
		   const void *bytes);
io_manager e4_overlay_io_manager(void);

/* open(path, O_RDONLY | O_DIRECT | O_CLOEXEC): O_DIRECT needs _GNU_SOURCE,
 * which Swift's Glibc module is not built with. -1 and errno on failure. */
int e4_open_direct(const char *path);

#endif
