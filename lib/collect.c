/* collect.c - collect files and their merge (collect.h). */
#include "config.h"
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "dp_exit.h"
#include "outfile.h"

#define COL_FORMAT "doppel-collect"
#define COL_VERSION 1
#define COL_LINE_MAX 4096   /* no valid line is longer */

struct dp_col_writer {
	dp_outfile out;
	crypto_hash_sha256_state sum;
	unsigned long long events;
};

/* ---- writing ------------------------------------------------------------------ */

static int put_line(dp_col_writer *w, const char *s, size_t n, dp_err *err)
{
	crypto_hash_sha256_update(&w->sum, (const unsigned char *)s, n);
	if (fwrite(s, 1, n, w->out.fp) != n)
		return dp_err_set(err, DP_IOERR, "cannot write the collect file");
	return DP_OK;
}

int dp_col_writer_open(dp_col_writer **out, const char *path, const dp_col_header *h,
                       dp_err *err)
{
	dp_col_writer *w = calloc(1, sizeof *w);
	char line[512];
	int n, rc;

	*out = NULL;
	if (!w)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (dp_outfile_open(&w->out, path, 0600, err) != 0) {
		free(w);
		return err->code;
	}
	crypto_hash_sha256_init(&w->sum);
	n = snprintf(line, sizeof line, "{\"format\":\"%s\",\"version\":%d,\"scheme\":\"%s\","
	             "\"key_fp\":\"%s\",\"base\":\"%s\",\"shard\":%u,\"of\":%u}\n", COL_FORMAT,
	             COL_VERSION, DP_EID_SCHEME, h->key_fp, h->base, h->shard, h->of);
	if ((rc = put_line(w, line, (size_t)n, err)) != DP_OK) {
		dp_col_writer_close(w, 0, NULL);
		return rc;
	}
	*out = w;
	return DP_OK;
}

/* ,"ns":"NS","id":"HEX" of r at out; returns the length */
static int ref_json(char *out, size_t cap, const char *kns, const char *kid, const dp_map_ref *r)
{
	char hex[2 * DP_EID_BYTES + 1];

	sodium_bin2hex(hex, sizeof hex, r->id, DP_EID_BYTES);
	return snprintf(out, cap, ",\"%s\":\"%s\",\"%s\":\"%s\"", kns, r->ns, kid, hex);
}

/* ,"via":[["NS","HEX"],...] of a chain at out; returns the length */
static int chain_json(char *out, size_t cap, const dp_map_event *ev)
{
	char hex[2 * DP_EID_BYTES + 1];
	int n = snprintf(out, cap, ",\"via\":[");

	for (size_t k = 0; k < ev->nchain && (size_t)n < cap; k++) {
		sodium_bin2hex(hex, sizeof hex, ev->chain[k].id, DP_EID_BYTES);
		n += snprintf(out + n, cap - (size_t)n, "%s[\"%s\",\"%s\"]", k ? "," : "",
		              ev->chain[k].ns, hex);
	}
	if ((size_t)n < cap)
		n += snprintf(out + n, cap - (size_t)n, "]");
	return n;
}

int dp_col_sink(void *arg, const dp_map_event *ev, dp_err *err)
{
	static const char kinds[] = "?ncas";
	dp_col_writer *w = arg;
	char line[COL_LINE_MAX];
	size_t cap = sizeof line - 3;   /* room for "}\n" */
	int n;

	if (ev->kind < DP_MAP_EV_NUMBER || ev->kind > DP_MAP_EV_SEEN)
		return dp_err_set(err, DP_SOFTWARE, "an unknown mapping event");
	n = snprintf(line, cap, "{\"e\":\"%c\"", kinds[ev->kind]);
	n += ref_json(line + n, cap - (size_t)n, "ns", "id", &ev->ent);
	if (ev->kind == DP_MAP_EV_ALIAS && (size_t)n < cap)
		n += ref_json(line + n, cap - (size_t)n, "tns", "to", &ev->target);
	if ((ev->kind == DP_MAP_EV_ALIAS || ev->kind == DP_MAP_EV_SEEN) && (size_t)n < cap)
		n += snprintf(line + n, cap - (size_t)n, ",\"%s\":%llu",
		              ev->kind == DP_MAP_EV_ALIAS ? "rec" : "k", (unsigned long long)ev->n);
	if (ev->kind == DP_MAP_EV_CHAIN && (size_t)n < cap)
		n += chain_json(line + n, cap - (size_t)n, ev);
	if ((size_t)n >= cap)
		return dp_err_set(err, DP_SOFTWARE, "a collect event too long");
	memcpy(line + n, "}\n", 2);
	w->events++;
	return put_line(w, line, (size_t)n + 2, err);
}

