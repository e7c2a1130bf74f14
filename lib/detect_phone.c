/* lib/detect_phone.c - STUB: not written yet */
#include "config.h"
