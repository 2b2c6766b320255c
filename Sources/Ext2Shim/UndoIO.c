/*
 * A crash-safe undo io manager: wraps a unix io channel, saves the old
 * contents of every 1 KiB unit a write covers into an e2undo file (format
 * "E2UNDO02", as misc/e2undo.c reads it), and holds the writes back (reads
 * see them) until a batch is full or the channel is flushed: then one
 * fdatasync makes the batch's records durable, and only after it do the
 * writes go to the image. The undo file is complete after every step: its
 * header says "finished", its key blocks and checksums are current, and its
 * superblock copy is the superblock the image holds (but for the one write
 * of the superblock itself). A kill at any point therefore leaves an undo
 * file e2undo applies, and a failed undo write stops the image writes it
 * protects (and every later one).
 *
 * Undo blocks and filesystem units are both 1 KiB, whatever the filesystem
 * block size, so one layout fits every image: block 0 the header, block 1
 * the superblock copy, then repeating groups of a key block and the 63 data
 * blocks its keys describe.
 */
#define _GNU_SOURCE
#include "LayeredIO.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#define UNIT 1024ULL
#define KEYS_PER_KEYBLOCK 63
#define GROUP_BLOCKS (1 + KEYS_PER_KEYBLOCK)
#define FIRST_GROUP 2
#define SB_UNIT 1 /* the primary superblock: bytes 1024..2047 */
#define KEYBLOCK_MAGIC 0xCADECADEU
#define STATE_FINISHED 1U
#define COMPAT_FS_OFFSET 1U

struct undo_key {
	uint64_t fsblk;
	uint32_t blk_crc;
	uint32_t size;
};

struct undo_header {
	char magic[8];
	uint64_t num_keys;
	uint64_t super_offset;
	uint64_t key_offset;
	uint32_t block_size;
	uint32_t fs_block_size;
	uint32_t sb_crc;
	uint32_t state;
	uint32_t f_compat;
	uint32_t f_incompat;
	uint32_t f_rocompat;
	uint32_t pad32;
	uint64_t fs_offset;
	uint8_t padding[436];
	uint32_t header_crc;
};

/* An image write held back until the undo records it needs are synced. */
struct pending {
	uint64_t start;
	size_t size;
	unsigned char *bytes;
};

#define PENDING_WRITES 512
#define PENDING_BYTES (8U << 20)

struct undo_channel {
	struct e4_layer layer; /* first: the unix io channel */
	int undo_fd;       /* owned by the caller */
	int image_fd;      /* for reading old contents */
	uint64_t offset;   /* the filesystem's byte offset in the image */
	uint64_t keys;     /* keys written so far */
	unsigned char keyblock[UNIT];
	unsigned char super[UNIT]; /* the superblock the image will hold */
	struct e4_block_map saved; /* units already saved */
	int unsynced;      /* records not yet synced */
	struct pending *pending; /* image writes held until their records are synced */
	size_t pending_count, pending_capacity, pending_bytes;
	errcode_t failed;  /* sticky: the first undo failure */
};

static struct struct_io_manager undo_manager;

