/*
 * The write entry points of a read-only io manager: every one fails with
 * EXT2_ET_RO_FILSYS.
 */
#include "ContainerIO.h"

errcode_t e4_io_refuse_write_blk(io_channel channel, unsigned long block,
				 int count, const void *buffer)
{
	(void) channel; (void) block; (void) count; (void) buffer;
	return EXT2_ET_RO_FILSYS;
}

errcode_t e4_io_refuse_write_blk64(io_channel channel, unsigned long long block,
				   int count, const void *buffer)
{
	(void) channel; (void) block; (void) count; (void) buffer;
	return EXT2_ET_RO_FILSYS;
}

errcode_t e4_io_refuse_write_byte(io_channel channel, unsigned long offset,
				  int count, const void *buffer)
{
	(void) channel; (void) offset; (void) count; (void) buffer;
	return EXT2_ET_RO_FILSYS;
}

errcode_t e4_io_refuse_blocks(io_channel channel, unsigned long long block,
			      unsigned long long count)
{
	(void) channel; (void) block; (void) count;
	return EXT2_ET_RO_FILSYS;
}
