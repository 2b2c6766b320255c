/*
 * The shared part of e4scope's io managers (see LayeredIO.h).
 */
#include "LayeredIO.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

errcode_t e4_layer_open(const char *name, int flags, io_manager inner_manager,
			io_manager manager, size_t private_size, io_channel *channel)
{
	io_channel io = NULL, inner = NULL;
	struct e4_layer *data = NULL;
	errcode_t retval;

	if (private_size < sizeof(struct e4_layer))
		return EXT2_ET_INVALID_ARGUMENT;
	retval = inner_manager->open(name, flags, &inner);
	if (retval)
		return retval;
	io = calloc(1, sizeof(*io));
	data = calloc(1, private_size);
	if (!io || !data || !(io->name = strdup(name))) {
		free(io);
		free(data);
		io_channel_close(inner);
		return EXT2_ET_NO_MEMORY;
	}
	data->inner = inner;
	io->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	io->manager = manager;
	io->block_size = inner->block_size;
	io->refcount = 1;
	io->flags = inner->flags & ~CHANNEL_FLAGS_THREADS;
	io->private_data = data;
	*channel = io;
	return 0;
}

errcode_t e4_layer_free(io_channel channel)
{
	struct e4_layer *data = channel->private_data;
	errcode_t retval = 0;

	if (data && data->inner)
		retval = io_channel_close(data->inner);
	free(data);
	free(channel->name);
	free(channel);
	return retval;
}

io_channel e4_layer_inner(io_channel channel)
{
	return ((struct e4_layer *) channel->private_data)->inner;
}

size_t e4_layer_request_bytes(io_channel channel, int count)
{
	return count < 0 ? (size_t) -(long long) count
			 : (size_t) count * channel->block_size;
}

errcode_t e4_layer_set_blksize(io_channel channel, int blksize)
{
	errcode_t retval = io_channel_set_blksize(e4_layer_inner(channel), blksize);

	if (!retval)
		channel->block_size = blksize;
	return retval;
}

errcode_t e4_layer_read_blk(io_channel channel, unsigned long block, int count, void *buffer)
{
	return channel->manager->read_blk64(channel, block, count, buffer);
}

errcode_t e4_layer_write_blk(io_channel channel, unsigned long block, int count,
			     const void *buffer)
{
	return channel->manager->write_blk64(channel, block, count, buffer);
}

errcode_t e4_layer_flush(io_channel channel)
{
	return io_channel_flush(e4_layer_inner(channel));
}

errcode_t e4_layer_set_option(io_channel channel, const char *option, const char *arg)
{
	io_channel inner = e4_layer_inner(channel);

	if (!inner->manager->set_option)
		return EXT2_ET_INVALID_ARGUMENT;
	return inner->manager->set_option(inner, option, arg);
}

errcode_t e4_layer_get_stats(io_channel channel, io_stats *stats)
{
	io_channel inner = e4_layer_inner(channel);

	if (!inner->manager->get_stats)
		return EXT2_ET_OP_NOT_SUPPORTED;
	return inner->manager->get_stats(inner, stats);
}

errcode_t e4_layer_cache_readahead(io_channel channel, unsigned long long block,
				   unsigned long long count)
{
	return io_channel_cache_readahead(e4_layer_inner(channel), block, count);
}

errcode_t e4_layer_refuse_blocks(io_channel channel, unsigned long long block,
				 unsigned long long count)
{
	(void) channel; (void) block; (void) count;
	return EXT2_ET_UNIMPLEMENTED;
}

errcode_t e4_write_all(int fd, const void *buffer, size_t size, uint64_t at)
{
	const unsigned char *bytes = buffer;

	while (size > 0) {
		ssize_t n = pwrite(fd, bytes, size, (off_t) at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? ENOSPC : errno;
		bytes += n;
		size -= (size_t) n;
		at += (uint64_t) n;
	}
	return 0;
}

static size_t hash_slot(uint64_t value, size_t capacity)
{
	value ^= value >> 33;
	value *= 0xff51afd7ed558ccdULL;
	value ^= value >> 33;
	return (size_t) (value & (capacity - 1));
}

/* The slot holding `key`, or the empty slot where it would go. */
static size_t find_slot(const struct e4_block_map *map, uint64_t key)
{
	size_t i;

	for (i = hash_slot(key, map->capacity); map->keys[i] && map->keys[i] != key + 1;
	     i = (i + 1) & (map->capacity - 1))
		;
	return i;
}

int e4_block_map_get(const struct e4_block_map *map, uint64_t key, size_t *value)
{
	size_t i;

	if (!map->capacity)
		return 0;
	i = find_slot(map, key);
	if (!map->keys[i])
		return 0;
	*value = map->values[i];
	return 1;
}

int e4_block_map_put(struct e4_block_map *map, uint64_t key, size_t value)
{
	size_t i;

	if ((map->count + 1) * 2 > map->capacity) {
		struct e4_block_map grown = { 0 };
		size_t j;

		grown.capacity = map->capacity ? map->capacity * 2 : 1024;
		grown.keys = calloc(grown.capacity, sizeof(*grown.keys));
		grown.values = calloc(grown.capacity, sizeof(*grown.values));
		if (!grown.keys || !grown.values) {
			free(grown.keys);
			free(grown.values);
			return -1;
		}
		for (j = 0; j < map->capacity; j++) {
			if (!map->keys[j])
				continue;
			i = find_slot(&grown, map->keys[j] - 1);
			grown.keys[i] = map->keys[j];
			grown.values[i] = map->values[j];
		}
		grown.count = map->count;
		e4_block_map_free(map);
		*map = grown;
	}
	i = find_slot(map, key);
	if (!map->keys[i]) {
		map->keys[i] = key + 1;
		map->count++;
	}
	map->values[i] = value;
	return 0;
}

void e4_block_map_clear(struct e4_block_map *map)
{
	if (map->capacity) {
		memset(map->keys, 0, map->capacity * sizeof(*map->keys));
		map->count = 0;
	}
}

void e4_block_map_free(struct e4_block_map *map)
{
	free(map->keys);
	free(map->values);
	map->keys = NULL;
	map->values = NULL;
	map->capacity = map->count = 0;
}
