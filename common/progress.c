/* common/progress.c - STUB */
#include "config.h"
