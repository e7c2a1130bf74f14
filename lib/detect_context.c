/* lib/detect_context.c - STUB: not written yet */
#include "config.h"
