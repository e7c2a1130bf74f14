/* detect.c - the detector object, the main trigger loop over normalised text, overlap
 * resolution and reporting of findings (detect.h). Type-specific work lives in
 * detect_numeric.c, detect_text.c and detect_context.c. */
#include "config.h"
#include "detect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "detect_internal.h"
#include "dp_exit.h"
#include "rules.h"
#include "validate.h"
#include "dynbuf.h"
#include "person.h"

/* jit: the PCRE2_JIT_* modes to compile for, 0 for none */
static pcre2_code *compile(const char *pattern, unsigned extra_opts, int utf, unsigned jit,
                           dp_err *err)
{
	int ec;
	PCRE2_SIZE eo;
	uint32_t opts = extra_opts;
	pcre2_code *re;

	if (utf)
		opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof msg);
		dp_err_set(err, DP_CONFIG, "pattern does not compile at offset %zu: %s", (size_t)eo,
		           (const char *)msg);
		return NULL;
	}
	if (jit)
		pcre2_jit_compile(re, jit);   /* falls back to the interpreter */
	return re;
}

pcre2_code *dp_detect_compile(const char *pattern, unsigned extra_opts, int utf, dp_err *err)
{
	return compile(pattern, extra_opts, utf, PCRE2_JIT_COMPLETE, err);
}

pcre2_code *dp_detect_compile_partial(const char *pattern, unsigned extra_opts, dp_err *err)
{
	return compile(pattern, extra_opts, 1, PCRE2_JIT_PARTIAL_HARD, err);
}

static int add_type(dp_detector *d, const char *id, double min_score)
{
	if (d->ntypes >= DP_T_MAX)
		return -1;
	d->type_id[d->ntypes] = id;
	d->min_score[d->ntypes] = min_score;
	return d->ntypes++;
}

static int build_rules(dp_detector *d, const struct dp_rules *r, dp_err *err);

static void apply_rules_to_types(dp_detector *d)
{
	for (int t = 0; t < d->ntypes; t++) {
		if (!d->rules)
			break;
		d->min_score[t] = dp_rules_threshold(d->rules, d->type_id[t], d->min_score[t]);
		d->disabled[t] = (unsigned char)dp_rules_disabled(d->rules, d->type_id[t]);
	}
}

dp_detector *dp_detect_new(const struct dp_rules *rules, dp_err *err)
{
	dp_detector *d = calloc(1, sizeof *d);

	if (!d) {
		dp_err_set(err, DP_SOFTWARE, "out of memory");
		return NULL;
	}
	d->rules = rules;
	for (int t = 0; t < DP_T_BUILTIN_COUNT; t++)
		add_type(d, dp_type_get(t)->id, dp_type_get(t)->min_score);
	if (dp_ctx_build(d, err) != 0 || dp_detect_build_patterns(d, err) != 0) {
		dp_detect_free(d);
		return NULL;
	}
	if (rules && build_rules(d, rules, err) != 0) {
		dp_detect_free(d);
		return NULL;
	}
	apply_rules_to_types(d);
	if (!d->disabled[DP_T_PERSON] && dp_detect_person_build(d, err) != 0) {
		dp_detect_free(d);
		return NULL;
	}
	return d;
}

void dp_detect_free(dp_detector *d)
{
	if (!d)
		return;
	for (int i = 0; i < PAT_COUNT; i++)
		pcre2_code_free(d->pat[i]);
	for (int i = 0; i < CTX_COUNT; i++)
		pcre2_code_free(d->ctx[i]);
	for (int i = 0; i < PCTX_COUNT; i++) {
		pcre2_code_free(d->pctx[i]);
		pcre2_code_free(d->pprobe[i]);
	}
	dp_person_lex_free(d->lex);
	for (size_t i = 0; i < d->ncustom; i++) {
		pcre2_code_free(d->custom[i].re);
		pcre2_code_free(d->custom[i].ctx);
	}
	free(d->custom);
	pcre2_code_free(d->deny);
	free(d);
}

dp_scanner *dp_scanner_new(const dp_detector *d, dp_err *err)
{
	dp_scanner *s = calloc(1, sizeof *s);

	if (s) {
		s->d = d;
		s->md = pcre2_match_data_create(32, NULL);
		s->norm = dp_norm_new();
	}
	if (!s || !s->md || !s->norm) {
		dp_scanner_free(s);
		dp_err_set(err, DP_SOFTWARE, "out of memory");
		return NULL;
	}
	return s;
}

