/* person_lex.c - the person-name lexicon: gazetteer lookups in the en, ru and kk packs,
 * Russian and Kazakh case endings removed before a lookup, and surname and patronymic
 * suffixes (person.h). Works on lookup keys (dp_dp_key: lower case, ё -> е; for kk the
 * Kazakh letters folded to their Russian look-alikes), so the suffix tables are written
 * in folded form. */
#include "config.h"
#include "person.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"

#define KEY_CAP (DP_DP_NAME_MAX * 3 + 8)

static const char *const lang_id[DP_PL_COUNT] = {"en", "ru", "kk"};

int dp_person_lex_load(const char *dir, dp_person_lex **out, dp_err *err)
{
	dp_person_lex *lx = calloc(1, sizeof *lx);
	int rc = DP_OK;

	*out = NULL;
	if (!lx)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (int l = 0; rc == DP_OK && l < DP_PL_COUNT; l++)
		rc = dp_dp_load(dir, lang_id[l], &lx->pack[l], err);
	if (rc != DP_OK) {
		dp_person_lex_free(lx);
		return rc;
	}
	*out = lx;
	return DP_OK;
}

void dp_person_lex_free(dp_person_lex *lx)
{
	if (!lx)
		return;
	for (int l = 0; l < DP_PL_COUNT; l++)
		dp_dp_free(lx->pack[l]);
	free(lx);
}

/* a case ending and what replaces it to give the nominative */
typedef struct ending {
	const char *end, *repl;
} ending;

/* Russian noun and adjective case endings of names (Петрову, Анной, Марии, Сергея,
 * Вишневского), longest first within a family. */
static const ending ru_endings[] = {
	{"ого", "ий"}, {"ому", "ий"}, {"ьва", "ев"}, {"ым", ""}, {"ом", ""}, {"ом", "ий"},
	{"ем", "й"}, {"ем", "ь"}, {"ой", "а"}, {"ой", "ий"}, {"ой", "ая"}, {"ою", "а"},
	{"ей", "я"}, {"ей", "а"}, {"ей", "ь"}, {"им", "ий"}, {"ую", "ая"}, {"ла", "ел"},
	{"а", ""}, {"у", ""}, {"у", "а"}, {"е", ""}, {"е", "а"}, {"е", "я"}, {"е", "й"},
	{"е", "ь"}, {"ю", "я"}, {"ю", "й"}, {"ю", "ь"}, {"и", "а"}, {"и", "я"}, {"и", "ь"},
	{"ы", "а"}, {"я", "й"}, {"я", "ь"},
};

/* Kazakh case endings (folded: ғ қ ң і ұ ү ә ө -> г к н и у у а о) and their Latin forms. */
static const char *const kk_endings[] = {
	"ндан", "нден", "менен", "бенен", "пенен",
	"нын", "нин", "дын", "дин", "тын", "тин", "дан", "ден", "тан", "тен", "нан", "нен",
	"мен", "бен", "пен", "нда", "нде", "дай", "дей", "тай", "тей",
	"га", "ге", "ка", "ке", "на", "не", "ны", "ни", "ды", "ди", "ты", "ти",
	"да", "де", "та", "те", "а", "е", "н",
	"nyn", "nin", "dyn", "din", "tyn", "tin", "dan", "den", "tan", "ten", "nan", "nen",
	"men", "ben", "pen", "ga", "ge", "qa", "ke", "ka", "ny", "ni", "dy", "di", "ty", "ti",
	"da", "de", "ta", "te",
};

#define N(a) (sizeof (a) / sizeof *(a))

