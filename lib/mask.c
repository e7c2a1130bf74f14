/* lib/mask.c - STUB: not written yet */
#include "config.h"
