/* scan/scan_emit.c - STUB */
#include "config.h"
