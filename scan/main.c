/* scan/main.c - STUB */
#include "config.h"
int main(void) { return 70; }
