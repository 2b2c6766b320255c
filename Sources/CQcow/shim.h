#include <libqcow.h>
