/* template_parse.c - the line structure of doppel-template(5): directives (@template,
 * @description, @locales, @edge, @include, @record, @emit, @mutable, @locale), fields
 * ("name[:type] = text"), rules ("<name>" or "<name@locale>") and their indented weighted
 * alternatives; the arena every compiled node lives in; loading files. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "dp_exit.h"
#include "rng.h"
#include "sharedir.h"
#include "template_internal.h"

struct tpl_arena {
	struct tpl_arena *next;
	size_t used, size;
	max_align_t data[];
};

void *tpl_alloc(dp_tpl *t, size_t n)
{
	struct tpl_arena *a = t->arena;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!a || a->size - a->used < n) {
		size_t size = n > 65536 ? n : 65536;

		if (!(a = calloc(1, sizeof *a + size)))
			return NULL;
		a->size = size;
		a->next = t->arena;
		t->arena = a;
	}
	a->used += n;
	return (char *)a->data + a->used - n;
}

char *tpl_strndup(dp_tpl *t, const char *s, size_t n)
{
	char *d = tpl_alloc(t, n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

void dp_tpl_free(dp_tpl *t)
{
	if (!t)
		return;
	while (t->arena) {
		struct tpl_arena *n = t->arena->next;

		free(t->arena);
		t->arena = n;
	}
	free(t->rule);
	free(t->name);
	free(t->description);
	free(t->path);
	free(t);
}

int tpl_rule_index(dp_tpl *t, const char *name, size_t n, int create)
{
	for (int i = 0; i < t->nrules; i++)
		if (strlen(t->rule[i].name) == n && !memcmp(t->rule[i].name, name, n))
			return i;
	if (!create)
		return -1;
	if (t->nrules == t->rules_alloc) {
		int na = t->rules_alloc ? t->rules_alloc * 2 : 32;
		tpl_rule *r = realloc(t->rule, (size_t)na * sizeof *r);

		if (!r)
			return -1;
		t->rule = r;
		t->rules_alloc = na;
	}
	memset(&t->rule[t->nrules], 0, sizeof t->rule[0]);
	if (!(t->rule[t->nrules].name = tpl_strndup(t, name, n)))
		return -1;
	return t->nrules++;
}

int tpl_locale_index(const char *s, size_t n)
{
	static const char *const names[] = { "en", "ru", "kk" };

	for (int i = 0; i < TPL_NLOC; i++)
		if (n == 2 && !memcmp(s, names[i], 2))
			return i + 1;
	return 0;
}

const char *tpl_locale_name(int idx)
{
	static const char *const names[] = { "en", "ru", "kk" };

	return idx >= 1 && idx <= TPL_NLOC ? names[idx - 1] : "en";
}

/* --- parser state ----------------------------------------------------------------- */

typedef struct pstate {
	dp_tpl *t;
	tpl_pctx c;
	int table;              /* the open @record, -1 before the first */
	tpl_alts *block;        /* alternatives being collected from indented lines */
	tpl_seq *bseq;          /* malloc'd while open */
	uint64_t *bcum;
	size_t bn, balloc;
	int block_line;
	int depth;              /* @include depth */
	crypto_hash_sha256_state sha;
} pstate;

static int close_block(pstate *ps)
{
	tpl_alts *a = ps->block;
	int rc = 0;

	if (!a)
		return 0;
	if (ps->bn == 0 || ps->bcum[ps->bn - 1] == 0) {
		rc = dp_err_setf(ps->c.err, DP_DATAERR, ps->c.file, ps->block_line,
				 ps->bn ? "every alternative has weight 0" :
				 "no alternatives: indent them on the lines below, or write '= text'");
	} else {
		a->alt = tpl_alloc(ps->t, ps->bn * sizeof *a->alt);
		a->cum = tpl_alloc(ps->t, ps->bn * sizeof *a->cum);
		if (!a->alt || !a->cum)
			rc = dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
		else {
			memcpy(a->alt, ps->bseq, ps->bn * sizeof *a->alt);
			memcpy(a->cum, ps->bcum, ps->bn * sizeof *a->cum);
			a->n = ps->bn;
		}
	}
	free(ps->bseq);
	free(ps->bcum);
	ps->bseq = NULL;
	ps->bcum = NULL;
	ps->bn = ps->balloc = 0;
	ps->block = NULL;
	return rc;
}

