/* detect_person.c - person names (SPEC section 4.1). Walks the normalised text for words
 * that start with a capital letter (ICU character properties and scripts; words as in
 * Unicode word segmentation for alphabetic scripts: letters with inner apostrophes and
 * hyphens), classifies each with the lexicon (person.h), joins adjacent names and initials
 * into one span ("Петров Иван Сергеевич", "J. R. Smith", "Petrov I.I."), and scores the span
 * from its evidence: what its words are, how many, capitals only, sentence start, and the
 * context around it (person_context.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detect_internal.h"
#include "dp_exit.h"
#include "person.h"

#define RUN_MAX 6          /* words in one name */
#define CACHE_SLOTS 16384  /* direct-mapped cache of word classes, per scanner (640 KiB) */
#define CACHE_WORD 30      /* longest word the cache holds */
#define PW_HON (1u << 15)  /* cache flag: an honorific */

struct dp_pcache {
	uint32_t hash;
	uint8_t len;           /* 0: empty */
	char w[CACHE_WORD];
	uint32_t f;            /* DP_PW_* and PW_HON */
};
#define WORD_MAX 64        /* bytes in one word; longer ones are not names */

enum { TK_NONE, TK_NAME, TK_UNK, TK_INIT, TK_HON };

typedef struct ptok {
	size_t s, e;           /* the word, without a possessive 's */
	size_t next;           /* just after the word (and its possessive) */
	unsigned f;            /* DP_PW_* */
	unsigned char kind;    /* TK_* */
	unsigned char caps;    /* written in capitals only */
	unsigned char sent;    /* first word of a sentence or line */
} ptok;

int dp_detect_person_build(dp_detector *d, dp_err *err)
{
	const char *dir = dp_dp_data_dir();
	int rc = dp_person_lex_load(dir, &d->lex, err);
	size_t l;

	if (rc != DP_OK) {   /* keep the pack error's file and line; add what to do */
		l = strlen(err->msg);
		snprintf(err->msg + l, sizeof err->msg - l, " (the person-name data packs: set "
		         "DOPPEL_DATA_DIR, or disable the person type in the rules)");
		return rc;
	}
	return dp_person_ctx_build(d, err);
}

static inline UChar32 char_at(const dp_scanner *s, size_t i, size_t *next)
{
	UChar32 c;
	size_t k = i;

	if ((unsigned char)s->t[i] < 0x80) {
		*next = i + 1;
		return (unsigned char)s->t[i];
	}
	U8_NEXT((const uint8_t *)s->t, k, s->n, c);
	*next = k;
	return c;
}

static inline UChar32 char_before(const dp_scanner *s, size_t i)
{
	UChar32 c;
	int32_t k;
	const uint8_t *base;

	if (i == 0)
		return -1;
	if ((unsigned char)s->t[i - 1] < 0x80)
		return (unsigned char)s->t[i - 1];
	k = (int32_t)(i < 8 ? i : 8);
	base = (const uint8_t *)s->t + i - (size_t)k;   /* U8_PREV moves k: fix the base first */
	U8_PREV(base, 0, k, c);
	return c;
}

/* Fast paths for ASCII and the Cyrillic block (U+0400-U+04FF), where the text spends its
 * time; ICU answers for everything else. */
static inline int is_letter(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c >= 0x400 && c <= 0x4FF)
		return c != 0x482;                      /* ҂ is a sign; U+0483-U+0489 are marks */
	return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK);
}

/* 1 upper case, 0 lower case (or no letter) */
static inline int is_upper(UChar32 c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	if (c >= 0x400 && c <= 0x4FF) {
		if (c <= 0x42F)
			return 1;                           /* Ѐ-Я */
		if (c <= 0x45F || c == 0x4CF)
			return 0;                           /* а-џ, ӏ */
		if (c == 0x4C0)
			return 1;                           /* Ӏ */
		if (c >= 0x4C1 && c <= 0x4CE)
			return c & 1;                       /* Ӂ-ӎ: odd upper */
		return c >= 0x48A || c <= 0x481 ? !(c & 1) : 0;   /* even upper */
	}
	return u_isupper(c);
}

static inline int is_lower(UChar32 c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	if (c >= 0x400 && c <= 0x4FF)
		return (c < 0x482 || c > 0x489) && !is_upper(c);
	return u_islower(c);
}

