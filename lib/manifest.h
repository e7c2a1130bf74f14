/* manifest.h - the dataset manifest model: datapackage.json, a Frictionless Data Package
 * (v2) with doppel: properties (SPEC section 9), as a jansson object; parsing with the
 * structural checks every reader relies on, deterministic output, atomic replacement in
 * a directory, names and ids. The tombstone of a purged version uses the same parser.
 * Ownership: functions returning json_t give the caller a reference (json_decref it);
 * dp_mf_dump returns a malloc'd string (free it). */
#ifndef DP_MANIFEST_H
#define DP_MANIFEST_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "error.h"

#define DP_MF_FILE "datapackage.json"
#define DP_MF_TOMBSTONE "tombstone.json"
#define DP_MF_LOG "purge-log.jsonl"
#define DP_MF_STAGING ".staging"
#define DP_MF_VERSION 1
#define DP_MF_PROFILE "https://datapackage.org/profiles/2.0/datapackage.json"
#define DP_MF_MAX_BYTES (64u << 20)   /* a manifest larger than this is refused */
#define DP_MF_ID_LEN 46               /* "urn:uuid:" + 36 + NUL */

enum dp_mf_kind { DP_MF_MANIFEST, DP_MF_TOMB };

/* Parses and checks a manifest (kind DP_MF_MANIFEST) or tombstone: an object with
 * doppel:manifestVersion 1, a known doppel:status, a valid name and version, and, when
 * present, well-formed resources (safe relative paths, sha256 hashes, byte counts),
 * steps, retention and events. DP_DATAERR with file (for messages) when it is not. */
int dp_mf_parse(const char *buf, size_t n, const char *file, enum dp_mf_kind kind,
                json_t **out, dp_err *err);
/* Reads name in dirfd (never following a symlink) and parses it. DP_NOINPUT when it is
 * missing, DP_DATAERR when it is unreadable as a manifest. */
int dp_mf_load_at(int dirfd, const char *name, const char *display, enum dp_mf_kind kind,
                  json_t **out, dp_err *err);
/* Indented, in insertion order, with a final newline. */
char *dp_mf_dump(const json_t *m);
/* Replaces name in dirfd atomically: a new temporary file, fsync, rename, fsync of the
 * directory. DP_CANTCREAT or DP_IOERR on failure (nothing replaced). */
int dp_mf_write_at(int dirfd, const char *name, const json_t *m, dp_err *err);
/* sha256 over the compact, key-sorted form of v (the step hash chain, contentId). */
void dp_mf_hash_json(const json_t *v, char out[72]);

/* Dataset names: [a-z0-9._-], not starting with '.' or '-', at most 100 bytes. */
int dp_mf_name_ok(const char *s);
/* Versions: [A-Za-z0-9._+-], starting with a letter or digit, at most 64 bytes. */
int dp_mf_version_ok(const char *s);
/* A path inside a version: relative, no "." or ".." or hidden components, no "//". */
int dp_mf_path_ok(const char *p);
/* "urn:uuid:..." : random (version 4) when seed is NULL, else derived from the seed
 * (version 8, the first 16 bytes of its SHA-256), so rebuilds get the same id. */
void dp_mf_uuid(char out[DP_MF_ID_LEN], const char *seed);

/* Convenience accessors: the string at key, or NULL. */
const char *dp_mf_str(const json_t *o, const char *key);
const char *dp_mf_status(const json_t *m);

#endif
