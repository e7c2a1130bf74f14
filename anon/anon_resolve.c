/* anon_resolve.c - from findings to replacements: canonical values, keyed entity ids,
 * numbers from the mapping table, and the styles (marker, mask, hash, redact, keep).
 * Relationships kept here:
 *  - a value's canonical form is the detector's normalised value (E.164 phones, lower-case
 *    e-mails, IBANs without spaces), so formatting never splits an entity;
 *  - persons: a full name is keyed by its canonical surname and first name; in the same
 *    record a surname alone, initials with a surname, or a first name alone resolve to the
 *    full name they match; elsewhere through aliases in the table (the first full name
 *    seen with that surname, or surname and initial, wins);
 *  - e-mail domains map on their own (one domain, one fake domain), and an e-mail whose
 *    local part is a known person's name (ivan.petrov, i.petrov, petrov.ivan) derives
 *    from that person's token. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "anon_internal.h"
#include "dp_exit.h"
#include "mask.h"
#include "person_parts.h"

#define KEY_MAX 256

/* copies src into dst[0..cap), truncated, NUL-terminated; returns the length */
static size_t copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}


static const char *const style_names[ST_COUNT] = {
	"marker", "surrogate", "mask", "hash", "redact", "keep", "key", "shift"
};

int anon_style_by_name(const char *s)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (strcmp(s, style_names[i]) == 0)
			return i;
	return -1;
}

const char *anon_style_name(int st)
{
	return st >= 0 && st < ST_COUNT ? style_names[st] : "default";
}

/* the keyed id of "prefix" + canon in namespace ns */
static void eid_of(anon_ctx *c, const char *ns, const char *prefix, const char *canon,
                   size_t n, unsigned char id[DP_EID_BYTES])
{
	char k[KEY_MAX + 8 + DP_EID_BYTES];
	size_t pn = strlen(prefix);

	if (pn > 8)
		pn = 8;
	memcpy(k, prefix, pn);
	if (n > KEY_MAX) {   /* a long value: hash it whole rather than truncate it */
		k[pn++] = '#';
		dp_eid(&c->ek, "long", canon, n, (unsigned char *)k + pn);
		n = DP_EID_BYTES;
	} else {
		memcpy(k + pn, canon, n);
	}
	dp_eid(&c->ek, ns, k, pn + n, id);
}