static void open_block(pstate *ps, tpl_alts *a)
{
	ps->block = a;
	ps->block_line = ps->c.line;
}

/* An indented line: "[WEIGHT:] text" added to the open block. */
static int alt_line(pstate *ps, const char *p, const char *end)
{
	uint64_t w = 1, prev;

	if (!ps->block)
		return tpl_error(&ps->c, p, "an indented line belongs to a rule or field above it");
	if (ps->bn == ps->balloc) {
		size_t na = ps->balloc ? ps->balloc * 2 : 8;
		tpl_seq *s = realloc(ps->bseq, na * sizeof *s);
		uint64_t *cu = s ? realloc(ps->bcum, na * sizeof *cu) : NULL;

		if (s)
			ps->bseq = s;
		if (!s || !cu)
			return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
		ps->bcum = cu;
		ps->balloc = na;
	}
	tpl_parse_weight(&p, end, &w);
	prev = ps->bn ? ps->bcum[ps->bn - 1] : 0;
	memset(&ps->bseq[ps->bn], 0, sizeof ps->bseq[0]);
	ps->bcum[ps->bn] = prev + w;
	ps->bn++;
	return tpl_parse_text(&ps->c, &p, end, NULL, &ps->bseq[ps->bn - 1], 0);
}

static const char *skip_sp(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* "<name>" or "<name@ll>", then optionally "= text". */
static int rule_line(pstate *ps, const char *p, const char *end)
{
	const char *s = p + 1, *q = s;
	int loc = 0, r;
	tpl_alts *a;

	while (q < end && tpl_is_name_char((unsigned char)*q))
		q++;
	if (q == s)
		return tpl_error(&ps->c, p, "expected a rule name after '<'");
	if (q < end && *q == '@') {
		if (!(loc = tpl_locale_index(q + 1, (size_t)(end - q - 1 < 2 ? end - q - 1 : 2))) ||
		    q + 3 > end)
			return tpl_error(&ps->c, q + 1, "unknown locale (en, ru, kk)");
		q += 3;
	}
	if (q >= end || *q != '>')
		return tpl_error(&ps->c, q < end ? q : p, "expected '>' to end the rule name");
	if ((r = tpl_rule_index(ps->t, s, (size_t)(q - s - (loc ? 3 : 0)), 1)) < 0)
		return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
	if (ps->t->rule[r].var[loc])
		return tpl_error(&ps->c, p, "rule <%s%s%s> is defined twice", ps->t->rule[r].name,
				 loc ? "@" : "", loc ? tpl_locale_name(loc) : "");
	if (!(a = tpl_alloc(ps->t, sizeof *a)))
		return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
	ps->t->rule[r].var[loc] = a;
	if (!ps->t->rule[r].line)
		ps->t->rule[r].line = ps->c.line;
	q = skip_sp(q + 1, end);
	open_block(ps, a);
	if (q == end)
		return 0;
	if (*q != '=')
		return tpl_error(&ps->c, q, "expected '=' or the end of the line after the rule name");
	return alt_line(ps, skip_sp(q + 1, end), end);
}

static int field_type(pstate *ps, const char *s, size_t n, tpl_field *f)
{
	static const struct { const char *name; enum tpl_vkind k; } types[] = {
		{ "str", V_STR }, { "int", V_INT }, { "num", V_NUM }, { "bool", V_BOOL },
	};

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strlen(types[i].name) == n && !memcmp(types[i].name, s, n)) {
			f->declared = types[i].k;
			f->typed = 1;
			return 0;
		}
	return tpl_error(&ps->c, s, "unknown type '%.*s' (str, int, num, bool)", (int)n, s);
}

