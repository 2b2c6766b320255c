#define _GNU_SOURCE
#include "Ext2Shim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdio.h>
#include <unistd.h>

#include <pthread.h>
#include <et/com_err.h>

io_manager e4_unix_io_manager(void) { return unix_io_manager; }

__u64 e4_inode_i_size(const struct ext2_inode *inode) { return EXT2_I_SIZE(inode); }

ext2_ino_t e4_first_ino(const struct ext2_super_block *sb) { return EXT2_FIRST_INO(sb); }
int e4_inode_size(const struct ext2_super_block *sb) { return EXT2_INODE_SIZE(sb); }

int e4_is_reg(__u16 mode) { return LINUX_S_ISREG(mode); }
int e4_is_dir(__u16 mode) { return LINUX_S_ISDIR(mode); }

__u32 e4_inode_uid(const struct ext2_inode *inode) { return inode_uid(*inode); }
__u32 e4_inode_gid(const struct ext2_inode *inode) { return inode_gid(*inode); }

int e4_cluster_ratio(ext2_filsys fs) { return EXT2FS_CLUSTER_RATIO(fs); }

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static void register_tables(void) { initialize_ext2_error_table(); }

const char *e4_error_message(errcode_t code)
{
	pthread_once(&table_once, register_tables);
	return error_message(code);
}

int e4_reserve_space(int fd, unsigned long long bytes)
{
	while (fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t) bytes) != 0) {
		if (errno != EINTR)
			return errno;
	}
	return 0;
}

int e4_create_unnamed(const char *directory)
{
	int fd = open(directory, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	return fd < 0 ? -errno : fd;
}

int e4_link_unnamed(int fd, const char *path)
{
	char source[64];

	snprintf(source, sizeof(source), "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, source, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
}

int e4_open_direct(const char *path)
{
	return open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
}
