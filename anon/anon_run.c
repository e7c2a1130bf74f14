/* anon_run.c - one doppel-anon run: set-up (rules, detector, key, mapping table, output),
 * the choice of format for each input, publishing output after the table commits, and
 * the closing statistics. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "dp_exit.h"
#include "msg.h"
#include "person.h"
#include "surrogate.h"

/* default marker labels by type id; a custom type's label is its id capitalised */
static const char *const default_labels[][2] = {
	{"email", "Email"}, {"phone", "Phone"}, {"url", "URL"}, {"card", "Card"},
	{"iban", "IBAN"}, {"swift_bic", "BIC"}, {"kz_iin", "IIN"}, {"kz_bin", "BIN"},
	{"ru_inn", "INN"}, {"ru_snils", "SNILS"}, {"us_ssn", "SSN"}, {"passport", "Passport"},
	{"ipv4", "IP"}, {"ipv6", "IPv6"}, {"mac", "MAC"}, {"person", "Person"},
	{"date_of_birth", "Date"}, {"address", "Address"},
};

static void default_label(const char *id, char *out, size_t cap)
{
	for (size_t i = 0; i < sizeof default_labels / sizeof *default_labels; i++)
		if (strcmp(id, default_labels[i][0]) == 0) {
			snprintf(out, cap, "%s", default_labels[i][1]);
			return;
		}
	snprintf(out, cap, "%s", dp_type_get(dp_type_lookup(id)) &&
	         strcmp(dp_type_get(dp_type_lookup(id))->group, "secret") == 0 ? "Secret" : id);
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

/* the type index of an id, or -1 */
static int type_index(const anon_ctx *c, const char *id)
{
	int n = dp_detect_type_count(c->det);

	for (int t = 0; t < n; t++)
		if (strcmp(dp_detect_type_id(c->det, t), id) == 0)
			return t;
	return -1;
}

/* a label: a letter, then letters, digits, '_' (so tokens stay one word) */
static int valid_label(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) || strlen(s) > 31)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static int set_styles(anon_ctx *c, dp_err *err)
{
	const anon_opts *o = c->o;
	int n = dp_detect_type_count(c->det);

	for (int t = 0; t < n; t++) {
		c->style[t] = o->default_style >= 0 ? o->default_style : ST_MARKER;
		default_label(dp_detect_type_id(c->det, t), c->label[t], sizeof c->label[t]);
	}
	c->declared = n;   /* declared fields without a detector type */
	c->style[n] = o->default_style >= 0 ? o->default_style : ST_MARKER;
	snprintf(c->label[n], sizeof c->label[n], "ID");
	for (size_t i = 0; i < o->nstyles; i++) {
		int t = type_index(c, o->styles[i].type), st = anon_style_by_name(o->styles[i].value);
		if (t < 0)
			return dp_err_set(err, DP_USAGE, "--style: unknown type '%s' (see doppel-scan "
			                  "--list-types)", o->styles[i].type);
		if (st < 0 || st == ST_KEY || (st == ST_SHIFT && t != DP_T_DATE_OF_BIRTH))
			return dp_err_set(err, DP_USAGE, "--style: style '%s' is not one for type '%s'",
			                  o->styles[i].value, o->styles[i].type);
		c->style[t] = st;
	}
	for (size_t i = 0; i < o->nlabels; i++) {
		int t = type_index(c, o->labels[i].type);
		if (t < 0)
			return dp_err_set(err, DP_USAGE, "--label: unknown type '%s'", o->labels[i].type);
		if (!valid_label(o->labels[i].value))
			return dp_err_set(err, DP_USAGE, "--label: '%s' is not a label (a letter, then up "
			                  "to 30 letters, digits or '_')", o->labels[i].value);
		snprintf(c->label[t], sizeof c->label[t], "%s", o->labels[i].value);
	}
	return DP_OK;
}

/* whether any style needs the key (marker numbers and keyed hashes do) */
static int needs_key(const anon_ctx *c)
{
	int n = dp_detect_type_count(c->det);

	for (int t = 0; t < n; t++)
		if (c->style[t] == ST_MARKER || c->style[t] == ST_HASH || c->style[t] == ST_SURROGATE)
			return 1;
	return 0;
}


static int open_key(anon_ctx *c, dp_err *err)
{
	const char *path = c->o->key_file ? c->o->key_file : getenv("DOPPEL_KEY_FILE");
	int rc;

	if (!path || !*path)
		return dp_err_set(err, DP_USAGE, "a key is needed for marker and hash tokens: "
		                  "--key-file FILE (make one with --new-key FILE), or use "
		                  "--style mask|redact");
	if (dp_key_init() != 0)
		return dp_err_set(err, DP_SOFTWARE, "libsodium failed to initialise");
	if ((rc = dp_key_load(c->key, path, err)) != DP_OK)
		return rc;
	c->have_key = 1;
	dp_key_fingerprint(c->key, c->keyfp);
	dp_eid_keys_init(&c->ek, c->key);
	return DP_OK;
}