/* surname and patronymic suffixes, Cyrillic (in ru and kk keys) and Latin */
static const char *const surname_cyr[] = {
	"ов", "ев", "ин", "ын", "ова", "ева", "ина", "ына", "ский", "цкий", "ская", "цкая",
	"енко", "чук", "юк", "ых", "их",
};
static const char *const surname_lat[] = {
	"ov", "ev", "ova", "eva", "ina", "sky", "skiy", "skii", "skaya", "enko", "chuk",
};
static const char *const patronymic_cyr[] = {
	"ович", "евич", "ич", "овна", "евна", "ична", "улы", "кызы",
};
static const char *const patronymic_lat[] = {
	"ovich", "evich", "ovna", "evna", "ichna", "uly", "uli", "kyzy", "qyzy", "kizi", "qizi",
};

static int ends_with(const char *k, size_t n, const char *suf, size_t *sl)
{
	*sl = strlen(suf);
	return n > *sl && memcmp(k + n - *sl, suf, *sl) == 0;
}

/* letters in a UTF-8 key (lead bytes) */
static size_t letters(const char *k, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)k[i] & 0xC0) != 0x80;
	return c;
}

/* a suffix of the list with at least 3 letters before it */
static int has_suffix(const char *k, size_t n, const char *const *list, size_t count)
{
	size_t sl;

	for (size_t i = 0; i < count; i++)
		if (ends_with(k, n, list[i], &sl) && letters(k, n - sl) >= 3)
			return 1;
	return 0;
}

#define NAMES (DP_PW_FIRST | DP_PW_SURNAME | DP_PW_PATRONYMIC)   /* in a pack */
#define FREQUENT_WEIGHT 2000u   /* weight of rank 500 in the Zipf-weighted packs */

/* the name flags of a pack lookup */
static unsigned pack_flags(const dp_dp_pack *p, const char *key, size_t k)
{
	dp_dp_match m;
	unsigned f = dp_dp_lookup_key(p, key, k, &m), r = 0;

	for (int li = 0; li < DP_DP_NLISTS; li++)
		if (m.entry[li] && m.entry[li]->weight >= FREQUENT_WEIGHT && li != DP_DP_PATRONYMIC)
			r |= DP_PW_FREQUENT;
	if (f & (DP_DP_F_FIRST_MALE | DP_DP_F_FIRST_FEMALE))
		r |= DP_PW_FIRST;
	if (f & (DP_DP_F_SURNAME_M | DP_DP_F_SURNAME_F))
		r |= DP_PW_SURNAME;
	if (f & (DP_DP_F_PATRONYMIC_M | DP_DP_F_PATRONYMIC_F))
		r |= DP_PW_PATRONYMIC;
	if (f & DP_DP_F_COMMON)
		r |= DP_PW_COMMON;
	if (f & DP_DP_F_WORD)
		r |= DP_PW_WORD;
	return r;
}

static unsigned common_anywhere(const dp_person_lex *lx, const char *key, size_t k);

/* key[0..stem) + repl into b (KEY_CAP bytes, NUL-terminated): the nominative to look up.
 * Returns its length, 0 when the stem is under 2 letters or it does not fit. */
static size_t make_stem(char *b, const char *key, size_t stem, const char *repl)
{
	size_t rl = strlen(repl);

	if (letters(key, stem) < 2 || stem + rl >= KEY_CAP)
		return 0;
	memcpy(b, key, stem);
	memcpy(b + stem, repl, rl);
	b[stem + rl] = '\0';
	return stem + rl;
}

/* stem + replacement looked up in pack p; 0 when it does not fit or is no name */
static unsigned try_stem(const dp_person_lex *lx, const dp_dp_pack *p, const char *key,
                         size_t stem, const char *repl)
{
	char b[KEY_CAP];
	size_t bn = make_stem(b, key, stem, repl);
	unsigned f;

	if (!bn)
		return 0;
	f = pack_flags(p, b, bn);
	if (f & NAMES)
		f |= common_anywhere(lx, b, bn);
	else if (has_suffix(b, bn, surname_cyr, N(surname_cyr)))
		f |= DP_PW_SURMORPH;   /* Кравцовым, Кравцовой: an unknown -ов surname */
	return f & (NAMES | DP_PW_SURMORPH) ? f & ~(unsigned)DP_PW_WORD : 0;
}

