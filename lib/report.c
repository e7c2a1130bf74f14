/* lib/report.c - STUB: not written yet */
#include "config.h"
