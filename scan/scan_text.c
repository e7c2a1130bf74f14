/* scan/scan_text.c - STUB */
#include "config.h"
