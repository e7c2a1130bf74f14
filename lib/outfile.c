/* lib/outfile.c - STUB: not written yet */
#include "config.h"
