/* datapack.c - loads the locale data packs and serves lookups and weighted picks
 * (datapack.h). Each list file is read whole (capped), split in place into NUL-terminated
 * cells that the rows point at, and every form of every row (native and Latin, masculine
 * and feminine) is entered under its normalised key in one open-addressing hash table
 * (FNV-1a, linear probing, grown at half load). Picks walk a cumulative weight array by
 * binary search, in integers only, so a random value picks the same row everywhere. */
#include "config.h"
#include "datapack.h"
#include "rng.h"
#include "sharedir.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "dp_exit.h"
#include "dynbuf.h"

#define KEYS_CAP ((size_t)256 << 20)             /* bytes of all keys of a pack */
#define UKEY_MAX (DP_DP_NAME_MAX * 2 + 8)         /* UTF-16 units while normalising */
#define KEY_MAX (DP_DP_NAME_MAX * 3 + 8)          /* bytes of one key */
#define SLOTS_MIN 1024

typedef struct slot {
	uint32_t hash;
	uint32_t koff;                 /* offset of the key in the keys arena */
	uint16_t klen;
	uint16_t flags;                /* DP_DP_F_*; 0 marks an empty slot */
	uint32_t row[DP_DP_NLISTS];    /* row index + 1 in each list, 0 for none */
} slot;

/* words.txt: a set of keys only, 8 bytes a slot; the keys are NUL-terminated in `keys` */
typedef struct wslot {
	uint32_t hash;
	uint32_t koff1;                /* offset of the key + 1; 0 marks an empty slot */
} wslot;

typedef struct list {
	char *buf;                     /* the file, split into cells in place */
	dp_dp_entry *rows;
	uint64_t *cum;                 /* cum[i] = weights of rows 0..i */
	uint32_t *guide;               /* GUIDE + 1 starting points for dp_dp_pick's search */
	size_t n;
} list;

#define GUIDE 1024

struct dp_dp_pack {
	char locale[4];
	int pick_only;                 /* dp_dp_load_pick: lists only, nothing to look up */
	list lists[DP_DP_NLISTS];
	dp_buf keys;
	wslot *wset;
	size_t wmask, wused;
	slot *slots;
	size_t mask;                   /* slot count - 1 (a power of two) */
	size_t used;
};

static const char *const list_file[DP_DP_NLISTS] = {
	"first_male", "first_female", "surname", "patronymic"
};
static const char *const list_header[DP_DP_NLISTS] = {
	"# doppel data pack v1: name\tweight\tlatin",
	"# doppel data pack v1: name\tweight\tlatin",
	"# doppel data pack v1: masculine\tfeminine\tweight\tlatin_masculine\tlatin_feminine",
	"# doppel data pack v1: male\tfemale\tweight\tlatin_male\tlatin_female"
};
/* the flags of a list's masculine and feminine forms */
static const unsigned list_flags[DP_DP_NLISTS][2] = {
	{DP_DP_F_FIRST_MALE, DP_DP_F_FIRST_MALE},
	{DP_DP_F_FIRST_FEMALE, DP_DP_F_FIRST_FEMALE},
	{DP_DP_F_SURNAME_M, DP_DP_F_SURNAME_F},
	{DP_DP_F_PATRONYMIC_M, DP_DP_F_PATRONYMIC_F}
};

/* ---- keys ------------------------------------------------------------------------- */

static UChar fold_char(UChar c, int kk)
{
	switch (c) {
	case 0x0451: return 0x0435;                      /* ё -> е */
	case 0x0131: return 'i';                         /* dotless ı */
	case 0x00E4: return 'a';
	case 0x011F: return 'g';
	case 0x00F1: return 'n';
	case 0x00F6: return 'o';
	case 0x016B: case 0x00FC: return 'u';
	case 0x015F: return 's';
	case 0x00E7: return 'c';
	}
	if (!kk)
		return c;
	switch (c) {
	case 0x04D9: return 0x0430;                      /* ә -> а */
	case 0x0493: return 0x0433;                      /* ғ -> г */
	case 0x049B: return 0x043A;                      /* қ -> к */
	case 0x04A3: return 0x043D;                      /* ң -> н */
	case 0x04E9: return 0x043E;                      /* ө -> о */
	case 0x04B1: case 0x04AF: return 0x0443;         /* ұ ү -> у */
	case 0x04BB: return 0x0445;                      /* һ -> х */
	case 0x0456: return 0x0438;                      /* і -> и */
	case 0x044C: case 0x044A: return 0;              /* ь ъ dropped */
	}
	return c;
}

