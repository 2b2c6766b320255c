/*
 * A read-only libext2fs io manager over the media of a container image:
 * block reads become e4_media reads at "offset=" plus block * block size.
 * Every write, discard and zeroout is refused.
 */
#include "ContainerIO.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct container_channel {
	struct e4_media *media;
	unsigned long long offset;
	struct struct_io_stats stats;
};

static struct struct_io_manager container_manager;

static errcode_t container_open(const char *name, int flags, io_channel *channel)
{
	struct container_channel *data;
	io_channel io;
	char message[256];

	if (flags & IO_FLAG_RW)
		return EXT2_ET_RO_FILSYS;
	io = calloc(1, sizeof(*io));
	data = calloc(1, sizeof(*data));
	if (io)
		io->name = strdup(name);
	if (!io || !data || !io->name) {
		if (io)
			free(io->name);
		free(io);
		free(data);
		return EXT2_ET_NO_MEMORY;
	}
	if (e4_media_open(name, &data->media, message, sizeof(message)) != 0) {
		free(io->name);
		free(io);
		free(data);
		return EXT2_ET_BAD_DEVICE_NAME;
	}
	data->stats.num_fields = 2;
	io->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	io->manager = &container_manager;
	io->block_size = 1024;
	io->refcount = 1;
	io->private_data = data;
	*channel = io;
	return 0;
}

static errcode_t container_close(io_channel channel)
{
	struct container_channel *data = channel->private_data;

	if (--channel->refcount > 0)
		return 0;
	e4_media_close(data->media);
	free(data);
	free(channel->name);
	free(channel);
	return 0;
}

static errcode_t container_set_blksize(io_channel channel, int blksize)
{
	if (blksize <= 0)
		return EXT2_ET_INVALID_ARGUMENT;
	channel->block_size = blksize;
	return 0;
}

static errcode_t container_read_blk64(io_channel channel, unsigned long long block,
				      int count, void *buffer)
{
	struct container_channel *data = channel->private_data;
	size_t size = count < 0 ? (size_t) -(long long) count
				: (size_t) count * channel->block_size;
	unsigned long long start = data->offset + block * channel->block_size;
	size_t done = 0;
	errcode_t retval = 0;

	while (done < size) {
		ssize_t n = e4_media_read(data->media, (char *) buffer + done,
					  size - done, start + done);

		if (n < 0) {
			retval = EIO;
			break;
		}
		if (n == 0) {
			retval = EXT2_ET_SHORT_READ;
			break;
		}
		done += (size_t) n;
	}
	data->stats.bytes_read += done;
	if (!retval)
		return 0;
	memset((char *) buffer + done, 0, size - done);
	if (channel->read_error)
		retval = (channel->read_error)(channel, block, count, buffer, size,
					       (int) done, retval);
	return retval;
}

static errcode_t container_read_blk(io_channel channel, unsigned long block,
				    int count, void *buffer)
{
	return container_read_blk64(channel, block, count, buffer);
}

static errcode_t container_flush(io_channel channel)
{
	(void) channel;
	return 0;
}

/* "offset=BYTES": where the filesystem starts within the media. */
static errcode_t container_set_option(io_channel channel, const char *option,
				      const char *arg)
{
	struct container_channel *data = channel->private_data;
	unsigned long long offset;
	char *end = NULL;

	if (strcmp(option, "offset") != 0)
		return EXT2_ET_INVALID_ARGUMENT;
	if (!arg)
		return EXT2_ET_INVALID_ARGUMENT;
	errno = 0;
	offset = strtoull(arg, &end, 0);
	if (errno || *end || end == arg)
		return EXT2_ET_INVALID_ARGUMENT;
	data->offset = offset;
	return 0;
}

static errcode_t container_get_stats(io_channel channel, io_stats *stats)
{
	struct container_channel *data = channel->private_data;

	if (stats)
		*stats = &data->stats;
	return 0;
}

static struct struct_io_manager container_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "e4scope container I/O manager",
	.open = container_open,
	.close = container_close,
	.set_blksize = container_set_blksize,
	.read_blk = container_read_blk,
	.write_blk = e4_io_refuse_write_blk,
	.flush = container_flush,
	.write_byte = e4_io_refuse_write_byte,
	.set_option = container_set_option,
	.get_stats = container_get_stats,
	.read_blk64 = container_read_blk64,
	.write_blk64 = e4_io_refuse_write_blk64,
	.discard = e4_io_refuse_blocks,
	.zeroout = e4_io_refuse_blocks,
};

io_manager e4_container_io_manager(void) { return &container_manager; }

io_manager e4_image_io_manager(const char *path)
{
	return e4_container_detect(path) == E4_CONTAINER_NONE ? unix_io_manager
							      : &container_manager;
}
