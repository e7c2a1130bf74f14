/* person.h - the person-name lexicon: the en, ru and kk data packs (datapack.h) with the
 * morphology that maps inflected and suffixed words to them (SPEC section 4.1), and the
 * context rules that score a candidate name (honorifics, phrases, greeting, signature).
 * Used by the person detector (detect_person.c) and by its unit tests.
 * Ownership: dp_person_lex_load allocates the lexicon and dp_person_lex_free frees it; a
 * loaded lexicon is read-only and may be shared by threads. dp_person_classify does not
 * allocate. */
#ifndef DP_PERSON_H
#define DP_PERSON_H

#include <stddef.h>

#include "datapack.h"
#include "error.h"

enum dp_person_lang { DP_PL_EN, DP_PL_RU, DP_PL_KK, DP_PL_COUNT };

/* what a word is, any combination */
enum {
	DP_PW_FIRST = 1 << 0,        /* a first name in a pack */
	DP_PW_SURNAME = 1 << 1,      /* a surname in a pack */
	DP_PW_PATRONYMIC = 1 << 2,   /* a patronymic: in a pack or by its suffix */
	DP_PW_SURMORPH = 1 << 3,     /* not in a pack, but shaped like a surname (-ов, -ова, -ский) */
	DP_PW_COMMON = 1 << 4,       /* also a common word or a place (common.txt): needs context */
	DP_PW_INFLECTED = 1 << 5,    /* known only after removing a case ending (Петрову, Асанға) */
	DP_PW_FREQUENT = 1 << 6,     /* among the ~500 most frequent names of its list (John, Brown) */
	DP_PW_WORD = 1 << 7          /* an English word and no name (Garden, Support) */
};

typedef struct dp_person_lex {
	dp_dp_pack *pack[DP_PL_COUNT];
} dp_person_lex;

/* Loads DIR/{en,ru,kk}. Returns DP_OK or the dp_dp_load status with the message in err. */
int dp_person_lex_load(const char *dir, dp_person_lex **out, dp_err *err);
void dp_person_lex_free(dp_person_lex *lx);

/* Classifies one word w[0..n) (UTF-8 as written: any case, no punctuation; a hyphenated
 * word is classified as a whole, its parts by the caller). Returns DP_PW_* flags, 0 for a
 * word that is nothing known. */
unsigned dp_person_classify(const dp_person_lex *lx, const char *w, size_t n);

/* The nominative lookup key of a word as a name (ru key: lower case, ё -> е): the word's
 * own key when it is a known name, else the known name or -ов surname left after removing
 * a Russian or Kazakh case ending (Петрову -> петров, Нұрланның -> нұрлан), else the
 * word's key. *gender is 'm' or 'f' when the packs say so, else '?'. Writes the key,
 * NUL-terminated, to out and returns its length; 0 when it does not fit in cap or the word
 * is empty or too long. lx may be NULL (then no reduction). */
size_t dp_person_lemma(const dp_person_lex *lx, const char *w, size_t n, char *out,
                       size_t cap, int *gender);

#endif
