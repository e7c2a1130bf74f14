/* lib/report_sarif.c - STUB: not written yet */
#include "config.h"
