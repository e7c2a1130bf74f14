/* lib/validate_kz.c - STUB: not written yet */
#include "config.h"
