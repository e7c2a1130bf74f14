/* lib/rules.c - STUB: not written yet */
#include "config.h"
