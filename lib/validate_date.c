/* lib/validate_date.c - STUB: not written yet */
#include "config.h"
