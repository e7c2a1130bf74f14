/* detect_internal.h - what the detector's modules share (not for the programs).
 * Ownership: a dp_detector owns its compiled patterns, type tables and person lexicon
 * (lex); a dp_scanner owns its match data, normaliser, candidate array, person-word
 * cache and context probe memo (pcache and pmemo, freed by dp_detect_persons_free).
 * Candidates are scratch memory reused by every dp_detect_run call. s->t is the
 * normalised text: it may be the caller's own buffer and is not NUL-terminated, so every
 * read is bounded by s->n. */
#ifndef DP_DETECT_INTERNAL_H
#define DP_DETECT_INTERNAL_H

#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "detect.h"
#include "normalize.h"

/* context word groups (detect_context.c) */
enum dp_ctx {
	CTX_PHONE, CTX_CARD, CTX_IBAN, CTX_BIC, CTX_IIN, CTX_BIN, CTX_INN, CTX_SNILS, CTX_SSN,
	CTX_PASSPORT, CTX_DOB, CTX_ADDRESS, CTX_COUNT
};

/* anchored shape patterns (detect_text.c) */
enum dp_pat {
	PAT_EMAIL, PAT_URL, PAT_AWS, PAT_GITHUB, PAT_SLACK, PAT_JWT, PAT_PRIVKEY, PAT_IBAN, PAT_BIC,
	PAT_MAC, PAT_DATE_TEXT, PAT_DATE_MDY, PAT_PASSPORT, PAT_ADDR_EN, PAT_ADDR_RU, PAT_ADDR_KK, PAT_COUNT
};

/* person-name context patterns (person_context.c) */
enum dp_pctx {
	PCTX_BEFORE, PCTX_AFTER, PCTX_PLACE_BEFORE, PCTX_PLACE_AFTER, PCTX_CLOSING, PCTX_SPEAKER,
	PCTX_HONOR_BEFORE, PCTX_HONOR_AFTER, PCTX_TITLE, PCTX_BRAND,
	PCTX_COUNT
};

struct dp_person_lex;

typedef struct dp_cand {
	int type;
	size_t s, e;          /* span in the normalised text */
	double score;
	const char *det;
	unsigned flags;
} dp_cand;

typedef int (*dp_validator_fn)(const char *s, size_t n);

typedef struct dp_custom_rt {
	int type;
	pcre2_code *re;
	pcre2_code *ctx;      /* NULL when no context words */
	dp_validator_fn valid;
	double score, boost;
	int needs_context;
} dp_custom_rt;

struct dp_detector {
	const struct dp_rules *rules;
	int ntypes;
	const char *type_id[DP_T_MAX];
	double min_score[DP_T_MAX];
	unsigned char disabled[DP_T_MAX];
	pcre2_code *pat[PAT_COUNT];
	pcre2_code *ctx[CTX_COUNT];
	dp_custom_rt *custom;
	size_t ncustom;
	pcre2_code *pctx[PCTX_COUNT];
	pcre2_code *pprobe[PCTX_COUNT];  /* the same, not end-anchored, for partial probes */
	struct dp_person_lex *lex; /* NULL when the person type is disabled */
	pcre2_code *deny;          /* one alternation; (*MARK:k) names the type */
	int deny_type[256];
	size_t ndeny_types;
};

struct dp_scanner {
	const dp_detector *d;
	pcre2_match_data *md;
	dp_norm *norm;
	dp_cand *cand;
	size_t ncand, acand;
	char *val;                 /* normalised value of the finding being reported */
	size_t aval;
	struct dp_pcache *pcache;  /* person-word classes of recent words (detect_person.c) */
	uint32_t *pmemo;           /* probes of the person context patterns (person_context.c) */
	const char *t;             /* the normalised text of the current run */
	size_t n;
};

/* Shared helpers */
pcre2_code *dp_detect_compile(const char *pattern, unsigned extra_opts, int utf, dp_err *err);
/* the same in UTF mode, compiled for partial matches (PCRE2_PARTIAL_HARD) */
pcre2_code *dp_detect_compile_partial(const char *pattern, unsigned extra_opts, dp_err *err);
int dp_detect_add(dp_scanner *s, int type, size_t st, size_t en, double score,
                  const char *det, unsigned flags);
/* Anchored match of pattern p at offset off; returns match end or 0 when no match. */
size_t dp_detect_match_at(dp_scanner *s, int p, size_t off);

/* detect_context.c */
int dp_ctx_build(dp_detector *d, dp_err *err);
/* 1 when a word of group g is within the window around [st, en) on the same line. */
int dp_ctx_near(dp_scanner *s, int g, size_t st, size_t en);
int dp_ctx_near_re(dp_scanner *s, const pcre2_code *re, size_t st, size_t en);
int dp_known_fake_email_domain(const char *dom, size_t n);

/* person_context.c: compiles d->pctx; the score change for a name at [st, en): -1 when a
 * place or company word makes it part of another name, else a boost >= 0; *why is 1 for a
 * context word or a signature closing, 2 for the weak kinds (a speaker's colon, a name
 * alone on its line), 0 for none */
int dp_person_ctx_build(dp_detector *d, dp_err *err);
double dp_person_context(dp_scanner *s, size_t st, size_t en, unsigned *why);
/* only the place and company test of dp_person_context: -1 or 0 (for names whose own
 * evidence is already strong) */
double dp_person_place_only(dp_scanner *s, size_t st, size_t en, unsigned *why);
/* 1 when a title ("Mrs.", "г-н", "my name is") is right before [st, en) or a Kazakh
 * honorific ("апай", "мырза") right after it */
int dp_person_titled(dp_scanner *s, size_t st, size_t en);
/* 1 when a place or company word ("Street", "Bank", "көшесі") starts at `at` */
int dp_person_place_word(dp_scanner *s, size_t at);
/* detect_person.c: person names over the whole text */
int dp_detect_person_build(dp_detector *d, dp_err *err);
void dp_detect_persons(dp_scanner *s);
void dp_detect_persons_free(dp_scanner *s);

/* detect_numeric.c: digit runs (card, ids, phone, ipv4, dates, passport, address) */
size_t dp_detect_numeric(dp_scanner *s, size_t i);
/* detect_text.c: the other triggers */
int dp_detect_build_patterns(dp_detector *d, dp_err *err);
void dp_detect_deny(dp_scanner *s);
void dp_detect_emails(dp_scanner *s);
size_t dp_detect_word(dp_scanner *s, size_t ws, size_t we, int has_digit, int has_upper);
void dp_detect_custom(dp_scanner *s);

#endif