/* Folds s[0..n) in place (see dp_dp_key); returns the new length. */
static int32_t fold(UChar *s, int32_t n, int kk)
{
	int32_t i, o = 0;

	for (i = 0; i < n; i++) {
		UChar f;

		if (s[i] == 0x0307 && o > 0 && (s[o - 1] == 'i' || s[o - 1] == 'j'))
			continue;                                /* the dot of a lower-cased İ */
		f = fold_char(s[i], kk);
		if (f)
			s[o++] = f;
	}
	return o;
}

/* All-ASCII names: lower-case them directly (what ICU would do). 1 if handled. */
static int ascii_key(const char *name, size_t len, char *out, size_t cap, size_t *klen)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] >= 0x80 || (unsigned char)name[i] < 0x20)
			return 0;
	*klen = 0;
	if (len >= cap)
		return 1;
	for (i = 0; i < len; i++)
		out[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	out[len] = '\0';
	*klen = len;
	return 1;
}

/* Latin Extended-A (U+0100-U+017F) in lower case; -1 for İ, which becomes i and a mark */
static int32_t latin_a_lower(int32_t c)
{
	if (c == 0x130)
		return -1;
	if (c == 0x178)
		return 0xFF;                                       /* Ÿ */
	if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
		return c;                                          /* ı ĸ ŉ ſ */
	if ((c >= 0x139 && c <= 0x148) || c >= 0x179)
		return c & 1 ? c + 1 : c;                          /* odd upper */
	return c & 1 ? c : c + 1;                              /* even upper */
}

/* The lower case of a code point among ASCII, the Latin-1 letters, Latin Extended-A and
 * the Cyrillic block: what ICU's u_strToLower gives there (for every locale but tr, az and
 * lt); -1 for any other, and for the Cyrillic combining marks, which NFC may reorder. */
static int32_t simple_lower(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xC0 && c <= 0xFF)
		return c == 0xD7 || c == 0xF7 ? -1 : c <= 0xDE ? c + 0x20 : c;
	if (c >= 0x100 && c <= 0x17F)
		return latin_a_lower(c);
	if (c < 0x400 || c > 0x4FF || (c >= 0x483 && c <= 0x489))
		return -1;
	if (c <= 0x42F)
		return c + (c <= 0x40F ? 0x50 : 0x20);              /* Ѐ-Џ, А-Я */
	if (c < 0x460 || c == 0x482 || c == 0x4CF)
		return c;                                          /* а-џ, ҂, ӏ */
	if (c == 0x4C0)
		return 0x4CF;                                      /* Ӏ */
	if (c >= 0x4C1 && c <= 0x4CE)
		return c & 1 ? c + 1 : c;                          /* Ӂ-ӎ: odd upper */
	return c & 1 ? c : c + 1;                              /* even upper */
}

/* dp_dp_key without ICU for names of ASCII, Latin letters below U+0180 and Cyrillic (the
 * packs and nearly every word looked up): such text is already NFC. 1 if handled, with *klen 0
 * when the key does not fit; 0 leaves the name to ICU. */