/* FNV-1a over s[0..n): the hash of the caches below */
static uint64_t fnv64(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* Numbers of values met before, by (namespace, prefix, canonical value): a hit costs no
 * keyed hash and no table lookup. Sightings are counted here and handed to the table on
 * eviction and at the end (anon_vcache_flush). */
#define VC_SLOTS 16384
#define VC_KEY 72

struct anon_vcache {
	struct vc_slot {
		uint64_t h, num;
		uint32_t delta;
		uint16_t len;
		const char *ns;
		unsigned char eid[DP_EID_BYTES];
		char key[VC_KEY];
	} s[VC_SLOTS];
};

static void vc_flush_slot(anon_ctx *c, struct vc_slot *e)
{
	if (e->len && e->delta)
		dp_map_add_seen(c->map, e->ns, e->eid, e->delta);
	e->delta = 0;
}

void anon_vcache_flush(anon_ctx *c)
{
	if (!c->vcache || !c->map)
		return;
	for (size_t i = 0; i < VC_SLOTS; i++)
		vc_flush_slot(c, &c->vcache->s[i]);
}

/* the cache key ns 0x1F prefix canon into k; its length, 0 when it does not fit */
static size_t vc_key(char *k, const char *ns, const char *prefix, const char *canon, size_t n)
{
	size_t a = strlen(ns), b = strlen(prefix);

	if (a + 1 + b + n > VC_KEY)
		return 0;
	memcpy(k, ns, a);
	k[a] = 0x1F;
	memcpy(k + a + 1, prefix, b);
	memcpy(k + a + 1 + b, canon, n);
	return a + 1 + b + n;
}

/* the number of an entity; 0 on error (err set). *hit (may be NULL) says whether this
 * process had met it before. */
static uint64_t number_hit(anon_ctx *c, const char *ns, const char *prefix, const char *canon,
                           size_t n, int *hit, dp_err *err)
{
	char k[VC_KEY];
	size_t kn = vc_key(k, ns, prefix, canon, n);
	uint64_t h = 0, num = 0;
	struct vc_slot *e = NULL;
	unsigned char id[DP_EID_BYTES];

	if (hit)
		*hit = 0;
	if (kn && !c->vcache)
		c->vcache = calloc(1, sizeof *c->vcache);
	if (kn && c->vcache) {
		h = fnv64(k, kn);
		e = &c->vcache->s[(h ^ h >> 31) & (VC_SLOTS - 1)];
		if (e->len == kn && e->h == h && memcmp(e->key, k, kn) == 0) {
			e->delta++;
			if (hit)
				*hit = 1;
			return e->num;
		}
	}
	eid_of(c, ns, prefix, canon, n, id);
	if (dp_map_number(c->map, ns, id, &num, err) != DP_OK)
		return 0;
	if (e) {
		vc_flush_slot(c, e);
		e->h = h, e->num = num, e->len = (uint16_t)kn, e->ns = ns;
		memcpy(e->eid, id, sizeof id);
		memcpy(e->key, k, kn);
	}
	return num;
}

static uint64_t number(anon_ctx *c, const char *ns, const char *prefix, const char *canon,
                       size_t n, dp_err *err)
{
	return number_hit(c, ns, prefix, canon, n, NULL, err);
}

/* The number of the first alias of refs[0..n) that exists, else that of entity prefix +
 * canon[0..len) in ns (numbered when new): one decision the mapping table can replay in a
 * merge (mapping.h). *aliased (may be NULL) says which. */
static int number_via(anon_ctx *c, const dp_map_ref *refs, size_t n, const char *ns,
                      const char *prefix, const char *canon, size_t len, uint64_t *num,
                      int *aliased, dp_err *err)
{
	unsigned char id[DP_EID_BYTES];

	eid_of(c, ns, prefix, canon, len, id);
	return dp_map_number_or_alias(c->map, refs, n, ns, id, num, aliased, err);
}

/* a reference to the person alias prefix + canon */
static void person_ref(anon_ctx *c, const char *prefix, const char *canon, dp_map_ref *r)
{
	r->ns = "person";
	eid_of(c, "person", prefix, canon, strlen(canon), r->id);
}

static int alias_put(anon_ctx *c, const char *prefix, const char *canon, uint64_t num,
                     dp_err *err)
{
	unsigned char id[DP_EID_BYTES];

	eid_of(c, "person", prefix, canon, strlen(canon), id);
	return dp_map_alias_put(c->map, "person", id, num, err);
}

int anon_put_rep(anon_ctx *c, anon_find *f, const char *s, size_t n, dp_err *err)
{
	f->rep_off = c->rec.rep.len;
	f->rep_len = n;
	return dp_buf_add(&c->rec.rep, s, n) < 0 ? dp_err_set(err, DP_SOFTWARE, "out of memory")
	                                         : DP_OK;
}

/* ---- persons -------------------------------------------------------------------- */

#define REC_PERSONS 64   /* full names remembered per record for partial mentions */

typedef struct full_name {
	char surname[DP_PP_CANON_MAX], first[DP_PP_CANON_MAX];
	char initial;
	uint64_t num;
} full_name;

typedef struct persons {
	full_name full[REC_PERSONS];
	size_t n;
} persons;

/* what resolution needs of a split name: cached per name string, since the same names
 * come back record after record */
typedef struct pkey {
	size_t n;                  /* parts */
	int first, surname;        /* >= 0 when present */
	char initial;
	char fc[DP_PP_CANON_MAX], sc[DP_PP_CANON_MAX];   /* canonical first name, surname */
} pkey;

#define PCACHE_SLOTS 4096
#define PCACHE_KEY 48          /* longer names are split every time */

struct anon_pcache {
	uint64_t h[PCACHE_SLOTS];
	unsigned char len[PCACHE_SLOTS];
	char key[PCACHE_SLOTS][PCACHE_KEY];
	pkey val[PCACHE_SLOTS];
};

static const char *nm_first(const pkey *nm)
{
	return nm->first >= 0 ? nm->fc : "";
}

static const char *nm_sur(const pkey *nm)
{
	return nm->surname >= 0 ? nm->sc : "";
}

static void split_name(anon_ctx *c, const char *v, size_t n, pkey *out)
{
	dp_pp_name nm;

	dp_pp_split(c->lex, v, n, &nm);
	out->n = nm.n;
	out->first = nm.first;
	out->surname = nm.surname;
	out->initial = nm.initial;
	copy_str(out->fc, sizeof out->fc, nm.first >= 0 ? nm.part[nm.first].canon : "");
	copy_str(out->sc, sizeof out->sc, nm.surname >= 0 ? nm.part[nm.surname].canon : "");
}

/* split_name through a direct-mapped cache */
static const pkey *split_cached(anon_ctx *c, const char *v, size_t n, pkey *tmp)
{
	struct anon_pcache *pc = c->pcache;
	uint64_t h;
	size_t i;

	if (!pc && n < PCACHE_KEY)
		pc = c->pcache = calloc(1, sizeof *pc);
	if (!pc || n >= PCACHE_KEY) {
		split_name(c, v, n, tmp);
		return tmp;
	}
	h = fnv64(v, n);
	i = (size_t)(h ^ h >> 29) & (PCACHE_SLOTS - 1);
	if (pc->h[i] != h || pc->len[i] != n || memcmp(pc->key[i], v, n) != 0) {
		split_name(c, v, n, &pc->val[i]);
		pc->h[i] = h;
		pc->len[i] = (unsigned char)n;
		memcpy(pc->key[i], v, n);
	}
	return &pc->val[i];
}

/* "surname|first" or "surname|i" */
static void pair_key(char *k, size_t cap, const char *surname, const char *first)
{
	size_t a = copy_str(k, cap, surname);

	if (a + 1 < cap) {
		k[a] = '|';
		copy_str(k + a + 1, cap - a - 1, first);
	}
}

/* label "_" decimal num into out (cap >= 64); returns the length */
static size_t label_num(char *out, const char *label, uint64_t num)
{
	char d[24];
	size_t k = copy_str(out, 40, label), n = 0;

	do
		d[n++] = (char)('0' + num % 10);
	while ((num /= 10) != 0);
	out[k++] = '_';
	while (n)
		out[k++] = d[--n];
	out[k] = '\0';
	return k;
}

/* A full name: its own entity, plus aliases for its partial forms. */
static int person_full(anon_ctx *c, const pkey *nm, persons *ps, uint64_t *num,
                       dp_err *err)
{
	char k[2 * DP_PP_CANON_MAX + 2], ini[2] = {nm->initial, 0};
	const char *sur = nm_sur(nm), *first = nm_first(nm);
	int rc, hit;

	pair_key(k, sizeof k, sur, first);
	if (!(*num = number_hit(c, "person", "fs:", k, strlen(k), &hit, err)))
		return err->code;
	if (hit)   /* met before by this process: its aliases are written */
		goto remember;
	if ((rc = alias_put(c, "fs:", k, *num, err)) != DP_OK ||
	    (rc = alias_put(c, "s:", sur, *num, err)) != DP_OK)
		return rc;
	pair_key(k, sizeof k, sur, ini);
	if ((rc = alias_put(c, "si:", k, *num, err)) != DP_OK)
		return rc;
remember:
	if (ps->n < REC_PERSONS) {
		full_name *fn = &ps->full[ps->n++];
		copy_str(fn->surname, sizeof fn->surname, sur);
		copy_str(fn->first, sizeof fn->first, first);
		fn->initial = nm->initial;
		fn->num = *num;
	}
	return DP_OK;
}

/* the one full name of this record that a partial mention matches, or 0 */
static uint64_t in_record(const persons *ps, const pkey *nm)
{
	const char *sur = nm_sur(nm), *first = nm_first(nm);
	uint64_t found = 0;

	for (size_t i = 0; i < ps->n; i++) {
		const full_name *fn = &ps->full[i];
		int ok = nm->surname >= 0 ? strcmp(fn->surname, sur) == 0 &&
		                            (!nm->initial || fn->initial == nm->initial)
		                          : strcmp(fn->first, first) == 0;
		if (!ok || fn->num == found)
			continue;
		if (found)
			return 0;   /* two people match: ambiguous */
		found = fn->num;
	}
	return found;
}

/* A surname alone, initials and a surname, or a first name alone. */
static int person_partial(anon_ctx *c, const pkey *nm, const persons *ps, uint64_t *num,
                          dp_err *err)
{
	char k[2 * DP_PP_CANON_MAX + 2], ini[2] = {nm->initial, 0};
	const char *prefix = nm->surname < 0 ? "f:" : nm->initial ? "si:" : "s:";
	dp_map_ref ref;

	if ((*num = in_record(ps, nm)) != 0)
		return DP_OK;
	if (nm->surname >= 0 && nm->initial)
		pair_key(k, sizeof k, nm_sur(nm), ini);
	else
		snprintf(k, sizeof k, "%s", nm->surname >= 0 ? nm_sur(nm) : nm_first(nm));
	if (nm->surname < 0) {   /* a first name alone is its own entity */
		*num = number(c, "person", prefix, k, strlen(k), err);
		return *num ? DP_OK : err->code;
	}
	person_ref(c, prefix, k, &ref);   /* the person this surname names, else its own */
	return number_via(c, &ref, 1, "person", prefix, k, strlen(k), num, NULL, err);
}

/* Resolves every person finding of the record: full names first, then the others. */
static int resolve_persons(anon_ctx *c, dp_err *err)
{
	anon_rec *r = &c->rec;
	persons ps;
	pkey tmp;
	const pkey *nm;
	int rc;

	ps.n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->nfind; i++) {
			anon_find *f = &r->find[i];
			const char *v = r->norm.data + f->norm_off;
			if (f->type != DP_T_PERSON)
				continue;
			nm = split_cached(c, v, f->norm_len, &tmp);
			if (nm->n == 0) {   /* nothing readable: the value itself */
				if (pass == 1 && !(f->person = number(c, "person", "x:", v, f->norm_len, err)))
					return err->code;
				continue;
			}
			if ((nm->first >= 0 && nm->surname >= 0) != (pass == 0))
				continue;
			rc = pass == 0 ? person_full(c, nm, &ps, &f->person, err)
			               : person_partial(c, nm, &ps, &f->person, err);
			if (rc != DP_OK)
				return rc;
		}
	return DP_OK;
}

