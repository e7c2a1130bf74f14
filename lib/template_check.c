/* template_check.c - what a template must satisfy before it runs: every reference names a
 * field of each record that reaches it, every attribute exists, every rule is defined, no
 * field, rule or record depends on itself, @emit and @mutable name fields. Errors point at
 * the use (FILE:LINE, column in the message). Resolved slots are stored in the nodes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "template_internal.h"

typedef struct walk {
	dp_tpl *t;
	int table;
	dp_err *err;
	unsigned char fcolor[TPL_MAX_FIELDS];
	unsigned char *rcolor;   /* per rule: 0 unseen, 1 on the path, 2 done */
	unsigned char *reached;  /* per rule: walked from some record */
	unsigned char tref[TPL_MAX_TABLES][TPL_MAX_TABLES];
	int sole;                /* the node walked is a field's whole expression */
} walk;

static int walk_seq(walk *w, const tpl_seq *s);
static int walk_field(walk *w, int fi, const tpl_node *from);

static int node_error(walk *w, const tpl_node *nd, const char *fmt, const char *a, const char *b)
{
	dp_err_setf(w->err, DP_DATAERR, nd->file, nd->line, "%s%s%s", fmt, a ? a : "", b ? b : "");
	w->err->col = nd->col;
	return DP_DATAERR;
}

int tpl_table_lookup_n(const dp_tpl *t, const char *name, size_t n)
{
	for (int i = 0; i < t->ntables; i++)
		if (strlen(t->table[i].name) == n && !memcmp(t->table[i].name, name, n))
			return i;
	return -1;
}

int tpl_field_lookup(const tpl_table *tb, const char *name)
{
	for (int i = 0; i < tb->nfields; i++)
		if (!strcmp(tb->field[i].name, name))
			return i;
	return -1;
}

/* The kind of a single-item expression's value (V_STR for any composed text). */
enum tpl_vkind tpl_field_kind(const dp_tpl *t, int table, int fi, int depth)
{
	const tpl_field *f = &t->table[table].field[fi];
	const tpl_node *nd;

	if (f->typed)
		return f->declared;
	if (depth > 32 || f->expr.n != 1 || f->expr.alt[0].n != 1)
		return V_STR;
	nd = &f->expr.alt[0].items[0];
	if (nd->kind == TN_GEN)
		return tpl_gen_get(nd->u.gen.gen)->kind;
	if (nd->kind == TN_REF)
		return tpl_path_kind(t, table, nd, depth + 1);
	return V_STR;
}

/* The kind a reference's path gives, V_STR when it cannot be resolved (the walk reports). */
enum tpl_vkind tpl_path_kind(const dp_tpl *t, int table, const tpl_node *nd, int depth)
{
	int fi = tpl_field_lookup(&t->table[table], nd->u.ref.path[0]);
	enum tpl_vkind k;

	for (int i = 1; fi >= 0; i++) {
		k = tpl_field_kind(t, table, fi, depth + 1);
		if (i == nd->u.ref.npath)
			return k == V_PERSON || k == V_RECORD ? V_STR : k;
		if (k == V_PERSON)
			return i + 1 == nd->u.ref.npath ? tpl_person_attr_kind(nd->u.ref.path[i]) : V_STR;
		if (k != V_RECORD)
			return V_STR;
		table = tpl_field_ref_table(t, table, fi);
		if (table < 0)
			return V_STR;
		fi = tpl_field_lookup(&t->table[table], nd->u.ref.path[i]);
	}
	return V_STR;
}

/* The table a "$ref(T)" field points at, or -1. */
int tpl_field_ref_table(const dp_tpl *t, int table, int fi)
{
	const tpl_field *f = &t->table[table].field[fi];
	const tpl_node *nd;

	if (f->expr.n != 1 || f->expr.alt[0].n != 1)
		return -1;
	nd = &f->expr.alt[0].items[0];
	if (nd->kind == TN_GEN && nd->u.gen.gen == G_REF)
		return nd->u.gen.table;
	if (nd->kind == TN_REF && nd->u.ref.npath == 1) {
		int j = tpl_field_lookup(&t->table[table], nd->u.ref.path[0]);

		return j >= 0 && j != fi ? tpl_field_ref_table(t, table, j) : -1;
	}
	return -1;
}

