/* template_text.c - the text expressions of doppel-template(5): literals and escapes,
 * {references|filters}, <rules>, [alternatives|...], [?P optional parts], $generators(...)
 * and the conditions of $if. A recursive descent over one line; every error names its
 * column. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "dynbuf.h"
#include "template_internal.h"

static const char *const filter_names[F_NFILTERS] = {
	"lower", "upper", "cap", "lat", "digits", "trim", "initial"
};

/* A growing list of nodes, copied into the arena when complete. */
typedef struct nodes {
	tpl_node *v;
	size_t n, alloc;
	dp_buf lit;     /* the literal being collected */
	int lit_line, lit_col, has_lit;
} nodes;

int tpl_error(tpl_pctx *c, const char *at, const char *fmt, ...)
{
	char msg[DP_ERR_MSG_MAX];
	va_list ap;
	int col = at && c->base ? (int)(at - c->base) + 1 : 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	dp_err_setf(c->err, DP_DATAERR, c->file, c->line, "%s", msg);
	c->err->col = col > 0 ? col : 0;
	return DP_DATAERR;
}

int tpl_is_name_char(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

static int is_ident_start(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static tpl_node *nodes_push(tpl_pctx *c, nodes *ns, const char *at)
{
	if (ns->n == ns->alloc) {
		size_t na = ns->alloc ? ns->alloc * 2 : 8;
		tpl_node *v = realloc(ns->v, na * sizeof *v);

		if (!v)
			return NULL;
		ns->v = v;
		ns->alloc = na;
	}
	memset(&ns->v[ns->n], 0, sizeof ns->v[0]);
	ns->v[ns->n].line = c->line;
	ns->v[ns->n].col = (int)(at - c->base) + 1;
	ns->v[ns->n].file = c->file;
	return &ns->v[ns->n++];
}

static int flush_lit(tpl_pctx *c, nodes *ns)
{
	tpl_node *nd;

	if (!ns->has_lit)
		return 0;
	nd = nodes_push(c, ns, c->base);
	if (!nd || !(nd->u.lit.s = tpl_strndup(c->t, ns->lit.data ? ns->lit.data : "", ns->lit.len)))
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	nd->kind = TN_LIT;
	nd->line = ns->lit_line;
	nd->col = ns->lit_col;
	nd->u.lit.n = ns->lit.len;
	dp_buf_reset(&ns->lit);
	ns->has_lit = 0;
	return 0;
}

static int add_lit(tpl_pctx *c, nodes *ns, const char *at, const char *s, size_t n)
{
	if (!ns->has_lit) {
		ns->has_lit = 1;
		ns->lit_line = c->line;
		ns->lit_col = (int)(at - c->base) + 1;
	}
	if (dp_buf_add(&ns->lit, s, n) != 0)
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	return 0;
}

static int nodes_finish(tpl_pctx *c, nodes *ns, tpl_seq *seq)
{
	int rc = flush_lit(c, ns);

	if (rc == 0 && ns->n) {
		seq->items = tpl_alloc(c->t, ns->n * sizeof *seq->items);
		if (!seq->items)
			rc = dp_err_set(c->err, DP_SOFTWARE, "out of memory");
		else
			memcpy(seq->items, ns->v, ns->n * sizeof *seq->items);
	}
	seq->n = rc == 0 ? ns->n : 0;
	free(ns->v);
	dp_buf_free(&ns->lit);
	return rc;
}

/* The bytes of one UTF-8 character at p (1 for a stray byte). */
static size_t char_len(const char *p, const char *end)
{
	unsigned char b = (unsigned char)*p;
	size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;

	return (size_t)(end - p) < n ? (size_t)(end - p) : n;
}

static int parse_escape(tpl_pctx *c, nodes *ns, const char **p, const char *end)
{
	const char *at = *p;
	size_t n;

	if (at + 1 >= end)
		return tpl_error(c, at, "a '\\' ends the line: write '\\\\' for a backslash");
	at++;
	if (*at == 'n' || *at == 't') {
		*p = at + 1;
		return add_lit(c, ns, at - 1, *at == 'n' ? "\n" : "\t", 1);
	}
	n = char_len(at, end);
	*p = at + n;
	return add_lit(c, ns, at - 1, at, n);
}

static int ident(const char **p, const char *end)
{
	const char *s = *p;

	if (s >= end || !is_ident_start((unsigned char)*s))
		return 0;
	while (s < end && (tpl_is_name_char((unsigned char)*s) && *s != '-'))
		s++;
	*p = s;
	return 1;
}

static int parse_filter(tpl_pctx *c, tpl_node *nd, const char **p, const char *end)
{
	const char *s = *p;

	if (!ident(p, end))
		return tpl_error(c, s, "expected a filter name after '|'");
	for (int f = 0; f < F_NFILTERS; f++)
		if (strlen(filter_names[f]) == (size_t)(*p - s) && !memcmp(filter_names[f], s, (size_t)(*p - s))) {
			if (nd->u.ref.nfilt == TPL_MAX_FILTERS)
				return tpl_error(c, s, "more than %d filters", TPL_MAX_FILTERS);
			nd->u.ref.filt[nd->u.ref.nfilt++] = (unsigned char)f;
			return 0;
		}
	return tpl_error(c, s, "unknown filter '%.*s' (lower, upper, cap, lat, digits, trim, initial)",
			 (int)(*p - s), s);
}

/* {path.to.attr|filter|...} with *p at '{'. */
static int parse_ref(tpl_pctx *c, nodes *ns, const char **p, const char *end)
{
	const char *open = *p, *s;
	tpl_node *nd;
	int rc;

	if ((rc = flush_lit(c, ns)) != 0)
		return rc;
	if (!(nd = nodes_push(c, ns, open)))
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	nd->kind = TN_REF;
	(*p)++;
	for (;;) {
		s = *p;
		if (!ident(p, end))
			return tpl_error(c, s, "expected a field name in '{...}' (write '\\{' for a brace)");
		if (nd->u.ref.npath == TPL_MAX_PATH)
			return tpl_error(c, s, "a reference has at most %d parts", TPL_MAX_PATH);
		if (!(nd->u.ref.path[nd->u.ref.npath++] = tpl_strndup(c->t, s, (size_t)(*p - s))))
			return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
		if (*p < end && **p == '.') {
			(*p)++;
			continue;
		}
		break;
	}
	while (*p < end && **p == '|') {
		(*p)++;
		if ((rc = parse_filter(c, nd, p, end)) != 0)
			return rc;
	}
	if (*p >= end || **p != '}')
		return tpl_error(c, *p < end ? *p : open, "expected '}' to close the '{' at column %d",
				 (int)(open - c->base) + 1);
	(*p)++;
	return 0;
}

/* <rule> with *p at '<' followed by a name character. */
static int parse_rule_ref(tpl_pctx *c, nodes *ns, const char **p, const char *end)
{
	const char *open = *p, *s = *p + 1;
	tpl_node *nd;
	int rc;

	*p = s;
	while (*p < end && tpl_is_name_char((unsigned char)**p))   /* rule names may hold '-' */
		(*p)++;
	if (*p == s || *p >= end || **p != '>')
		return tpl_error(c, open, "expected '<rule-name>' (write '\\<' for a literal '<')");
	if ((rc = flush_lit(c, ns)) != 0)
		return rc;
	if (!(nd = nodes_push(c, ns, open)))
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	nd->kind = TN_RULE;
	nd->u.rule.name = tpl_strndup(c->t, s, (size_t)(*p - s));
	nd->u.rule.rule = tpl_rule_index(c->t, s, (size_t)(*p - s), 1);
	if (!nd->u.rule.name || nd->u.rule.rule < 0)
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	(*p)++;
	return 0;
}

int tpl_parse_weight(const char **p, const char *end, uint64_t *w)
{
	const char *s = *p;
	uint64_t v = 0;

	while (s < end && *s >= '0' && *s <= '9' && v < 100000000)
		v = v * 10 + (uint64_t)(*s++ - '0');
	if (s == *p || s >= end || *s != ':' || v >= 100000000)
		return 0;
	*w = v;
	*p = s + 1;
	while (*p < end && **p == ' ')
		(*p)++;
	return 1;
}

/* A percentage "30" or "2.5" as parts per million; -1 when malformed or over 100. */
static long parse_percent(const char **p, const char *end)
{
	long whole = 0, frac = 0, scale = 10000;
	const char *s = *p;

	while (s < end && *s >= '0' && *s <= '9' && whole <= 100)
		whole = whole * 10 + (*s++ - '0');
	if (s == *p)
		return -1;
	if (s < end && *s == '.')
		for (s++; s < end && *s >= '0' && *s <= '9'; s++) {
			if (scale > 1)
				frac += (*s - '0') * (scale /= 10);
		}
	if (whole > 100 || (whole == 100 && frac))
		return -1;
	*p = s;
	return whole * 10000 + frac;
}

static int parse_alts_body(tpl_pctx *c, const char **p, const char *end, tpl_alts *a,
			   const char *open, int depth);

/* [a|b|c] or [?P text], *p at '['. */
static int parse_bracket(tpl_pctx *c, nodes *ns, const char **p, const char *end, int depth)
{
	const char *open = *p;
	tpl_node *nd;
	int rc;

	if ((rc = flush_lit(c, ns)) != 0)
		return rc;
	if (!(nd = nodes_push(c, ns, open)))
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	(*p)++;
	if (*p < end && **p == '?') {
		long ppm;

		(*p)++;
		if ((ppm = parse_percent(p, end)) < 0 || *p >= end || **p != ' ')
			return tpl_error(c, open, "expected '[?PERCENT text]', e.g. '[?30 , please]'");
		(*p)++;
		nd->kind = TN_OPT;
		nd->u.opt.ppm = (uint32_t)ppm;
		rc = tpl_parse_text(c, p, end, "]", &nd->u.opt.body, depth + 1);
	} else {
		nd->kind = TN_ALT;
		rc = parse_alts_body(c, p, end, &nd->u.alts, open, depth);
	}
	if (rc)
		return rc;
	if (*p >= end || **p != ']')
		return tpl_error(c, open, "'[' without its ']'");
	(*p)++;
	return 0;
}

static int parse_alts_body(tpl_pctx *c, const char **p, const char *end, tpl_alts *a,
			   const char *open, int depth)
{
	tpl_seq seqs[256];
	uint64_t cum[256], total = 0;
	size_t n = 0;
	int rc;

	for (;;) {
		uint64_t w = 1;

		if (n == 256)
			return tpl_error(c, open, "more than 256 alternatives in one '[...]'");
		tpl_parse_weight(p, end, &w);
		memset(&seqs[n], 0, sizeof seqs[n]);
		if ((rc = tpl_parse_text(c, p, end, "|]", &seqs[n], depth + 1)) != 0)
			return rc;
		total += w;
		cum[n++] = total;
		if (*p < end && **p == '|') {
			(*p)++;
			continue;
		}
		break;
	}
	if (total == 0)
		return tpl_error(c, open, "every alternative has weight 0");
	a->n = n;
	a->alt = tpl_alloc(c->t, n * sizeof *a->alt);
	a->cum = tpl_alloc(c->t, n * sizeof *a->cum);
	if (!a->alt || !a->cum)
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	memcpy(a->alt, seqs, n * sizeof *seqs);
	memcpy(a->cum, cum, n * sizeof *cum);
	return 0;
}

/* One literal argument up to ',' or ')': "quoted" or bare (trimmed). */
static int parse_literal_arg(tpl_pctx *c, const char **p, const char *end, const char **out)
{
	dp_buf b;
	const char *s;
	int quoted = 0;

	dp_buf_init(&b, 4096);
	while (*p < end && **p == ' ')
		(*p)++;
	if (*p < end && **p == '"') {
		quoted = 1;
		for ((*p)++; *p < end && **p != '"'; (*p)++) {
			if (**p == '\\' && *p + 1 < end)
				(*p)++;
			if (dp_buf_addc(&b, **p) != 0)
				break;
		}
		if (*p >= end) {
			dp_buf_free(&b);
			return tpl_error(c, *p - 1, "a '\"' without its closing '\"'");
		}
		(*p)++;
	}
	for (s = *p; *p < end && **p != ',' && **p != ')'; (*p)++)
		if (!quoted && dp_buf_addc(&b, **p) != 0)
			break;
	while (!quoted && b.len && b.data[b.len - 1] == ' ')
		b.len--;
	if (quoted && (size_t)(*p - s) != strspn(s, " "))
		return dp_buf_free(&b), tpl_error(c, s, "text after a quoted argument");
	*out = tpl_strndup(c->t, b.data ? b.data : "", b.len);
	dp_buf_free(&b);
	return *out ? 0 : dp_err_set(c->err, DP_SOFTWARE, "out of memory");
}

static int parse_cond(tpl_pctx *c, const char **p, const char *end, tpl_cond **out, int depth);

/* $if(COND, THEN, ELSE) after the '('. */
static int parse_if_args(tpl_pctx *c, tpl_node *nd, const char **p, const char *end, int depth)
{
	int rc;

	if ((rc = parse_cond(c, p, end, &nd->u.gen.cond, depth + 1)) != 0)
		return rc;
	if (*p >= end || **p != ',')
		return tpl_error(c, *p < end ? *p : end - 1, "$if needs three arguments: $if(COND, THEN, ELSE)");
	for ((*p)++; *p < end && **p == ' '; (*p)++)
		;
	if ((rc = tpl_parse_text(c, p, end, ",)", &nd->u.gen.then, depth + 1)) != 0)
		return rc;
	if (*p >= end || **p != ',')
		return tpl_error(c, *p < end ? *p : end - 1, "$if needs three arguments: $if(COND, THEN, ELSE)");
	for ((*p)++; *p < end && **p == ' '; (*p)++)
		;
	if ((rc = tpl_parse_text(c, p, end, ",)", &nd->u.gen.els, depth + 1)) != 0)
		return rc;
	nd->u.gen.nargs = 3;
	return 0;
}

static int parse_gen_args(tpl_pctx *c, tpl_node *nd, const char **p, const char *end, int depth)
{
	int rc;

	if (nd->u.gen.gen == G_IF)
		return parse_if_args(c, nd, p, end, depth);
	while (*p < end && (**p != ')' || nd->u.gen.nargs == 0)) {
		if (nd->u.gen.nargs == TPL_MAX_ARGS)
			return tpl_error(c, *p, "too many arguments");
		if ((rc = parse_literal_arg(c, p, end, &nd->u.gen.arg[nd->u.gen.nargs])) != 0)
			return rc;
		nd->u.gen.nargs++;
		if (*p >= end)
			return tpl_error(c, end - 1, "'(' without its ')'");
		if (**p == ',')
			(*p)++;
	}
	if (nd->u.gen.nargs == 1 && !*nd->u.gen.arg[0])
		nd->u.gen.nargs = 0;   /* $f() */
	return 0;
}

/* $name or $name(args), *p at '$' followed by a letter. */
static int parse_gen(tpl_pctx *c, nodes *ns, const char **p, const char *end, int depth)
{
	const char *open = *p, *s = *p + 1;
	tpl_node *nd;
	int g, rc;

	*p = s;
	ident(p, end);
	if ((g = tpl_gen_lookup(s, (size_t)(*p - s))) < 0)
		return tpl_error(c, open, "unknown generator '$%.*s' (write '\\$' for a dollar sign)",
				 (int)(*p - s), s);
	if ((rc = flush_lit(c, ns)) != 0)
		return rc;
	if (!(nd = nodes_push(c, ns, open)))
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	nd->kind = TN_GEN;
	nd->u.gen.gen = (enum tpl_gen)g;
	if (*p < end && **p == '(') {
		(*p)++;
		if ((rc = parse_gen_args(c, nd, p, end, depth)) != 0)
			return rc;
		if (*p >= end || **p != ')')
			return tpl_error(c, open, "'$%s(' without its ')'", tpl_gen_get(nd->u.gen.gen)->name);
		(*p)++;
	}
	return tpl_gen_prepare(c, open, nd);
}

static int parse_item(tpl_pctx *c, nodes *ns, const char **p, const char *end, int depth)
{
	const char *s = *p;

	switch (*s) {
	case '\\':
		return parse_escape(c, ns, p, end);
	case '{':
		return parse_ref(c, ns, p, end);
	case '[':
		return parse_bracket(c, ns, p, end, depth);
	case '<':
		if (s + 1 < end && is_ident_start((unsigned char)s[1]))
			return parse_rule_ref(c, ns, p, end);
		break;
	case '$':
		if (s + 1 < end && is_ident_start((unsigned char)s[1]))
			return parse_gen(c, ns, p, end, depth);
		break;
	case '}':
		return tpl_error(c, s, "a '}' without its '{' (write '\\}')");
	case ']':
		return tpl_error(c, s, "a ']' without its '[' (write '\\]')");
	}
	*p = s + 1;
	return add_lit(c, ns, s, s, 1);
}

int tpl_parse_text(tpl_pctx *c, const char **p, const char *end, const char *stops,
		   tpl_seq *seq, int depth)
{
	nodes ns;
	int rc = 0;

	memset(&ns, 0, sizeof ns);
	dp_buf_init(&ns.lit, DP_TPL_FILE_MAX);
	if (depth > TPL_MAX_NEST)
		rc = tpl_error(c, *p, "brackets nested more than %d deep", TPL_MAX_NEST);
	while (rc == 0 && *p < end && !(stops && strchr(stops, **p)))
		rc = parse_item(c, &ns, p, end, depth);
	if (rc) {
		free(ns.v);
		dp_buf_free(&ns.lit);
		return rc;
	}
	return nodes_finish(c, &ns, seq);
}

/* --- conditions ------------------------------------------------------------------- */

static void skip_ws(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

static int word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - p) >= n && !memcmp(p, w, n) &&
	       (p + n == end || !tpl_is_name_char((unsigned char)p[n]));
}

static tpl_cond *cond_new(tpl_pctx *c, enum tpl_cond_kind k)
{
	tpl_cond *x = tpl_alloc(c->t, sizeof *x);

	if (x)
		x->kind = k;
	return x;
}

/* One operand: {ref}, $gen(...), "string", or a bare word/number. */
static int parse_operand(tpl_pctx *c, const char **p, const char *end, tpl_seq *seq, int depth)
{
	nodes ns;
	int rc = 0;
	const char *s = *p;

	memset(&ns, 0, sizeof ns);
	dp_buf_init(&ns.lit, 4096);
	if (s < end && (*s == '{' || *s == '$')) {
		rc = parse_item(c, &ns, p, end, depth);
	} else if (s < end && *s == '"') {
		for ((*p)++; rc == 0 && *p < end && **p != '"'; (*p)++) {
			if (**p == '\\' && *p + 1 < end)
				(*p)++;
			rc = add_lit(c, &ns, s, *p, 1);
		}
		if (rc == 0 && *p >= end)
			rc = tpl_error(c, s, "a '\"' without its closing '\"'");
		else if (rc == 0) {
			(*p)++;
			ns.has_lit = 1;   /* "" is an empty string, not nothing */
		}
	} else {
		while (*p < end && !strchr(" \t,()=!<>\"", **p))
			(*p)++;
		if (*p == s)
			rc = tpl_error(c, s < end ? s : end - 1, "expected a value in the condition");
		else
			rc = add_lit(c, &ns, s, s, (size_t)(*p - s));
	}
	if (rc) {
		free(ns.v);
		dp_buf_free(&ns.lit);
		return rc;
	}
	return nodes_finish(c, &ns, seq);
}

static int parse_cmp_op(const char **p, const char *end, enum tpl_cmp *op)
{
	static const struct { const char *s; enum tpl_cmp op; } ops[] = {
		{ "==", CMP_EQ }, { "!=", CMP_NE }, { "<=", CMP_LE }, { ">=", CMP_GE },
		{ "<", CMP_LT }, { ">", CMP_GT }, { "=", CMP_EQ },
	};

	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t n = strlen(ops[i].s);

		if ((size_t)(end - *p) >= n && !memcmp(*p, ops[i].s, n)) {
			*p += n;
			*op = ops[i].op;
			return 1;
		}
	}
	return 0;
}

