/* lib/validate_ru.c - STUB: not written yet */
#include "config.h"