/* The attributes after the field: a person's attribute, a referenced record's field. */
static int check_path(walk *w, const tpl_node *nd, int fi)
{
	int table = w->table;

	for (int i = 1; i < nd->u.ref.npath; i++) {
		enum tpl_vkind k = tpl_field_kind(w->t, table, fi, 0);

		if (k == V_PERSON) {
			if (tpl_person_attr(nd->u.ref.path[i]) < 0)
				return node_error(w, nd, "a person has no attribute '", nd->u.ref.path[i],
						  "' (first, last, middle, full, formal, initials, gender, email, username, birth_date, age, title)");
			if (i + 1 < nd->u.ref.npath)
				return node_error(w, nd, "nothing follows a person's attribute '", nd->u.ref.path[i], "'");
			((tpl_node *)nd)->u.ref.pattr = tpl_person_attr(nd->u.ref.path[i]);
			return 0;
		}
		if (k != V_RECORD)
			return node_error(w, nd, "'", nd->u.ref.path[i - 1], "' is a value, not a person or a record: it has no attributes");
		table = tpl_field_ref_table(w->t, table, fi);
		if (table < 0 || (fi = tpl_field_lookup(&w->t->table[table], nd->u.ref.path[i])) < 0)
			return node_error(w, nd, "the referenced record has no field '", nd->u.ref.path[i], "'");
	}
	if (nd->u.ref.npath >= 1 && tpl_field_kind(w->t, table, fi, 0) == V_RECORD)
		return node_error(w, nd, "a record reference needs a field: {", nd->u.ref.path[0], ".FIELD}");
	return 0;
}

static int walk_ref(walk *w, tpl_node *nd)
{
	int fi = tpl_field_lookup(&w->t->table[w->table], nd->u.ref.path[0]);
	int rc;

	if (fi < 0) {
		char msg[300];

		snprintf(msg, sizeof msg, "' in record '%s'", w->t->table[w->table].name);
		return node_error(w, nd, "unknown field '", nd->u.ref.path[0], msg);
	}
	if (!nd->u.ref.slot) {
		if (!(nd->u.ref.slot = tpl_alloc(w->t, TPL_MAX_TABLES * sizeof(int))))
			return dp_err_set(w->err, DP_SOFTWARE, "out of memory");
		for (int i = 0; i < TPL_MAX_TABLES; i++)
			nd->u.ref.slot[i] = -1;
	}
	nd->u.ref.slot[w->table] = fi;
	nd->u.ref.pattr = -1;
	if ((rc = walk_field(w, fi, nd)) != 0)
		return rc;
	return check_path(w, nd, fi);
}

static int walk_alts(walk *w, const tpl_alts *a)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < a->n; i++)
		rc = walk_seq(w, &a->alt[i]);
	return rc;
}

static int walk_rule(walk *w, tpl_node *nd)
{
	int r = nd->u.rule.rule, rc = 0, defined = 0;
	tpl_rule *ru = &w->t->rule[r];

	for (int v = 0; v <= TPL_NLOC; v++)
		defined |= ru->var[v] != NULL;
	if (!defined)
		return node_error(w, nd, "unknown rule <", ru->name, "> (write '\\<' for a literal '<')");
	if (w->rcolor[r] == 1)
		return node_error(w, nd, "rule <", ru->name, "> uses itself (a cycle)");
	if (w->rcolor[r] == 2)
		return 0;
	w->rcolor[r] = 1;
	for (int v = 0; rc == 0 && v <= TPL_NLOC; v++)
		if (ru->var[v])
			rc = walk_alts(w, ru->var[v]);
	w->rcolor[r] = 2;
	w->reached[r] = 1;
	return rc;
}

