/* lib/validate_card.c - STUB: not written yet */
#include "config.h"
