/* scan/suppress.c - STUB */
#include "config.h"
