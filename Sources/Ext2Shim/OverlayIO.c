/*
 * A read-only io manager that shows a filesystem as it will look after a
 * journal replay: reads go to a unix io channel (a container one for a
 * container image), then the blocks present in an overlay table replace the
 * bytes they cover. Writes are refused.
 */
#include "LayeredIO.h"

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
	struct e4_layer layer; /* first: the unix io channel */
	const struct e4_overlay *overlay;
};

static struct struct_io_manager overlay_manager;

static errcode_t overlay_open(const char *name, int flags, io_channel *channel)
{
	if (flags & IO_FLAG_RW)
		return EXT2_ET_RO_FILSYS;
	return e4_layer_open(name, flags, e4_image_io_manager(name), &overlay_manager,
			     sizeof(struct overlay_channel), channel);
}

static errcode_t overlay_close(io_channel channel)
{
	if (--channel->refcount > 0)
		return 0;
	return e4_layer_free(channel);
}

static errcode_t overlay_read_blk64(io_channel channel, unsigned long long block,
				    int count, void *buffer)
{
	struct overlay_channel *data = channel->private_data;
	size_t size = e4_layer_request_bytes(channel, count);
	errcode_t retval = io_channel_read_blk64(data->layer.inner, block, count, buffer);

	if (retval)
		return retval;
	if (data->overlay && data->overlay->count > 0)
		patch(data->overlay, block * channel->block_size, size, buffer);
	return 0;
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
	return e4_layer_set_option(channel, option, arg);
}

static struct struct_io_manager overlay_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "e4scope journal overlay I/O manager",
	.open = overlay_open,
	.close = overlay_close,
	.set_blksize = e4_layer_set_blksize,
	.read_blk = e4_layer_read_blk,
	.write_blk = e4_io_refuse_write_blk,
	.flush = e4_layer_flush,
	.write_byte = e4_io_refuse_write_byte,
	.set_option = overlay_set_option,
	.get_stats = e4_layer_get_stats,
	.read_blk64 = overlay_read_blk64,
	.write_blk64 = e4_io_refuse_write_blk64,
	.discard = e4_io_refuse_blocks,
	.cache_readahead = e4_layer_cache_readahead,
	.zeroout = e4_io_refuse_blocks,
};

io_manager e4_overlay_io_manager(void) { return &overlay_manager; }
