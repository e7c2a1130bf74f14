/* sharedir.h - where doppel's installed data (templates, data packs) is read from: an
 * environment variable names it, else the installed directory, else (an uninstalled
 * build whose data is not installed yet) the source tree's.
 * Ownership: the result is the environment's string or one of the caller's; nothing is
 * allocated; do not keep it past a setenv of env_var. */
#ifndef DP_SHAREDIR_H
#define DP_SHAREDIR_H

/* env_var's value when set and not empty; else installed, unless the file installed_probe
 * is missing and source_probe exists, then source. source may be NULL (no source tree). */
const char *dp_sharedir(const char *env_var, const char *installed, const char *installed_probe,
                        const char *source, const char *source_probe);

#endif