static int parse_cond_atom(tpl_pctx *c, const char **p, const char *end, tpl_cond **out, int depth)
{
	tpl_cond *x;
	int rc;

	skip_ws(p, end);
	if (depth > TPL_MAX_NEST)
		return tpl_error(c, *p, "condition nested too deep");
	if (*p < end && (**p == '!' || word_is(*p, end, "not")) && !(**p == '!' && *p + 1 < end && (*p)[1] == '=')) {
		*p += **p == '!' ? 1 : 3;
		if (!(x = cond_new(c, C_NOT)))
			return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
		*out = x;
		return parse_cond_atom(c, p, end, &x->a, depth + 1);
	}
	if (*p < end && **p == '(') {
		const char *open = (*p)++;

		if ((rc = parse_cond(c, p, end, out, depth + 1)) != 0)
			return rc;
		if (*p >= end || **p != ')')
			return tpl_error(c, open, "'(' without its ')' in the condition");
		(*p)++;
		return 0;
	}
	if (!(x = cond_new(c, C_TRUE)))
		return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
	*out = x;
	if ((rc = parse_operand(c, p, end, &x->lhs, depth + 1)) != 0)
		return rc;
	skip_ws(p, end);
	if (parse_cmp_op(p, end, &x->op)) {
		x->kind = C_CMP;
		skip_ws(p, end);
		return parse_operand(c, p, end, &x->rhs, depth + 1);
	}
	return 0;
}

