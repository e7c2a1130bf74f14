/* datapack.h - the locale data packs shared by the person-name detector and doppel-gen:
 * first names by gender, surnames and patronymics with their gendered and Latin forms and
 * frequency weights (templates/data/LOCALE/LIST.tsv, format in templates/SOURCES.md), loaded
 * once, looked up in O(1) by normalised name, sampled by weight.
 * Ownership: dp_dp_load allocates the pack and the caller frees it with dp_dp_free; the
 * entries and their strings live as long as the pack. A loaded pack is read-only, so any
 * number of threads may look up and pick from it at once; no call allocates after load. */
#ifndef DP_DATAPACK_H
#define DP_DATAPACK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* the lists of a pack, one file each */
enum dp_dp_list {
	DP_DP_FIRST_MALE,    /* first_male.tsv:   name weight latin */
	DP_DP_FIRST_FEMALE,  /* first_female.tsv: name weight latin */
	DP_DP_SURNAME,       /* surname.tsv:    masculine feminine weight latin_masculine latin_feminine */
	DP_DP_PATRONYMIC,    /* patronymic.tsv: male female weight latin_male latin_female (optional) */
	DP_DP_NLISTS
};

/* what a looked-up name is: any combination */
enum {
	DP_DP_F_FIRST_MALE = 1 << 0,
	DP_DP_F_FIRST_FEMALE = 1 << 1,
	DP_DP_F_SURNAME_M = 1 << 2,
	DP_DP_F_SURNAME_F = 1 << 3,
	DP_DP_F_PATRONYMIC_M = 1 << 4,
	DP_DP_F_PATRONYMIC_F = 1 << 5,
	DP_DP_F_COMMON = 1 << 6,      /* in common.txt: also a common word, needs context */
	DP_DP_F_WORD = 1 << 7         /* in words.txt: a word of the language and no name */
};

/* caps on the untrusted files and on looked-up names */
#define DP_DP_FILE_MAX ((size_t)16 << 20)   /* bytes in one list file */
#define DP_DP_LINE_MAX 1024                  /* bytes in one line */
#define DP_DP_NAME_MAX 128                   /* bytes in one name; longer ones never match */
#define DP_DP_ROWS_MAX 500000                /* rows in one list file */
#define DP_DP_WEIGHT_MAX 1000000000u         /* largest weight; weights are >= 1 */

typedef struct dp_dp_pack dp_dp_pack;

/* One row. First names have form[0] == form[1] and latin[0] == latin[1]. */
typedef struct dp_dp_entry {
	const char *form[2];   /* [0] masculine (male), [1] feminine (female), NFC UTF-8 */
	const char *latin[2];  /* their Latin-script forms */
	uint32_t weight;       /* relative frequency, >= 1 */
	uint32_t line;         /* line in its file */
} dp_dp_entry;

/* The result of a lookup: the flags, and for each list the row the name belongs to. */
typedef struct dp_dp_match {
	unsigned flags;
	const dp_dp_entry *entry[DP_DP_NLISTS];
} dp_dp_match;

/* Loads DIR/LOCALE/{first_male,first_female,surname,patronymic}.tsv (patronymic.tsv may
 * be missing: that list is then empty) and the optional DIR/LOCALE/common.txt (words, one
 * per line, that are names but also common words or places: looked up with
 * DP_DP_F_COMMON) and the optional DIR/LOCALE/words.txt (words that are no name:
 * DP_DP_F_WORD). LOCALE is 2 or 3 lower-case ASCII letters.
 * Returns DP_OK, DP_USAGE (bad locale or path), DP_NOINPUT (a file missing or unreadable),
 * DP_IOERR, DP_DATAERR (a malformed file, with its file and line in err) or DP_SOFTWARE
 * (out of memory). On failure *out is NULL. */
int dp_dp_load(const char *dir, const char *locale, dp_dp_pack **out, dp_err *err);
/* The same, loading the lists only, for picking (doppel-gen): no lookup table, no
 * common.txt or words.txt; dp_dp_lookup finds nothing in such a pack. */
int dp_dp_load_pick(const char *dir, const char *locale, dp_dp_pack **out, dp_err *err);
void dp_dp_free(dp_dp_pack *p);

const char *dp_dp_locale(const dp_dp_pack *p);
size_t dp_dp_count(const dp_dp_pack *p, enum dp_dp_list list);
/* Row i of a list in file order (heaviest first in the shipped packs), NULL past the end. */
const dp_dp_entry *dp_dp_entry_at(const dp_dp_pack *p, enum dp_dp_list list, size_t i);

/* Looks name[0..len) up in any script the pack has (its own and Latin), ignoring case,
 * Unicode normalisation and the folds of dp_dp_key. Returns the flags (0: not a known
 * name) and fills m when it is not NULL. No allocation. */
unsigned dp_dp_lookup(const dp_dp_pack *p, const char *name, size_t len, dp_dp_match *m);

/* The same for a key already made by dp_dp_key (with this pack's locale; a key of another
 * locale finds what that key's folds match). */
unsigned dp_dp_lookup_key(const dp_dp_pack *p, const char *key, size_t klen, dp_dp_match *m);

/* The directory holding the packs: $DOPPEL_DATA_DIR, else the installed
 * PKGDATADIR/templates/data, else (an uninstalled build, the installed one missing) the
 * source tree's. The string is the environment's or static: do not free or keep it past a
 * setenv. */
const char *dp_dp_data_dir(void);

/* The row of a list chosen by weight for a 64-bit random value r: the same r gives the
 * same row on every machine (integer arithmetic only). NULL when the list is empty. */
const dp_dp_entry *dp_dp_pick(const dp_dp_pack *p, enum dp_dp_list list, uint64_t r);

/* The lookup key of a name: NFC, lower case (ICU, for the locale), then folded: ё -> е;
 * dotless and dotted i -> i; ä ğ ñ ö ū ü ş ç -> a g n o u u s c; for kk also the Kazakh
 * letters to their Russian look-alikes (қ -> к, ү -> у, ...) with ь and ъ dropped, so
 * names written without Kazakh letters (Айгуль, Нурлан) still match. Writes it, NUL-
 * terminated, to out[0..cap) and returns its length; 0 when the name is empty, longer than
 * DP_DP_NAME_MAX, not valid UTF-8, or the key does not fit. */
size_t dp_dp_key(const char *locale, const char *name, size_t len, char *out, size_t cap);
/* The same, always through ICU: dp_dp_key computes most keys without it, and the unit
 * tests check that both agree. */
size_t dp_dp_key_icu(const char *locale, const char *name, size_t len, char *out, size_t cap);

#endif
