/*
 * A batching io manager: layered over the crash-safe undo manager or plain
 * unix io. While it captures, every write is kept in memory, one entry per
 * filesystem block (a write that is not block-aligned, or spans blocks, is
 * merged into the blocks it covers; a block written back unchanged is not
 * kept), reads see the kept contents, and nothing reaches the channel below.
 * The caller then takes the kept blocks (to journal them) and releases them
 * to the channel below. Not capturing, writes go straight down.
 *
 * There is no get_stats: ext2fs_close would otherwise count the bytes
 * written into the superblock, a superblock write outside any batch.
 */
#include "LayeredIO.h"

#include <stdlib.h>
#include <string.h>

struct kept_block {
	uint64_t block;
	unsigned char *bytes;
};

struct batch_channel {
	struct e4_layer layer; /* first: the undo or unix io channel */
	int capturing;
	unsigned int unit;     /* block size while capturing began */
	struct kept_block *kept;
	size_t count, capacity;
	struct e4_block_map index; /* block -> position in `kept` */
};

static struct struct_io_manager batch_over_unix, batch_over_undo;

static int is_batch(io_channel io)
{
	return io && (io->manager == &batch_over_unix || io->manager == &batch_over_undo);
}

static struct batch_channel *batch_of(ext2_filsys fs)
{
	return fs && is_batch(fs->io) ? fs->io->private_data : NULL;
}

io_channel e4_batch_lower(io_channel io)
{
	return is_batch(io) ? e4_layer_inner(io) : io;
}

static void forget_all(struct batch_channel *data)
{
	size_t i;

	for (i = 0; i < data->count; i++)
		free(data->kept[i].bytes);
	data->count = 0;
	e4_block_map_clear(&data->index);
}

static errcode_t reindex(struct batch_channel *data)
{
	size_t i;

	e4_block_map_clear(&data->index);
	for (i = 0; i < data->count; i++) {
		if (e4_block_map_put(&data->index, data->kept[i].block, i))
			return EXT2_ET_NO_MEMORY;
	}
	return 0;
}

/* Reads block `block` (of `unit` bytes) of the channel below into `bytes`,
 * or with `write` writes it there, in the channel's block size (which
 * divides the unit). */
static errcode_t transfer_below(struct batch_channel *data, uint64_t block, void *bytes,
				int write)
{
	io_channel inner = data->layer.inner;
	unsigned int size = (unsigned int) inner->block_size;
	unsigned long long first;
	int count;

	if (size == 0 || data->unit % size != 0)
		return EXT2_ET_INVALID_ARGUMENT;
	first = block * (data->unit / size);
	count = (int) (data->unit / size);
	return write ? io_channel_write_blk64(inner, first, count, bytes)
		     : io_channel_read_blk64(inner, first, count, bytes);
}

/* The part of block `block` that [start, end) covers: bytes [from, to). */
struct span {
	uint64_t block_start, from, to;
};

static struct span span_of(const struct batch_channel *data, uint64_t block, uint64_t start,
			   uint64_t end)
{
	struct span span;

	span.block_start = block * data->unit;
	span.from = span.block_start > start ? span.block_start : start;
	span.to = span.block_start + data->unit < end ? span.block_start + data->unit : end;
	return span;
}

/* The kept copies of [start, start + size) over `buffer`. */
static void patch(const struct batch_channel *data, uint64_t start, size_t size,
		  unsigned char *buffer)
{
	uint64_t end = start + size, block;

	if (data->count == 0 || size == 0)
		return;
	for (block = start / data->unit; block * data->unit < end; block++) {
		struct span span = span_of(data, block, start, end);
		size_t at;

		if (e4_block_map_get(&data->index, block, &at))
			memcpy(buffer + (span.from - start),
			       data->kept[at].bytes + (span.from - span.block_start),
			       span.to - span.from);
	}
}

