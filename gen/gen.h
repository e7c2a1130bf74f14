/* gen.h - doppel-gen's modules: options (main.c), the run (gen_run.c: templates, packs,
 * ranges, shards, outputs, canary registry) and the record writers (gen_write.c).
 * Ownership: main owns the gen_opts; gen_run allocates and frees everything else. */
#ifndef DP_GEN_H
#define DP_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "dynbuf.h"
#include "manifest_hash.h"
#include "manifest_step.h"
#include "template.h"

enum gen_format { GF_JSONL, GF_CSV, GF_TEXT };

typedef struct gen_opts {
	const char *tpl;            /* -t: a name or a path */
	uint64_t n;                 /* -n: records in the whole dataset */
	const char *seed;           /* --seed as given ("0" by default) */
	int random_seed;
	const char *locales;        /* --locale MIX or NULL */
	const char *ref_date;       /* --ref-date or NULL (2026-01-01) */
	long edge_ppm;              /* --edge-rate; -1: the template's */
	enum gen_format format;
	const char *out_path, *out_dir, *table;
	char **fields;              /* --fields, NULL for the template's @emit */
	size_t nfields;
	int spans, stats, quiet, progress;
	uint64_t canaries;
	const char *canary_registry;
	int has_range;              /* --start/--count given */
	uint64_t start, count;
	int has_shard;
	uint64_t shard_i, shard_n;  /* 1-based i of n */
	const char *manifest;       /* --manifest DIR (or DOPPEL_MANIFEST) */
	int argc;                   /* the command line, for the manifest step */
	char **argv;
} gen_opts;

/* The record writer's state for one output. */
typedef struct gen_writer {
	FILE *fp;
	enum gen_format format;
	const dp_tpl *t;
	int table;
	int sel[256];               /* emitted field indices written, in order */
	dp_buf keys;                /* JSONL: "\"name\":" of each, one after another */
	size_t key_off[257];
	int nsel;
	int spans;
	dp_buf line;                /* one record's bytes */
	dp_buf cell;                /* CSV: the _spans cell before quoting */
	dp_mf_hasher *hash;         /* --manifest and standard output: what was written */
	unsigned long long records, bytes;
} gen_writer;

int gen_run(const gen_opts *o);

/* --manifest (gen_manifest.c): every function does nothing when s is NULL. */
int gen_mf_begin(const gen_opts *o, dp_mf_step **s);
void gen_mf_source(dp_mf_step *s, const dp_tpl *t, const char *seed);
int gen_mf_output(dp_mf_step *s, const char *path, dp_mf_hasher *h, unsigned long long records);
int gen_mf_end(dp_mf_step *s, unsigned long long canaries, int rc);
/* --list: the templates in the template directory; --check FILE. */
int gen_list(void);
int gen_check(const char *path);

/* Picks the fields (--fields) of a table; DP_USAGE when one is unknown. */
int gen_writer_init(gen_writer *w, FILE *fp, const gen_opts *o, const dp_tpl *t, int table);
void gen_writer_free(gen_writer *w);
int gen_write_header(gen_writer *w);
int gen_write_record(gen_writer *w, const dp_tpl_rec *rec);

#endif