/* A name's script must be one of ours (Latin or Cyrillic). */
static int our_script(UChar32 c)
{
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc;

	if ((c >= 0x400 && c <= 0x4FF) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
		return 1;
	sc = uscript_getScript(c, &st);
	return U_SUCCESS(st) && (sc == USCRIPT_LATIN || sc == USCRIPT_CYRILLIC);
}

/* ASCII letters, digits and '_' */
static const unsigned char word_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['_'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
};

/* i starts a capitalised word: an upper-case Latin or Cyrillic letter after a non-word. */
static int cap_start(const dp_scanner *s, size_t i)
{
	size_t nx;
	UChar32 c, p;
	unsigned char b = (unsigned char)s->t[i], q = i ? (unsigned char)s->t[i - 1] : ' ';

	if (b < 0x80 && q < 0x80)   /* ASCII: no ICU needed */
		return b >= 'A' && b <= 'Z' && !word_byte[q];
	c = char_at(s, i, &nx);
	if (c < 0 || !is_upper(c) || !our_script(c))
		return 0;
	p = char_before(s, i);
	return !(p >= 0 && (is_letter(p) || u_isdigit(p) || p == '_'));
}

/* bytes that may start an upper-case letter of ours: 1 for A-Z; 2 for the lead bytes of
 * Latin-1, Latin Extended-A and Cyrillic whose second byte decides */
static const unsigned char upper_lead[256] = {
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1, [0xC3] = 2, [0xC4] = 2, [0xC5] = 2, [0xC6] = 2, [0xC7] = 2,
	[0xC8] = 2, [0xC9] = 2, [0xD0] = 2, [0xD2] = 2, [0xD3] = 2,
};

/* the second byte of a lead byte in upper_lead may start an upper-case letter */
static int maybe_upper2(unsigned char b, unsigned char c)
{
	switch (b) {
	case 0xC3: return c < 0x9F;                  /* À-Þ; à-ÿ are lower case */
	case 0xD0: return c < 0xB0;                  /* Ѐ-Я; а-п are lower case */
	case 0xD2: case 0xD3: return !(c & 1);      /* Ғ Қ Ң Ү Ұ Һ Ә Ө: even code points */
	default: return 1;                           /* Latin Extended-A: ask ICU */
	}
}

#ifdef __SSE2__
/* bytes v in [lo, lo + len) (wrapping add, then a signed compare) */
#define IN_RANGE(v, lo, len) _mm_cmplt_epi8(_mm_add_epi8((v), _mm_set1_epi8((char)(0x80 - (lo)))), \
                                            _mm_set1_epi8((char)(0x80 + (len))))

/* A mask of the 16 bytes at p that may start an upper-case letter of ours: A-Z, the lead
 * bytes of upper_lead but 0xD0, and 0xD0 unless a lower-case а-п byte (0xB0-0xBF) follows
 * (so p[16] must be readable). A byte without its bit is passed by next_cap's loop too. */
static unsigned lead_mask16(const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
	__m128i m = _mm_or_si128(IN_RANGE(v, 'A', 26), IN_RANGE(v, 0xC3, 7));

	m = _mm_or_si128(m, IN_RANGE(v, 0xD2, 2));
	m = _mm_or_si128(m, _mm_andnot_si128(IN_RANGE(w, 0xB0, 16),
	                                     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD0))));
	return (unsigned)_mm_movemask_epi8(m);
}

/* the first byte from i that may start a capitalised word, or a byte near the end */
static size_t skip_plain(const unsigned char *t, size_t i, size_t n)
{
	for (; i + 17 <= n; i += 16) {
		unsigned m = lead_mask16(t + i);

		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
	return i;
}
#else
/* 8 bytes at p hold no A-Z and no byte >= 0x80 (SWAR, "has between" of Bit Twiddling
 * Hacks): nothing there can start a capitalised word */
static int plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t x, low;

	memcpy(&x, p, 8);
	if (x & high)
		return 0;
	low = x & (ones * 127);
	return !((ones * (127 + 'Z' + 1) - low) & ~x & (low + ones * (127 - ('A' - 1))) & high);
}

static size_t skip_plain(const unsigned char *t, size_t i, size_t n)
{
	while (i + 8 <= n && plain8(t + i))
		i += 8;
	return i;
}
#endif

static size_t next_cap(const dp_scanner *s, size_t i)
{
	const unsigned char *t = (const unsigned char *)s->t;
	size_t n = s->n;

	for (;;) {
		unsigned char k = 0;

		i = skip_plain(t, i, n);
		for (; i < n; i++) {
			if (!(k = upper_lead[t[i]]))
				continue;
			if (t[i] != 0xD0 || i + 1 >= n || t[i + 1] < 0xB0)
				break;
			i++;               /* а-п: the most common Cyrillic lead byte, lower case */
		}
		if (i >= n)
			return n;
		if (k == 1 && i > 0 && word_byte[t[i - 1]]) {
			while (i < n && word_byte[t[i]])
				i++;           /* inside an ASCII word ("userID", "AKIA..."): skip it */
			continue;
		}
		if ((k == 1 || (i + 1 < n && maybe_upper2(t[i], t[i + 1]))) && cap_start(s, i))
			return i;
		i++;
	}
}

/* p[0..n) is one of the NULL-terminated list */
static int in_list(const char *const *list, const char *p, size_t n)
{
	for (int i = 0; n && list[i]; i++)
		if (list[i][0] == p[0] && strlen(list[i]) == n && memcmp(list[i], p, n) == 0)
			return 1;
	return 0;
}

