/* lib/fingerprint.c - STUB: not written yet */
#include "config.h"