static int walk_cond(walk *w, const tpl_cond *c)
{
	int rc = 0;

	if (!c)
		return 0;
	if (c->kind == C_AND || c->kind == C_OR || c->kind == C_NOT)
		return (rc = walk_cond(w, c->a)) ? rc : walk_cond(w, c->b);
	if ((rc = walk_seq(w, &c->lhs)) != 0)
		return rc;
	return walk_seq(w, &c->rhs);
}

static int walk_gen(walk *w, tpl_node *nd)
{
	int rc;

	if ((nd->u.gen.gen == G_PERSON || nd->u.gen.gen == G_REF) && !w->sole)
		return node_error(w, nd, "$", tpl_gen_get(nd->u.gen.gen)->name,
				  " makes an entity: give it a field of its own ('p = $person') and use {p.first}");
	w->sole = 0;
	switch (nd->u.gen.gen) {
	case G_IF:
		if ((rc = walk_cond(w, nd->u.gen.cond)) != 0 || (rc = walk_seq(w, &nd->u.gen.then)) != 0)
			return rc;
		return walk_seq(w, &nd->u.gen.els);
	case G_REF:
		nd->u.gen.table = tpl_table_lookup_n(w->t, nd->u.gen.arg[0], strlen(nd->u.gen.arg[0]));
		if (nd->u.gen.table < 0)
			return node_error(w, nd, "$ref names no record: '", nd->u.gen.arg[0], "'");
		w->tref[w->table][nd->u.gen.table] = 1;
		return 0;
	case G_IIN:
		if (nd->u.gen.nargs == 1) {
			int fi = tpl_field_lookup(&w->t->table[w->table], nd->u.gen.arg[0]);

			if (fi < 0 || tpl_field_kind(w->t, w->table, fi, 0) != V_PERSON)
				return node_error(w, nd, "$iin takes a person field of this record: '", nd->u.gen.arg[0], "' is none");
			return walk_field(w, fi, nd);
		}
		return 0;
	default:
		return 0;
	}
}

static int walk_seq(walk *w, const tpl_seq *s)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		tpl_node *nd = &s->items[i];

		switch (nd->kind) {
		case TN_LIT: break;
		case TN_REF: rc = walk_ref(w, nd); break;
		case TN_RULE: rc = walk_rule(w, nd); break;
		case TN_ALT: rc = walk_alts(w, &nd->u.alts); break;
		case TN_OPT: rc = walk_seq(w, &nd->u.opt.body); break;
		case TN_GEN: rc = walk_gen(w, nd); break;
		}
	}
	return rc;
}

static int walk_field(walk *w, int fi, const tpl_node *from)
{
	tpl_field *f = &w->t->table[w->table].field[fi];
	int rc;

	if (w->fcolor[fi] == 1) {
		if (from)
			return node_error(w, from, "field '", f->name, "' depends on itself (a cycle)");
		return dp_err_setf(w->err, DP_DATAERR, w->t->table[w->table].file, f->line,
				   "field '%s' depends on itself (a cycle)", f->name);
	}
	if (w->fcolor[fi] == 2)
		return 0;
	w->fcolor[fi] = 1;
	if (f->expr.n == 1 && f->expr.alt[0].n == 1 && f->expr.alt[0].items[0].kind == TN_GEN) {
		w->sole = 1;
		rc = walk_gen(w, &f->expr.alt[0].items[0]);
		w->sole = 0;
	} else
		rc = walk_alts(w, &f->expr);
	w->fcolor[fi] = 2;
	return rc;
}

