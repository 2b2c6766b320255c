#include <libvmdk.h>
