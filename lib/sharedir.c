/* sharedir.c - the directory of installed data, or the source tree's (sharedir.h). */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "sharedir.h"

const char *dp_sharedir(const char *env_var, const char *installed, const char *installed_probe,
                        const char *source, const char *source_probe)
{
	const char *env = getenv(env_var);
	struct stat st;

	if (env && *env)
		return env;
	if (source && stat(installed_probe, &st) != 0 && stat(source_probe, &st) == 0)
		return source;
	return installed;
}