static int simple_key(const char *name, size_t len, int kk, char *out, size_t cap, size_t *klen)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		int32_t c = p[i];

		if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (p[i + 1] & 0xC0) == 0x80)
			c = ((c & 0x1F) << 6) | (p[++i] & 0x3F);
		else if (c < 0x20 || c >= 0x80)
			return 0;
		if ((c = simple_lower(c)) < 0)
			return 0;
		if (!(c = fold_char((UChar)c, kk)))
			continue;
		if (o + 1 + (c >= 0x80) >= cap)
			o = cap;                                       /* no room for it and the NUL */
		else if (c < 0x80)
			out[o++] = (char)c;
		else {
			out[o++] = (char)(0xC0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	*klen = o < cap ? o : 0;
	if (*klen)
		out[o] = '\0';
	return 1;
}

size_t dp_dp_key_icu(const char *locale, const char *name, size_t len, char *out, size_t cap)
{
	UChar a[UKEY_MAX], b[UKEY_MAX];
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	int32_t n = 0, k = 0;

	if (!name || !out || cap == 0 || len == 0 || len > DP_DP_NAME_MAX)
		return 0;
	u_strFromUTF8(a, UKEY_MAX, &n, name, (int32_t)len, &st);
	nfc = unorm2_getNFCInstance(&st);
	n = U_SUCCESS(st) ? unorm2_normalize(nfc, a, n, b, UKEY_MAX, &st) : 0;
	n = U_SUCCESS(st) ? u_strToLower(a, UKEY_MAX, b, n, locale ? locale : "", &st) : 0;
	if (U_FAILURE(st) || n >= UKEY_MAX)
		return 0;
	n = fold(a, n, locale && strcmp(locale, "kk") == 0);
	u_strToUTF8(out, (int32_t)(cap > INT32_MAX ? INT32_MAX : cap), &k, a, n, &st);
	if (U_FAILURE(st) || k <= 0 || (size_t)k >= cap)
		return 0;
	out[k] = '\0';
	return (size_t)k;
}

size_t dp_dp_key(const char *locale, const char *name, size_t len, char *out, size_t cap)
{
	size_t klen;

	if (!name || !out || cap == 0 || len == 0 || len > DP_DP_NAME_MAX)
		return 0;
	if (ascii_key(name, len, out, cap, &klen) ||
	    simple_key(name, len, locale && strcmp(locale, "kk") == 0, out, cap, &klen))
		return klen;
	return dp_dp_key_icu(locale, name, len, out, cap);
}

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	h ^= h >> 16;              /* spread the high bits into the low ones the tables use */
	h *= 0x85EBCA6Bu;
	return h ^ (h >> 13);
}

/* The slot holding key, or the empty slot where it would go. */
static slot *find_slot(const dp_dp_pack *p, const char *key, size_t k, uint32_t h)
{
	size_t i = h & p->mask;

	for (;; i = (i + 1) & p->mask) {
		slot *s = &p->slots[i];

		if (!s->flags)
			return s;
		if (s->hash == h && s->klen == k && memcmp(p->keys.data + s->koff, key, k) == 0)
			return s;
	}
}

/* Doubles the table (or makes the first one) and re-enters every key. */
static int grow_to(dp_dp_pack *p, size_t cap);

static int grow(dp_dp_pack *p)
{
	return grow_to(p, p->slots ? (p->mask + 1) * 2 : SLOTS_MIN);
}

/* Makes the table cap slots (a power of two) and re-enters every key. */
static int grow_to(dp_dp_pack *p, size_t cap)
{
	size_t old = p->slots ? p->mask + 1 : 0, i;
	slot *olds = p->slots;

	p->slots = calloc(cap, sizeof *p->slots);
	if (!p->slots) {
		p->slots = olds;
		return -1;
	}
	p->mask = cap - 1;
	for (i = 0; i < old; i++) {
		if (olds[i].flags) {
			size_t j = olds[i].hash & p->mask;

			while (p->slots[j].flags)
				j = (j + 1) & p->mask;
			p->slots[j] = olds[i];
		}
	}
	free(olds);
	return 0;
}

