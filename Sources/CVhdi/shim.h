#include <libvhdi.h>