/* the surrogate generators over the detector's packs, when a type uses them */
static int open_surrogates(anon_ctx *c, dp_err *err)
{
	int n = dp_detect_type_count(c->det), any = 0;
	const dp_person_lex *lx = c->lex;

	for (int t = 0; t < n; t++)
		any |= c->style[t] == ST_SURROGATE;
	if (!any && !c->ts)   /* a schema may ask for surrogates field by field */
		return DP_OK;
	c->sur = dp_sur_new(lx ? lx->pack[DP_PL_EN] : NULL, lx ? lx->pack[DP_PL_RU] : NULL,
	                    lx ? lx->pack[DP_PL_KK] : NULL);
	return c->sur ? DP_OK : dp_err_set(err, DP_SOFTWARE, "out of memory");
}

/* The vault, with its own key (never the mapping key). */
static int open_vault(anon_ctx *c, dp_err *err)
{
	unsigned char vk[DP_KEY_BYTES];
	int rc;

	if (!c->o->vault_key_file)
		return dp_err_set(err, DP_USAGE, "--vault needs --vault-key-file FILE (a key of its "
		                  "own: make one with --new-key)");
	if (dp_key_init() != 0)
		return dp_err_set(err, DP_SOFTWARE, "libsodium failed to initialise");
	if ((rc = dp_key_load(vk, c->o->vault_key_file, err)) != DP_OK)
		return rc;
	rc = dp_vault_open(&c->vault, c->o->vault_path, vk, c->o->reverse, c->o->busy_ms, err);
	sodium_memzero(vk, sizeof vk);
	return rc;
}

int anon_ctx_open(anon_ctx *c, const anon_opts *o, dp_err *err)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->o = o;
	dp_buf_init(&c->obuf, (size_t)ANON_MAX_RECORD * 2);
	anon_rec_reset(&c->rec);   /* sizes the record buffers */
	if ((rc = dp_rules_open(&c->rules, o->config_path, !o->no_config, err)) != DP_OK)
		return rc;
	if (!(c->det = dp_detect_new(c->rules, err)))
		return err->code ? err->code : DP_SOFTWARE;
	if (!(c->sc = dp_scanner_new(c->det, err)) || !(c->js = dp_json_new(ANON_MAX_RECORD)))
		return err->code ? err->code : DP_SOFTWARE;
	c->lex = dp_detect_person_lex(c->det);
	if ((rc = set_styles(c, err)) != DP_OK || (rc = anon_schema_load(c, err)) != DP_OK)
		return rc;
	dp_json_report_numbers(c->js, c->ts != NULL);
	if ((rc = open_surrogates(c, err)) != DP_OK)
		return rc;
	if (o->vault_path && (rc = open_vault(c, err)) != DP_OK)
		return rc;
	if (o->reverse) {
		if (!c->vault)
			return dp_err_set(err, DP_USAGE, "--reverse needs --vault FILE and "
			                  "--vault-key-file FILE: without the vault, tokens cannot be reversed");
	} else if (needs_key(c) || o->mode != AM_RUN) {
		if ((rc = open_key(c, err)) != DP_OK || (rc = anon_map_open(c, err)) != DP_OK)
			return rc;
	} else if (o->map_path) {
		dp_msg_warn(NULL, 0, "--map is not used: no style that numbers entities was chosen");
	}
	/* collect: -o is the collect file; the anonymized data goes nowhere */
	return dp_outfile_open(&c->out, o->mode == AM_COLLECT ? NULL : o->out_path, 0644, err) != 0
	       ? err->code : DP_OK;
}

int anon_batch_done(const anon_ctx *c, const dp_input *in)
{
	if (c->in_regular)
		return c->obuf.len >= ANON_FLUSH_FILE;
	return c->obuf.len >= ANON_FLUSH_BYTES || !dp_input_has_line(in);
}

int anon_flush(anon_ctx *c, dp_err *err)
{
	int rc;

	if (c->map && (rc = dp_map_commit(c->map, err)) != DP_OK)
		return rc;
	if (c->vault && (rc = dp_vault_commit(c->vault, err)) != DP_OK)
		return rc;
	if (c->col)
		c->obuf.len = 0;   /* collect writes no data, only its collect file */
	if (c->mf)
		dp_mf_hasher_update(&c->out_hash, c->obuf.data, c->obuf.len);
	if (c->obuf.len && fwrite(c->obuf.data, 1, c->obuf.len, c->out.fp) != c->obuf.len)
		return dp_err_set(err, DP_IOERR, "cannot write the output");
	dp_buf_reset(&c->obuf);
	return fflush(c->out.fp) == 0 ? DP_OK : dp_err_set(err, DP_IOERR, "cannot write the output");
}