int dp_col_writer_close(dp_col_writer *w, int ok, dp_err *err)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	char hex[DP_COL_SUM_HEX];
	int rc = DP_OK;

	if (!w)
		return DP_OK;
	if (ok) {
		crypto_hash_sha256_final(&w->sum, d);
		sodium_bin2hex(hex, sizeof hex, d, sizeof d);
		if (fprintf(w->out.fp, "{\"end\":true,\"events\":%llu,\"sha256\":\"%s\"}\n", w->events,
		            hex) < 0)
			rc = dp_err_set(err, DP_IOERR, "cannot write the collect file");
		if (rc == DP_OK && dp_outfile_commit(&w->out, err) != 0)
			rc = err->code;
	}
	if (!ok || rc != DP_OK)
		dp_outfile_abort(&w->out);
	free(w);
	return rc;
}

/* ---- reading ------------------------------------------------------------------ */

typedef int (*event_fn)(void *arg, const dp_map_event *ev, dp_err *err);

typedef struct colfile {      /* one file as the merge checked it */
	const char *path;
	dp_col_header h;
	char sum[DP_COL_SUM_HEX];
} colfile;

static int bad(dp_err *err, const char *path, long line, const char *what)
{
	return dp_err_setf(err, DP_DATAERR, path, line, "not a valid collect file: %s", what);
}

/* a string member of o, or NULL */
static const char *str_of(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int ref_parse(json_t *ns, json_t *id, dp_map_ref *r)
{
	const char *n = json_string_value(ns), *h = json_string_value(id);
	size_t len;

	if (!n || !h || !*n || strlen(n) >= DP_MAP_NS_MAX || strlen(h) != 2 * DP_EID_BYTES)
		return -1;
	r->ns = n;
	return sodium_hex2bin(r->id, DP_EID_BYTES, h, strlen(h), NULL, &len, NULL) == 0 &&
	       len == DP_EID_BYTES ? 0 : -1;
}

static int chain_parse(json_t *via, dp_map_event *ev)
{
	size_t k;
	json_t *e;

	if (!json_is_array(via) || json_array_size(via) == 0 ||
	    json_array_size(via) > DP_MAP_CHAIN_MAX)
		return -1;
	json_array_foreach(via, k, e)
		if (json_array_size(e) != 2 ||
		    ref_parse(json_array_get(e, 0), json_array_get(e, 1), &ev->chain[k]) < 0)
			return -1;
	ev->nchain = json_array_size(via);
	return 0;
}

/* one event line into ev (strings stay in o); 0 or -1 */
static int event_parse(json_t *o, dp_map_event *ev)
{
	const char *e = str_of(o, "e");
	json_t *n;

	memset(ev, 0, sizeof *ev);
	if (!e || strlen(e) != 1 || !strchr("ncas", *e) ||
	    ref_parse(json_object_get(o, "ns"), json_object_get(o, "id"), &ev->ent) < 0)
		return -1;
	ev->kind = *e == 'n' ? DP_MAP_EV_NUMBER : *e == 'c' ? DP_MAP_EV_CHAIN
	         : *e == 'a' ? DP_MAP_EV_ALIAS : DP_MAP_EV_SEEN;
	if (ev->kind == DP_MAP_EV_CHAIN)
		return chain_parse(json_object_get(o, "via"), ev);
	if (ev->kind == DP_MAP_EV_ALIAS &&
	    ref_parse(json_object_get(o, "tns"), json_object_get(o, "to"), &ev->target) < 0)
		return -1;
	n = json_object_get(o, ev->kind == DP_MAP_EV_ALIAS ? "rec" : "k");
	if (ev->kind != DP_MAP_EV_NUMBER && (!json_is_integer(n) || json_integer_value(n) < 0))
		return -1;
	ev->n = ev->kind != DP_MAP_EV_NUMBER ? (uint64_t)json_integer_value(n) : 0;
	return 0;
}

static int header_parse(json_t *o, dp_col_header *h)
{
	const char *f = str_of(o, "format"), *s = str_of(o, "scheme"), *k = str_of(o, "key_fp");
	const char *b = str_of(o, "base");
	json_int_t sh = json_integer_value(json_object_get(o, "shard"));
	json_int_t of = json_integer_value(json_object_get(o, "of"));

	if (!f || strcmp(f, COL_FORMAT) || json_integer_value(json_object_get(o, "version")) !=
	    COL_VERSION || !s || strcmp(s, DP_EID_SCHEME) || !k || strlen(k) >= DP_KEYFP_HEX ||
	    !b || strlen(b) >= DP_MAP_BASE_HEX || of < 1 || of > 1000000 || sh < 1 || sh > of)
		return -1;
	snprintf(h->key_fp, sizeof h->key_fp, "%s", k);
	snprintf(h->base, sizeof h->base, "%s", b);
	h->shard = (unsigned)sh;
	h->of = (unsigned)of;
	return 0;
}

/* the trailer: its event count and checksum must match what was read */
static int trailer_check(json_t *o, unsigned long long events, crypto_hash_sha256_state *st,
                         char sum[DP_COL_SUM_HEX])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	const char *s = str_of(o, "sha256");

	crypto_hash_sha256_final(st, d);
	sodium_bin2hex(sum, DP_COL_SUM_HEX, d, sizeof d);
	return s && json_integer_value(json_object_get(o, "events")) == (json_int_t)events &&
	       strcmp(s, sum) == 0 ? 0 : -1;
}

