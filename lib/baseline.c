/* baseline.c - baselines of accepted findings (baseline.h): an array of entries plus an
 * open-addressing hash set of fingerprints for O(1) lookups; jansson for the file. */
#include "config.h"
#include "baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "dp_exit.h"
#include "report_internal.h"

typedef struct dp_bl_entry {
	char *fp, *type, *path;
} dp_bl_entry;

struct dp_baseline {
	dp_bl_entry *v;
	size_t n, alloc;
	size_t *slots;    /* 0 empty, else index into v plus one */
	size_t nslots;    /* a power of two, at least twice n */
};

dp_baseline *dp_baseline_new(void)
{
	return calloc(1, sizeof(dp_baseline));
}

void dp_baseline_free(dp_baseline *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].fp);
		free(b->v[i].type);
		free(b->v[i].path);
	}
	free(b->v);
	free(b->slots);
	free(b);
}

size_t dp_baseline_count(const dp_baseline *b)
{
	return b ? b->n : 0;
}

static uint64_t dp_bl_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot holding fp, or the empty slot where it would go. */
static size_t dp_bl_slot(const dp_baseline *b, const char *fp)
{
	size_t mask = b->nslots - 1, i = (size_t)dp_bl_hash(fp) & mask;

	while (b->slots[i] && strcmp(b->v[b->slots[i] - 1].fp, fp) != 0)
		i = (i + 1) & mask;
	return i;
}

int dp_baseline_has(const dp_baseline *b, const char *fp_hex)
{
	if (!b || !fp_hex || b->nslots == 0)
		return 0;
	return b->slots[dp_bl_slot(b, fp_hex)] != 0;
}

static int dp_bl_rehash(dp_baseline *b, size_t nslots)
{
	size_t *old = b->slots, oldn = b->nslots;

	b->slots = calloc(nslots, sizeof *b->slots);
	if (!b->slots) {
		b->slots = old;
		return -1;
	}
	b->nslots = nslots;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			b->slots[dp_bl_slot(b, b->v[old[i] - 1].fp)] = old[i];
	free(old);
	return 0;
}

static int dp_bl_grow(dp_baseline *b)
{
	dp_bl_entry *nv;
	size_t na;

	if ((b->n + 1) * 2 > b->nslots && dp_bl_rehash(b, b->nslots ? b->nslots * 2 : 64) != 0)
		return -1;
	if (b->n < b->alloc)
		return 0;
	na = b->alloc ? b->alloc * 2 : 32;
	nv = realloc(b->v, na * sizeof *nv);
	if (!nv)
		return -1;
	b->v = nv;
	b->alloc = na;
	return 0;
}

int dp_baseline_add(dp_baseline *b, const char *fp_hex, const char *type_id, const char *path)
{
	dp_bl_entry e;

	if (!b || !fp_hex)
		return -1;
	if (dp_baseline_has(b, fp_hex))
		return 0;
	if (dp_bl_grow(b) != 0)
		return -1;
	e.fp = strdup(fp_hex);
	e.type = strdup(type_id ? type_id : "");
	e.path = strdup(path ? path : "");
	if (!e.fp || !e.type || !e.path) {
		free(e.fp);
		free(e.type);
		free(e.path);
		return -1;
	}
	b->v[b->n++] = e;
	b->slots[dp_bl_slot(b, fp_hex)] = b->n;
	return 0;
}

static int dp_bl_is_fp(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == DP_FP_HEX - 1;
}

