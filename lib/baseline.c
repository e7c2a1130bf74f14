/* lib/baseline.c - STUB: not written yet */
#include "config.h"