/* honorifics and greetings written with a capital: context, never part of a name */
static int honorific(const char *w, size_t n)
{
	static const char *const hon[] = {
		"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "dear", "hi",
		"hello", "hey", "thanks", "dame", "lady", "lord",
		"уважаемый", "уважаемая", "господин", "госпожа", "здравствуйте", "привет",
		"дорогой", "дорогая", "құрметті", "ардақты", "қымбатты", "аяулы", "сәлем", "мырза",
		"ханым", "апай", "ағай", "judge", "nurse", "coach", "driver", "officer", "captain",
		"sergeant", "detective", "inspector", "rev", "reverend", "father", "sister",
		"uncle", "aunt", "agent", "doctor", "teacher", "president", "director", "professor",
		"registrar", "consultant", "pastor", "rabbi", "imam", NULL
	};
	char k[WORD_MAX * 3];
	size_t kn = n <= 24 ? dp_dp_key("ru", w, n, k, sizeof k) : 0;   /* short words only */

	return kn && in_list(hon, k, kn);
}

/* Mc, Mac, De, ... before an inner capital (McDonald, DeShawn, VanDyke) */
static int name_prefix(const char *p, size_t n)
{
	static const char *const pre[] = {
		"Mc", "Mac", "De", "Di", "Da", "La", "Le", "Du", "Van", "Von", "Fitz", NULL
	};

	return in_list(pre, p, n);
}

typedef struct wshape {
	unsigned letters, upper;
	int camel;             /* an inner capital that no name prefix explains */
	int hyphen;
} wshape;

/* The end of the word at i: letters, with an apostrophe before a letter and a hyphen
 * before a capital inside it. */
static size_t word_end(const dp_scanner *s, size_t i, wshape *w)
{
	size_t k = i, nx, seg = i;
	int prev_lower = 0;

	memset(w, 0, sizeof *w);
	while (k < s->n) {
		UChar32 c = char_at(s, k, &nx), d;
		size_t nx2;

		if (is_letter(c)) {
			int up = is_upper(c);

			if (up && prev_lower && !name_prefix(s->t + seg, k - seg))
				w->camel = 1;
			w->letters++;
			w->upper += (unsigned)up;
			prev_lower = is_lower(c);
			k = nx;
			continue;
		}
		d = nx < s->n ? char_at(s, nx, &nx2) : -1;
		if (((c == '\'' || c == 0x2019) && is_letter(d)) || (c == '-' && d >= 0 && is_upper(d))) {
			w->hyphen |= c == '-';
			k = seg = nx;
			prev_lower = 0;
			continue;
		}
		break;
	}
	return k;
}

/* the end of a run of initials starting with the letter at i ("J.", "I.I.", "J. R."), or 0 */
static size_t initials_end(const dp_scanner *s, size_t i)
{
	size_t k = i, end = 0;
	wshape w;

	while (k < s->n && cap_start(s, k)) {
		size_t e = word_end(s, k, &w);

		if (w.letters != 1 || e >= s->n || s->t[e] != '.')
			break;
		end = e + 1;
		k = end;
		if (k + 1 < s->n && s->t[k] == ' ' && word_end(s, k + 1, &w) < s->n && w.letters == 1)
			k++;
	}
	return end;
}

static int opening_punct(UChar32 c)
{
	int8_t t;

	if (c >= 0 && c < 0x80)
		return c && strchr("\"'*->([{", (int)c) != NULL;
	t = (int8_t)u_charType(c);
	return c == 0x2022 || t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;   /* •, « “ */
}

/* the word at i begins a line (2) or a sentence (1) */
static int sentence_start(const dp_scanner *s, size_t i)
{
	UChar32 c;

	while (i > 0) {
		c = char_before(s, i);
		if (c == '\n')
			return 2;
		if (c == ' ' || c == '\t' || opening_punct(c)) {
			i -= (size_t)U8_LENGTH(c < 0 ? 0xFFFD : c);
			continue;
		}
		return c == '.' || c == '!' || c == '?' || c == ';' || c == 0x2026;
	}
	return 2;
}