/* True when a kept block lies in [start, start + size). */
static int overlaps_kept(const struct batch_channel *data, uint64_t start, size_t size)
{
	uint64_t block;
	size_t at;

	if (data->count == 0 || size == 0)
		return 0;
	for (block = start / data->unit; block * data->unit < start + size; block++) {
		if (e4_block_map_get(&data->index, block, &at))
			return 1;
	}
	return 0;
}

/* Merges one write into the kept blocks. */
static errcode_t keep(struct batch_channel *data, uint64_t start, size_t size,
		      const unsigned char *bytes)
{
	uint64_t end = start + size, block;
	errcode_t retval;

	for (block = start / data->unit; block * data->unit < end; block++) {
		struct span span = span_of(data, block, start, end);
		uint64_t offset = span.from - span.block_start, size = span.to - span.from;
		const unsigned char *source = bytes + (span.from - start);
		unsigned char *copy;
		size_t at;

		if (e4_block_map_get(&data->index, block, &at)) {
			memcpy(data->kept[at].bytes + offset, source, size);
			continue;
		}
		copy = malloc(data->unit);
		if (!copy)
			return EXT2_ET_NO_MEMORY;
		retval = transfer_below(data, block, copy, 0);
		if (retval) {
			free(copy);
			return retval;
		}
		if (memcmp(copy + offset, source, size) == 0) {
			/* Written back unchanged: nothing to keep. */
			free(copy);
			continue;
		}
		memcpy(copy + offset, source, size);
		if (data->count == data->capacity) {
			size_t capacity = data->capacity ? data->capacity * 2 : 256;
			struct kept_block *grown = realloc(data->kept, capacity * sizeof(*grown));

			if (!grown) {
				free(copy);
				return EXT2_ET_NO_MEMORY;
			}
			data->kept = grown;
			data->capacity = capacity;
		}
		if (e4_block_map_put(&data->index, block, data->count)) {
			free(copy);
			return EXT2_ET_NO_MEMORY;
		}
		data->kept[data->count].block = block;
		data->kept[data->count].bytes = copy;
		data->count++;
	}
	return 0;
}

static errcode_t write_bytes(io_channel channel, uint64_t start, size_t size,
			     const void *buffer)
{
	struct batch_channel *data = channel->private_data;

	if (data->capturing)
		return keep(data, start, size, buffer);
	/* A write below a kept block would be undone by its release. */
	if (overlaps_kept(data, start, size))
		return EXT2_ET_OP_NOT_SUPPORTED;
	if (size > INT32_MAX)
		return EXT2_ET_INVALID_ARGUMENT;
	return io_channel_write_byte(data->layer.inner, (unsigned long) start, (int) size, buffer);
}

static errcode_t batch_open(const char *name, int flags, io_manager below, io_manager manager,
			    io_channel *channel)
{
	return e4_layer_open(name, flags, below, manager, sizeof(struct batch_channel), channel);
}

static errcode_t batch_open_over_unix(const char *name, int flags, io_channel *channel)
{
	return batch_open(name, flags, unix_io_manager, &batch_over_unix, channel);
}

static errcode_t batch_open_over_undo(const char *name, int flags, io_channel *channel)
{
	return batch_open(name, flags, e4_safe_undo_io_manager(), &batch_over_undo, channel);
}

static errcode_t batch_close(io_channel channel)
{
	struct batch_channel *data = channel->private_data;

	if (--channel->refcount > 0)
		return 0;
	forget_all(data);
	free(data->kept);
	e4_block_map_free(&data->index);
	return e4_layer_free(channel);
}

static errcode_t batch_read_blk64(io_channel channel, unsigned long long block, int count,
				  void *buffer)
{
	struct batch_channel *data = channel->private_data;
	errcode_t retval = io_channel_read_blk64(data->layer.inner, block, count, buffer);

	if (!retval)
		patch(data, (uint64_t) block * channel->block_size,
		      e4_layer_request_bytes(channel, count), buffer);
	return retval;
}

static errcode_t batch_write_blk64(io_channel channel, unsigned long long block, int count,
				   const void *buffer)
{
	return write_bytes(channel, (uint64_t) block * channel->block_size,
			   e4_layer_request_bytes(channel, count), buffer);
}

