/* gen_write.c - doppel-gen's record writers: JSONL (one object per line, fields in @emit
 * order, `_spans` and `_mut` when there are any), CSV (RFC 4180 with a header, `_spans` as
 * a JSON cell) and text (values separated by a TAB, one record per line). A record is built
 * in one buffer and written with one fwrite. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dp_exit.h"
#include "gen.h"
#include "types.h"
#include "utf8.h"

static int json_str(dp_buf *b, const char *s, size_t n);

/* The JSON keys of the written fields, escaped once for the whole run. */
static int make_keys(gen_writer *w)
{
	dp_buf_init(&w->keys, (size_t)1 << 20);
	for (int i = 0; i < w->nsel; i++) {
		const char *name = dp_tpl_emit_name(w->t, w->table, w->sel[i]);

		w->key_off[i] = w->keys.len;
		if (dp_buf_adds(&w->keys, i ? ",\"" : "{\"") || json_str(&w->keys, name, strlen(name)) ||
		    dp_buf_adds(&w->keys, "\":"))
			return DP_SOFTWARE;
	}
	w->key_off[w->nsel] = w->keys.len;
	return DP_OK;
}

int gen_writer_init(gen_writer *w, FILE *fp, const gen_opts *o, const dp_tpl *t, int table)
{
	int ne = dp_tpl_nemit(t, table);

	memset(w, 0, sizeof *w);
	w->fp = fp;
	w->format = o->format;
	w->t = t;
	w->table = table;
	w->spans = o->spans;
	dp_buf_init(&w->line, (size_t)64 << 20);
	dp_buf_init(&w->cell, (size_t)64 << 20);
	for (size_t i = 0; o->fields && i < o->nfields; i++) {
		int k = 0;

		while (k < ne && strcmp(dp_tpl_emit_name(t, table, k), o->fields[i]))
			k++;
		if (k == ne)
			return DP_USAGE;
		w->sel[w->nsel++] = k;
	}
	for (int k = 0; !o->fields && k < ne && k < 256; k++)
		w->sel[w->nsel++] = k;
	return make_keys(w);
}

void gen_writer_free(gen_writer *w)
{
	dp_buf_free(&w->line);
	dp_buf_free(&w->cell);
	dp_buf_free(&w->keys);
}

static const char hex[] = "0123456789abcdef";

/* Bytes json_str must look at: controls, '"', '\\' and every non-ASCII byte. */
static const unsigned char special[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x80 ... 0xff] = 1,
};

/* A JSON string body: quotes, backslashes, controls, U+2028/2029 and invalid bytes escaped. */
static int json_str(dp_buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;
		long cp = c;
		char esc[8];
		int en = 0;

		if (!special[c]) {
			for (i++; i < n && !special[(unsigned char)s[i]]; i++)
				;
			continue;
		}
		if (c >= 0x80) {
			k = dp_utf8_next((const unsigned char *)s + i, n - i, &cp);
			if (cp >= 0 && cp != 0x2028 && cp != 0x2029) {
				i += k;
				continue;
			}
			memcpy(esc, cp < 0 ? "\\ufffd" : cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
			en = 6;
		} else if (c == '"' || c == '\\') {
			esc[0] = '\\', esc[1] = (char)c, en = 2;
		} else if (c < 0x20) {
			const char *sh = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;

			if (sh)
				memcpy(esc, sh, 2), en = 2;
			else
				memcpy(esc, "\\u00", 4), esc[4] = hex[c >> 4], esc[5] = hex[c & 15], en = 6;
		}
		if (dp_buf_add(b, s + run, i - run) || dp_buf_add(b, esc, (size_t)en))
			return -1;
		i += k;
		run = i;
	}
	return dp_buf_add(b, s + run, n - run);
}

static int json_value(dp_buf *b, const dp_tpl_value *v)
{
	if (v->kind != DP_TPL_STR)
		return dp_buf_add(b, v->s, v->n);
	return dp_buf_addc(b, '"') || json_str(b, v->s, v->n) || dp_buf_addc(b, '"');
}

/* The emitted position k of field index fi among the written ones, or -1. */
static int sel_pos(const gen_writer *w, int fi)
{
	for (int i = 0; i < w->nsel; i++)
		if (w->sel[i] == fi)
			return i;
	return -1;
}

static int json_spans(gen_writer *w, dp_buf *b, const dp_tpl_rec *rec)
{
	int first = 1;

	if (dp_buf_adds(b, "["))
		return -1;
	for (size_t i = 0; i < rec->nspans; i++) {
		const dp_tpl_span *s = &rec->span[i];
		const dp_type_info *ti = dp_type_get(s->type);

		if (sel_pos(w, s->field) < 0)
			continue;
		if (dp_buf_printf(b, "%s{\"field\":\"%s\",\"type\":\"%s\",\"start\":%zu,\"end\":%zu}",
				  first ? "" : ",", dp_tpl_emit_name(w->t, w->table, s->field),
				  ti ? ti->id : "unknown", s->start, s->end))
			return -1;
		first = 0;
	}
	return dp_buf_adds(b, "]");
}

