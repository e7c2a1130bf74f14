/* version.h - the versions of the libraries doppel is linked with, for --version.
 * Returns a static string; nothing to free. */
#ifndef DP_VERSION_H
#define DP_VERSION_H

const char *dp_version_libs(void);

#endif