void dp_scanner_free(dp_scanner *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	dp_norm_free(s->norm);
	dp_detect_persons_free(s);
	free(s->cand);
	free(s->val);
	free(s);
}

int dp_detect_add(dp_scanner *s, int type, size_t st, size_t en, double score,
                  const char *det, unsigned flags)
{
	dp_cand *c;

	if (type < 0 || s->d->disabled[type] || en <= st)
		return 0;
	if (s->ncand == s->acand) {
		size_t na = s->acand ? s->acand * 2 : 64;
		dp_cand *p = realloc(s->cand, na * sizeof *p);

		if (!p)
			return -1;
		s->cand = p;
		s->acand = na;
	}
	c = &s->cand[s->ncand++];
	c->type = type;
	c->s = st;
	c->e = en;
	c->score = score > 1.0 ? 1.0 : score < 0.0 ? 0.0 : score;
	c->det = det;
	c->flags = flags;
	return 0;
}

size_t dp_detect_match_at(dp_scanner *s, int p, size_t off)
{
	int rc = pcre2_jit_match(s->d->pat[p], (PCRE2_SPTR)s->t, s->n, off, 0, s->md, NULL);

	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(s->d->pat[p], (PCRE2_SPTR)s->t, s->n, off, 0, s->md, NULL);
	if (rc <= 0)
		return 0;
	return (size_t)pcre2_get_ovector_pointer(s->md)[1];
}

/* byte classes for the trigger loop */
enum { B_WORD = 1, B_DIGIT = 2, B_UPPER = 4, B_PHONE_START = 8, B_AFTER = 16 };
static unsigned char bclass[256];

static void init_classes(void)
{
	if (bclass['a'])
		return;
	for (int c = 0; c < 256; c++) {
		unsigned char v = 0;

		if (isalnum(c) || c == '_')
			v |= B_WORD;
		if (isdigit(c))
			v |= B_DIGIT;
		if (isupper(c))
			v |= B_UPPER;
		if (c == '+' || c == '(')
			v |= B_PHONE_START;
		if (c && strchr("=:\"'- ", c))
			v |= B_AFTER;   /* may follow the key of an assignment or "xoxb" */
		bclass[c] = v;
	}
}

static int all_digits(const unsigned char *p, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!(bclass[p[k]] & B_DIGIT))
			return 0;
	return 1;
}

/* The trigger loop: walks words; digit runs and interesting words go to their detectors. */
static void scan_words(dp_scanner *s)
{
	const unsigned char *t = (const unsigned char *)s->t;
	size_t n = s->n, i = 0;

	while (i < n) {
		unsigned char c = bclass[t[i]];
		size_t ws, next;
		unsigned acc = 0;

		if (!(c & (B_WORD | B_PHONE_START))) {
			i++;
			continue;
		}
		if (c & B_PHONE_START) {
			if (i + 1 < n && (bclass[t[i + 1]] & B_DIGIT) && (i == 0 || !(bclass[t[i - 1]] & B_WORD))) {
				next = dp_detect_numeric(s, i);
				i = next > i ? next : i + 1;
			} else {
				i++;
			}
			continue;
		}
		ws = i;
		for (unsigned char cl; i < n && ((cl = bclass[t[i]]) & B_WORD); i++)
			acc |= cl;
		if ((acc & B_DIGIT) && all_digits(t + ws, i - ws)) {
			/* "28-61-D2-..." and "8045.8d23.f071": a MAC before a digit run */
			next = i - ws <= 4 && i < n && (t[i] == '-' || t[i] == ':' || t[i] == '.') ?
			       dp_detect_word(s, ws, i, 1, 0) : i;
			if (next > i) {
				i = next;
				continue;
			}
			next = dp_detect_numeric(s, ws);
			if (next <= i)
				next = dp_detect_word(s, ws, i, 1, 0);
			if (next > i)
				i = next;
			continue;
		}
		/* lower-case words matter only before an assignment or a Slack token's '-' */
		if (!(acc & (B_DIGIT | B_UPPER)) && (i >= n || !(bclass[t[i]] & B_AFTER)))
			continue;
		next = dp_detect_word(s, ws, i, (acc & B_DIGIT) != 0, (acc & B_UPPER) != 0);
		if (next > i)
			i = next;
	}
}

static int cand_cmp(const void *a, const void *b)
{
	const dp_cand *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e > y->e ? -1 : 1;
	return x->score > y->score ? -1 : x->score < y->score;
}