/* DP_PW_COMMON when a nominative key (ru-folded) is a common word in any pack */
static unsigned common_anywhere(const dp_person_lex *lx, const char *key, size_t k)
{
	char kk[KEY_CAP];
	size_t nk = dp_dp_key("kk", key, k, kk, sizeof kk);
	unsigned f = pack_flags(lx->pack[DP_PL_EN], key, k) | pack_flags(lx->pack[DP_PL_RU], key, k);

	if (nk)
		f |= pack_flags(lx->pack[DP_PL_KK], kk, nk);
	return f & DP_PW_COMMON;
}

/* DP_PW_COMMON when a word is a common word or place under a Russian or Kazakh case
 * ending (Алматыда, Москве, Астанаға): such a word is no unknown name either */
static unsigned common_inflected(const dp_person_lex *lx, const char *kr, size_t nr,
                                 const char *kk, size_t nk)
{
	char b[KEY_CAP];
	size_t sl, bn;

	for (size_t i = 0; i < N(ru_endings); i++)
		if (ends_with(kr, nr, ru_endings[i].end, &sl) &&
		    (bn = make_stem(b, kr, nr - sl, ru_endings[i].repl)) && common_anywhere(lx, b, bn))
			return DP_PW_COMMON;
	for (size_t i = 0; nk && i < N(kk_endings); i++)
		if (ends_with(kk, nk, kk_endings[i], &sl) && letters(kk, nk - sl) >= 2 &&
		    (pack_flags(lx->pack[DP_PL_KK], kk, nk - sl) & DP_PW_COMMON))
			return DP_PW_COMMON;
	return 0;
}

static unsigned reduce_ru(const dp_person_lex *lx, const char *key, size_t k)
{
	size_t sl;
	unsigned f;

	for (size_t i = 0; i < N(ru_endings); i++) {
		if (!ends_with(key, k, ru_endings[i].end, &sl))
			continue;
		f = try_stem(lx, lx->pack[DP_PL_RU], key, k - sl, ru_endings[i].repl);
		if (f)
			return f;
	}
	return 0;
}

static unsigned reduce_kk(const dp_person_lex *lx, const char *key, size_t k, const char *kr,
                          size_t nr)
{
	size_t sl;
	unsigned f;

	for (size_t i = 0; i < N(kk_endings); i++) {
		if (!ends_with(key, k, kk_endings[i], &sl))
			continue;
		f = try_stem(lx, lx->pack[DP_PL_KK], key, k - sl, "");
		if (!f && nr > sl)   /* the ru pack wants a ru key: the same ending, unfolded stem */
			f = try_stem(lx, lx->pack[DP_PL_RU], kr, nr - sl, "");
		if (!f && (has_suffix(key, k - sl, surname_cyr, N(surname_cyr)) ||
		           has_suffix(key, k - sl, patronymic_cyr, N(patronymic_cyr))))
			f = DP_PW_SURMORPH;   /* Серіковтің, Сәрсенұлына */
		if (f)
			return f;
	}
	return 0;
}

/* suffix-only classes of a nominative key; for a kk key only the suffixes that a Kazakh
 * case ending cannot make (-ін, -ын are genitive and accusative endings there) */
static unsigned morph(const char *key, size_t k, int kk)
{
	static const char *const kk_surname[] = {"ов", "ев", "ова", "ева"};

	if (has_suffix(key, k, patronymic_cyr, N(patronymic_cyr)) ||
	    has_suffix(key, k, patronymic_lat, N(patronymic_lat)))
		return DP_PW_PATRONYMIC;
	if (kk ? has_suffix(key, k, kk_surname, N(kk_surname))
	       : has_suffix(key, k, surname_cyr, N(surname_cyr)) ||
	         has_suffix(key, k, surname_lat, N(surname_lat)))
		return DP_PW_SURMORPH;
	return 0;
}