/* the original bytes of finding f */
const char *anon_orig_of(const anon_rec *r, const anon_find *f)
{
	const anon_str *st = anon_str_of(r, f);

	return st ? r->text.data + st->off + f->start : "";
}

/* ---- e-mail ----------------------------------------------------------------------- */

const char *anon_name_local_sep(const char *local, size_t n)
{
	const char *sep = NULL;

	for (size_t i = 0; i < n; i++)
		if (local[i] == '.' || local[i] == '_' || local[i] == '-') {
			if (sep)
				return NULL;   /* more than two parts */
			sep = local + i;
		} else if (!isalpha((unsigned char)local[i])) {
			return NULL;
		}
	return sep && sep != local && sep != local + n - 1 ? sep : NULL;
}

/* The person aliases an e-mail local part may name, in the order they are tried
 * (i.petrov; ivan.petrov, then petrov.ivan) into refs; their count. */
static size_t local_refs(anon_ctx *c, const char *local, size_t n, dp_map_ref refs[2])
{
	char a[DP_PP_CANON_MAX], b[DP_PP_CANON_MAX], ca[DP_PP_CANON_MAX], cb[DP_PP_CANON_MAX];
	char k[2 * DP_PP_CANON_MAX + 2];
	const char *sep = anon_name_local_sep(local, n);
	size_t nr = 0;

	if (!sep || (size_t)(sep - local) >= sizeof a || (size_t)(local + n - sep - 1) >= sizeof b)
		return 0;
	snprintf(a, sizeof a, "%.*s", (int)(sep - local), local);
	snprintf(b, sizeof b, "%.*s", (int)(local + n - sep - 1), sep + 1);
	if (strlen(a) == 1) {   /* i.petrov */
		if (!dp_pp_canon(c->lex, b, strlen(b), DP_PP_SURNAME, cb, sizeof cb))
			return 0;
		pair_key(k, sizeof k, cb, a);
		person_ref(c, "si:", k, &refs[0]);
		return 1;
	}
	for (int order = 0; order < 2; order++) {   /* first.last, then last.first */
		const char *f = order ? b : a, *s = order ? a : b;
		if (!dp_pp_canon(c->lex, f, strlen(f), DP_PP_FIRST, ca, sizeof ca) ||
		    !dp_pp_canon(c->lex, s, strlen(s), DP_PP_SURNAME, cb, sizeof cb))
			break;
		pair_key(k, sizeof k, cb, ca);
		person_ref(c, "fs:", k, &refs[nr++]);
	}
	return nr;
}