/* One {"fingerprint","type","path"} entry; DP_CONFIG naming its index when malformed. */
static int dp_bl_load_entry(dp_baseline *b, json_t *e, size_t i, const char *path,
                            dp_err *err)
{
	const char *fp = NULL, *type = NULL, *p = NULL;
	json_error_t jerr;

	if (json_unpack_ex(e, &jerr, JSON_STRICT, "{s:s, s:s, s:s}", "fingerprint", &fp,
	                   "type", &type, "path", &p) != 0)
		return dp_err_setf(err, DP_CONFIG, path, 0,
		                   "findings[%zu] must have exactly the string members "
		                   "fingerprint, type and path", i);
	if (!dp_bl_is_fp(fp))
		return dp_err_setf(err, DP_CONFIG, path, 0,
		                   "findings[%zu]: fingerprint must be %d lowercase hex digits",
		                   i, DP_FP_HEX - 1);
	if (dp_baseline_add(b, fp, type, p) != 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return DP_OK;
}

static int dp_bl_load_root(dp_baseline *b, json_t *root, const char *path,
                           const char keyfp[DP_KEYFP_HEX], dp_err *err)
{
	json_int_t version = 0;
	const char *kfp = NULL;
	json_t *findings = NULL;
	json_error_t jerr;
	int rc;

	if (json_unpack_ex(root, &jerr, JSON_STRICT, "{s:I, s:s, s:o}", "version", &version,
	                   "keyFingerprint", &kfp, "findings", &findings) != 0 ||
	    !json_is_array(findings))
		return dp_err_setf(err, DP_CONFIG, path, 0, "not a doppel baseline: expected "
		                   "exactly version, keyFingerprint and a findings array");
	if (version != 1)
		return dp_err_setf(err, DP_CONFIG, path, 0, "unsupported baseline version %lld",
		                   (long long)version);
	if (keyfp && strcmp(kfp, keyfp) != 0)
		return dp_err_setf(err, DP_CONFIG, path, 0,
		                   "baseline was made with another key (key fingerprint %.16s, this "
		                   "key %.16s); rewrite it with --write-baseline", kfp, keyfp);
	for (size_t i = 0; i < json_array_size(findings); i++)
		if ((rc = dp_bl_load_entry(b, json_array_get(findings, i), i, path, err)) != DP_OK)
			return rc;
	return DP_OK;
}

int dp_baseline_load(dp_baseline **out, const char *path, const char keyfp[DP_KEYFP_HEX],
                     dp_err *err)
{
	json_error_t jerr;
	dp_baseline *b;
	json_t *root;
	FILE *f;
	int rc;

	*out = NULL;
	if (!(f = fopen(path, "re")))
		return dp_err_set(err, DP_NOINPUT, "cannot open baseline %s: %s", path,
		                  strerror(errno));
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (!root)
		return dp_err_setf(err, DP_CONFIG, path, jerr.line > 0 ? jerr.line : 0,
		                   "malformed baseline: %s", jerr.text);
	if (!(b = dp_baseline_new())) {
		json_decref(root);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	rc = dp_bl_load_root(b, root, path, keyfp, err);
	json_decref(root);
	if (rc != DP_OK) {
		dp_baseline_free(b);
		return rc;
	}
	*out = b;
	return DP_OK;
}

static int dp_bl_cmp(const void *pa, const void *pb)
{
	const dp_bl_entry *a = *(const dp_bl_entry *const *)pa, *b = *(const dp_bl_entry *const *)pb;
	int c = strcmp(a->path, b->path);

	if (c == 0)
		c = strcmp(a->type, b->type);
	return c ? c : strcmp(a->fp, b->fp);
}

static json_t *dp_bl_entry_json(const dp_bl_entry *e)
{
	return json_pack("{ss so so}", "fingerprint", e->fp, "type", dp_json_str(e->type),
	                 "path", dp_json_str(e->path));
}

/* The document, entries sorted by (path, type, fingerprint); NULL on out of memory. */
static json_t *dp_bl_json(const dp_baseline *b, const char keyfp[DP_KEYFP_HEX])
{
	const dp_bl_entry **sorted = malloc((b->n ? b->n : 1) * sizeof *sorted);
	json_t *arr = json_array(), *root;
	int rc = 0;

	for (size_t i = 0; sorted && i < b->n; i++)
		sorted[i] = &b->v[i];
	if (sorted)
		qsort(sorted, b->n, sizeof *sorted, dp_bl_cmp);
	for (size_t i = 0; sorted && arr && i < b->n; i++)
		rc |= json_array_append_new(arr, dp_bl_entry_json(sorted[i]));
	free(sorted);
	if (!sorted || rc != 0) {
		json_decref(arr);
		return NULL;
	}
	root = json_pack("{si so so}", "version", 1, "keyFingerprint", dp_json_str(keyfp),
	                 "findings", arr);
	return root;
}

/* Writes root into the open temporary file and syncs it; 0 or -1 (errno set). */
static int dp_bl_dump(int fd, const json_t *root)
{
	FILE *f = fdopen(fd, "w");
	int rc;

	if (!f) {
		close(fd);
		return -1;
	}
	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (rc == 0 && (fputc('\n', f) == EOF || fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static void dp_bl_sync_dir(const char *path)
{
	char *dir = strdup(path), *slash;
	int fd;

	if (!dir)
		return;
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static int dp_bl_write_tmp(const json_t *root, const char *path, char *tmp, dp_err *err)
{
	int fd = mkostemp(tmp, O_CLOEXEC);

	if (fd < 0)
		return dp_err_set(err, DP_CANTCREAT, "cannot create %s: %s", tmp, strerror(errno));
	if (fchmod(fd, 0644) != 0) {
		int saved = errno;
		close(fd);
		unlink(tmp);
		return dp_err_set(err, DP_CANTCREAT, "cannot create %s: %s", tmp, strerror(saved));
	}
	if (dp_bl_dump(fd, root) != 0) {
		int saved = errno;
		unlink(tmp);
		return dp_err_set(err, DP_IOERR, "cannot write baseline %s: %s", path,
		                  strerror(saved));
	}
	if (rename(tmp, path) != 0) {
		int saved = errno;
		unlink(tmp);
		return dp_err_set(err, DP_CANTCREAT, "cannot replace baseline %s: %s", path,
		                  strerror(saved));
	}
	dp_bl_sync_dir(path);
	return DP_OK;
}

int dp_baseline_write(const dp_baseline *b, const char *path, const char keyfp[DP_KEYFP_HEX],
                      dp_err *err)
{
	json_t *root;
	char *tmp;
	int rc;

	if (!b || !path || !*path || !keyfp)
		return dp_err_set(err, DP_SOFTWARE, "dp_baseline_write: bad arguments");
	if (!(root = dp_bl_json(b, keyfp)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (asprintf(&tmp, "%s.tmpXXXXXX", path) < 0) {
		json_decref(root);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	rc = dp_bl_write_tmp(root, path, tmp, err);
	free(tmp);
	json_decref(root);
	return rc;
}