unsigned dp_person_classify(const dp_person_lex *lx, const char *w, size_t n)
{
	char kr[KEY_CAP], kk[KEY_CAP];
	size_t nr, nk;
	unsigned f, g, h;

	if (!lx || !(nr = dp_dp_key("ru", w, n, kr, sizeof kr)))
		return 0;
	nk = dp_dp_key("kk", w, n, kk, sizeof kk);
	f = pack_flags(lx->pack[DP_PL_EN], kr, nr);
	if (!(f & NAMES)) {
		/* a common word of one language is not one of another: "Dana" is an English
		 * name even though дана is a Kazakh word */
		f |= pack_flags(lx->pack[DP_PL_RU], kr, nr);
		if (nk)
			f |= pack_flags(lx->pack[DP_PL_KK], kk, nk);
	} else {
		f |= pack_flags(lx->pack[DP_PL_RU], kr, nr) & ~(unsigned)DP_PW_COMMON;
		if (nk)
			f |= pack_flags(lx->pack[DP_PL_KK], kk, nk) & ~(unsigned)DP_PW_COMMON;
	}
	if (f & NAMES)
		return f | (morph(kr, nr, 0) & DP_PW_PATRONYMIC);
	/* a known name under a case ending first (Нұрланның), then the suffix alone */
	g = reduce_ru(lx, kr, nr);
	if (!(g & NAMES) && nk) {
		h = reduce_kk(lx, kk, nk, kr, nr);
		if ((h & NAMES) || !g)
			g = h;
	}
	if (g & NAMES)
		return f | g | DP_PW_INFLECTED;
	h = morph(kr, nr, 0);
	if (!h && nk)
		h = morph(kk, nk, 1);
	if (h)
		return f | h;
	if (g)
		return f | g | DP_PW_INFLECTED;   /* Кравцовым: an unknown -ов surname, inflected */
	return f | common_inflected(lx, kr, nr, kk, nk);
}

/* ---- lemmas, for doppel-anon's canonical person names --------------------------- */

/* weights of the masculine and feminine rows a match found */
static void add_weights(const dp_dp_match *m, uint64_t *wm, uint64_t *wf)
{
	static const int male[] = {DP_DP_FIRST_MALE}, female[] = {DP_DP_FIRST_FEMALE};

	if (m->entry[male[0]])
		*wm += m->entry[male[0]]->weight;
	if (m->entry[female[0]])
		*wf += m->entry[female[0]]->weight;
}

/* gender of pack flags: 'm', 'f' or '?'; a first name that is both (Anna, Sasha) goes by
 * the heavier list */
static int gender_of(unsigned f, uint64_t wm, uint64_t wf)
{
	int m = (f & (DP_DP_F_FIRST_MALE | DP_DP_F_SURNAME_M | DP_DP_F_PATRONYMIC_M)) != 0;
	int w = (f & (DP_DP_F_FIRST_FEMALE | DP_DP_F_SURNAME_F | DP_DP_F_PATRONYMIC_F)) != 0;

	if (m && w && wm != wf)
		return wm > wf ? 'm' : 'f';
	return m == w ? '?' : m ? 'm' : 'f';
}

/* pack flags of a ru key in every pack (the kk pack through its own folds); the weights
 * of its first-name rows are added to wm and wf when they are not NULL */
static unsigned name_flags_w(const dp_person_lex *lx, const char *key, size_t k, uint64_t *wm,
                             uint64_t *wf)
{
	char kk[KEY_CAP];
	size_t nk = dp_dp_key("kk", key, k, kk, sizeof kk);
	unsigned f = 0;
	const unsigned names = DP_DP_F_FIRST_MALE | DP_DP_F_FIRST_FEMALE | DP_DP_F_SURNAME_M |
	                       DP_DP_F_SURNAME_F | DP_DP_F_PATRONYMIC_M | DP_DP_F_PATRONYMIC_F;

	for (int l = 0; l < DP_PL_COUNT; l++) {
		dp_dp_match m;
		if (!lx->pack[l])
			continue;
		f |= dp_dp_lookup_key(lx->pack[l], l == DP_PL_KK ? kk : key, l == DP_PL_KK ? nk : k, &m);
		if (wm && wf)
			add_weights(&m, wm, wf);
	}
	return f & names;
}