/* The slot of key[0..k), made when missing. */
static slot *enter_key(dp_dp_pack *p, const char *key, size_t k)
{
	uint32_t h = fnv1a(key, k);
	slot *s;

	if ((p->used + 1) * 2 > p->mask + 1 && grow(p) != 0)
		return NULL;
	s = find_slot(p, key, k, h);
	if (!s->flags) {
		if (p->keys.len > UINT32_MAX - KEY_MAX || dp_buf_add(&p->keys, key, k) != 0)
			return NULL;
		s->hash = h;
		s->koff = (uint32_t)(p->keys.len - k);
		s->klen = (uint16_t)k;
		p->used++;
	}
	return s;
}

/* Enters word[0..n) under its key with the given flags; returns its slot or NULL. */
static slot *add_word_slot(dp_dp_pack *p, const char *word, size_t n, unsigned flags,
                           const char *path, uint32_t line, dp_err *err)
{
	char key[KEY_MAX];
	size_t k = dp_dp_key(p->locale, word, n, key, sizeof key);
	slot *s;

	if (!k) {
		dp_err_setf(err, DP_DATAERR, path, line, "a name cannot be normalised");
		return NULL;
	}
	if (!(s = enter_key(p, key, k))) {
		dp_err_setf(err, DP_DATAERR, path, 0, "too many names in the pack");
		return NULL;
	}
	s->flags |= (uint16_t)flags;
	return s;
}

static int add_word(dp_dp_pack *p, const char *word, size_t n, unsigned flags,
                    const char *path, uint32_t line, dp_err *err)
{
	return add_word_slot(p, word, n, flags, path, line, err) ? DP_OK : err->code;
}

/* The word-set slot of key[0..k) with hash h, or the empty slot where it would go. */
static wslot *wset_find(const dp_dp_pack *p, const char *key, size_t k, uint32_t h)
{
	for (size_t i = h & p->wmask;; i = (i + 1) & p->wmask) {
		wslot *w = &p->wset[i];

		if (!w->koff1)
			return w;
		if (w->hash == h && strnlen(p->keys.data + w->koff1 - 1, k + 1) == k &&
		    memcmp(p->keys.data + w->koff1 - 1, key, k) == 0)
			return w;
	}
}

static int wset_grow(dp_dp_pack *p)
{
	size_t old = p->wset ? p->wmask + 1 : 0, cap = old ? old * 2 : SLOTS_MIN;
	wslot *olds = p->wset;

	if (!(p->wset = calloc(cap, sizeof *p->wset))) {
		p->wset = olds;
		return -1;
	}
	p->wmask = cap - 1;
	for (size_t i = 0; i < old; i++) {
		size_t j = olds[i].hash & p->wmask;

		while (olds[i].koff1 && p->wset[j].koff1)
			j = (j + 1) & p->wmask;
		if (olds[i].koff1)
			p->wset[j] = olds[i];
	}
	free(olds);
	return 0;
}

