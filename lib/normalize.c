/* lib/normalize.c - STUB: not written yet */
#include "config.h"