/* "name[:type] = text" inside a @record. */
static int field_line(pstate *ps, const char *p, const char *end)
{
	tpl_table *tb;
	tpl_field *f;
	const char *s = p, *q = p;
	int rc;

	while (q < end && tpl_is_name_char((unsigned char)*q) && *q != '-')
		q++;
	if (q == s || (*s >= '0' && *s <= '9'))
		return tpl_error(&ps->c, p, "expected a field 'name = text', a '<rule>' or an '@directive'");
	if (ps->table < 0)
		return tpl_error(&ps->c, p, "a field before any '@record NAME'");
	tb = &ps->t->table[ps->table];
	for (int i = 0; i < tb->nfields; i++)
		if (strlen(tb->field[i].name) == (size_t)(q - s) && !memcmp(tb->field[i].name, s, (size_t)(q - s)))
			return tpl_error(&ps->c, p, "field '%s' is defined twice in record '%s'", tb->field[i].name, tb->name);
	if (tb->nfields == TPL_MAX_FIELDS)
		return tpl_error(&ps->c, p, "more than %d fields in one record", TPL_MAX_FIELDS);
	f = &tb->field[tb->nfields++];
	if (!(f->name = tpl_strndup(ps->t, s, (size_t)(q - s))))
		return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
	f->label = dp_rng_hash(f->name, strlen(f->name));
	f->line = ps->c.line;
	if (q < end && *q == ':') {
		const char *ts = ++q;

		while (q < end && tpl_is_name_char((unsigned char)*q))
			q++;
		if ((rc = field_type(ps, ts, (size_t)(q - ts), f)) != 0)
			return rc;
	}
	q = skip_sp(q, end);
	if (q >= end || *q != '=')
		return tpl_error(&ps->c, q < end ? q : p, "expected '=' after the field name");
	q = skip_sp(q + 1, end);
	open_block(ps, &f->expr);
	return q == end ? 0 : alt_line(ps, q, end);
}

/* --- directives --------------------------------------------------------------------- */

static int parse_ulong(const char *s, const char *end, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || x > max / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (x > max)
		return -1;
	*v = x;
	return 0;
}

/* A fraction "0.15" or "1" as parts per million; -1 when malformed or above 1. */
static long parse_fraction(const char *s, const char *end)
{
	long v = 0, scale = 1000000;

	if (s == end)
		return -1;
	if (*s == '1' && (s + 1 == end || s[1] == '.')) {
		for (s++; s < end && (*s == '.' || *s == '0'); s++)
			;
		return s == end ? 1000000 : -1;
	}
	if (*s == '0')
		s++;
	if (s < end && *s != '.')
		return -1;   /* "2", "01": not a fraction */
	if (s < end)
		s++;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (scale > 1)
			v += (*s - '0') * (scale /= 10);
	}
	return v;
}

/* The next space-separated word of a directive. */
static int next_word(const char **p, const char *end, const char **w, const char **we)
{
	*p = skip_sp(*p, end);
	if (*p >= end)
		return 0;
	*w = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	*we = *p;
	return 1;
}

static int dir_locales(pstate *ps, const char *p, const char *end)
{
	const char *w, *we;
	uint32_t total = 0;

	memset(ps->t->locale_w, 0, sizeof ps->t->locale_w);
	while (next_word(&p, end, &w, &we)) {
		const char *colon = memchr(w, ':', (size_t)(we - w));
		int loc = tpl_locale_index(w, (size_t)((colon ? colon : we) - w));
		uint64_t wt = 1;

		if (!loc)
			return tpl_error(&ps->c, w, "unknown locale '%.*s' (en, ru, kk)", (int)(we - w), w);
		if (colon && parse_ulong(colon + 1, we, 1000000, &wt) != 0)
			return tpl_error(&ps->c, colon + 1, "expected a weight 0..1000000");
		ps->t->locale_w[loc - 1] = (uint32_t)wt;
		total += (uint32_t)wt;
	}
	if (!total)
		return tpl_error(&ps->c, p, "@locales needs at least one locale with a weight above 0");
	return 0;
}

