/*
 * A read-only io manager that shows a filesystem as it will look after a
 * journal replay: reads go to a unix io channel (a container one for a
 * container image), then the blocks present in an overlay table replace the
 * bytes they cover. Writes are refused.
 */
#include "Ext2Shim.h"

#include <ContainerIO.h>

#include <stdlib.h>
#include <string.h>

struct e4_overlay {
	unsigned int block_size;
	size_t count;
	size_t capacity;
	unsigned long long *blocks; /* strictly increasing */
	unsigned char *data;        /* count * block_size bytes, in block order */
};

struct e4_overlay *e4_overlay_new(unsigned int block_size)
{
	struct e4_overlay *overlay;

	if (block_size == 0)
		return NULL;
	overlay = calloc(1, sizeof(*overlay));
	if (overlay)
		overlay->block_size = block_size;
	return overlay;
}

void e4_overlay_free(struct e4_overlay *overlay)
{
	if (!overlay)
		return;
	free(overlay->blocks);
	free(overlay->data);
	free(overlay);
}

int e4_overlay_add(struct e4_overlay *overlay, unsigned long long block,
		   const void *bytes)
{
	if (overlay->count > 0 && block <= overlay->blocks[overlay->count - 1])
		return -1;
	if (overlay->count == overlay->capacity) {
		size_t capacity = overlay->capacity ? overlay->capacity * 2 : 16;
		unsigned long long *blocks;
		unsigned char *data;

		if (capacity > ((size_t) -1) / overlay->block_size)
			return -1;
		blocks = realloc(overlay->blocks, capacity * sizeof(*blocks));
		if (!blocks)
			return -1;
		overlay->blocks = blocks;
		data = realloc(overlay->data, capacity * overlay->block_size);
		if (!data)
			return -1;
		overlay->data = data;
		overlay->capacity = capacity;
	}
	overlay->blocks[overlay->count] = block;
	memcpy(overlay->data + overlay->count * overlay->block_size, bytes,
	       overlay->block_size);
	overlay->count++;
	return 0;
}

