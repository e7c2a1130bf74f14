/* scan/scan_records.c - STUB */
#include "config.h"