/* Closes everything; on success (c->error == 0) commits the table and the output. */
int anon_ctx_close(anon_ctx *c, dp_err *err)
{
	int rc = c->error;

	if (rc == DP_OK)
		anon_vcache_flush(c);
	if (rc == DP_OK && c->out.fp && (rc = anon_flush(c, err)) == DP_OK &&
	    (!c->col || (rc = dp_map_record_end(c->map, err)) == DP_OK))
		rc = dp_map_close(c->map, err);
	else if (c->map)
		dp_map_rollback(c->map), dp_map_close(c->map, NULL);
	c->map = NULL;
	if (c->col && dp_col_writer_close(c->col, rc == DP_OK, err) != DP_OK && rc == DP_OK)
		rc = err->code;
	c->col = NULL;
	if (c->vault && rc != DP_OK)
		dp_vault_rollback(c->vault);
	dp_vault_close(c->vault, NULL);
	c->vault = NULL;
	if (rc == DP_OK && c->out.fp)
		rc = dp_outfile_commit(&c->out, err) == 0 ? DP_OK : err->code;
	else if (c->out.fp)
		dp_outfile_abort(&c->out);
	dp_sur_free(c->sur);
	dp_ts_set_free(c->ts);
	free(c->pcache);
	free(c->vcache);
	dp_json_free(c->js);
	dp_scanner_free(c->sc);
	dp_detect_free(c->det);
	dp_rules_free(c->rules);
	anon_rec_free(&c->rec);
	dp_buf_free(&c->obuf);
	sodium_memzero(c->key, sizeof c->key);
	dp_eid_keys_wipe(&c->ek);
	return rc;
}

/* JSONL when the first line is a JSON object or array, text otherwise */
static int sniff(anon_ctx *c, dp_input *in, enum anon_format *fmt, dp_err *err)
{
	const char *p, *nl;
	ssize_t n = dp_input_peek(in, &p, err);
	size_t i = 0;
	dp_err jerr;

	if (n < 0)
		return err->code;
	while (i < (size_t)n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	*fmt = AF_TEXT;
	nl = memchr(p, '\n', (size_t)n);
	if (i < (size_t)n && (p[i] == '{' || p[i] == '[') &&
	    dp_json_scan(c->js, p, nl ? (size_t)(nl - p) + 1 : (size_t)n, NULL, NULL, &jerr) == 0)
		*fmt = AF_JSONL;
	return DP_OK;
}

int anon_file(anon_ctx *c, const char *path)
{
	const char *name = path && strcmp(path, "-") ? path
	                 : c->o->stdin_name ? c->o->stdin_name : "<stdin>";
	enum anon_format fmt = c->o->format;
	unsigned long long records;
	dp_input *in;
	dp_err err;
	int rc;

	dp_err_clear(&err);
	if (dp_input_open(&in, path && strcmp(path, "-") ? path : NULL, &err) != 0)
		return dp_msg_err(&err, DP_NOINPUT);
	if (fmt == AF_AUTO && path && strcmp(path, "-"))
		fmt = (enum anon_format)dp_input_format_by_name(path);
	anon_schema_pick(c, path && strcmp(path, "-") ? path : c->o->stdin_name);
	/* the hash sees every byte: set before anything is read (encoding guess, sniff) */
	if (c->mf) {
		dp_mf_hasher_init(&c->in_hash);
		dp_input_set_tee(in, dp_mf_hasher_tee, &c->in_hash);
	}
	if (dp_input_set_encoding(in, c->o->encoding, &err) != 0) {
		dp_input_close(in);
		return dp_msg_err(&err, err.code);
	}
	if (fmt == AF_AUTO && (rc = sniff(c, in, &fmt, &err)) != DP_OK) {
		dp_input_close(in);
		return dp_msg_err(&err, rc);
	}
	c->in_regular = dp_input_is_regular(in);
	records = c->records;
	rc = fmt == AF_JSONL ? anon_jsonl(c, in, name)
	   : fmt == AF_CSV ? anon_csv(c, in, name)
	   : fmt == AF_HTML || fmt == AF_XML ? anon_markup(c, in, name, fmt == AF_HTML)
	   : anon_text(c, in, name);
	dp_input_close(in);
	if (rc == DP_OK)
		anon_mf_input(c, path && strcmp(path, "-") ? path : "-", c->records - records);
	return rc;
}
