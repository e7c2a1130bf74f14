/* report.c - streamed scan reports (report.h): text, jsonl and the json document;
 * SARIF lives in report_sarif.c. */
#include "config.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "report_internal.h"
#include "utf8.h"

static const char dp_utf8_repl[] = "\xEF\xBF\xBD";   /* U+FFFD */

int dp_report_format_parse(const char *s)
{
	static const char *const names[] = {
		[DP_REPORT_TEXT] = "text", [DP_REPORT_JSON] = "json",
		[DP_REPORT_JSONL] = "jsonl", [DP_REPORT_SARIF] = "sarif",
	};

	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* Length of the well-formed UTF-8 sequence at p (1-4), or 0 when it is not one. */
size_t dp_utf8_seq(const unsigned char *p, size_t n)
{
	long cp;
	size_t len = dp_utf8_next(p, n, &cp);

	return cp < 0 ? 0 : len;
}

char *dp_utf8_fix(const char *s, size_t n, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out;
	size_t o = 0;

	if (n > ((size_t)-1 - 1) / 3)
		return NULL;
	out = malloc(n * 3 + 1);   /* each bad byte grows to at most 3 */
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = dp_utf8_seq(p + i, n - i);
		if (k == 0) {
			memcpy(out + o, dp_utf8_repl, 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, p + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return out;
}

json_t *dp_json_bytes(const char *s, size_t n)
{
	json_t *j;
	size_t len;
	char *fixed;

	if (!s)
		return json_null();
	fixed = dp_utf8_fix(s, n, &len);
	if (!fixed)
		return NULL;
	j = json_stringn_nocheck(fixed, len);
	free(fixed);
	return j;
}

json_t *dp_json_str(const char *s)
{
	return dp_json_bytes(s, s ? strlen(s) : 0);
}

double dp_report_score(double score)
{
	long v;

	if (!(score > 0.0))   /* also NaN */
		return 0.0;
	if (score > 1.0)
		return 1.0;
	v = (long)(score * 100.0 + 0.5);
	return (double)v / 100.0;
}

int dp_report_puts(dp_report *r, const char *s)
{
	if (fputs(s, r->out) == EOF)
		r->io_failed = 1;
	return r->io_failed ? -1 : 0;
}

/* Serialises into a reused buffer and writes it with one fwrite (json_dumpf would
 * call fwrite once per token). */
int dp_report_dump(dp_report *r, const json_t *v)
{
	size_t flags = DP_REPORT_DUMP_FLAGS | JSON_ENCODE_ANY;
	size_t n = json_dumpb(v, r->dump, r->dump_cap, flags);

	if (n > r->dump_cap) {
		char *p = realloc(r->dump, n + 256);

		if (!p) {
			r->io_failed = 1;
			return -1;
		}
		r->dump = p;
		r->dump_cap = n + 256;
		n = json_dumpb(v, r->dump, r->dump_cap, flags);
	}
	if (n == 0 || fwrite(r->dump, 1, n, r->out) != n)
		r->io_failed = 1;
	return r->io_failed ? -1 : 0;
}

static int dp_rule_slot_cmp(const void *a, const void *b)
{
	return strcmp(((const dp_rule_slot *)a)->rule->id, ((const dp_rule_slot *)b)->rule->id);
}

static int dp_report_index_rules(dp_report *r)
{
	size_t n = 0;

	if (r->nrules == 0)
		return 0;
	r->rule_index = calloc(r->nrules, sizeof *r->rule_index);
	if (!r->rule_index)
		return -1;
	for (size_t i = 0; i < r->nrules; i++) {
		if (!r->rules[i].id)
			continue;
		r->rule_index[n].rule = &r->rules[i];
		r->rule_index[n].index = n;
		n++;
	}
	qsort(r->rule_index, n, sizeof *r->rule_index, dp_rule_slot_cmp);
	r->nrules_indexed = n;
	return 0;
}

const dp_rule_slot *dp_report_rule_find(const dp_report *r, const char *id)
{
	dp_report_rule rule = {.id = id};
	dp_rule_slot key = {.rule = &rule};

	if (!id || !r->rule_index)
		return NULL;
	return bsearch(&key, r->rule_index, r->nrules_indexed, sizeof key, dp_rule_slot_cmp);
}

static int dp_report_begin(dp_report *r, dp_err *err)
{
	json_t *ver;

	switch (r->format) {
	case DP_REPORT_JSON:
		ver = dp_json_str(r->tool_version);
		if (!ver)
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		dp_report_puts(r, "{\"version\":1,\"tool\":\"doppel-scan\",\"toolVersion\":");
		dp_report_dump(r, ver);
		json_decref(ver);
		dp_report_puts(r, ",\"findings\":[");
		return DP_OK;
	case DP_REPORT_SARIF:
		return dp_sarif_begin(r, err);
	default:
		return DP_OK;
	}
}

static const char *dp_report_version(const dp_report_opts *opts)
{
	if (!opts->tool_version || !*opts->tool_version)
		return "0.0.0";
	return opts->tool_version;
}

dp_report *dp_report_new(FILE *out, const dp_report_opts *opts, dp_err *err)
{
	dp_report *r;

	if (!out || !opts || (int)opts->format < DP_REPORT_TEXT || opts->format > DP_REPORT_SARIF) {
		dp_err_set(err, DP_SOFTWARE, "dp_report_new: bad arguments");
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (!r || !(r->tool_version = strdup(dp_report_version(opts)))) {
		free(r);
		dp_err_set(err, DP_SOFTWARE, "out of memory");
		return NULL;
	}
	r->out = out;
	r->format = opts->format;
	r->rules = opts->rules;
	r->nrules = opts->rules ? opts->nrules : 0;
	if (dp_report_index_rules(r) != 0) {
		dp_report_free(r);
		dp_err_set(err, DP_SOFTWARE, "out of memory");
		return NULL;
	}
	if (dp_report_begin(r, err) != DP_OK) {
		dp_report_free(r);
		return NULL;
	}
	return r;
}

/* Keeps `counts` sorted by type id; linear insertion is fine for at most DP_T_MAX. */
static int dp_report_count(dp_report *r, const char *type_id)
{
	size_t lo = 0, hi = r->ncounts;
	dp_report_count_entry *grown;
	char *id;

	type_id = type_id ? type_id : "";
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->counts[mid].type_id, type_id);
		if (c == 0) {
			r->counts[mid].count++;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (r->ncounts == r->acounts) {
		size_t na = r->acounts ? r->acounts * 2 : 16;
		grown = realloc(r->counts, na * sizeof *grown);
		if (!grown)
			return -1;
		r->counts = grown;
		r->acounts = na;
	}
	if (!(id = strdup(type_id)))
		return -1;
	memmove(r->counts + lo + 1, r->counts + lo, (r->ncounts - lo) * sizeof *r->counts);
	r->counts[lo].type_id = id;
	r->counts[lo].count = 1;
	r->ncounts++;
	return 0;
}

/* The value itself (--show-values), with line breaks and control bytes escaped so
 * one finding stays on one line. */
static void dp_report_text_value(dp_report *r, const dp_report_item *it)
{
	size_t n = it->value_len ? it->value_len : strlen(it->value);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)it->value[i];

		if (c < 0x20 || c == 0x7f)
			fprintf(r->out, "\\x%02x", c);
		else
			fputc(c, r->out);
	}
}

static void dp_report_text(dp_report *r, const dp_report_item *it)
{
	long v = (long)(dp_report_score(it->score) * 100.0 + 0.5);

	if (fprintf(r->out, "%s:%ld:%ld: %s (%ld.%02ld) ", it->path ? it->path : "-",
	            it->line, it->col, it->type_id ? it->type_id : "?", v / 100, v % 100) < 0)
		r->io_failed = 1;
	if (it->value)
		dp_report_text_value(r, it);
	else
		fputs(it->masked ? it->masked : "", r->out);
	if (it->canary_record)
		fprintf(r->out, " (canary of %s)", it->canary_record);
	if (fputc('\n', r->out) == EOF)
		r->io_failed = 1;
}

static int dp_report_add_json(dp_report *r, const dp_report_item *it, dp_err *err)
{
	dp_buf b;

	dp_buf_init(&b, (size_t)1 << 30);
	b.data = r->dump;
	b.alloc = r->dump_cap;
	if (r->format == DP_REPORT_JSON && dp_buf_adds(&b, r->nitems ? ",\n" : "\n") < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (dp_report_item_line(&b, it) < 0 ||
	    (r->format == DP_REPORT_JSONL && dp_buf_addc(&b, '\n') < 0)) {
		r->dump = b.data;
		r->dump_cap = b.alloc;
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	r->dump = b.data;
	r->dump_cap = b.alloc;
	if (fwrite(b.data, 1, b.len, r->out) != b.len)
		r->io_failed = 1;
	return DP_OK;
}

static int dp_report_ioerr(dp_report *r, dp_err *err)
{
	if (ferror(r->out))
		r->io_failed = 1;
	if (r->io_failed)
		return dp_err_set(err, DP_IOERR, "cannot write the report");
	return DP_OK;
}

int dp_report_add(dp_report *r, const dp_report_item *it, dp_err *err)
{
	int rc = DP_OK;

	if (!r || !it || r->finished)
		return dp_err_set(err, DP_SOFTWARE, "dp_report_add: bad arguments");
	if (dp_report_count(r, it->type_id) != 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	switch (r->format) {
	case DP_REPORT_TEXT:
		dp_report_text(r, it);
		break;
	case DP_REPORT_JSON:
	case DP_REPORT_JSONL:
		rc = dp_report_add_json(r, it, err);
		break;
	case DP_REPORT_SARIF:
		rc = dp_sarif_add(r, it, err);
		break;
	}
	if (rc != DP_OK)
		return rc;
	r->nitems++;
	return dp_report_ioerr(r, err);
}

void dp_report_set_summary(dp_report *r, const dp_report_summary *s)
{
	if (!r || !s)
		return;
	r->summary = *s;
	r->have_summary = 1;
}

static int dp_jset(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new_nocheck(o, key, v);
}

static int dp_report_summary_scalars(const dp_report *r, json_t *o)
{
	const dp_report_summary *s = &r->summary;
	int rc = 0;

	if (!r->have_summary)
		return 0;
	rc |= dp_jset(o, "filesScanned", json_integer((json_int_t)s->files_scanned));
	rc |= dp_jset(o, "filesSkipped", json_integer((json_int_t)s->files_skipped));
	rc |= dp_jset(o, "recordsScanned", json_integer((json_int_t)s->records_scanned));
	rc |= dp_jset(o, "bytesScanned", json_integer((json_int_t)s->bytes_scanned));
	return rc;
}

json_t *dp_report_summary_json(const dp_report *r)
{
	json_t *o = json_object(), *by = json_object();
	int rc = dp_report_summary_scalars(r, o);

	rc |= dp_jset(o, "findings", json_integer((json_int_t)r->nitems));
	if (r->have_summary)
		rc |= dp_jset(o, "suppressed", json_integer((json_int_t)r->summary.suppressed));
	for (size_t i = 0; by && i < r->ncounts; i++) {
		const char *id = r->counts[i].type_id;
		char *key = dp_utf8_fix(id, strlen(id), NULL);
		rc |= key ? json_object_set_new_nocheck(by, key,
		                json_integer((json_int_t)r->counts[i].count)) : -1;
		free(key);
	}
	rc |= dp_jset(o, "byType", by);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int dp_report_end_json(dp_report *r, dp_err *err)
{
	json_t *sum = dp_report_summary_json(r);

	if (!sum)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	dp_report_puts(r, r->nitems ? "\n],\"summary\":" : "],\"summary\":");
	dp_report_dump(r, sum);
	dp_report_puts(r, "}\n");
	json_decref(sum);
	return DP_OK;
}

int dp_report_finish(dp_report *r, dp_err *err)
{
	int rc = DP_OK;

	if (!r)
		return dp_err_set(err, DP_SOFTWARE, "dp_report_finish: no report");
	if (!r->finished) {
		r->finished = 1;
		if (r->format == DP_REPORT_JSON)
			rc = dp_report_end_json(r, err);
		else if (r->format == DP_REPORT_SARIF)
			rc = dp_sarif_end(r, err);
		if (rc != DP_OK)
			return rc;
	}
	if (fflush(r->out) != 0)
		r->io_failed = 1;
	return dp_report_ioerr(r, err);
}

void dp_report_free(dp_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ncounts; i++)
		free(r->counts[i].type_id);
	free(r->counts);
	free(r->rule_index);
	free(r->tool_version);
	free(r->dump);
	free(r);
}