/* Enters word[0..n) in the word set. */
static int wset_add(dp_dp_pack *p, const char *word, size_t n, const char *path, uint32_t line,
                    dp_err *err)
{
	char key[KEY_MAX];
	size_t k = dp_dp_key(p->locale, word, n, key, sizeof key);
	uint32_t h;
	wslot *w;

	if (!k)
		return dp_err_setf(err, DP_DATAERR, path, line, "a word cannot be normalised");
	if ((p->wused + 1) * 2 > (p->wset ? p->wmask + 1 : 0) && wset_grow(p) != 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	h = fnv1a(key, k);
	w = wset_find(p, key, k, h);
	if (w->koff1)
		return DP_OK;
	key[k] = '\0';
	if (p->keys.len > UINT32_MAX - KEY_MAX - 1 || dp_buf_add(&p->keys, key, k + 1) != 0)
		return dp_err_setf(err, DP_DATAERR, path, 0, "too many words in the pack");
	w->hash = h;
	w->koff1 = (uint32_t)(p->keys.len - k - 1) + 1;
	p->wused++;
	return DP_OK;
}

/* Enters one form of row `row` of list li under its key with the given flags. */
static int add_key(dp_dp_pack *p, int li, size_t row, unsigned flags, const char *form,
                   const char *path, dp_err *err)
{
	slot *s = add_word_slot(p, form, strlen(form), flags, path, p->lists[li].rows[row].line,
	                        err);

	if (!s)
		return err->code;
	if (!s->row[li])
		s->row[li] = (uint32_t)row + 1;
	return DP_OK;
}

/* Enters the forms of a row (native and Latin, masculine and feminine); a form written
 * like a later one is entered once, at the later one, with the flags of both. */
static int add_row(dp_dp_pack *p, int li, size_t row, const char *path, dp_err *err)
{
	const dp_dp_entry *e = &p->lists[li].rows[row];
	const char *form[4] = {e->form[0], e->form[1], e->latin[0], e->latin[1]};
	unsigned flags[4];
	int rc = DP_OK;

	for (int f = 0; f < 4; f++)
		flags[f] = list_flags[li][f & 1];
	for (int f = 0; rc == DP_OK && f < 4; f++) {
		int g = f + 1;

		while (g < 4 && strcmp(form[f], form[g]) != 0)
			g++;
		if (g < 4)
			flags[g] |= flags[f];
		else
			rc = add_key(p, li, row, flags[f], form[f], path, err);
	}
	return rc;
}

/* ---- files -------------------------------------------------------------------------- */

/* Reads a whole file (at most DP_DP_FILE_MAX bytes) into a NUL-terminated buffer.
 * A missing optional file gives *buf == NULL and DP_OK. */
static int read_file(const char *path, int optional, char **buf, size_t *len, dp_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	int rc = DP_OK;

	*buf = NULL;
	*len = 0;
	if (!f)
		return optional && errno == ENOENT ? DP_OK
		       : dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		rc = dp_err_setf(err, DP_NOINPUT, path, 0, "not a regular file");
	else if ((unsigned long long)st.st_size > DP_DP_FILE_MAX)
		rc = dp_err_setf(err, DP_DATAERR, path, 0, "larger than %zu bytes", DP_DP_FILE_MAX);
	else if (!(*buf = malloc((size_t)st.st_size + 1)))
		rc = dp_err_set(err, DP_SOFTWARE, "out of memory");
	else if ((*len = fread(*buf, 1, (size_t)st.st_size, f)) != (size_t)st.st_size || ferror(f))
		rc = dp_err_setf(err, DP_IOERR, path, 0, "read error");
	fclose(f);
	if (rc != DP_OK) {
		free(*buf);
		*buf = NULL;
		return rc;
	}
	(*buf)[*len] = '\0';
	return DP_OK;
}

/* A cell: not empty, at most DP_DP_NAME_MAX bytes, valid UTF-8 without control codes. */
static const char *bad_cell(const char *s, size_t n)
{
	int32_t i = 0;

	if (n == 0)
		return "an empty column";
	if (n > DP_DP_NAME_MAX)
		return "a column longer than the name limit";
	while (i < (int32_t)n) {
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
		if (c < 0)
			return "invalid UTF-8";
		if (c < 0x20 || c == 0x7F)
			return "a control character";
	}
	return NULL;
}

static int parse_weight(const char *s, uint32_t *w)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > DP_DP_WEIGHT_MAX)
			return -1;
	}
	if (v == 0)
		return -1;
	*w = (uint32_t)v;
	return 0;
}

/* Splits a data line at its tabs into cells (in place) and fills a row. */
static int parse_row(char *s, int li, uint32_t line, dp_dp_entry *e, const char *path,
                     dp_err *err)
{
	int ncols = li < DP_DP_SURNAME ? 3 : 5, n = 0, wcol = li < DP_DP_SURNAME ? 1 : 2;
	char *cell[5];
	const char *why;

	for (;;) {
		char *tab = strchr(s, '\t');

		if (n < 5)
			cell[n] = s;
		n++;
		if (!tab)
			break;
		*tab = '\0';
		s = tab + 1;
	}
	if (n != ncols)
		return dp_err_setf(err, DP_DATAERR, path, line, "%d columns, expected %d", n, ncols);
	for (n = 0; n < ncols; n++)
		if ((why = bad_cell(cell[n], strlen(cell[n]))))
			return dp_err_setf(err, DP_DATAERR, path, line, "column %d: %s", n + 1, why);
	if (parse_weight(cell[wcol], &e->weight) != 0)
		return dp_err_setf(err, DP_DATAERR, path, line, "weight is not a whole number "
		                   "from 1 to %u", DP_DP_WEIGHT_MAX);
	e->form[0] = cell[0];
	e->form[1] = cell[ncols == 3 ? 0 : 1];
	e->latin[0] = cell[ncols - 1 - (ncols == 5)];
	e->latin[1] = cell[ncols - 1];
	e->line = line;
	return DP_OK;
}

