/* person_parts.h - a detected person name split into its parts (first name, surname,
 * patronymic, initials) with each part's canonical Latin form, so doppel-anon can tell
 * that "Иван Петров", "Ivan Petrov", "И. Петров", "Петрову Ивану" and "Petrov I." are one
 * person and map names part by part (SPEC section 7).
 * A canonical form is the part's nominative (person.h lemma), Kazakh letters folded to
 * their Russian look-alikes, transliterated by ICAO 9303, in lower case; a surname's is
 * its masculine form (Петрова and Petrova are the surname petrov).
 * Ownership: everything lives in the caller's dp_pp_name; nothing is allocated. */
#ifndef DP_PERSON_PARTS_H
#define DP_PERSON_PARTS_H

#include <stddef.h>

#include "person.h"

#define DP_PP_MAX 8          /* parts kept; a longer name keeps its first 7 and its last */
#define DP_PP_CANON_MAX 96   /* bytes of a canonical form, NUL included */

enum dp_pp_role { DP_PP_FIRST, DP_PP_MIDDLE, DP_PP_SURNAME, DP_PP_PATRONYMIC,
                  DP_PP_INITIAL_FIRST, DP_PP_INITIAL_MIDDLE };

typedef struct dp_pp_part {
	size_t start, end;            /* bytes within the name as passed (the word, no dot) */
	int role;                     /* enum dp_pp_role */
	int gender;                   /* 'm', 'f' or '?' */
	int cyrillic;                 /* written in Cyrillic */
	int upper;                    /* written in capitals only (ПЕТРОВ) */
	char lemma[DP_PP_CANON_MAX];  /* nominative lookup key in its own script (петрова) */
	char canon[DP_PP_CANON_MAX];  /* canonical Latin form (petrov); an initial: one letter */
} dp_pp_part;

typedef struct dp_pp_name {
	dp_pp_part part[DP_PP_MAX];
	size_t n;
	int gender;                   /* the person's: from the first name, else the others */
	int first, surname, patronymic;   /* index of that part, -1 when absent */
	char initial;                 /* first letter of the first name (Latin), 0 if none */
} dp_pp_name;

/* Splits name[0..n) (a detector's person span). Returns the number of parts (0 when no
 * word could be read). lx may be NULL: roles then come from word order alone. */
size_t dp_pp_split(const dp_person_lex *lx, const char *name, size_t n, dp_pp_name *out);

/* The canonical Latin form of a word as role (DP_PP_SURNAME gives the masculine form);
 * returns its length, 0 when it does not fit. Used for names from structured fields. */
size_t dp_pp_canon(const dp_person_lex *lx, const char *w, size_t n, int role, char *out,
                   size_t cap);

#endif