/* one line after the header: an event (handed to fn) or the trailer (*end set) */
static int read_line(colfile *cf, json_t *o, long ln, crypto_hash_sha256_state *st,
                     unsigned long long *events, int *end, event_fn fn, void *arg, dp_err *err)
{
	dp_map_event ev;

	if (json_is_true(json_object_get(o, "end"))) {
		*end = 1;
		return trailer_check(o, *events, st, cf->sum) == 0 ? DP_OK
		       : bad(err, cf->path, ln, "damaged or truncated (the checksum does not match)");
	}
	if (event_parse(o, &ev) < 0)
		return bad(err, cf->path, ln, "a malformed event");
	(*events)++;
	return fn ? fn(arg, &ev, err) : DP_OK;
}

/* Reads a collect file whole: header into cf->h, events to fn (may be NULL), trailer
 * checked and the checksum into cf->sum. */
static int read_file(colfile *cf, event_fn fn, void *arg, dp_err *err)
{
	FILE *fp = fopen(cf->path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long ln = 0;
	int rc = DP_OK, end = 0;
	unsigned long long events = 0;
	crypto_hash_sha256_state st;

	if (!fp)
		return dp_err_set(err, DP_NOINPUT, "cannot open %s", cf->path);
	crypto_hash_sha256_init(&st);
	while (rc == DP_OK && !end && (n = getline(&line, &cap, fp)) > 0) {
		json_t *o = json_loadb(line, (size_t)n, 0, NULL);
		ln++;
		if (!json_is_object(o))
			rc = bad(err, cf->path, ln, "a line is not a JSON object");
		else if (ln == 1)
			rc = header_parse(o, &cf->h) == 0 ? DP_OK : bad(err, cf->path, ln, "bad header");
		else
			rc = read_line(cf, o, ln, &st, &events, &end, fn, arg, err);
		if (!end)
			crypto_hash_sha256_update(&st, (const unsigned char *)line, (size_t)n);
		json_decref(o);
	}
	if (rc == DP_OK && (!end || getline(&line, &cap, fp) > 0))
		rc = bad(err, cf->path, ln, end ? "lines after the trailer" : "truncated (no trailer)");
	free(line);
	fclose(fp);
	return rc;
}

/* ---- merging ------------------------------------------------------------------ */

/* Every file alone, then together: one key (this one), one starting state, one shard
 * count, each shard of 1..N exactly once. files[] comes back in shard order. */
static int check_set(colfile *files, size_t n, const char *keyfp, dp_err *err)
{
	colfile tmp;

	for (size_t i = 0; i < n; i++) {
		int rc = read_file(&files[i], NULL, NULL, err);
		if (rc != DP_OK)
			return rc;
		if (strcmp(files[i].h.key_fp, keyfp) != 0)
			return dp_err_set(err, DP_CONFIG, "%s was collected with another key (key "
			                  "fingerprint %s, this key is %s)", files[i].path,
			                  files[i].h.key_fp, keyfp);
		if (files[i].h.of != files[0].h.of || strcmp(files[i].h.base, files[0].h.base) != 0)
			return dp_err_set(err, DP_DATAERR, "%s and %s belong to different runs (shard "
			                  "count or starting table differ)", files[0].path, files[i].path);
	}
	for (size_t i = 1; i < n; i++)   /* insertion sort by shard: n is small */
		for (size_t j = i; j > 0 && files[j].h.shard < files[j - 1].h.shard; j--)
			tmp = files[j], files[j] = files[j - 1], files[j - 1] = tmp;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && files[i].h.shard == files[i - 1].h.shard)
			return dp_err_set(err, DP_DATAERR, "shard %u/%u is given twice (%s and %s)",
			                  files[i].h.shard, files[i].h.of, files[i - 1].path, files[i].path);
		if (files[i].h.shard != i + 1)
			return dp_err_set(err, DP_DATAERR, "shard %zu/%u is missing", i + 1, files[0].h.of);
	}
	return n == files[0].h.of ? DP_OK
	     : dp_err_set(err, DP_DATAERR, "shard %zu/%u is missing", n + 1, files[0].h.of);
}