static int json_mut(gen_writer *w, dp_buf *b, const dp_tpl_rec *rec)
{
	if (dp_buf_adds(b, ",\"_mut\":["))
		return -1;
	for (size_t i = 0; i < rec->nmut; i++) {
		const dp_tpl_mut *m = &rec->mut[i];

		if (dp_buf_printf(b, "%s{\"op\":\"%s\",\"field\":\"%s\",\"edits\":%u", i ? "," : "",
				  dp_tpl_edge_name(m->kind), dp_tpl_emit_name(w->t, w->table, m->field), m->edits) ||
		    (m->at != SIZE_MAX && dp_buf_printf(b, ",\"at\":%zu", m->at)) ||
		    (m->spans_dropped && dp_buf_printf(b, ",\"spans_dropped\":%u", m->spans_dropped)) ||
		    dp_buf_addc(b, '}'))
			return -1;
	}
	return dp_buf_addc(b, ']');
}

static int jsonl_record(gen_writer *w, const dp_tpl_rec *rec)
{
	dp_buf *b = &w->line;

	if (!w->nsel && dp_buf_addc(b, '{'))
		return -1;
	for (int i = 0; i < w->nsel; i++)
		if (dp_buf_add(b, w->keys.data + w->key_off[i], w->key_off[i + 1] - w->key_off[i]) ||
		    json_value(b, &rec->v[w->sel[i]]))
			return -1;
	if (w->spans && (dp_buf_adds(b, ",\"_spans\":") || json_spans(w, b, rec)))
		return -1;
	if (rec->nmut && sel_pos(w, rec->mut[0].field) >= 0 && json_mut(w, b, rec))
		return -1;
	return dp_buf_adds(b, "}\n");
}

/* A CSV cell, quoted when it holds a comma, quote, CR or LF or starts or ends with a space. */
static int csv_cell(dp_buf *b, const char *s, size_t n)
{
	int q = n && (s[0] == ' ' || s[n - 1] == ' ');

	for (size_t i = 0; !q && i < n; i++)
		q = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!q)
		return dp_buf_add(b, s, n);
	if (dp_buf_addc(b, '"'))
		return -1;
	for (size_t i = 0, run = 0; i <= n; i++)
		if (i == n || s[i] == '"') {
			if (dp_buf_add(b, s + run, i - run) || (i < n && dp_buf_add(b, "\"\"", 2)))
				return -1;
			run = i + 1;
		}
	return dp_buf_addc(b, '"');
}

static int csv_record(gen_writer *w, const dp_tpl_rec *rec)
{
	dp_buf *b = &w->line;

	for (int i = 0; i < w->nsel; i++) {
		const dp_tpl_value *v = &rec->v[w->sel[i]];

		if ((i && dp_buf_addc(b, ',')) || csv_cell(b, v->s, v->n))
			return -1;
	}
	if (w->spans) {   /* the spans' JSON, in a buffer kept for the run, as one cell */
		dp_buf_reset(&w->cell);
		if (json_spans(w, &w->cell, rec) || dp_buf_addc(b, ',') || csv_cell(b, w->cell.data, w->cell.len))
			return -1;
	}
	return dp_buf_adds(b, "\r\n");
}

static int text_record(gen_writer *w, const dp_tpl_rec *rec)
{
	for (int i = 0; i < w->nsel; i++)
		if ((i && dp_buf_addc(&w->line, '\t')) ||
		    dp_buf_add(&w->line, rec->v[w->sel[i]].s, rec->v[w->sel[i]].n))
			return -1;
	return dp_buf_addc(&w->line, '\n');
}

static int flush_line(gen_writer *w)
{
	if (w->line.len && fwrite(w->line.data, 1, w->line.len, w->fp) != w->line.len)
		return DP_IOERR;
	if (w->hash)
		dp_mf_hasher_update(w->hash, w->line.data, w->line.len);
	w->bytes += w->line.len;
	dp_buf_reset(&w->line);
	return DP_OK;
}

int gen_write_header(gen_writer *w)
{
	if (w->format != GF_CSV)
		return DP_OK;
	for (int i = 0; i < w->nsel; i++) {
		const char *name = dp_tpl_emit_name(w->t, w->table, w->sel[i]);

		if ((i && dp_buf_addc(&w->line, ',')) || csv_cell(&w->line, name, strlen(name)))
			return DP_SOFTWARE;
	}
	if ((w->spans && dp_buf_adds(&w->line, ",_spans")) || dp_buf_adds(&w->line, "\r\n"))
		return DP_SOFTWARE;
	return flush_line(w);
}

int gen_write_record(gen_writer *w, const dp_tpl_rec *rec)
{
	int rc = w->format == GF_JSONL ? jsonl_record(w, rec) :
		 w->format == GF_CSV ? csv_record(w, rec) : text_record(w, rec);

	if (rc) {
		dp_buf_reset(&w->line);
		return DP_DATAERR;
	}
	w->records++;
	return flush_line(w);
}
