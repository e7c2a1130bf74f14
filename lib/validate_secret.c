/* lib/validate_secret.c - STUB: not written yet */
#include "config.h"
