/* lib/detect.c - STUB: not written yet */
#include "config.h"