static int dir_edge(pstate *ps, const char *p, const char *end)
{
	const char *w, *we;
	long ppm;

	if (!next_word(&p, end, &w, &we) || (ppm = parse_fraction(w, we)) < 0)
		return tpl_error(&ps->c, p < end ? w : p, "@edge needs a rate from 0 to 1, then kinds: @edge 0.1 typo:3 zero_width");
	ps->t->edge_ppm = (uint32_t)ppm;
	ps->t->has_edge = 1;
	memset(ps->t->edge_w, 0, sizeof ps->t->edge_w);
	while (next_word(&p, end, &w, &we)) {
		const char *colon = memchr(w, ':', (size_t)(we - w));
		int k = dp_tpl_edge_lookup(w, (size_t)((colon ? colon : we) - w));
		uint64_t wt = 1;

		if (k < 0)
			return tpl_error(&ps->c, w, "unknown edge case '%.*s' (see doppel-template(5))", (int)(we - w), w);
		if (colon && parse_ulong(colon + 1, we, 1000000, &wt) != 0)
			return tpl_error(&ps->c, colon + 1, "expected a weight 0..1000000");
		ps->t->edge_w[k] = (uint32_t)wt;
	}
	return 0;
}

static int dir_record(pstate *ps, const char *p, const char *end)
{
	const char *w, *we;
	tpl_table *tb;

	if (!next_word(&p, end, &w, &we))
		return tpl_error(&ps->c, p, "@record needs a name");
	for (const char *q = w; q < we; q++)
		if (!tpl_is_name_char((unsigned char)*q))
			return tpl_error(&ps->c, q, "a record name is letters, digits, '_' and '-'");
	if (tpl_table_lookup_n(ps->t, w, (size_t)(we - w)) >= 0)
		return tpl_error(&ps->c, w, "record '%.*s' is defined twice", (int)(we - w), w);
	if (ps->t->ntables == TPL_MAX_TABLES)
		return tpl_error(&ps->c, w, "more than %d records", TPL_MAX_TABLES);
	tb = &ps->t->table[ps->t->ntables];
	if (!(tb->name = tpl_strndup(ps->t, w, (size_t)(we - w))))
		return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
	tb->line = ps->c.line;
	tb->file = ps->c.file;
	tb->label = dp_rng_hash(tb->name, strlen(tb->name));
	ps->table = ps->t->ntables++;
	while (next_word(&p, end, &w, &we)) {
		uint64_t v;
		long ppm;

		if (we - w > 6 && !memcmp(w, "count=", 6) && parse_ulong(w + 6, we, UINT64_MAX / 2, &v) == 0)
			tb->count = v;
		else if (we - w > 6 && !memcmp(w, "ratio=", 6) && (ppm = parse_fraction(w + 6, we)) > 0)
			tb->ratio_ppm = (uint32_t)ppm;
		else
			return tpl_error(&ps->c, w, "expected count=N or ratio=R (0 < R <= 1)");
	}
	return 0;
}

/* "@emit a, b" and "@mutable a, b": names kept for the checker. */
static int dir_names(pstate *ps, const char *p, const char *end, int mutable_)
{
	tpl_table *tb;
	const char **names;
	int *n;

	if (ps->table < 0)
		return tpl_error(&ps->c, p, "@%s before any @record", mutable_ ? "mutable" : "emit");
	tb = &ps->t->table[ps->table];
	names = mutable_ ? tb->mutable_name : tb->emit_name;
	n = mutable_ ? &tb->nmutable_names : &tb->nemit_names;
	if (mutable_ ? tb->explicit_mutable : tb->explicit_emit)
		return tpl_error(&ps->c, p, "@%s given twice in one record", mutable_ ? "mutable" : "emit");
	*(mutable_ ? &tb->explicit_mutable : &tb->explicit_emit) = 1;
	*(mutable_ ? &tb->mutable_line : &tb->emit_line) = ps->c.line;
	for (;;) {
		const char *s = p = skip_sp(p, end), *e;

		while (p < end && *p != ',' && *p != ' ')
			p++;
		e = p;
		if (e > s) {
			if (*n == TPL_MAX_FIELDS)
				return tpl_error(&ps->c, s, "too many names");
			if (!(names[(*n)++] = tpl_strndup(ps->t, s, (size_t)(e - s))))
				return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
		}
		p = skip_sp(p, end);
		if (p >= end)
			return 0;
		if (*p != ',')
			return tpl_error(&ps->c, p, "names are separated by ','");
		p++;
	}
}

static int parse_buffer(pstate *ps, const char *path, const char *buf, size_t len);