/* The number of an e-mail: of the person its local part names (*person set), else its
 * own. */
static uint64_t email_number(anon_ctx *c, const char *v, size_t n, size_t ln, int *person,
                             dp_err *err)
{
	dp_map_ref refs[2];
	size_t nr = ln < n ? local_refs(c, v, ln, refs) : 0;
	uint64_t num;

	*person = 0;
	if (!nr)
		return number(c, "email", "", v, n, err);
	return number_via(c, refs, nr, "email", "", v, n, &num, person, err) == DP_OK ? num : 0;
}

/* lower-case copy of a label into out */
static void lower_label(const char *label, char *out, size_t cap)
{
	size_t i = 0;

	for (; label[i] && i + 1 < cap; i++)
		out[i] = (char)tolower((unsigned char)label[i]);
	out[i] = '\0';
}

/* marker e-mail: local part from the person or the e-mail entity, fake domain per domain */
static int email_marker(anon_ctx *c, anon_find *f, dp_err *err)
{
	anon_rec *r = &c->rec;
	const char *v = r->norm.data + f->norm_off, *at = memchr(v, '@', f->norm_len);
	char out[160], lab[40];
	uint64_t pnum = 0, dnum, enm;
	size_t ln = at ? (size_t)(at - v) : f->norm_len;
	int person;

	if (!(enm = email_number(c, v, f->norm_len, ln, &person, err)))
		return err->code;
	if (person)
		pnum = enm;
	if (!(dnum = number(c, "domain", "", at ? at + 1 : "", at ? f->norm_len - ln - 1 : 0, err)))
		return err->code;
	if (c->vault && ((!pnum && dp_vault_put(c->vault, "email", enm, v, f->norm_len, err)) ||
	                 (at && dp_vault_put(c->vault, "domain", dnum, at + 1, f->norm_len - ln - 1, err))))
		return err->code;
	lower_label(pnum ? c->label[DP_T_PERSON] : c->label[DP_T_EMAIL], lab, sizeof lab);
	snprintf(out, sizeof out, "%s_%llu@domain-%llu.example", lab,
	         (unsigned long long)(pnum ? pnum : enm), (unsigned long long)dnum);
	return anon_put_rep(c, f, out, strlen(out), err);
}