static errcode_t batch_write_byte(io_channel channel, unsigned long offset, int count,
				  const void *buffer)
{
	if (count < 0)
		return EXT2_ET_INVALID_ARGUMENT;
	return write_bytes(channel, offset, (size_t) count, buffer);
}

/* While capturing, a flush reaches nothing below. */
static errcode_t batch_flush(io_channel channel)
{
	struct batch_channel *data = channel->private_data;

	return data->capturing ? 0 : e4_layer_flush(channel);
}

#define BATCH_MANAGER(open_function) {                          \
	.magic = EXT2_ET_MAGIC_IO_MANAGER,                      \
	.name = "e4scope batching I/O manager",                 \
	.open = open_function,                                  \
	.close = batch_close,                                   \
	.set_blksize = e4_layer_set_blksize,                    \
	.read_blk = e4_layer_read_blk,                          \
	.write_blk = e4_layer_write_blk,                        \
	.flush = batch_flush,                                   \
	.write_byte = batch_write_byte,                         \
	.set_option = e4_layer_set_option,                      \
	.read_blk64 = batch_read_blk64,                         \
	.write_blk64 = batch_write_blk64,                       \
	.discard = e4_layer_refuse_blocks,                      \
	.cache_readahead = e4_layer_cache_readahead,            \
	.zeroout = e4_layer_refuse_blocks,                      \
}

static struct struct_io_manager batch_over_unix = BATCH_MANAGER(batch_open_over_unix);
static struct struct_io_manager batch_over_undo = BATCH_MANAGER(batch_open_over_undo);

io_manager e4_batch_io_manager(int over_undo)
{
	return over_undo ? &batch_over_undo : &batch_over_unix;
}

static int by_block(const void *a, const void *b)
{
	uint64_t x = ((const struct kept_block *) a)->block, y = ((const struct kept_block *) b)->block;

	return x < y ? -1 : x > y;
}

errcode_t e4_batch_capture(ext2_filsys fs, int on)
{
	struct batch_channel *data = batch_of(fs);

	if (!data)
		return EXT2_ET_INVALID_ARGUMENT;
	if (on) {
		if (data->count == 0)
			data->unit = (unsigned int) fs->io->block_size;
		data->capturing = 1;
		return 0;
	}
	data->capturing = 0;
	if (data->count > 1)
		qsort(data->kept, data->count, sizeof(*data->kept), by_block);
	return reindex(data);
}

size_t e4_batch_count(ext2_filsys fs)
{
	struct batch_channel *data = batch_of(fs);

	return data ? data->count : 0;
}

unsigned int e4_batch_block_size(ext2_filsys fs)
{
	struct batch_channel *data = batch_of(fs);

	return data ? data->unit : 0;
}

errcode_t e4_batch_block(ext2_filsys fs, size_t i, unsigned long long *block, const void **bytes)
{
	struct batch_channel *data = batch_of(fs);

	if (!data || i >= data->count)
		return EXT2_ET_INVALID_ARGUMENT;
	*block = data->kept[i].block;
	*bytes = data->kept[i].bytes;
	return 0;
}

errcode_t e4_batch_release(ext2_filsys fs, unsigned long long first, unsigned long long count)
{
	struct batch_channel *data = batch_of(fs);
	size_t i, left = 0;
	errcode_t retval = 0;

	if (!data || data->capturing)
		return EXT2_ET_INVALID_ARGUMENT;
	for (i = 0; i < data->count; i++) {
		struct kept_block *kept = &data->kept[i];

		if (retval || kept->block < first || kept->block - first >= count) {
			data->kept[left++] = *kept;
			continue;
		}
		retval = transfer_below(data, kept->block, kept->bytes, 1);
		if (retval) {
			data->kept[left++] = *kept;
			continue;
		}
		free(kept->bytes);
	}
	data->count = left;
	if (!retval)
		retval = reindex(data);
	return retval;
}

void e4_batch_discard(ext2_filsys fs)
{
	struct batch_channel *data = batch_of(fs);

	if (data)
		forget_all(data);
}