static int dir_include(pstate *ps, const char *p, const char *end)
{
	char path[4096];
	const char *slash = strrchr(ps->c.file, '/');
	int dirlen = slash ? (int)(slash - ps->c.file) + 1 : 0;
	size_t n = (size_t)(end - p);
	int ext = n > 4 && !memcmp(end - 4, ".dpt", 4);
	dp_tpl *t = ps->t;
	char *buf = NULL;
	size_t blen = 0;
	int rc;

	if (n == 0 || memchr(p, '/', n) || *p == '.')
		return tpl_error(&ps->c, p, "@include takes the name of a template file in the same directory");
	if (ps->depth >= TPL_MAX_INCLUDE)
		return tpl_error(&ps->c, p, "@include nested more than %d deep (a cycle?)", TPL_MAX_INCLUDE);
	snprintf(path, sizeof path, "%.*s%.*s%s", dirlen, ps->c.file, (int)n, p, ext ? "" : ".dpt");
	if ((rc = dp_tpl_read_file(path, &buf, &blen, ps->c.err)) != 0)
		return rc;
	{
		tpl_pctx saved = ps->c;
		char *file = tpl_strndup(t, path, strlen(path));

		ps->depth++;
		rc = file ? parse_buffer(ps, file, buf, blen) : dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
		ps->depth--;
		if (rc == 0)
			ps->c = saved;
	}
	free(buf);
	return rc;
}

static int set_string(pstate *ps, char **dst, const char *s, const char *end)
{
	free(*dst);
	if (!(*dst = strndup(s, (size_t)(end - s))))
		return dp_err_set(ps->c.err, DP_SOFTWARE, "out of memory");
	return 0;
}

static int dir_template(pstate *ps, const char *p, const char *end)
{
	const char *w, *we;
	int rc;

	if (!next_word(&p, end, &w, &we))
		return tpl_error(&ps->c, p, "@template needs a name");
	for (const char *q = w; q < we; q++)
		if (!tpl_is_name_char((unsigned char)*q))
			return tpl_error(&ps->c, q, "a template name is letters, digits, '_' and '-'");
	if ((rc = set_string(ps, &ps->t->name, w, we)) != 0)
		return rc;
	p = skip_sp(p, end);
	return p < end ? set_string(ps, &ps->t->description, p, end) : 0;
}

static int directive(pstate *ps, const char *p, const char *end)
{
	const char *w = p + 1, *we = w;
	int in_main = ps->depth == 0, rc;

	while (we < end && tpl_is_name_char((unsigned char)*we))
		we++;
#define IS(s) ((size_t)(we - w) == strlen(s) && !memcmp(w, s, strlen(s)))
	if (IS("include"))
		return dir_include(ps, skip_sp(we, end), end);
	if (!in_main)
		return tpl_error(&ps->c, p, "an included file holds rules only ('<name>') and @include");
	if (IS("template"))
		return dir_template(ps, we, end);
	if (IS("description"))
		return set_string(ps, &ps->t->description, skip_sp(we, end), end);
	if (IS("locales"))
		return dir_locales(ps, we, end);
	if (IS("edge"))
		return dir_edge(ps, we, end);
	if (IS("record"))
		return dir_record(ps, we, end);
	if (IS("emit") || IS("mutable"))
		return dir_names(ps, we, end, IS("mutable"));
	if (IS("locale")) {
		const char *q = skip_sp(we, end);
		tpl_table *tb;

		if (ps->table < 0)
			return tpl_error(&ps->c, p, "@locale before any @record");
		tb = &ps->t->table[ps->table];
		if ((rc = tpl_parse_text(&ps->c, &q, end, NULL, &tb->locale_expr, 0)) != 0)
			return rc;
		tb->has_locale_expr = 1;
		return 0;
	}
#undef IS
	return tpl_error(&ps->c, p, "unknown directive '%.*s'", (int)(we - p), p);
}

static int parse_line(pstate *ps, const char *p, const char *end)
{
	const char *q = skip_sp(p, end);
	int rc;

	if (q == end || *q == '#')
		return 0;
	if (q > p)
		return alt_line(ps, q, end);
	if ((rc = close_block(ps)) != 0)
		return rc;
	if (*p == '@')
		return directive(ps, p, end);
	if (*p == '<')
		return rule_line(ps, p, end);
	if (ps->depth > 0)
		return tpl_error(&ps->c, p, "an included file holds rules only ('<name>') and @include");
	return field_line(ps, p, end);
}