static unsigned name_flags_any(const dp_person_lex *lx, const char *key, size_t k)
{
	return name_flags_w(lx, key, k, NULL, NULL);
}

/* the Russian case ending whose removal gives a known name (or an -ов surname) */
static size_t lemma_ru(const dp_person_lex *lx, const char *kr, size_t nr, char *b,
                       unsigned *f)
{
	size_t sl, bn;

	for (size_t i = 0; i < N(ru_endings); i++) {
		if (!ends_with(kr, nr, ru_endings[i].end, &sl) ||
		    !(bn = make_stem(b, kr, nr - sl, ru_endings[i].repl)))
			continue;
		if ((*f = name_flags_any(lx, b, bn)) != 0)
			return bn;
	}
	for (size_t i = 0; i < N(ru_endings); i++)
		if (ends_with(kr, nr, ru_endings[i].end, &sl) &&
		    (bn = make_stem(b, kr, nr - sl, ru_endings[i].repl)) &&
		    has_suffix(b, bn, surname_cyr, N(surname_cyr)) && !*ru_endings[i].repl)
			return bn;   /* Кравцовым -> кравцов */
	return 0;
}

/* bytes of the last `count` letters of a UTF-8 key */
static size_t tail_bytes(const char *k, size_t n, size_t count)
{
	size_t i = n;

	while (i > 0 && count > 0) {
		i--;
		if (((unsigned char)k[i] & 0xC0) != 0x80)
			count--;
	}
	return n - i;
}

/* the Kazakh case ending whose removal gives a known name: matched on the kk-folded key,
 * removed from the ru key by its letter count (Нұрланның -> нұрлан) */
static size_t lemma_kk(const dp_person_lex *lx, const char *kr, size_t nr, char *b,
                       unsigned *f)
{
	char kk[KEY_CAP];
	size_t nk = dp_dp_key("kk", kr, nr, kk, sizeof kk), sl, cut;

	for (size_t i = 0; nk && i < N(kk_endings); i++) {
		if (!ends_with(kk, nk, kk_endings[i], &sl) || letters(kk, nk - sl) < 2)
			continue;
		cut = tail_bytes(kr, nr, letters(kk_endings[i], sl));
		if (cut >= nr || (*f = name_flags_any(lx, kr, nr - cut)) == 0)
			continue;
		memcpy(b, kr, nr - cut);
		b[nr - cut] = '\0';
		return nr - cut;
	}
	return 0;
}

size_t dp_person_lemma(const dp_person_lex *lx, const char *w, size_t n, char *out,
                       size_t cap, int *gender)
{
	char kr[KEY_CAP], b[KEY_CAP];
	size_t nr, bn = 0;
	unsigned f = 0;
	uint64_t wm = 0, wf = 0;

	*gender = '?';
	if (!(nr = dp_dp_key("ru", w, n, kr, sizeof kr)))
		return 0;
	if (lx && (f = name_flags_w(lx, kr, nr, &wm, &wf)) != 0) {
		memcpy(b, kr, nr + 1);
		bn = nr;
	} else if (lx && !(bn = lemma_ru(lx, kr, nr, b, &f))) {
		bn = lemma_kk(lx, kr, nr, b, &f);
	}
	if (!bn) {
		memcpy(b, kr, nr + 1);
		bn = nr;
	}
	*gender = gender_of(f, wm, wf);
	if (bn >= cap)
		return 0;
	memcpy(out, b, bn + 1);
	return bn;
}