static int resolve_names(dp_tpl *t, tpl_table *tb, int mutable_, dp_err *err)
{
	const char **names = mutable_ ? tb->mutable_name : tb->emit_name;
	int n = mutable_ ? tb->nmutable_names : tb->nemit_names;

	for (int i = 0; i < n; i++) {
		int fi = tpl_field_lookup(tb, names[i]);

		if (fi < 0)
			return dp_err_setf(err, DP_DATAERR, tb->file, mutable_ ? tb->mutable_line : tb->emit_line,
					   "@%s names '%s', which is no field of record '%s'",
					   mutable_ ? "mutable" : "emit", names[i], tb->name);
		if (mutable_)
			tb->field[fi].mutable_ = 1;
		else if (tb->field[fi].emit)
			return dp_err_setf(err, DP_DATAERR, tb->file, tb->emit_line, "@emit names '%s' twice", names[i]);
		else {
			tb->field[fi].emit = 1;
			tb->emit[tb->nemit++] = fi;
		}
	}
	(void)t;
	return 0;
}

/* Which fields are emitted and which edge cases may change (defaults in doppel-template(5)). */
static int table_outputs(dp_tpl *t, int ti, dp_err *err)
{
	tpl_table *tb = &t->table[ti];
	int rc;

	for (int i = 0; i < tb->nfields; i++) {
		tpl_field *f = &tb->field[i];

		f->textual = !(f->expr.n == 1 && f->expr.alt[0].n == 1 &&
			       (f->expr.alt[0].items[0].kind == TN_GEN || f->expr.alt[0].items[0].kind == TN_REF));
		if (f->typed && (f->expr.n == 1 && f->expr.alt[0].n == 1 && f->expr.alt[0].items[0].kind == TN_GEN) &&
		    (f->expr.alt[0].items[0].u.gen.gen == G_PERSON || f->expr.alt[0].items[0].u.gen.gen == G_REF))
			return dp_err_setf(err, DP_DATAERR, tb->file, f->line, "a person or record field has no ':type'");
	}
	if ((rc = resolve_names(t, tb, 0, err)) || (rc = resolve_names(t, tb, 1, err)))
		return rc;
	for (int i = 0; !tb->explicit_emit && i < tb->nfields; i++) {
		enum tpl_vkind k = tpl_field_kind(t, ti, i, 0);

		if (tb->field[i].name[0] != '_' && k != V_PERSON && k != V_RECORD) {
			tb->field[i].emit = 1;
			tb->emit[tb->nemit++] = i;
		}
	}
	for (int i = 0; !tb->explicit_mutable && i < tb->nfields; i++)
		tb->field[i].mutable_ = tb->field[i].emit && tb->field[i].textual &&
					tpl_field_kind(t, ti, i, 0) == V_STR;
	if (tb->nemit == 0)
		return dp_err_setf(err, DP_DATAERR, tb->file, tb->line, "record '%s' emits no field", tb->name);
	return 0;
}

static int table_cycle(walk *w, int ti, unsigned char *color)
{
	if (color[ti] == 1)
		return dp_err_setf(w->err, DP_DATAERR, w->t->table[ti].file, w->t->table[ti].line,
				   "record '%s' refers to itself through $ref (a cycle)", w->t->table[ti].name);
	if (color[ti] == 2)
		return 0;
	color[ti] = 1;
	for (int j = 0; j < w->t->ntables; j++)
		if (w->tref[ti][j]) {
			int rc = table_cycle(w, j, color);

			if (rc)
				return rc;
		}
	color[ti] = 2;
	return 0;
}

static int walk_table(walk *w, int ti)
{
	tpl_table *tb = &w->t->table[ti];
	int rc = 0;

	w->table = ti;
	memset(w->fcolor, 0, sizeof w->fcolor);
	memset(w->rcolor, 0, (size_t)w->t->nrules + 1);
	if (tb->nfields == 0)
		return dp_err_setf(w->err, DP_DATAERR, tb->file, tb->line, "record '%s' has no fields", tb->name);
	for (int i = 0; rc == 0 && i < tb->nfields; i++)
		rc = walk_field(w, i, NULL);
	if (rc == 0 && tb->has_locale_expr)
		rc = walk_seq(w, &tb->locale_expr);
	for (int k = 0; rc == 0 && k < 2; k++) {   /* the edge cases' rules expand in any record */
		const char *name = k ? "_exfiltrate" : "_inject";
		int r = tpl_rule_index(w->t, name, strlen(name), 0);

		for (int v = 0; rc == 0 && r >= 0 && v <= TPL_NLOC; v++)
			if (w->t->rule[r].var[v] && w->rcolor[r] != 2)
				rc = walk_alts(w, w->t->rule[r].var[v]);
		if (r >= 0)
			w->reached[r] = 1;
	}
	return rc ? rc : table_outputs(w->t, ti, w->err);
}

