/* lib/validate_us.c - STUB: not written yet */
#include "config.h"
