/* scan/scan_walk.c - STUB */
#include "config.h"
