/* lib/csv_read.c - STUB: not written yet */
#include "config.h"
