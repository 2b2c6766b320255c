#include "Ext2Shim.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <et/com_err.h>

io_manager e4_unix_io_manager(void) { return unix_io_manager; }
io_manager e4_undo_io_manager(void) { return undo_io_manager; }

__u64 e4_inode_i_size(const struct ext2_inode *inode) { return EXT2_I_SIZE(inode); }

ext2_ino_t e4_first_ino(const struct ext2_super_block *sb) { return EXT2_FIRST_INO(sb); }
int e4_inode_size(const struct ext2_super_block *sb) { return EXT2_INODE_SIZE(sb); }

int e4_is_reg(__u16 mode) { return LINUX_S_ISREG(mode); }
int e4_is_dir(__u16 mode) { return LINUX_S_ISDIR(mode); }
int e4_is_lnk(__u16 mode) { return LINUX_S_ISLNK(mode); }

int e4_cluster_ratio(ext2_filsys fs) { return EXT2FS_CLUSTER_RATIO(fs); }

static int quiet_hook;

static void e4_com_err_hook(const char *whoami, errcode_t code,
			    const char *fmt, va_list args)
{
	if (quiet_hook)
		return;
	fputs("e4scope: ", stderr);
	if (whoami)
		fprintf(stderr, "%s: ", whoami);
	if (code)
		fprintf(stderr, "%s ", error_message(code));
	if (fmt)
		vfprintf(stderr, fmt, args);
	fputc('\n', stderr);
}

void e4_install_com_err_hook(int quiet)
{
	quiet_hook = quiet;
	set_com_err_hook(e4_com_err_hook);
}

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static void register_tables(void) { initialize_ext2_error_table(); }

const char *e4_error_message(errcode_t code)
{
	pthread_once(&table_once, register_tables);
	return error_message(code);
}

static volatile sig_atomic_t sigint_count;

static void on_sigint(int sig)
{
	(void) sig;
	if (sigint_count++ > 0) {
		signal(SIGINT, SIG_DFL);
		raise(SIGINT);
	}
}

void e4_catch_sigint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	/* Restart interrupted reads and writes: libext2fs treats EINTR as failure. */
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	/* A parent may have started us with SIGINT blocked: unblock it. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int e4_sigint_received(void) { return sigint_count > 0; }
