/* scan/staged.c - STUB */
#include "config.h"
