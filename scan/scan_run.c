/* scan/scan_run.c - STUB */
#include "config.h"