/* A rule no record uses: at least its rule references must name rules. */
static int check_unused_seq(walk *w, const tpl_seq *s, int depth);

static int check_unused_alts(walk *w, const tpl_alts *a, int depth)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && a && i < a->n; i++)
		rc = check_unused_seq(w, &a->alt[i], depth);
	return rc;
}

static int check_unused_seq(walk *w, const tpl_seq *s, int depth)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && depth < TPL_MAX_NEST && i < s->n; i++) {
		const tpl_node *nd = &s->items[i];
		const tpl_rule *ru;
		int defined = 0;

		switch (nd->kind) {
		case TN_RULE:
			ru = &w->t->rule[nd->u.rule.rule];
			for (int v = 0; v <= TPL_NLOC; v++)
				defined |= ru->var[v] != NULL;
			if (!defined)
				rc = node_error(w, nd, "unknown rule <", ru->name, "> (write '\\<' for a literal '<')");
			break;
		case TN_ALT: rc = check_unused_alts(w, &nd->u.alts, depth + 1); break;
		case TN_OPT: rc = check_unused_seq(w, &nd->u.opt.body, depth + 1); break;
		case TN_GEN:
			if (nd->u.gen.gen == G_IF && (rc = check_unused_seq(w, &nd->u.gen.then, depth + 1)) == 0)
				rc = check_unused_seq(w, &nd->u.gen.els, depth + 1);
			break;
		default: break;
		}
	}
	return rc;
}

static int check_unused_rules(walk *w)
{
	int rc = 0;

	for (int r = 0; rc == 0 && r < w->t->nrules; r++)
		for (int v = 0; rc == 0 && !w->reached[r] && v <= TPL_NLOC; v++)
			rc = check_unused_alts(w, w->t->rule[r].var[v], 0);
	return rc;
}

int tpl_check(dp_tpl *t, dp_err *err)
{
	walk *w = calloc(1, sizeof *w);
	unsigned char color[TPL_MAX_TABLES] = { 0 };
	int rc = 0;

	if (!w || !(w->rcolor = calloc((size_t)t->nrules + 1, 1)) || !(w->reached = calloc((size_t)t->nrules + 1, 1))) {
		if (w)
			free(w->rcolor);
		free(w);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	w->t = t;
	w->err = err;
	if (t->ntables == 0)
		rc = dp_err_setf(err, DP_DATAERR, t->path, 0, "no '@record NAME' with fields");
	for (int i = 0; rc == 0 && i < t->ntables; i++)
		rc = walk_table(w, i);
	for (int i = 0; rc == 0 && i < t->ntables; i++)
		rc = table_cycle(w, i, color);
	if (rc == 0)
		rc = check_unused_rules(w);
	for (int i = 0; rc == 0 && i < DP_TPL_EDGE_KINDS; i++)
		if (t->edge_w[i] && (i == DP_TPL_EDGE_INJECT || i == DP_TPL_EDGE_EXFIL) &&
		    tpl_rule_index(t, i == DP_TPL_EDGE_INJECT ? "_inject" : "_exfiltrate",
				   i == DP_TPL_EDGE_INJECT ? 7 : 11, 0) < 0)
			rc = dp_err_setf(err, DP_DATAERR, t->path, 0, "@edge %s needs a rule <%s>",
					 dp_tpl_edge_name(i), i == DP_TPL_EDGE_INJECT ? "_inject" : "_exfiltrate");
	free(w->rcolor);
	free(w->reached);
	free(w);
	return rc;
}
