/* lib/version.c - STUB: not written yet */
#include "config.h"