static int parse_buffer(pstate *ps, const char *path, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int rc = 0;

	ps->c.file = path;
	ps->c.line = 0;
	crypto_hash_sha256_update(&ps->sha, (const unsigned char *)buf, len);
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;

		ps->c.line++;
		ps->c.base = p;
		if (memchr(p, '\0', (size_t)(le - p)))
			return tpl_error(&ps->c, memchr(p, '\0', (size_t)(le - p)), "a NUL byte");
		if (le > p && le[-1] == '\r')
			le--;
		rc = parse_line(ps, p, le);
		p = nl ? nl + 1 : end;
	}
	return rc ? rc : close_block(ps);
}

int dp_tpl_read_file(const char *path, char **buf, size_t *len, dp_err *err)
{
	FILE *fp = fopen(path, "rb");
	size_t n = 0, alloc = 65536;
	char *b;

	if (!fp)
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open the template: %s", strerror(errno));
	if (!(b = malloc(alloc)))
		return fclose(fp), dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (;;) {
		size_t got = fread(b + n, 1, alloc - n, fp);

		n += got;
		if (n > DP_TPL_FILE_MAX) {
			fclose(fp);
			free(b);
			return dp_err_setf(err, DP_DATAERR, path, 0, "a template is at most %zu bytes", DP_TPL_FILE_MAX);
		}
		if (got == 0)
			break;
		if (n == alloc) {
			char *nb = realloc(b, alloc *= 2);

			if (!nb)
				return fclose(fp), free(b), dp_err_set(err, DP_SOFTWARE, "out of memory");
			b = nb;
		}
	}
	if (ferror(fp)) {
		fclose(fp);
		free(b);
		return dp_err_setf(err, DP_IOERR, path, 0, "cannot read the template");
	}
	fclose(fp);
	*buf = b;
	*len = n;
	return DP_OK;
}

/* The name of a template without @template: the file's base name without ".dpt". */
static int default_name(dp_tpl *t, const char *path, dp_err *err)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 4 && !strcmp(b + n - 4, ".dpt"))
		n -= 4;
	if (!(t->name = strndup(b, n)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return 0;
}

int dp_tpl_parse(const char *path, const char *buf, size_t len, dp_tpl **out, dp_err *err)
{
	dp_tpl *t = calloc(1, sizeof *t);
	pstate ps;
	int rc;

	*out = NULL;
	if (!t || sodium_init() < 0 || !(t->path = strdup(path ? path : "-")))
		return dp_tpl_free(t), dp_err_set(err, DP_SOFTWARE, "out of memory");
	memset(&ps, 0, sizeof ps);
	ps.t = t;
	ps.table = -1;
	ps.c.t = t;
	ps.c.err = err;
	t->locale_w[0] = 1;
	crypto_hash_sha256_init(&ps.sha);
	rc = parse_buffer(&ps, t->path, buf, len);
	free(ps.bseq);
	free(ps.bcum);
	crypto_hash_sha256_final(&ps.sha, t->sha256);
	if (rc == 0 && !t->name)
		rc = default_name(t, t->path, err);
	if (rc == 0)
		rc = tpl_check(t, err);
	if (rc != 0) {
		dp_tpl_free(t);
		return rc;
	}
	*out = t;
	return DP_OK;
}

const char *dp_tpl_dir(void)
{
#ifdef DP_SRCTEMPLATEDIR
	return dp_sharedir("DOPPEL_TEMPLATE_DIR", DP_DATADIR "/templates", DP_DATADIR "/templates/support-ticket.dpt",
			   DP_SRCTEMPLATEDIR, DP_SRCTEMPLATEDIR);
#else
	return dp_sharedir("DOPPEL_TEMPLATE_DIR", DP_DATADIR "/templates", NULL, NULL, NULL);
#endif
}

int dp_tpl_load(const char *path, dp_tpl **out, dp_err *err)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = dp_tpl_read_file(path, &buf, &len, err)) != 0)
		return rc;
	rc = dp_tpl_parse(path, buf, len, out, err);
	free(buf);
	return rc;
}
