/*
 * ContainerIO: read-only access to the disk image inside a forensic or
 * virtual-machine container (EWF/E01, QCOW, VMDK, VHD/VHDX) through libewf,
 * libqcow, libvmdk and libvhdi, and a libext2fs io manager that reads a
 * filesystem through it.
 */
#ifndef E4SCOPE_CONTAINERIO_H
#define E4SCOPE_CONTAINERIO_H

#include <stddef.h>
#include <sys/types.h>
#include <ext2fs/ext2fs.h>

/* The container formats, told by their signatures (never by file name). */
enum e4_container_format {
	E4_CONTAINER_NONE = 0,
	E4_CONTAINER_EWF,
	E4_CONTAINER_QCOW,
	E4_CONTAINER_VMDK,
	E4_CONTAINER_VHDI,
};

/*
 * Which container `path` is, or E4_CONTAINER_NONE (a raw image, or
 * unreadable). Like every call into a container library, the signature
 * check runs in a child process.
 */
enum e4_container_format e4_container_detect(const char *path);

/*
 * The media (the disk image) held by one opened container, served by a
 * child process of its own that runs the container's library: a library
 * that crashes on a damaged container ends that child, and reads fail.
 */
struct e4_media;

/*
 * Opens the container at `path` read-only (every segment of a split EWF
 * set, found from the first). 0 and *media, or -1 with a message of at most
 * `message_size` bytes in `message`.
 */
int e4_media_open(const char *path, struct e4_media **media, char *message,
		  size_t message_size);
void e4_media_close(struct e4_media *media);

/* The media's length in bytes. */
unsigned long long e4_media_size(const struct e4_media *media);

/* "EWF", "QCOW2", "VMDK", "VHD", "VHDX", ... as the opened file declares it. */
const char *e4_media_format_name(const struct e4_media *media);

/*
 * Reads up to `size` bytes at `offset` of the media: the bytes read (fewer
 * only at the media's end or before a failure), or -1 on a read error.
 * Safe from many threads at once (reads of one media take turns). A read
 * on which the library's process dies fails; the next read starts a new
 * process (up to 16 times per media).
 */
ssize_t e4_media_read(struct e4_media *media, void *buffer, size_t size,
		      unsigned long long offset);

/*
 * Why the container at `path` last failed to open or read, when its library
 * failed ("the QCOW2 container is damaged: its library failed reading at
 * byte 65536 (killed by signal 11)"): 0 and the message, or -1 (no failure).
 */
int e4_container_failure(const char *path, char *message, size_t size);

/*
 * For probes that need a file descriptor (libblkid): a sparse in-memory
 * file (memfd) as long as the media, all zeros, whose descriptor
 * e4_media_sparse_copy returns (or -1); e4_media_copy_region copies a range
 * of the media into it at the same offset: 0, or -1 on a read error.
 */
int e4_media_sparse_copy(const struct e4_media *media);
int e4_media_copy_region(struct e4_media *media, int fd,
			 unsigned long long offset, unsigned long long length);

/*
 * The read-only io manager over a container: the channel name is the
 * container's path; "offset=" applies within the media; writes fail with
 * EXT2_ET_RO_FILSYS.
 */
io_manager e4_container_io_manager(void);

/*
 * The write, write_byte, discard and zeroout entry points of a read-only io
 * manager (ReadOnlyIO.c): they fail with EXT2_ET_RO_FILSYS.
 */
errcode_t e4_io_refuse_write_blk(io_channel channel, unsigned long block,
				 int count, const void *buffer);
errcode_t e4_io_refuse_write_blk64(io_channel channel, unsigned long long block,
				   int count, const void *buffer);
errcode_t e4_io_refuse_write_byte(io_channel channel, unsigned long offset,
				  int count, const void *buffer);
errcode_t e4_io_refuse_blocks(io_channel channel, unsigned long long block,
			      unsigned long long count);

/* The io manager that reads `path`: the container one, or unix io. */
io_manager e4_image_io_manager(const char *path);

#endif
