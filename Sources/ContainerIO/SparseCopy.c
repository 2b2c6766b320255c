/*
 * A sparse in-memory copy of a container's media, filled region by region,
 * for libblkid, which probes file descriptors only.
 */
#define _GNU_SOURCE
#include "ContainerIO.h"

#include <sys/mman.h>
#include <unistd.h>

int e4_media_sparse_copy(const struct e4_media *media)
{
	int fd = memfd_create("e4scope-media", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t) e4_media_size(media)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int e4_media_copy_region(struct e4_media *media, int fd,
			 unsigned long long offset, unsigned long long length)
{
	char buffer[65536];

	while (length > 0) {
		size_t want = length < sizeof(buffer) ? (size_t) length : sizeof(buffer);
		ssize_t n = e4_media_read(media, buffer, want, offset);
		ssize_t written = 0;

		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		while (written < n) {
			ssize_t w = pwrite(fd, buffer + written, (size_t) (n - written),
					   (off_t) (offset + (unsigned long long) written));

			if (w <= 0)
				return -1;
			written += w;
		}
		offset += (unsigned long long) n;
		length -= (unsigned long long) n;
	}
	return 0;
}