/* Better of two overlapping candidates: higher score, then longer span. */
static int better(const dp_cand *a, const dp_cand *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	return (a->e - a->s) > (b->e - b->s);
}

/* Sorts candidates and drops those overlapping a better one. */
static void resolve_overlaps(dp_scanner *s)
{
	size_t k = 0;

	if (s->ncand < 2)
		return;
	qsort(s->cand, s->ncand, sizeof *s->cand, cand_cmp);
	for (size_t i = 1; i < s->ncand; i++) {
		dp_cand *last = &s->cand[k], *c = &s->cand[i];

		if (c->s < last->e) {
			if (better(c, last))
				*last = *c;
			continue;
		}
		s->cand[++k] = *c;
	}
	s->ncand = k + 1;
}

static int val_reserve(dp_scanner *s, size_t n)
{
	char *p;

	if (n <= s->aval)
		return 0;
	p = realloc(s->val, n);
	if (!p)
		return -1;
	s->val = p;
	s->aval = n;
	return 0;
}

static int keep_char(int type, unsigned char c)
{
	switch (type) {
	case DP_T_CARD: case DP_T_KZ_IIN: case DP_T_KZ_BIN: case DP_T_RU_INN:
	case DP_T_RU_SNILS: case DP_T_US_SSN:
		return isdigit(c);
	case DP_T_IBAN: case DP_T_PASSPORT:
		return isalnum(c);
	default:
		return 1;
	}
}

size_t dp_detect_norm(int type, const char *v, size_t n, char *out)
{
	size_t k = 0;

	if (type == DP_T_PHONE && dp_phone_classify(v, n, out))
		return strlen(out);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (!keep_char(type, ch))
			continue;
		if (type == DP_T_IBAN || type == DP_T_PASSPORT)
			ch = (unsigned char)toupper(ch);
		else if (type == DP_T_EMAIL || type == DP_T_SWIFT_BIC)
			ch = (unsigned char)(type == DP_T_EMAIL ? tolower(ch) : toupper(ch));
		out[k++] = (char)ch;
	}
	out[k] = '\0';
	return k;
}

/* The normalised value of a candidate (dp_detect_norm) in the scanner's scratch. */
static size_t norm_value(dp_scanner *s, const dp_cand *c)
{
	if (val_reserve(s, c->e - c->s + 32) < 0)
		return 0;
	return dp_detect_norm(c->type, s->t + c->s, c->e - c->s, s->val);
}

static int emit(dp_scanner *s, const dp_cand *c, int report_all, dp_finding_cb cb, void *ud)
{
	const dp_detector *d = s->d;
	dp_finding f;

	if (!report_all && c->score < d->min_score[c->type])
		return 0;
	f.norm_len = norm_value(s, c);
	f.norm = s->val ? s->val : "";
	if (d->rules && dp_rules_allowed_value(d->rules, f.norm, f.norm_len))
		return 0;
	f.type = c->type;
	f.type_id = d->type_id[c->type];
	f.start = dp_norm_orig_start(s->norm, c->s);
	f.end = dp_norm_orig_end(s->norm, c->e);
	f.score = c->score;
	f.detector = c->det;
	f.flags = c->flags;
	return cb(&f, ud);
}

int dp_detect_run(dp_scanner *s, const char *buf, size_t len, int report_all,
                  dp_finding_cb cb, void *ud)
{
	int rc = 0;

	init_classes();
	s->t = dp_norm_nfkc(s->norm, buf, len, &s->n);
	if (!s->t)
		return DP_SOFTWARE;
	s->ncand = 0;
	scan_words(s);
	dp_detect_persons(s);
	dp_detect_emails(s);
	dp_detect_custom(s);
	dp_detect_deny(s);
	resolve_overlaps(s);
	for (size_t i = 0; i < s->ncand && rc == 0; i++)
		rc = emit(s, &s->cand[i], report_all, cb, ud);
	return rc;
}

int dp_detect_type_count(const dp_detector *d)
{
	return d->ntypes;
}

const char *dp_detect_type_id(const dp_detector *d, int type)
{
	return type >= 0 && type < d->ntypes ? d->type_id[type] : NULL;
}

double dp_detect_min_score(const dp_detector *d, int type)
{
	return type >= 0 && type < d->ntypes ? d->min_score[type] : 1.0;
}

/* --- rules: custom types and deny lists -------------------------------------------- */