/* Checks one line (length, NUL bytes, the header on line 1); 1 when it holds a row. */
static int classify_line(char *s, size_t n, int li, uint32_t line, const char *path,
                         dp_err *err, int *rc)
{
	*rc = DP_OK;
	if (n > DP_DP_LINE_MAX)
		*rc = dp_err_setf(err, DP_DATAERR, path, line, "line longer than %d bytes",
		                  DP_DP_LINE_MAX);
	else if (strlen(s) != n)
		*rc = dp_err_setf(err, DP_DATAERR, path, line, "NUL byte in line");
	else if (line == 1 && strcmp(s, list_header[li]) != 0)
		*rc = dp_err_setf(err, DP_DATAERR, path, line, "not a doppel data pack v1 header "
		                  "for %s", list_file[li]);
	return *rc == DP_OK && line > 1 && n > 0 && s[0] != '#';
}

/* Parses a file's text into its list's rows. */
static int parse_list(list *l, int li, size_t len, const char *path, dp_err *err)
{
	char *s = l->buf, *end = l->buf + len;
	uint32_t line = 0;
	int rc = DP_OK;

	if (!(l->rows = calloc(DP_DP_ROWS_MAX < len / 4 + 1 ? DP_DP_ROWS_MAX : len / 4 + 1,
	                       sizeof *l->rows)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	while (s < end && rc == DP_OK) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		s[n] = '\0';
		if (classify_line(s, n, li, line, path, err, &rc)) {
			if (l->n >= DP_DP_ROWS_MAX || l->n >= len / 4 + 1)
				return dp_err_setf(err, DP_DATAERR, path, line, "more than %d rows",
				                   DP_DP_ROWS_MAX);
			rc = parse_row(s, li, line, &l->rows[l->n], path, err);
			l->n += rc == DP_OK;
		}
		s = nl ? nl + 1 : end;
	}
	if (rc == DP_OK && line == 0)
		rc = dp_err_setf(err, DP_DATAERR, path, 1, "empty file, no header");
	return rc;
}

static int build_cum(list *l, dp_err *err)
{
	uint64_t sum = 0;
	size_t i;

	if (!l->n)
		return DP_OK;
	if (!(l->cum = malloc(l->n * sizeof *l->cum)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (i = 0; i < l->n; i++) {
		sum += l->rows[i].weight;
		l->cum[i] = sum;
	}
	/* guide[b]: the first row whose cum passes floor(b * total / GUIDE) */
	if (!(l->guide = malloc((GUIDE + 1) * sizeof *l->guide)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (size_t b = 0, k = 0; b <= GUIDE; b++) {
		uint64_t lim = (uint64_t)(((unsigned __int128)sum * b) / GUIDE);

		while (k + 1 < l->n && l->cum[k] <= lim)
			k++;
		l->guide[b] = (uint32_t)k;
	}
	return DP_OK;
}

/* Loads one list file and enters its forms in the table. */
static int load_list(dp_dp_pack *p, int li, const char *dir, dp_err *err)
{
	char path[PATH_MAX];
	list *l = &p->lists[li];
	size_t len, i;
	int rc;

	if (snprintf(path, sizeof path, "%s/%s/%s.tsv", dir, p->locale, list_file[li])
	    >= (int)sizeof path)
		return dp_err_set(err, DP_USAGE, "data pack path too long");
	rc = read_file(path, li == DP_DP_PATRONYMIC, &l->buf, &len, err);
	if (rc != DP_OK || !l->buf)
		return rc;
	rc = parse_list(l, li, len, path, err);
	if (rc == DP_OK)
		rc = build_cum(l, err);
	for (i = 0; rc == DP_OK && !p->pick_only && i < l->n; i++)
		rc = add_row(p, li, i, path, err);
	return rc;
}

/* Enters every word of the optional LOCALE/NAME (one per line, '#' comments) with the
 * flag: words.txt into the word set, others into the name table. The keys are copied, so
 * the file is freed here. */
static int load_words(dp_dp_pack *p, const char *dir, const char *name, unsigned flag,
                      dp_err *err)
{
	char path[PATH_MAX], *buf, *line, *next;
	const char *why;
	size_t len, n = 0;
	uint32_t ln = 0;
	int rc;

	if (snprintf(path, sizeof path, "%s/%s/%s", dir, p->locale, name) >= (int)sizeof path)
		return dp_err_set(err, DP_USAGE, "data pack path too long");
	rc = read_file(path, 1, &buf, &len, err);
	for (line = buf; rc == DP_OK && line && line < buf + len; line = next) {
		next = memchr(line, '\n', (size_t)(buf + len - line));
		next = next ? next + 1 : buf + len;
		ln++;
		n = (size_t)(next - line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			n--;
		if (!n || line[0] == '#')
			continue;
		if ((why = bad_cell(line, n)))
			rc = dp_err_setf(err, DP_DATAERR, path, ln, "bad word: %s", why);
		else
			rc = flag == DP_DP_F_WORD ? wset_add(p, line, n, path, ln, err)
			                          : add_word(p, line, n, flag, path, ln, err);
	}
	free(buf);
	return rc;
}

static int good_locale(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* A first table size from the sizes of the pack's name files (a key for every 12 bytes, at
 * most half full), so that loading rarely rehashes; the table still grows when needed. */
static size_t initial_slots(const char *dir, const char *locale)
{
	static const char *const extra[] = {"common.txt"};
	char path[PATH_MAX];
	struct stat st;
	size_t bytes = 0, cap = SLOTS_MIN;

	for (int i = 0; i < DP_DP_NLISTS + (int)(sizeof extra / sizeof *extra); i++) {
		if (i < DP_DP_NLISTS)
			snprintf(path, sizeof path, "%s/%s/%s.tsv", dir, locale, list_file[i]);
		else
			snprintf(path, sizeof path, "%s/%s/%s", dir, locale, extra[i - DP_DP_NLISTS]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (off_t)DP_DP_FILE_MAX)
			bytes += (size_t)st.st_size;
	}
	while (cap < bytes / 24 * 2 && cap < ((size_t)1 << 24))
		cap *= 2;
	return cap;
}

static int load_pack(const char *dir, const char *locale, int pick_only, dp_dp_pack **out,
                     dp_err *err);

int dp_dp_load(const char *dir, const char *locale, dp_dp_pack **out, dp_err *err)
{
	return load_pack(dir, locale, 0, out, err);
}

int dp_dp_load_pick(const char *dir, const char *locale, dp_dp_pack **out, dp_err *err)
{
	return load_pack(dir, locale, 1, out, err);
}

static int load_pack(const char *dir, const char *locale, int pick_only, dp_dp_pack **out,
                     dp_err *err)
{
	dp_dp_pack *p;
	int li, rc = DP_OK;

	*out = NULL;
	if (!dir || !*dir || !good_locale(locale))
		return dp_err_set(err, DP_USAGE, "bad data pack directory or locale name");
	if (!(p = calloc(1, sizeof *p)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	memcpy(p->locale, locale, strlen(locale) + 1);
	p->pick_only = pick_only;
	dp_buf_init(&p->keys, KEYS_CAP);
	if (grow_to(p, pick_only ? 16 : initial_slots(dir, locale)) != 0)
		rc = dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (li = 0; rc == DP_OK && li < DP_DP_NLISTS; li++)
		rc = load_list(p, li, dir, err);
	if (rc == DP_OK && !pick_only)
		rc = load_words(p, dir, "common.txt", DP_DP_F_COMMON, err);
	if (rc == DP_OK && !pick_only)
		rc = load_words(p, dir, "words.txt", DP_DP_F_WORD, err);
	if (rc != DP_OK) {
		dp_dp_free(p);
		return rc;
	}
	*out = p;
	return DP_OK;
}

void dp_dp_free(dp_dp_pack *p)
{
	int li;

	if (!p)
		return;
	for (li = 0; li < DP_DP_NLISTS; li++) {
		free(p->lists[li].buf);
		free(p->lists[li].rows);
		free(p->lists[li].cum);
		free(p->lists[li].guide);
	}
	dp_buf_free(&p->keys);
	free(p->wset);
	free(p->slots);
	free(p);
}

/* ---- queries ----------------------------------------------------------------------- */

const char *dp_dp_locale(const dp_dp_pack *p)
{
	return p ? p->locale : NULL;
}

size_t dp_dp_count(const dp_dp_pack *p, enum dp_dp_list li)
{
	return p && (unsigned)li < DP_DP_NLISTS ? p->lists[li].n : 0;
}

const dp_dp_entry *dp_dp_entry_at(const dp_dp_pack *p, enum dp_dp_list li, size_t i)
{
	return i < dp_dp_count(p, li) ? &p->lists[li].rows[i] : NULL;
}

unsigned dp_dp_lookup_key(const dp_dp_pack *p, const char *key, size_t k, dp_dp_match *m)
{
	const slot *s;
	int li;

	if (m)
		memset(m, 0, sizeof *m);
	if (!p || !k || k >= KEY_MAX)
		return 0;
	s = find_slot(p, key, k, fnv1a(key, k));
	if (!s->flags)
		return p->wset && wset_find(p, key, k, fnv1a(key, k))->koff1 ? DP_DP_F_WORD : 0;
	if (m) {
		m->flags = s->flags;
		for (li = 0; li < DP_DP_NLISTS; li++)
			m->entry[li] = s->row[li] ? &p->lists[li].rows[s->row[li] - 1] : NULL;
	}
	return s->flags;
}

unsigned dp_dp_lookup(const dp_dp_pack *p, const char *name, size_t len, dp_dp_match *m)
{
	char key[KEY_MAX];
	size_t k;

	if (m)
		memset(m, 0, sizeof *m);
	if (!p || !(k = dp_dp_key(p->locale, name, len, key, sizeof key)))
		return 0;
	return dp_dp_lookup_key(p, key, k, m);
}

const char *dp_dp_data_dir(void)
{
#ifdef DP_SRCDATADIR
	return dp_sharedir("DOPPEL_DATA_DIR", DP_DATADIR "/templates/data", DP_DATADIR "/templates/data/en",
			   DP_SRCDATADIR, DP_SRCDATADIR "/en");
#else
	return dp_sharedir("DOPPEL_DATA_DIR", DP_DATADIR "/templates/data", NULL, NULL, NULL);
#endif
}

/* The high 64 bits of a * b, without a 128-bit type. */
static uint64_t mulhi64(uint64_t a, uint64_t b)
{
	uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);

	return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

const dp_dp_entry *dp_dp_pick(const dp_dp_pack *p, enum dp_dp_list li, uint64_t r)
{
	const list *l;
	uint64_t target;
	size_t lo = 0, hi;

	if (!dp_dp_count(p, li))
		return NULL;
	l = &p->lists[li];
	target = mulhi64(r, l->cum[l->n - 1]);   /* uniform in [0, total) */
	/* the first row with cum > target lies between the guides of target's bucket */
	lo = (size_t)(((unsigned __int128)target * GUIDE) / l->cum[l->n - 1]);
	hi = l->guide[lo + 1];
	return &l->rows[dp_rng_cum_find(l->cum, l->guide[lo], hi, target)];
}