/* the batch: a digest of the files' checksums in shard order */
static void batch_id(const colfile *files, size_t n, char out[DP_COL_SUM_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < n; i++)
		crypto_hash_sha256_update(&st, (const unsigned char *)files[i].sum, DP_COL_SUM_HEX);
	crypto_hash_sha256_final(&st, d);
	sodium_bin2hex(out, DP_COL_SUM_HEX, d, sizeof d);
}

typedef struct replay_arg {
	dp_map *m;
	uint64_t shard;
} replay_arg;

static int replay_one(void *arg, const dp_map_event *ev, dp_err *err)
{
	replay_arg *ra = arg;

	return dp_map_replay(ra->m, ra->shard, ev, err);
}

/* replays the files in shard order; each must read as it did when checked */
static int replay_all(dp_map *m, colfile *files, size_t n, dp_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char was[DP_COL_SUM_HEX];
		replay_arg ra = {m, files[i].h.shard};
		int rc;
		memcpy(was, files[i].sum, sizeof was);
		if ((rc = read_file(&files[i], replay_one, &ra, err)) != DP_OK)
			return rc;
		if (strcmp(was, files[i].sum) != 0)
			return dp_err_set(err, DP_DATAERR, "%s changed during the merge", files[i].path);
	}
	return DP_OK;
}

int dp_col_merge(dp_map *m, const char *const *paths, size_t n, const char *keyfp,
                 int *already, dp_err *err)
{
	colfile *files = calloc(n ? n : 1, sizeof *files);
	char batch[DP_COL_SUM_HEX];
	int rc;

	*already = 0;
	if (!files)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (size_t i = 0; i < n; i++)
		files[i].path = paths[i];
	rc = n ? check_set(files, n, keyfp, err) : dp_err_set(err, DP_USAGE, "no collect files");
	if (rc == DP_OK) {
		batch_id(files, n, batch);
		rc = dp_map_merge_begin(m, batch, files[0].h.base, already, err);
	}
	if (rc == DP_OK && !*already && (rc = replay_all(m, files, n, err)) == DP_OK)
		rc = dp_map_merge_end(m, batch, err);
	if (rc != DP_OK || *already)
		dp_map_rollback(m);
	free(files);
	return rc;
}