static const struct {
	const char *name;
	dp_validator_fn fn;
} validators[] = {
	{"luhn", dp_valid_luhn}, {"card", dp_valid_card}, {"iban", dp_valid_iban},
	{"swift_bic", dp_valid_swift_bic}, {"kz_iin", dp_valid_kz_iin}, {"kz_bin", dp_valid_kz_bin},
	{"ru_inn", dp_valid_ru_inn}, {"ru_snils", dp_valid_ru_snils}, {"us_ssn", dp_valid_us_ssn},
	{"ipv4", dp_valid_ipv4}, {"ipv6", dp_valid_ipv6}, {"mac", dp_valid_mac}, {"jwt", dp_valid_jwt},
};

static dp_validator_fn validator_by_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof validators / sizeof *validators; i++)
		if (strcmp(validators[i].name, name) == 0)
			return validators[i].fn;
	return NULL;
}

/* Caseless alternation of literal words, each wrapped in \Q...\E, optionally marked. */
static int words_pattern(dp_buf *b, char *const *words, size_t n, const int *marks)
{
	dp_buf_adds(b, "(?<![\\p{L}\\p{N}_])(?:");
	for (size_t i = 0; i < n; i++) {
		dp_buf_adds(b, i ? "|\\Q" : "\\Q");
		for (const char *w = words[i]; *w; w++) {
			if (w[0] == '\\' && w[1] == 'E')
				dp_buf_adds(b, "\\E\\\\E\\Q"), w++;
			else
				dp_buf_addc(b, *w);
		}
		dp_buf_adds(b, "\\E");
		if (marks)
			dp_buf_printf(b, "(*MARK:%d)", marks[i]);
	}
	return dp_buf_adds(b, ")(?![\\p{L}\\p{N}_])");
}

static int build_custom(dp_detector *d, const dp_custom_type *ct, dp_custom_rt *rt, dp_err *err)
{
	size_t nctx = 0;

	rt->type = add_type(d, ct->id, 0.5);
	rt->re = dp_detect_compile(ct->pattern, 0, 1, err);
	if (rt->type < 0 || !rt->re)
		return err->code ? err->code : dp_err_set(err, DP_CONFIG, "too many types");
	rt->valid = validator_by_name(ct->validator);
	rt->score = ct->score;
	rt->boost = ct->context_boost;
	rt->needs_context = ct->needs_context;
	while (ct->context && ct->context[nctx])
		nctx++;
	if (nctx) {
		dp_buf b;

		dp_buf_init(&b, 1 << 20);
		words_pattern(&b, ct->context, nctx, NULL);
		rt->ctx = dp_detect_compile(b.data, PCRE2_CASELESS, 1, err);
		dp_buf_free(&b);
		if (!rt->ctx)
			return err->code;
	}
	return 0;
}

static int deny_type_for(dp_detector *d, const char *id)
{
	for (int t = 0; t < d->ntypes; t++)
		if (strcmp(d->type_id[t], id) == 0)
			return t;
	return add_type(d, id, 0.5);
}

static int build_deny(dp_detector *d, const struct dp_rules *r, dp_err *err)
{
	char **terms = calloc(r->ndeny, sizeof *terms);
	int *marks = calloc(r->ndeny, sizeof *marks);
	dp_buf b;

	if (!terms || !marks) {
		free(terms);
		free(marks);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	for (size_t i = 0; i < r->ndeny; i++) {
		terms[i] = r->deny[i].term;
		marks[i] = deny_type_for(d, r->deny[i].type ? r->deny[i].type : "deny_term");
	}
	dp_buf_init(&b, 1 << 24);
	words_pattern(&b, terms, r->ndeny, marks);
	d->deny = dp_detect_compile(b.data, PCRE2_CASELESS, 1, err);
	dp_buf_free(&b);
	free(terms);
	free(marks);
	return d->deny ? 0 : err->code;
}

static int build_rules(dp_detector *d, const struct dp_rules *r, dp_err *err)
{
	if (r->ncustom) {
		d->custom = calloc(r->ncustom, sizeof *d->custom);
		if (!d->custom)
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		for (size_t i = 0; i < r->ncustom; i++) {
			d->ncustom = i + 1;   /* counted first, so dp_detect_free frees a half-built one */
			if (build_custom(d, &r->custom[i], &d->custom[i], err) != 0)
				return err->code;
		}
	}
	if (r->ndeny && build_deny(d, r, err) != 0)
		return err->code;
	return 0;
}

const struct dp_person_lex *dp_detect_person_lex(const dp_detector *d)
{
	return d->lex;
}