/* what may not touch a name: identifiers, addresses, paths */
static int bad_neighbour(UChar32 c)
{
	static const unsigned char bad[128] = {
		['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
		['8'] = 1, ['9'] = 1, ['_'] = 1, ['@'] = 1, ['/'] = 1, ['\\'] = 1, ['='] = 1, ['#'] = 1,
		['$'] = 1, ['%'] = 1, ['&'] = 1, ['*'] = 1, ['+'] = 1, ['|'] = 1, ['~'] = 1, ['`'] = 1,
		['^'] = 1, ['<'] = 1, ['{'] = 1,
	};

	return c > 0 && (c < 0x80 ? bad[c] : u_isdigit(c));
}

/* a possessive 's (or ’s) at the end of w[s..e): its length, else 0 */
static size_t possessive(const char *t, size_t s, size_t e)
{
	if (e - s > 3 && t[e - 1] == 's' && t[e - 2] == '\'')
		return 2;
	if (e - s > 5 && t[e - 1] == 's' && memcmp(t + e - 4, "\xE2\x80\x99", 3) == 0)
		return 4;
	return 0;
}

/* classifies a word, and a hyphenated one by its parts when the whole is unknown */
static unsigned classify(const dp_scanner *s, size_t st, size_t en, int hyphen)
{
	unsigned f = dp_person_classify(s->d->lex, s->t + st, en - st), g = 0, all = DP_PW_COMMON;
	size_t p = st;

	if ((f & ~(unsigned)DP_PW_COMMON) || !hyphen)
		return f;
	for (size_t k = st; k <= en; k++) {
		if (k == en || s->t[k] == '-') {
			unsigned h = k > p ? dp_person_classify(s->d->lex, s->t + p, k - p) : 0;

			g |= h;
			all &= h;
			p = k + 1;
		}
	}
	/* "Hughes-Wilson" is a name; "January-June" stays common */
	return (g & ~(unsigned)DP_PW_COMMON) | all;
}

static uint32_t word_hash(const char *w, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

/* honorific() and classify() through the scanner's cache: capitalised words repeat */
static unsigned classify_cached(const dp_scanner *cs, size_t st, size_t en, int hyphen)
{
	dp_scanner *s = (dp_scanner *)cs;
	size_t n = en - st;
	uint32_t h;
	struct dp_pcache *c = NULL;
	unsigned f;

	if (s->pcache && n <= CACHE_WORD) {
		h = word_hash(s->t + st, n);
		c = &s->pcache[h & (CACHE_SLOTS - 1)];
		if (c->len == n && c->hash == h && memcmp(c->w, s->t + st, n) == 0)
			return c->f;
	}
	f = honorific(s->t + st, n) ? PW_HON : classify(s, st, en, hyphen);
	if (c) {
		c->hash = h;
		c->len = (uint8_t)n;
		memcpy(c->w, s->t + st, n);
		c->f = f;
	}
	return f;
}

#define NAME_BITS (DP_PW_FIRST | DP_PW_SURNAME | DP_PW_PATRONYMIC | DP_PW_SURMORPH)

/* Reads the capitalised word (or run of initials) at i; glued: it follows an initial's dot
 * without a space ("I.Petrov"). Always sets tk->next past what it read. */
static void read_token(const dp_scanner *s, size_t i, int glued, ptok *tk)
{
	wshape w;
	size_t e = word_end(s, i, &w), ie = e;
	UChar32 before = char_before(s, i), after = e < s->n ? char_at(s, e, &ie) : -1;

	memset(tk, 0, sizeof *tk);
	tk->s = i;
	tk->e = tk->next = e > i ? e : i + 1;
	if (w.letters == 1 && after == '.' && (ie = initials_end(s, i)) > 0) {
		tk->kind = TK_INIT;
		tk->e = tk->next = ie;
		return;
	}
	if (after == '-' && ie < s->n && is_lower(char_at(s, ie, &ie)))
		return;                /* "Иван-чай", "Анна-то" */
	ie = e < s->n ? e + 1 : e;
	if (w.letters < 2 || e - i > WORD_MAX || w.camel || bad_neighbour(before) ||
	    bad_neighbour(after) || (before == '.' && !glued) ||
	    (after == '.' && ie < s->n && is_letter(char_at(s, ie, &ie))))
		return;
	tk->e -= possessive(s->t, i, e);
	tk->caps = w.upper == w.letters;
	tk->sent = (unsigned char)sentence_start(s, i);
	tk->f = classify_cached(s, i, tk->e, w.hyphen);
	if (tk->f & PW_HON) {
		tk->kind = TK_HON;
		return;
	}
	tk->kind = tk->f & NAME_BITS ? TK_NAME : TK_UNK;
}

/* the evidence in tokens a..b of a run */
typedef struct evidence {
	int first, sur, pat, morph, unk, init, common, words, caps, inflected, cyr;
	int rare_common;       /* common words that are not among the most frequent names */
	int adj;               /* a suffix-only word shaped like an adjective (-ский, -ская) */
} evidence;

static void count(const dp_scanner *s, const ptok *tk, int a, int b, evidence *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->caps = 1;
	for (int k = a; k <= b; k++) {
		unsigned f = tk[k].f;

		if (tk[k].kind == TK_INIT) {
			ev->init++;
			continue;
		}
		ev->words++;
		/* one role per word: a first name that is also a surname ("Ford", "James") is
		 * the first name when it leads the span, else the surname */
		if ((f & DP_PW_FIRST) && (k == a || !(f & (DP_PW_SURNAME | DP_PW_SURMORPH | DP_PW_PATRONYMIC))))
			ev->first++;
		else if (f & DP_PW_PATRONYMIC)
			ev->pat++;
		else if (f & DP_PW_SURNAME)
			ev->sur++;
		else if (f & DP_PW_SURMORPH) {
			ev->morph++;
			size_t len = tk[k].e - tk[k].s, tail = len < 10 ? len : 10;   /* -ск + 1..3 letters */

			ev->adj |= memmem(s->t + tk[k].e - tail, tail, "\xD1\x81\xD0\xBA", 4) != NULL;
		}
		ev->unk += tk[k].kind == TK_UNK;
		if (tk[k].kind == TK_NAME) {   /* an unknown word counts once, as unknown */
			ev->common += (f & DP_PW_COMMON) != 0;
			ev->rare_common += (f & (DP_PW_COMMON | DP_PW_FREQUENT)) == DP_PW_COMMON;
		}
		ev->inflected += (f & DP_PW_INFLECTED) != 0;
		ev->caps &= tk[k].caps;
		ev->cyr |= (unsigned char)s->t[tk[k].s] >= 0xD0;
	}
}

/* the base score of a span from what its words are */
static double base_score(const evidence *ev, int first_sent)
{
	int surish = ev->sur || ev->morph || ev->pat;

	if (ev->words >= 2) {
		if (ev->first && surish)
			return 0.9;
		if (ev->first && ev->unk)
			return 0.75;
		if ((ev->sur || ev->morph) && ev->pat)
			return 0.85;
		if (ev->first)
			return 0.7;        /* "Anna Maria" */
		if (ev->sur && ev->unk)
			return 0.55;
		if (ev->morph && ev->unk)
			return 0.6;        /* "Zhanar Tulegenova" */
		if (ev->sur >= 2)
			return 0.6;
		if (ev->unk == ev->words)
			return 0.5;        /* "Priya Raghunathan": two unknown, non-word capitals */
		return 0.45;
	}
	if (ev->init)
		return surish ? 0.85 : ev->first ? 0.7 : 0.5;   /* "M. Delacroix" */
	if (ev->first)
		return 0.62;
	if (ev->sur)
		return ev->cyr ? 0.62 : 0.45;
	if (ev->pat)
		return 0.57;
	/* a surname by its suffix alone: mid-sentence in Cyrillic, where only proper nouns
	 * take a capital, it is likely a name (Сундукову, Синицын); elsewhere weak */
	return ev->cyr && !first_sent && !ev->adj ? 0.55 : 0.3;
}

static double span_score(const ptok *tk, int a, const evidence *ev)
{
	double sc = base_score(ev, tk[a].sent);

	if (ev->words == 1 && ev->common)
		sc -= 0.3;                              /* "Will", "Роза" */
	else if (ev->common == ev->words && ev->rare_common)
		sc -= 0.45;                             /* "Morgan Stanley", but not "John Brown" */
	else if (ev->rare_common && ev->common + ev->unk == ev->words)
		sc -= 0.3;                              /* "Rose Garden" or "Rose Kowalczyk" */
	if (ev->words == 1 && !ev->init && tk[a].sent)
		sc -= 0.1;
	if (ev->caps && (ev->words == 1 || !ev->first))
		sc -= 0.15;                             /* "MAY", "ПРЕМИРОВАНИИ СОТРУДНИКОВ" */
	return sc;
}

/* A Kazakh case ending on an unknown word after a first name: a place or a thing in
 * a case ("Қайрат Шымкентке", "Äsem Türkıstanğa"), not an unknown surname; a name takes
 * its ending on its last word, so "Айгүл Серікқызына" is found by the lexicon instead. */
static int kk_case_ending(const dp_scanner *s, const ptok *t)
{
	static const char *const end[] = {
		"ке", "ге", "қа", "ға", "да", "де", "та", "те", "дан", "ден", "нан", "нен", "тан",
		"тен", "ның", "нің", "дың", "дің", "тың", "тің", "мен", "бен", "пен", "ğa", "ge",
		"qa", "ke", "da", "de", "ta", "te", "dan", "den", "nan", "nen", "nyñ", "nıñ", NULL
	};
	size_t n = t->e - t->s;
	int cyr = (unsigned char)s->t[t->s] >= 0xD0, kk_latin = 0;

	/* Latin endings only on words with a letter of Kazakh Latin (ä ğ ı ñ ö ū ü q) */
	for (size_t i = t->s; !cyr && i + 1 < t->e; i++) {
		static const char *const kl[] = {"\xC3\xA4", "\xC4\x9F", "\xC4\xB1", "\xC3\xB1",
		                                 "\xC3\xB6", "\xC5\xAB", "\xC3\xBC", NULL};

		kk_latin |= s->t[i] == 'q';
		for (int k = 0; kl[k]; k++)
			kk_latin |= memcmp(s->t + i, kl[k], 2) == 0;
	}
	if (!cyr && !kk_latin)
		return 0;
	for (int i = 0; end[i]; i++) {
		size_t l = strlen(end[i]);

		/* a Cyrillic ending starts with a Cyrillic lead byte; "ğa" (0xC4) is Latin */
		if (n > l + 2 && ((unsigned char)end[i][0] >= 0xD0) == cyr &&
		    memcmp(s->t + t->e - l, end[i], l) == 0)
			return 1;
	}
	return 0;
}

/* initials that are abbreviations, not names */
static int abbreviation(const dp_scanner *s, const ptok *t)
{
	static const char *const abbr[] = {
		"P.S.", "U.S.", "U.K.", "E.U.", "N.B.", "A.M.", "P.M.", "D.C.", "I.E.", "E.G.", "B.C.",
		"A.D.", "Q.A.", "R.I.P.", "Т.Е.", "Т.К.", "Т.Д.", "Т.П.", "Н.Э.", "Р.S.", NULL
	};

	return in_list(abbr, s->t + t->s, t->e - t->s);
}

/* nothing but spaces and punctuation from at to the end of the line */
static int line_rest_empty(const dp_scanner *s, size_t at)
{
	for (; at < s->n && s->t[at] != '\n'; at++)
		if (!s->t[at] || !strchr(" \t\r,.;!", s->t[at]))
			return 0;
	return 1;
}

static int place_preposition(const dp_scanner *s, size_t at);

/* Cheap test before the title patterns: a title ends right before st ("Mrs. ", "г-н ",
 * "my name is ") only if a short word or a short abbreviation's dot is there, and a
 * Kazakh honorific follows only a Cyrillic word. */
static int maybe_titled(const dp_scanner *s, const ptok *t)
{
	size_t i = t->s, k = 0, letters = 0;

	if ((unsigned char)s->t[t->s] >= 0xD0)
		return 1;
	while (i > 0 && k < 3 && s->t[i - 1] == ' ')
		i--, k++;
	if (!k || i == 0)
		return 0;
	if (s->t[i - 1] == '.')
		i--;
	while (i > 0 && letters <= 10 && (unsigned char)s->t[i - 1] >= 'A' && is_letter((unsigned char)s->t[i - 1]))
		i--, letters++;
	if (i > 0 && ((unsigned char)s->t[i - 1] & 0x80))
		return 1;           /* a non-ASCII word before: let the patterns decide */
	return letters >= 2 && letters <= (s->t[t->s - k - 1] == '.' ? 4u : 9u);
}

/* two or three capitalised words that are neither names we know nor English words, not
 * at a sentence start and not in capitals: a name of an origin the packs lack ("Priya
 * Raghunathan", "Chen Jiahui") */
static int unknown_pair(const ptok *tk, int n)
{
	if (tk[0].sent)
		return 0;
	for (int k = 0; k < n; k++)
		if (tk[k].kind != TK_UNK || tk[k].caps || (tk[k].f & (DP_PW_WORD | DP_PW_COMMON)))
			return 0;
	return 1;
}

/* Kazakh-only letters (ә ғ қ ң ө ұ ү һ; not і, which Ukrainian has) within 160 bytes of
 * at: Kazakh text, where the packs hold few of the names and case endings hide the rest */
static int kazakh_near(const dp_scanner *s, size_t at)
{
	size_t a = at > 160 ? at - 160 : 0, e = s->n - at > 160 ? at + 160 : s->n;

	for (size_t i = a; i + 1 < e; i++) {
		unsigned char b = (unsigned char)s->t[i], c = (unsigned char)s->t[i + 1];

		if ((b == 0xD2 && (c == 0x93 || c == 0x9B || c == 0xA3 || c == 0xB1 || c == 0xAF ||
		                   c == 0xBB)) || (b == 0xD3 && (c == 0xA9 || c == 0x99)))
			return 1;
	}
	return 0;
}

/* An unknown Cyrillic word with a capital mid-sentence in Kazakh text, outside quotes and
 * not after a preposition of place: only proper nouns take a capital there, and
 * common.txt lists the places and brands. */
static int unknown_cyrillic(const dp_scanner *s, const ptok *t)
{
	UChar32 p = char_before(s, t->s);

	if (t->kind != TK_UNK || t->sent || t->caps || (t->f & DP_PW_COMMON) ||
	    (unsigned char)s->t[t->s] < 0xD0 || t->e - t->s < 6)
		return 0;
	if (p == '"' || p == 0xAB || p == 0x201C || p == 0x201E || p == '\'' || p == '(')
		return 0;
	return !place_preposition(s, t->s) && kazakh_near(s, t->s);
}

/* A run without a known name word is still a name after a title ("Mrs. Whitcombe",
 * "Ерке апай") or after initials ("M. Delacroix"). */
static int pick_unknown(dp_scanner *s, const ptok *tk, int n, int *pa, int *pb)
{
	if (tk[0].kind == TK_UNK && maybe_titled(s, &tk[0]) &&
	    dp_person_titled(s, tk[0].s, tk[n > 1 ? 1 : 0].e)) {
		*pa = 0;
		*pb = n > 1 && tk[1].kind == TK_UNK ? 1 : 0;
		return 1;
	}
	if (unknown_cyrillic(s, &tk[0]) && (n == 1 || tk[1].kind != TK_UNK)) {
		*pa = *pb = 0;         /* "Данабекке", "Нұрбибі": a proper noun mid-sentence */
		return 1;
	}
	if (n > 1 && n <= 3 && unknown_pair(tk, n)) {
		*pa = 0;
		*pb = n - 1;
		return 1;
	}
	if (n > 1 && tk[0].kind == TK_INIT && tk[1].kind == TK_UNK && !tk[1].caps &&
	    !(tk[1].f & DP_PW_WORD) &&
	    !abbreviation(s, &tk[0])) {
		*pa = 0;
		*pb = 1;
		return 1;
	}
	return 0;
}

/* Narrows a run to the name in it: its first to last known name word, the initials next
 * to them, an unknown word before a lone surname ("Quentin Smith") or after a lone first
 * name ("Anna Kowalczyk", "Margaret J. Oyelaran"). Returns 0 when the run holds no name. */
static int pick_span(dp_scanner *s, const ptok *tk, int n, int *pa, int *pb)
{
	int a = -1, b = -1, surish = 0;

	for (int k = 0; k < n; k++) {
		if (tk[k].kind != TK_NAME)
			continue;
		if (a < 0)
			a = k;
		b = k;
	}
	if (a < 0)
		return pick_unknown(s, tk, n, pa, pb);
	for (int k = a; k <= b; k++)   /* a word that is only a surname or patronymic */
		surish |= !(tk[k].f & DP_PW_FIRST) &&
		          (tk[k].f & (DP_PW_SURNAME | DP_PW_SURMORPH | DP_PW_PATRONYMIC));
	if (a > 0 && tk[a - 1].kind == TK_INIT)
		a--;
	else if (a > 0 && tk[a - 1].kind == TK_UNK && !(tk[a - 1].f & DP_PW_WORD) &&
	         !(tk[a].f & DP_PW_FIRST) && a == b &&
	         (!tk[a - 1].sent || (tk[a - 1].sent == 2 && a == n - 1 && line_rest_empty(s, tk[a].next))))
		a--;                   /* "Quentin Smith", a signature line "Dmitry Sokolov", but not
		                        * "Нотариус Рақымжанова ..." */
	if (b + 1 < n && tk[b + 1].kind == TK_INIT)
		b++;
	if (b + 1 < n && tk[b + 1].kind == TK_UNK && !surish && !(tk[b + 1].f & DP_PW_WORD) &&
	    (!tk[b + 1].caps || tk[b].caps) && !kk_case_ending(s, &tk[b + 1]) &&
	    ((tk[b].f & DP_PW_FIRST) || (tk[b].kind == TK_INIT && (tk[b - 1].f & DP_PW_FIRST))))
		b++;
	if (a < b && tk[a].sent && (tk[a].f & DP_PW_COMMON) && tk[a].kind == TK_NAME &&
	    !(tk[a].f & DP_PW_FREQUENT) && (unsigned char)s->t[tk[a].s] >= 0xD0)
		a++;                   /* "Кеше Айгүлге": yesterday, to Aigul */
	*pa = a;
	*pb = b;
	return 1;
}

/* Drops the words at the ends of tokens a..b that a place or company word makes part of
 * another name ("Сәрсенова Абай даңғылы"); 0 when nothing is left. */
static int trim_places(dp_scanner *s, const ptok *tk, int a, int *b)
{
	int b0 = *b;

	for (int k = a + 1; k <= *b; k++)
		if (dp_person_place_word(s, tk[k].s))
			*b = k - 1;            /* "Rose Hill Park", "Mark Twain Street" */
	while (*b >= a && dp_person_place_word(s, tk[*b].e))
		(*b)--;
	if (*b == b0)
		return 1;
	while (*b > a && tk[*b].kind != TK_NAME && tk[*b].kind != TK_INIT)
		(*b)--;
	if (*b == a && (tk[a].f & DP_PW_FIRST) && (tk[a + 1].f & (DP_PW_SURNAME | DP_PW_SURMORPH)))
		return 0;              /* "Robert Burns Street": the first name names the street too */
	return *b >= a && tk[*b].kind == TK_NAME;
}

/* a Russian preposition of place right before `at` ("в ", "во ", "под ", "из ") */
static int place_preposition(const dp_scanner *s, size_t at)
{
	static const char *const prep[] = {
		" \xD0\xB2 ", " \xD0\xB2\xD0\xBE ", " \xD0\xBF\xD0\xBE\xD0\xB4 ",
		" \xD0\xB8\xD0\xB7 ", " \xD0\xBD\xD0\xB0\xD0\xB4 ", NULL
	};   /* в, во, под, из, над */

	for (int i = 0; prep[i]; i++) {
		size_t l = strlen(prep[i]);

		if (at >= l && memcmp(s->t + at - l, prep[i], l) == 0)
			return 1;
		if (at == l - 1 && memcmp(s->t, prep[i] + 1, l - 1) == 0)
			return 1;
	}
	return 0;
}

/* placeholder names used in documentation and fixtures: already safe */
static int placeholder(const dp_scanner *s, size_t st, size_t en)
{
	static const char *const fake[] = {
		"john doe", "jane doe", "john roe", "jane roe", "richard roe", "joe bloggs",
		"fred bloggs", "max mustermann", "erika mustermann", "вася пупкин",
		"василий пупкин", "jan kowalski", "alice", "bob", "eve", "mallory", NULL
	};
	char k[DP_DP_NAME_MAX * 3 + 8];
	size_t n = en - st < DP_DP_NAME_MAX ? dp_dp_key("ru", s->t + st, en - st, k, sizeof k) : 0;

	return n && in_list(fake, k, n);
}

/* what found the name: the packs, a suffix or case ending, or only capitals and context */
static const char *detector_name(const evidence *ev, unsigned why)
{
	static const char *const name[3][2] = {
		{"capitalisation", "capitalisation+context"},
		{"morphology", "morphology+context"},
		{"gazetteer", "gazetteer+context"},
	};
	int k = ev->morph || ev->inflected ? 1 : ev->first || ev->sur || ev->pat ? 2 : 0;

	return name[k][why != 0];
}

static void score_run(dp_scanner *s, const ptok *tk, int n)
{
	int a, b;
	evidence ev;
	double sc, ctx;
	unsigned why;

	if (!pick_span(s, tk, n, &a, &b) || !trim_places(s, tk, a, &b))
		return;
	count(s, tk, a, b, &ev);
	if (!ev.words || (ev.words == ev.morph && ev.words == 1 && place_preposition(s, tk[a].s)))
		return;                /* "во Львове", "под Псковом": a city, not Mr Lvov */
	sc = span_score(tk, a, &ev);
	ctx = sc >= 0.85 ? dp_person_place_only(s, tk[a].s, tk[b].e, &why)  /* no need for more */
	                 : dp_person_context(s, tk[a].s, tk[b].e, &why);
	if (ctx < 0)
		return;
	if (ev.common == ev.words && ctx < 0.5)   /* words that are also names */
		ctx = ev.words > 1 ? 0.0          /* "Morgan Stanley reported": only a title helps */
		    : why == 2 ? ctx * 0.5 : ctx; /* "Тема:", a lone line: weak */
	sc += ctx;
	if (sc > 0.99)
		sc = 0.99;
	if (placeholder(s, tk[a].s, tk[b].e)) {
		dp_detect_add(s, DP_T_PERSON, tk[a].s, tk[b].e, sc * 0.3, "gazetteer+known-fake",
		              DP_F_KNOWNFAKE);
		return;
	}
	dp_detect_add(s, DP_T_PERSON, tk[a].s, tk[b].e, sc, detector_name(&ev, why),
	              why ? DP_F_CONTEXT : 0);
}

/* After " van ", " van der ", " de ", " bin " ... before a capitalised word: where that
 * word starts; else `at` unchanged. */
static size_t after_particle(const dp_scanner *s, size_t at)
{
#define PART(p) {p, sizeof p - 1}
	static const struct { const char *p; size_t n; } part[] = {
		PART(" van der "), PART(" van den "), PART(" van de "), PART(" de la "), PART(" van "),
		PART(" von "), PART(" der "), PART(" de "), PART(" da "), PART(" di "), PART(" du "),
		PART(" dos "), PART(" das "), PART(" del "), PART(" della "), PART(" le "),
		PART(" la "), PART(" bin "), PART(" ibn "), PART(" al "), PART(" ter "), PART(" ten "),
		PART(" y "),
	};
#undef PART

	if (at + 3 >= s->n || s->t[at] != ' ' || !s->t[at + 1] || !strchr("vdbilaty", s->t[at + 1]))
		return at;
	for (size_t i = 0; i < sizeof part / sizeof *part; i++) {
		size_t l = part[i].n;

		if (at + l < s->n && s->t[at + 1] == part[i].p[1] && memcmp(s->t + at, part[i].p, l) == 0 &&
		    cap_start(s, at + l))
			return at + l;
	}
	return at;
}

/* Reads the run of capitalised words starting at i, scores the name in it; returns where
 * the walk goes on. */
static size_t person_run(dp_scanner *s, size_t i)
{
	ptok tk[RUN_MAX];
	int n = 0, glued = 0;
	size_t at = i;

	while (n < RUN_MAX) {
		read_token(s, at, glued, &tk[n]);
		if (tk[n].kind == TK_NONE || tk[n].kind == TK_HON) {
			if (n == 0)
				return tk[0].next;
			break;
		}
		at = tk[n++].next;
		glued = 0;
		if (at + 1 < s->n && s->t[at] == ' ' && cap_start(s, at + 1))
			at++;
		else if (tk[n - 1].kind != TK_INIT && (at = after_particle(s, at)) > tk[n - 1].next)
			continue;          /* "Pieter van der Merwe", "Ludwig van Beethoven" */
		else if (tk[n - 1].kind == TK_INIT && at < s->n && cap_start(s, at))
			glued = 1;
		else
			break;
	}
	score_run(s, tk, n);
	return tk[n - 1].next;
}

void dp_detect_persons_free(dp_scanner *s)
{
	free(s->pcache);
	s->pcache = NULL;
	free(s->pmemo);
	s->pmemo = NULL;
}

void dp_detect_persons(dp_scanner *s)
{
	size_t i = 0;

	if (!s->d->lex || s->d->disabled[DP_T_PERSON])
		return;
	if (!s->pcache)   /* once per scanner; without it, words are classified each time */
		s->pcache = calloc(CACHE_SLOTS, sizeof *s->pcache);
	while ((i = next_cap(s, i)) < s->n)
		i = person_run(s, i);
}
