/*
 * Ext2Shim: the few libext2fs macros, inline helpers and mutable globals that
 * Swift cannot import directly, wrapped as plain functions.
 */
#ifndef E4SCOPE_EXT2SHIM_H
#define E4SCOPE_EXT2SHIM_H

#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>

/* The unix and undo io managers (extern globals in ext2_io.h). */
io_manager e4_unix_io_manager(void);
io_manager e4_undo_io_manager(void);

/* EXT2_I_SIZE: the 64-bit i_size of an inode. */
__u64 e4_inode_i_size(const struct ext2_inode *inode);

/* EXT2_FIRST_INO: the first non-reserved inode number. */
ext2_ino_t e4_first_ino(const struct ext2_super_block *sb);

/* EXT2_INODE_SIZE: the on-disk inode size in bytes. */
int e4_inode_size(const struct ext2_super_block *sb);

/* LINUX_S_ISREG / LINUX_S_ISDIR. */
int e4_is_reg(__u16 mode);
int e4_is_dir(__u16 mode);

/* EXT2FS_CLUSTER_RATIO: blocks per allocation cluster. */
int e4_cluster_ratio(ext2_filsys fs);

/* error_message() after the ext2 error table has been registered once. */
const char *e4_error_message(errcode_t code);

#endif