/* The index of the first overlay block that ends after byte `start`. */
static size_t first_covering(const struct e4_overlay *overlay,
			     unsigned long long start)
{
	size_t low = 0, high = overlay->count;
	unsigned long long first_block = start / overlay->block_size;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (overlay->blocks[mid] < first_block)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

/* Copies the overlay bytes over [start, start + size) of `buffer`. */
static void patch(const struct e4_overlay *overlay, unsigned long long start,
		  size_t size, unsigned char *buffer)
{
	unsigned long long end = start + size;
	size_t i;

	for (i = first_covering(overlay, start); i < overlay->count; i++) {
		unsigned long long block_start =
			overlay->blocks[i] * overlay->block_size;
		unsigned long long block_end = block_start + overlay->block_size;
		unsigned long long from, to;

		if (block_start >= end)
			break;
		from = block_start > start ? block_start : start;
		to = block_end < end ? block_end : end;
		memcpy(buffer + (from - start),
		       overlay->data + i * overlay->block_size + (from - block_start),
		       to - from);
	}
}

struct overlay_channel {
	io_channel inner;
	const struct e4_overlay *overlay;
};

static struct struct_io_manager overlay_manager;

static errcode_t overlay_open(const char *name, int flags, io_channel *channel)
{
	io_channel io = NULL, inner = NULL;
	struct overlay_channel *data = NULL;
	errcode_t retval;

	if (flags & IO_FLAG_RW)
		return EXT2_ET_RO_FILSYS;
	retval = e4_image_io_manager(name)->open(name, flags, &inner);
	if (retval)
		return retval;
	io = calloc(1, sizeof(*io));
	data = calloc(1, sizeof(*data));
	if (!io || !data) {
		free(io);
		free(data);
		io_channel_close(inner);
		return EXT2_ET_NO_MEMORY;
	}
	io->name = strdup(name);
	if (!io->name) {
		free(io);
		free(data);
		io_channel_close(inner);
		return EXT2_ET_NO_MEMORY;
	}
	data->inner = inner;
	io->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	io->manager = &overlay_manager;
	io->block_size = inner->block_size;
	io->refcount = 1;
	io->flags = inner->flags & ~CHANNEL_FLAGS_THREADS;
	io->private_data = data;
	*channel = io;
	return 0;
}

static errcode_t overlay_close(io_channel channel)
{
	struct overlay_channel *data = channel->private_data;
	errcode_t retval = 0;

	if (--channel->refcount > 0)
		return 0;
	if (data->inner)
		retval = io_channel_close(data->inner);
	free(data);
	free(channel->name);
	free(channel);
	return retval;
}

static errcode_t overlay_set_blksize(io_channel channel, int blksize)
{
	struct overlay_channel *data = channel->private_data;
	errcode_t retval = io_channel_set_blksize(data->inner, blksize);

	if (!retval)
		channel->block_size = blksize;
	return retval;
}

static errcode_t overlay_read_blk64(io_channel channel, unsigned long long block,
				    int count, void *buffer)
{
	struct overlay_channel *data = channel->private_data;
	size_t size = count < 0 ? (size_t) -(long long) count
				: (size_t) count * channel->block_size;
	errcode_t retval = io_channel_read_blk64(data->inner, block, count, buffer);

	if (retval)
		return retval;
	if (data->overlay && data->overlay->count > 0)
		patch(data->overlay, block * channel->block_size, size, buffer);
	return 0;
}

static errcode_t overlay_read_blk(io_channel channel, unsigned long block,
				  int count, void *buffer)
{
	return overlay_read_blk64(channel, block, count, buffer);
}

static errcode_t overlay_flush(io_channel channel)
{
	struct overlay_channel *data = channel->private_data;

	return io_channel_flush(data->inner);
}

/* "e4overlay=ADDRESS" attaches the table; every other option goes to the inner channel. */
static errcode_t overlay_set_option(io_channel channel, const char *option,
				    const char *arg)
{
	struct overlay_channel *data = channel->private_data;

	if (strcmp(option, "e4overlay") == 0) {
		char *end = NULL;
		unsigned long long address;

		if (!arg)
			return EXT2_ET_INVALID_ARGUMENT;
		address = strtoull(arg, &end, 0);
		if (*end)
			return EXT2_ET_INVALID_ARGUMENT;
		data->overlay = (const struct e4_overlay *) (uintptr_t) address;
		return 0;
	}
	if (!data->inner->manager->set_option)
		return EXT2_ET_INVALID_ARGUMENT;
	return data->inner->manager->set_option(data->inner, option, arg);
}

static errcode_t overlay_get_stats(io_channel channel, io_stats *stats)
{
	struct overlay_channel *data = channel->private_data;

	if (!data->inner->manager->get_stats)
		return EXT2_ET_OP_NOT_SUPPORTED;
	return data->inner->manager->get_stats(data->inner, stats);
}

static errcode_t overlay_cache_readahead(io_channel channel,
					 unsigned long long block,
					 unsigned long long count)
{
	struct overlay_channel *data = channel->private_data;

	return io_channel_cache_readahead(data->inner, block, count);
}

static struct struct_io_manager overlay_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "e4scope journal overlay I/O manager",
	.open = overlay_open,
	.close = overlay_close,
	.set_blksize = overlay_set_blksize,
	.read_blk = overlay_read_blk,
	.write_blk = e4_io_refuse_write_blk,
	.flush = overlay_flush,
	.write_byte = e4_io_refuse_write_byte,
	.set_option = overlay_set_option,
	.get_stats = overlay_get_stats,
	.read_blk64 = overlay_read_blk64,
	.write_blk64 = e4_io_refuse_write_blk64,
	.discard = e4_io_refuse_blocks,
	.cache_readahead = overlay_cache_readahead,
	.zeroout = e4_io_refuse_blocks,
};

io_manager e4_overlay_io_manager(void) { return &overlay_manager; }
