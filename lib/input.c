/* lib/input.c - STUB: not written yet */
#include "config.h"
