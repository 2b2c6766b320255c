/*
 * What every e4scope io manager shares: a channel layered over an inner io
 * channel, whose private data begins with `struct e4_layer`, and a hash map
 * of block (or unit) numbers. The forwarding functions fit straight into a
 * struct_io_manager; a layer writes only what it changes.
 */
#ifndef E4SCOPE_LAYEREDIO_H
#define E4SCOPE_LAYEREDIO_H

#include "Ext2Shim.h"

#include <stddef.h>
#include <stdint.h>

/* The first member of every layer's private data. */
struct e4_layer {
	io_channel inner;
};

/*
 * Opens `name` with `inner_manager` and wraps it in a channel of `manager`
 * whose private data is `private_size` zeroed bytes (at least a struct
 * e4_layer, its `inner` set).
 */
errcode_t e4_layer_open(const char *name, int flags, io_manager inner_manager,
			io_manager manager, size_t private_size, io_channel *channel);
/* Closes the inner channel and frees the channel and its private data
 * (the layer frees what its private data points to first). */
errcode_t e4_layer_free(io_channel channel);
/* The inner channel of a layer channel. */
io_channel e4_layer_inner(io_channel channel);
/* Bytes a read or write of `count` takes (a negative count is bytes). */
size_t e4_layer_request_bytes(io_channel channel, int count);

errcode_t e4_layer_set_blksize(io_channel channel, int blksize);
/* read_blk and write_blk: the manager's own 64-bit functions. */
errcode_t e4_layer_read_blk(io_channel channel, unsigned long block, int count, void *buffer);
errcode_t e4_layer_write_blk(io_channel channel, unsigned long block, int count,
			     const void *buffer);
errcode_t e4_layer_flush(io_channel channel);
errcode_t e4_layer_set_option(io_channel channel, const char *option, const char *arg);
errcode_t e4_layer_get_stats(io_channel channel, io_stats *stats);
errcode_t e4_layer_cache_readahead(io_channel channel, unsigned long long block,
				   unsigned long long count);
/* discard and zeroout: refused (they would bypass what the layer keeps). */
errcode_t e4_layer_refuse_blocks(io_channel channel, unsigned long long block,
				 unsigned long long count);

/* The channel below a batching channel (BatchIO.c); any other channel itself. */
io_channel e4_batch_lower(io_channel io);

/* Writes all of `buffer` at byte `at` of `fd` (EINTR retried, 0 or errno). */
errcode_t e4_write_all(int fd, const void *buffer, size_t size, uint64_t at);

/* An open-addressing hash map from 64-bit keys to indices. */
struct e4_block_map {
	uint64_t *keys; /* key + 1; 0 is an empty slot */
	size_t *values;
	size_t capacity, count;
};

/* The value of `key` in *value: 1 when present, else 0. */
int e4_block_map_get(const struct e4_block_map *map, uint64_t key, size_t *value);
/* Adds or replaces `key`: 0, or -1 without memory. */
int e4_block_map_put(struct e4_block_map *map, uint64_t key, size_t value);
void e4_block_map_clear(struct e4_block_map *map);
void e4_block_map_free(struct e4_block_map *map);

#endif
