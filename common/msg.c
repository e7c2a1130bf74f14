/* common/msg.c - STUB */
#include "config.h"
