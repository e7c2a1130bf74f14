/* lib/validate_iban.c - STUB: not written yet */
#include "config.h"
