/* lib/validate_net.c - STUB: not written yet */
#include "config.h"
