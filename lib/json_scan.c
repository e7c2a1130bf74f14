/* lib/json_scan.c - STUB: not written yet */
#include "config.h"