/* Old contents of a unit; past the end of the image reads as zeros. */
static errcode_t read_unit(struct undo_channel *data, uint64_t unit,
			   unsigned char *out)
{
	size_t done = 0;

	memset(out, 0, UNIT);
	while (done < UNIT) {
		ssize_t n = pread(data->image_fd, out + done, UNIT - done,
				  (off_t) (data->offset + unit * UNIT + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			break;
		done += (size_t) n;
	}
	return 0;
}

static uint64_t keyblock_position(uint64_t key)
{
	return FIRST_GROUP + (key / KEYS_PER_KEYBLOCK) * GROUP_BLOCKS;
}

/* Current key block, superblock copy and header; then, with `sync`, fdatasync. */
static errcode_t commit_undo(struct undo_channel *data, int sync)
{
	struct undo_header header;
	unsigned char super[UNIT];
	uint16_t magic;
	uint32_t crc;
	errcode_t retval;

	if (data->keys > 0) {
		uint64_t current = (data->keys - 1) / KEYS_PER_KEYBLOCK;

		memset(data->keyblock + 4, 0, 4);
		crc = ext2fs_crc32c_le(~0U, data->keyblock, UNIT);
		memcpy(data->keyblock + 4, &crc, 4);
		retval = e4_write_all(data->undo_fd, data->keyblock, UNIT,
				   keyblock_position(current * KEYS_PER_KEYBLOCK) * UNIT);
		if (retval)
			return retval;
	}
	memcpy(super, data->super, UNIT);
	memcpy(&magic, super + 56, 2); /* s_magic, stored inverted */
	magic = (uint16_t) ~magic;
	memcpy(super + 56, &magic, 2);
	retval = e4_write_all(data->undo_fd, super, UNIT, SB_UNIT * UNIT);
	if (retval)
		return retval;
	memset(&header, 0, sizeof(header));
	memcpy(header.magic, "E2UNDO02", 8);
	header.num_keys = data->keys;
	header.super_offset = SB_UNIT;
	header.key_offset = FIRST_GROUP;
	header.block_size = UNIT;
	header.fs_block_size = UNIT;
	header.sb_crc = ext2fs_crc32c_le(~0U, data->super, UNIT);
	header.state = STATE_FINISHED;
	if (data->offset) {
		header.f_compat = COMPAT_FS_OFFSET;
		header.fs_offset = data->offset;
	}
	header.header_crc = ext2fs_crc32c_le(~0U, (unsigned char *) &header,
					     sizeof(header) - sizeof(uint32_t));
	retval = e4_write_all(data->undo_fd, &header, sizeof(header), 0);
	if (retval || !sync)
		return retval;
	data->unsynced = 0;
	while (fdatasync(data->undo_fd) != 0) {
		if (errno != EINTR)
			return errno;
	}
	return 0;
}

/* Saves every unsaved unit of [start, start + size); synced by `drain`
 * before the write goes out. */
static errcode_t record(struct undo_channel *data, uint64_t start, size_t size)
{
	uint64_t first = start / UNIT, last = (start + size - 1) / UNIT, unit;
	unsigned char old[UNIT];
	errcode_t retval;

	for (unit = first; unit <= last; unit++) {
		struct undo_key key;
		size_t slot;

		if (e4_block_map_get(&data->saved, unit, &slot))
			continue;
		retval = read_unit(data, unit, old);
		if (retval)
			return retval;
		if (data->keys % KEYS_PER_KEYBLOCK == 0) {
			uint32_t magic = KEYBLOCK_MAGIC;

			memset(data->keyblock, 0, UNIT);
			memcpy(data->keyblock, &magic, 4);
		}
		slot = keyblock_position(data->keys) + 1 + data->keys % KEYS_PER_KEYBLOCK;
		retval = e4_write_all(data->undo_fd, old, UNIT, slot * UNIT);
		if (retval)
			return retval;
		key.fsblk = unit;
		key.blk_crc = ext2fs_crc32c_le(~0U, old, UNIT);
		key.size = UNIT;
		memcpy(data->keyblock + 16 + (data->keys % KEYS_PER_KEYBLOCK) * sizeof(key),
		       &key, sizeof(key));
		data->keys++;
		if (e4_block_map_put(&data->saved, unit, 0))
			return EXT2_ET_NO_MEMORY;
		data->unsynced = 1;
		/* A full key block goes out now; the next starts empty. */
		if (data->keys % KEYS_PER_KEYBLOCK == 0) {
			retval = commit_undo(data, 0);
			if (retval)
				return retval;
		}
	}
	return 0;
}

static int touches_super(uint64_t start, size_t size)
{
	return start < (SB_UNIT + 1) * UNIT && start + size > SB_UNIT * UNIT;
}

static int within_super(uint64_t start, size_t size)
{
	return start >= SB_UNIT * UNIT && start + size <= (SB_UNIT + 1) * UNIT;
}

/* Copies the bytes of `write` that fall in [start, start + size) into `out`. */
static void overlay(const struct pending *write, uint64_t start, size_t size,
		    unsigned char *out)
{
	uint64_t from = write->start > start ? write->start : start;
	uint64_t end = start + size, write_end = write->start + write->size;
	uint64_t to = write_end < end ? write_end : end;

	if (from < to)
		memcpy(out + (from - start), write->bytes + (from - write->start), to - from);
}

/*
 * Makes the records durable (one fdatasync for the whole batch), then sends
 * the held writes to the image: those to the superblock first, so the undo
 * file's superblock copy and the image's superblock differ for one write at most.
 */
static errcode_t drain(struct undo_channel *data)
{
	errcode_t retval = 0;
	size_t i;
	int pass, super_written = 0;

	if (data->failed)
		return data->failed;
	if (data->pending_count == 0)
		return 0;
	for (i = 0; i < data->pending_count; i++) {
		const struct pending *write = &data->pending[i];

		if (touches_super(write->start, write->size))
			overlay(write, SB_UNIT * UNIT, UNIT, data->super);
	}
	retval = commit_undo(data, 1);
	if (retval) {
		data->failed = retval;
		return retval;
	}
	for (pass = 0; pass < 2 && !retval; pass++) {
		for (i = 0; i < data->pending_count && !retval; i++) {
			struct pending *write = &data->pending[i];

			if (touches_super(write->start, write->size) != (pass == 0))
				continue;
			if (within_super(write->start, write->size)) {
				super_written = 1;
				continue;
			}
			retval = io_channel_write_byte(data->layer.inner, (unsigned long) write->start,
						       (int) write->size, write->bytes);
		}
		/* The pieces libext2fs writes of the superblock (the fields that
		 * changed, then the checksum) go out as one write of the whole
		 * superblock, so no kill leaves one that fails its checksum. */
		if (pass == 0 && super_written && !retval)
			retval = io_channel_write_byte(data->layer.inner,
						       (unsigned long) (SB_UNIT * UNIT), (int) UNIT,
						       data->super);
	}
	for (i = 0; i < data->pending_count; i++)
		free(data->pending[i].bytes);
	data->pending_count = 0;
	data->pending_bytes = 0;
	if (retval)
		data->failed = retval;
	return retval;
}

/* Records the old bytes of a write and holds it until the next drain. */
static errcode_t hold(struct undo_channel *data, uint64_t start, size_t size,
		      const void *buffer)
{
	struct pending *write;
	errcode_t retval;

	if (data->failed)
		return data->failed;
	if (data->undo_fd < 0 || size == 0 || size > INT32_MAX)
		return size == 0 ? 0 : EXT2_ET_RO_FILSYS;
	retval = record(data, start, size);
	if (retval) {
		data->failed = retval;
		return retval;
	}
	if (data->pending_count == data->pending_capacity) {
		size_t capacity = data->pending_capacity ? data->pending_capacity * 2 : 64;
		struct pending *grown = realloc(data->pending, capacity * sizeof(*grown));

		if (!grown)
			return data->failed = EXT2_ET_NO_MEMORY;
		data->pending = grown;
		data->pending_capacity = capacity;
	}
	write = &data->pending[data->pending_count];
	write->bytes = malloc(size);
	if (!write->bytes)
		return data->failed = EXT2_ET_NO_MEMORY;
	memcpy(write->bytes, buffer, size);
	write->start = start;
	write->size = size;
	data->pending_count++;
	data->pending_bytes += size;
	if (data->pending_count >= PENDING_WRITES || data->pending_bytes >= PENDING_BYTES)
		return drain(data);
	return 0;
}

static errcode_t undo_open(const char *name, int flags, io_channel *channel)
{
	struct undo_channel *data;
	io_channel io;
	errcode_t retval;

	retval = e4_layer_open(name, flags, unix_io_manager, &undo_manager,
			       sizeof(*data), &io);
	if (retval)
		return retval;
	data = io->private_data;
	/* Held writes reach unix io through write_byte, which leaves unix io's
	 * block cache as it was: a later read would see the old bytes. */
	retval = io_channel_set_options(data->layer.inner, "cache=off");
	if (retval) {
		e4_layer_free(io);
		return retval;
	}
	data->undo_fd = -1;
	data->image_fd = open(name, O_RDONLY | O_CLOEXEC);
	if (data->image_fd < 0) {
		retval = errno;
		e4_layer_free(io);
		return retval;
	}
	*channel = io;
	return 0;
}

static errcode_t undo_close(io_channel channel)
{
	struct undo_channel *data = channel->private_data;
	errcode_t retval, closed;

	if (--channel->refcount > 0)
		return 0;
	retval = drain(data);
	for (size_t i = 0; i < data->pending_count; i++)
		free(data->pending[i].bytes);
	free(data->pending);
	close(data->image_fd);
	e4_block_map_free(&data->saved);
	closed = e4_layer_free(channel);
	return retval ? retval : closed;
}

static errcode_t undo_read_blk64(io_channel channel, unsigned long long block,
				 int count, void *buffer)
{
	struct undo_channel *data = channel->private_data;
	size_t size = e4_layer_request_bytes(channel, count);
	uint64_t start = (uint64_t) block * channel->block_size;
	errcode_t retval = io_channel_read_blk64(data->layer.inner, block, count, buffer);
	size_t i;

	if (retval)
		return retval;
	for (i = 0; i < data->pending_count; i++)
		overlay(&data->pending[i], start, size, buffer);
	return 0;
}

static errcode_t undo_write_blk64(io_channel channel, unsigned long long block,
				  int count, const void *buffer)
{
	return hold(channel->private_data, (uint64_t) block * channel->block_size,
		    e4_layer_request_bytes(channel, count), buffer);
}

static errcode_t undo_write_byte(io_channel channel, unsigned long offset,
				 int count, const void *buffer)
{
	struct undo_channel *data = channel->private_data;

	if (count < 0)
		return EXT2_ET_INVALID_ARGUMENT;
	return hold(data, offset, (size_t) count, buffer);
}

static errcode_t undo_flush(io_channel channel)
{
	struct undo_channel *data = channel->private_data;
	errcode_t retval = drain(data);

	return retval ? retval : e4_layer_flush(channel);
}

/*
 * "e4undo=FD" attaches the (empty, exclusively created) undo file and writes
 * its first state: no keys, the superblock as the image holds it now.
 * "offset" is also kept for the undo records; every option goes to unix io.
 */
static errcode_t undo_set_option(io_channel channel, const char *option,
				 const char *arg)
{
	struct undo_channel *data = channel->private_data;
	char *end = NULL;
	unsigned long long value;
	errcode_t retval;

	if (strcmp(option, "e4undo") == 0) {
		if (!arg)
			return EXT2_ET_INVALID_ARGUMENT;
		value = strtoull(arg, &end, 0);
		if (*end || value > INT32_MAX)
			return EXT2_ET_INVALID_ARGUMENT;
		data->undo_fd = (int) value;
		retval = read_unit(data, SB_UNIT, data->super);
		if (!retval)
			retval = commit_undo(data, 1);
		if (retval)
			data->failed = retval;
		return retval;
	}
	retval = e4_layer_set_option(channel, option, arg);
	if (!retval && strcmp(option, "offset") == 0 && arg) {
		value = strtoull(arg, &end, 0);
		if (*end)
			return EXT2_ET_INVALID_ARGUMENT;
		data->offset = value;
	}
	return retval;
}

static struct struct_io_manager undo_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "e4scope crash-safe undo I/O manager",
	.open = undo_open,
	.close = undo_close,
	.set_blksize = e4_layer_set_blksize,
	.read_blk = e4_layer_read_blk,
	.write_blk = e4_layer_write_blk,
	.flush = undo_flush,
	.write_byte = undo_write_byte,
	.set_option = undo_set_option,
	.get_stats = e4_layer_get_stats,
	.read_blk64 = undo_read_blk64,
	.write_blk64 = undo_write_blk64,
	.discard = e4_layer_refuse_blocks,
	.cache_readahead = e4_layer_cache_readahead,
	.zeroout = e4_layer_refuse_blocks,
};

io_manager e4_safe_undo_io_manager(void) { return &undo_manager; }

errcode_t e4_safe_undo_error(ext2_filsys fs)
{
	io_channel io = fs ? e4_batch_lower(fs->io) : NULL;
	struct undo_channel *data;

	if (!io || io->manager != &undo_manager)
		return 0;
	data = io->private_data;
	return data->failed;
}