/* ---- styles ----------------------------------------------------------------------- */

/* the namespace of a finding: a declared field's, else its type's id */
static const char *ns_of(anon_ctx *c, const anon_find *f)
{
	return f->ns ? f->ns : dp_detect_type_id(c->det, f->type);
}

/* the marker label of a finding: declared, the type's, or a declared namespace's */
static const char *label_of(anon_ctx *c, const anon_find *f, char *buf, size_t cap)
{
	if (f->label)
		return f->label;
	if (f->type != c->declared || !f->ns)
		return c->label[f->type];
	snprintf(buf, cap, "%s", f->ns);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

/* hash style: label and 12 hex digits of the keyed id (no table needed) */
static int put_hash(anon_ctx *c, anon_find *f, const char *canon, size_t n, dp_err *err)
{
	unsigned char id[DP_EID_BYTES];
	char out[64], lb[DP_MAP_NS_MAX];
	int k;

	if (f->type == DP_T_PERSON && f->person) {
		char pk[32];
		int pn = snprintf(pk, sizeof pk, "#%llu", (unsigned long long)f->person);
		eid_of(c, "person", "n:", pk, (size_t)pn, id);
	} else {
		eid_of(c, ns_of(c, f), "", canon, n, id);
	}
	k = snprintf(out, sizeof out, "%s_", label_of(c, f, lb, sizeof lb));
	for (int i = 0; i < 6 && k + 2 < (int)sizeof out; i++)
		k += snprintf(out + k, sizeof out - (size_t)k, "%02x", id[i]);
	return anon_put_rep(c, f, out, (size_t)k, err);
}

static int put_redact(anon_ctx *c, anon_find *f, dp_err *err)
{
	char out[48];
	const char *id = ns_of(c, f);
	size_t k = 0;

	out[k++] = '[';
	for (; *id && k + 2 < sizeof out; id++)
		out[k++] = (char)toupper((unsigned char)*id);
	out[k++] = ']';
	return anon_put_rep(c, f, out, k, err);
}

static int put_mask(anon_ctx *c, anon_find *f, const char *orig, dp_err *err)
{
	char out[512];
	size_t k = dp_mask(f->type, orig, f->end - f->start, out, sizeof out);

	return anon_put_rep(c, f, out, k, err);
}

int anon_put_marker(anon_ctx *c, anon_find *f, dp_err *err)
{
	char lb[DP_MAP_NS_MAX];
	const char *canon = c->rec.norm.data + f->norm_off;
	size_t n = f->norm_len;
	char out[64];
	uint64_t num = f->type == DP_T_PERSON ? f->person : 0;
	int k;

	if (f->type == DP_T_EMAIL)
		return email_marker(c, f, err);
	if (!num && !(num = number(c, ns_of(c, f), "", canon, n, err)))
		return err->code;
	if (c->vault && dp_vault_put(c->vault, ns_of(c, f), num, anon_orig_of(&c->rec, f),
	                             f->end - f->start, err) != DP_OK)
		return err->code;
	k = (int)label_num(out, label_of(c, f, lb, sizeof lb), num);
	return anon_put_rep(c, f, out, (size_t)k, err);
}

/* digits of num zero-padded to width w into out; 0 when it does not fit */
static size_t padded(uint64_t num, size_t w, char *out, size_t cap)
{
	int k = snprintf(out, cap, "%0*llu", (int)w, (unsigned long long)num);

	return k > 0 && (size_t)k < cap ? (size_t)k : 0;
}

/* whether a finding's declared field holds integers (Frictionless integer or number) */
static int integer_field(const anon_str *st)
{
	return st && (st->number || (st->decl && st->decl->type &&
	              (!strcmp(st->decl->type, "integer") || !strcmp(st->decl->type, "number"))));
}

/* key style: an identifier becomes its registry number with the original's width: an
 * integer of w digits (JSON number or integer column; leading zeros dropped) becomes
 * 10^(w-1) + n - 1 (no leading zero, still w digits), digits in a string are zero-padded,
 * a prefix before trailing digits (T-00042) is kept. Past the width the number grows. */
static int put_key(anon_ctx *c, anon_find *f, dp_err *err)
{
	const anon_str *st = anon_str_of(&c->rec, f);
	const char *v = anon_orig_of(&c->rec, f), *canon = c->rec.norm.data + f->norm_off;
	size_t n = f->end - f->start, d = n, k, w = f->norm_len;
	char out[96];
	uint64_t num = number(c, ns_of(c, f), "", canon, f->norm_len, err), base = 1;

	if (!num)
		return err->code;
	while (d > 0 && v[d - 1] >= '0' && v[d - 1] <= '9')
		d--;
	if (d == n || d >= sizeof out / 2)   /* no trailing digits: a marker */
		return anon_put_marker(c, f, err);
	if (integer_field(st) && d == 0 && w < 19) {
		for (size_t i = 1; i < w; i++)
			base *= 10;
		num = w > 1 && num - 1 < base * 9 ? base + num - 1 : num;
		k = (size_t)snprintf(out, sizeof out, "%llu", (unsigned long long)num);
	} else {
		memcpy(out, v, d);
		k = d + padded(num, n - d, out + d, sizeof out - d);
	}
	return anon_put_rep(c, f, out, k, err);
}

static int replace_one(anon_ctx *c, anon_find *f, dp_err *err)
{
	const char *canon = c->rec.norm.data + f->norm_off;
	int st = f->style >= 0 ? f->style : c->style[f->type];

	c->replaced[f->type]++;
	switch (st) {
	case ST_KEY: return put_key(c, f, err);
	case ST_SHIFT: return anon_put_shift(c, f, err);
	case ST_KEEP:
		f->kept = 1;
		return anon_put_rep(c, f, anon_orig_of(&c->rec, f), f->end - f->start, err);
	case ST_MASK: return put_mask(c, f, anon_orig_of(&c->rec, f), err);
	case ST_HASH: return put_hash(c, f, canon, f->norm_len, err);
	case ST_REDACT: return put_redact(c, f, err);
	case ST_SURROGATE:
		return f->type == DP_T_PERSON ? anon_sur_person(c, f, err)
		     : f->type == DP_T_EMAIL ? anon_sur_email(c, f, err) : anon_sur_value(c, f, err);
	default: return anon_put_marker(c, f, err);
	}
}

int anon_resolve(anon_ctx *c, dp_err *err)
{
	int rc, pst = c->style[DP_T_PERSON];

	dp_err_clear(err);
	if (c->o->reverse)
		return DP_OK;   /* the replacements came with the tokens */
	if (c->map)   /* where a merge stamped aliases, and a collect stamps them */
		dp_map_set_position(c->map, c->o->shard, ++c->nrec);
	if (pst != ST_MASK && pst != ST_REDACT && pst != ST_KEEP &&
	    (rc = resolve_persons(c, err)) != DP_OK)
		return rc;
	for (size_t i = 0; i < c->rec.nfind; i++)
		if ((rc = replace_one(c, &c->rec.find[i], err)) != DP_OK)
			return rc;
	return DP_OK;
}
