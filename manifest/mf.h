/* mf.h - doppel-manifest's verbs: options shared by all verbs, and one function per
 * verb (each prints its own results on stdout; diagnostics go through msg.h).
 * Ownership: main owns the mf_opts for the whole run; strings point into argv. */
#ifndef DP_MF_H
#define DP_MF_H

#include <stddef.h>

typedef struct mf_opts {
	const char *retention_class, *author, *title, *description, *collected;
	const char *policy, *now, *by, *reason, *ref, *cls, *expires, *retain_until;
	char **inputs; size_t ninputs;
	int replace, json, execute, quiet;
	long max_deletions;       /* -1: none */
} mf_opts;

/* verb_build.c */
int mf_init(const mf_opts *o, const char *target);
int mf_seal(const mf_opts *o, const char *target);
/* verb_show.c */
int mf_show(const mf_opts *o, const char *dir);
int mf_verify(const mf_opts *o, const char *dir);
int mf_list(const mf_opts *o, const char *root);
/* verb_gov.c */
int mf_hold(const mf_opts *o, const char *dir, int active);
int mf_retention(const mf_opts *o, const char *dir);
/* verb_purge.c */
int mf_purge(const mf_opts *o, const char *root);

/* The retention policy file: --policy, else DOPPEL_RETENTION_POLICY, else NULL. */
const char *mf_policy(const mf_opts *o);

#endif
