/* manifest_resources.c - the data files of a version as Data Package resources, and
 * the content id over them (manifest_build.h). */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "manifest_hash.h"

#define MAX_DEPTH 16

static const char *const formats[][3] = {   /* extension, format, media type */
	{"csv", "csv", "text/csv"}, {"jsonl", "jsonl", "application/jsonl"},
	{"ndjson", "jsonl", "application/jsonl"}, {"json", "json", "application/json"},
	{"sarif", "sarif", "application/sarif+json"}, {"txt", "txt", "text/plain"},
	{"log", "txt", "text/plain"}, {"md", "md", "text/markdown"}, {"gz", "gz", "application/gzip"},
	{"tmpl", "txt", "text/plain"},
};

static int leftover_tmp(const char *name)
{
	const char *t = strstr(name, ".tmp");

	return t && strlen(t) == 10;   /* dp_outfile's NAME.tmpXXXXXX of a killed run */
}

static json_t *resource(const char *path, int fd, dp_err *err)
{
	char h[DP_MF_HASH_LEN];
	unsigned long long n;
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	json_t *r;

	if (dp_mf_hash_file_at(fd, slash ? slash + 1 : path, h, &n, err) != DP_OK)
		return NULL;
	r = json_pack("{s:s, s:s}", "name", "", "path", path);
	for (size_t i = 0; r && dot && i < sizeof formats / sizeof *formats; i++)
		if (strcmp(dot + 1, formats[i][0]) == 0) {
			json_object_set_new(r, "format", json_string(formats[i][1]));
			json_object_set_new(r, "mediatype", json_string(formats[i][2]));
			if (strncmp(formats[i][2], "text/", 5) == 0 || strstr(formats[i][2], "json"))
				json_object_set_new(r, "encoding", json_string("utf-8"));
		}
	if (r && !json_object_get(r, "mediatype"))
		json_object_set_new(r, "mediatype", json_string("application/octet-stream"));
	json_object_set_new(r, "bytes", json_integer((json_int_t)n));
	json_object_set_new(r, "hash", json_string(h));
	return r;
}

static int walk(int fd, const char *prefix, int depth, json_t *out, dp_err *err);

static int visit(int fd, const char *prefix, const char *name, int depth, json_t *out, dp_err *err)
{
	char path[4096];
	struct stat st;
	json_t *r;
	int sub, rc;

	snprintf(path, sizeof path, "%s%s", prefix, name);
	if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return dp_err_setf(err, DP_IOERR, path, 0, "cannot stat: %s", strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if (depth >= MAX_DEPTH || (sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			return dp_err_setf(err, DP_DATAERR, path, 0, "cannot open the directory");
		snprintf(path, sizeof path, "%s%s/", prefix, name);
		rc = walk(sub, path, depth + 1, out, err);
		close(sub);
		return rc;
	}
	if (!S_ISREG(st.st_mode))
		return dp_err_setf(err, DP_DATAERR, path, 0, "not a regular file (a version holds no "
		                   "symlinks or special files)");
	if (leftover_tmp(name) || !dp_mf_path_ok(path))
		return dp_err_setf(err, DP_DATAERR, path, 0, "a temporary file or bad name: remove it first");
	if (!(r = resource(path, fd, err)))
		return err->code;
	return json_array_append_new(out, r) == 0 ? DP_OK : dp_err_set(err, DP_SOFTWARE, "out of memory");
}

static int walk(int fd, const char *prefix, int depth, json_t *out, dp_err *err)
{
	int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	struct dirent *e;
	int rc = DP_OK;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return dp_err_set(err, DP_IOERR, "cannot read the version directory");
	}
	while (rc == DP_OK && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;   /* ., .., the lock, temporary manifests */
		if (depth == 0 && (!strcmp(e->d_name, DP_MF_FILE) || !strcmp(e->d_name, DP_MF_TOMBSTONE)))
			continue;
		rc = visit(fd, prefix, e->d_name, depth, out, err);
	}
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(dp_mf_str(*(json_t *const *)a, "path"), dp_mf_str(*(json_t *const *)b, "path"));
}

/* "data/Customers.2024.csv" -> "customers.2024", made unique with -2, -3, ... */
static void name_resources(json_t *list)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r) {
		const char *p = dp_mf_str(r, "path"), *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		char name[128];
		size_t n = 0, k;
		json_t *o;

		for (const char *c = base; *c && n < 100; c++)
			name[n++] = isalnum((unsigned char)*c) || *c == '.' || *c == '_' ? (char)tolower((unsigned char)*c) : '-';
		name[n] = '\0';
		if (strrchr(name, '.') && strrchr(name, '.') != name)
			*strrchr(name, '.') = '\0';
		for (int dup = 1; dup < 1000; dup++) {
			char cand[140];
			int clash = 0;

			snprintf(cand, sizeof cand, dup == 1 ? "%s" : "%s-%d", name, dup);
			json_array_foreach(list, k, o)
				clash |= k < i && strcmp(dp_mf_str(o, "name"), cand) == 0;
			if (!clash) {
				json_object_set_new(r, "name", json_string(cand));
				break;
			}
		}
	}
}

int dp_mf_resources(int vfd, json_t **out, dp_err *err)
{
	json_t *list = json_array(), *sorted;
	json_t **v;
	size_t n, i;
	int rc = walk(vfd, "", 0, list, err);

	*out = NULL;
	if (rc != DP_OK) {
		json_decref(list);
		return rc;
	}
	n = json_array_size(list);
	v = calloc(n + 1, sizeof *v);
	for (i = 0; v && i < n; i++)
		v[i] = json_array_get(list, i);
	if (v)
		qsort(v, n, sizeof *v, by_path);
	sorted = json_array();
	for (i = 0; v && i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	json_decref(list);
	name_resources(sorted);
	*out = sorted;
	return DP_OK;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static int by_name(const void *a, const void *b)
{
	return strcmp(or_empty(dp_mf_str(*(json_t *const *)a, "name")),
	              or_empty(dp_mf_str(*(json_t *const *)b, "name")));
}

void dp_mf_content_id(const json_t *resources, char out[72])
{
	size_t n = json_array_size(resources);
	json_t **v = calloc(n + 1, sizeof *v), *pairs = json_array();

	for (size_t i = 0; v && i < n; i++)
		v[i] = json_array_get(resources, i);
	if (v)
		qsort(v, n, sizeof *v, by_name);
	for (size_t i = 0; v && i < n; i++)
		json_array_append_new(pairs, json_pack("[s, s]", or_empty(dp_mf_str(v[i], "name")),
		                                       or_empty(dp_mf_str(v[i], "hash"))));
	dp_mf_hash_json(pairs, out);
	json_decref(pairs);
	free(v);
}
