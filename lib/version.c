/* version.c - linked library versions for --version (version.h). */
#include "config.h"
#include "version.h"

#include <csv.h>
#include <jansson.h>
#include <pcre2.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unicode/uversion.h>
#include <zlib.h>

const char *dp_version_libs(void)
{
	static char buf[512];
	char pcre[64] = "";
	char icu[U_MAX_VERSION_STRING_LENGTH];
	UVersionInfo v;

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	u_getVersion(v);
	u_versionToString(v, icu);
	snprintf(buf, sizeof buf,
	         "PCRE2 %s, ICU %s, zlib %s, jansson %s, libsodium %s, SQLite %s, libcsv %d.%d.%d",
	         pcre, icu, zlibVersion(), jansson_version_str(), sodium_version_string(),
	         sqlite3_libversion(), CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
	return buf;
}
