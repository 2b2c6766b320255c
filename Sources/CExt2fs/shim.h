#include <ext2fs/ext2_fs.h>
#include <ext2fs/ext2fs.h>
#include <e2p/e2p.h>
#include <et/com_err.h>
#include <ext2fs/ext3_extents.h>