/* One level of the grammar: level 1 joins level-0 terms with "or"/"||", level 0 joins
 * atoms with "and"/"&&"; both associate to the left. */
static int parse_cond_level(tpl_pctx *c, const char **p, const char *end, tpl_cond **out, int depth,
			    int level)
{
	static const struct { const char *word, *sym; enum tpl_cond_kind kind; } ops[2] = {
		{ "and", "&&", C_AND }, { "or", "||", C_OR },
	};
	int rc = level ? parse_cond_level(c, p, end, out, depth, 0) : parse_cond_atom(c, p, end, out, depth);

	while (rc == 0) {
		tpl_cond *x;

		skip_ws(p, end);
		if (word_is(*p, end, ops[level].word))
			*p += strlen(ops[level].word);
		else if (end - *p >= 2 && !memcmp(*p, ops[level].sym, 2))
			*p += 2;
		else
			break;
		if (!(x = cond_new(c, ops[level].kind)))
			return dp_err_set(c->err, DP_SOFTWARE, "out of memory");
		x->a = *out;
		*out = x;
		rc = level ? parse_cond_level(c, p, end, &x->b, depth + 1, 0)
			   : parse_cond_atom(c, p, end, &x->b, depth + 1);
	}
	return rc;
}

static int parse_cond(tpl_pctx *c, const char **p, const char *end, tpl_cond **out, int depth)
{
	int rc = parse_cond_level(c, p, end, out, depth, 1);

	skip_ws(p, end);
	return rc;
}
