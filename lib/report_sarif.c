/* report_sarif.c - the SARIF 2.1.0 report (report.h): one run whose tool.driver lists
 * every rule, results streamed as they are added, in the shape GitHub code scanning
 * accepts (rule help, regions, partialFingerprints). Messages carry masked values only. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "report_internal.h"
#include "types.h"

#define DP_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define DP_SARIF_INFO_URI "https://example.invalid/doppel"

static int dp_jset(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new_nocheck(o, key, v);
}

/* {"text": s} with a fallback, since GitHub refuses empty required strings. */
static json_t *dp_sarif_text(const char *s, const char *fallback)
{
	json_t *o = json_object();

	if (json_object_set_new_nocheck(o, "text", dp_json_str(s && *s ? s : fallback)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* "kz_iin" -> "KzIin": SARIF rule names are identifiers, not titles. */
static json_t *dp_sarif_rule_name(const char *id)
{
	size_t n = strlen(id), o = 0;
	char *s = malloc(n + 1);
	int up = 1;
	json_t *j;

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		if (c == '_' || c == '-' || c == '.' || c == '/') {
			up = 1;
			continue;
		}
		s[o++] = (up && c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
		up = 0;
	}
	s[o] = '\0';
	j = dp_json_str(o ? s : id);
	free(s);
	return j;
}

static const char *dp_sarif_tag(const char *id)
{
	const dp_type_info *ti = dp_type_get(dp_type_lookup(id));

	return ti && strcmp(ti->group, "secret") == 0 ? "security" : "privacy";
}

static json_t *dp_sarif_rule(const dp_report_rule *rule)
{
	json_t *o = json_object(), *cfg = json_object(), *props = json_object();
	const char *title = rule->title && *rule->title ? rule->title : rule->id;
	int rc = 0;

	rc |= dp_jset(o, "id", dp_json_str(rule->id));
	rc |= dp_jset(o, "name", dp_sarif_rule_name(rule->id));
	rc |= dp_jset(o, "shortDescription", dp_sarif_text(title, rule->id));
	rc |= dp_jset(o, "fullDescription", dp_sarif_text(rule->help, title));
	rc |= dp_jset(o, "help", dp_sarif_text(rule->help, title));
	rc |= cfg ? dp_jset(cfg, "level", json_string("error")) : -1;
	rc |= dp_jset(o, "defaultConfiguration", cfg);
	rc |= props ? dp_jset(props, "tags", json_pack("[s]", dp_sarif_tag(rule->id))) : -1;
	rc |= dp_jset(o, "properties", props);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *dp_sarif_driver(const dp_report *r)
{
	json_t *d = json_object(), *rules = json_array();
	int rc = 0;

	rc |= dp_jset(d, "name", json_string("doppel-scan"));
	rc |= dp_jset(d, "semanticVersion", dp_json_str(r->tool_version));
	rc |= dp_jset(d, "informationUri", json_string(DP_SARIF_INFO_URI));
	for (size_t i = 0; rules && i < r->nrules; i++)
		if (r->rules[i].id)
			rc |= json_array_append_new(rules, dp_sarif_rule(&r->rules[i]));
	rc |= dp_jset(d, "rules", rules);
	if (rc != 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int dp_sarif_begin(dp_report *r, dp_err *err)
{
	json_t *driver = dp_sarif_driver(r);

	if (!driver)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	dp_report_puts(r, "{\"$schema\":\"" DP_SARIF_SCHEMA "\",\"version\":\"2.1.0\","
	                  "\"runs\":[{\"tool\":{\"driver\":");
	dp_report_dump(r, driver);
	dp_report_puts(r, "},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
	json_decref(driver);
	return DP_OK;
}

static int dp_sarif_keep(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

char *dp_sarif_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *prefix = "";
	char *out, *o;
	size_t n;

	if (!path || !*path || strcmp(path, "-") == 0)
		return strdup("stdin");
	if (path[0] == '/' || path[0] == '\\')
		prefix = "file://";
	while (path[0] == '.' && (path[1] == '/' || path[1] == '\\') && path[2])
		path += 2;
	n = strlen(path);
	out = malloc(strlen(prefix) + n * 3 + 1);
	if (!out)
		return NULL;
	o = stpcpy(out, prefix);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p == '\\' ? '/' : *p;
		if (dp_sarif_keep(c)) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '%';
		*o++ = hex[c >> 4];
		*o++ = hex[c & 15];
	}
	*o = '\0';
	return out;
}

static json_t *dp_sarif_region(const dp_report_item *it)
{
	long sl = it->line > 0 ? it->line : 1, sc = it->col > 0 ? it->col : 1;
	long el = it->end_line >= sl ? it->end_line : sl;
	long ec = it->end_col > 0 ? it->end_col : sc;

	if (el == sl && ec < sc)
		ec = sc;
	return json_pack("{sI sI sI sI}", "startLine", (json_int_t)sl, "startColumn",
	                 (json_int_t)sc, "endLine", (json_int_t)el, "endColumn", (json_int_t)ec);
}

static json_t *dp_sarif_physical(const dp_report_item *it)
{
	char *uri = dp_sarif_uri(it->path);
	json_t *o;

	if (!uri)
		return NULL;
	o = json_pack("{s{so} so}", "artifactLocation", "uri", dp_json_str(uri),
	              "region", dp_sarif_region(it));
	free(uri);
	return o;
}

/* JSONL: the field's JSON pointer; CSV: the row and column. NULL when neither. */
static json_t *dp_sarif_logical(const dp_report_item *it)
{
	const char *last;
	char buf[96];

	if (it->record > 0 && it->field && *it->field) {
		last = strrchr(it->field, '/');
		last = last ? last + 1 : it->field;
		if (!*last)
			return json_pack("{so ss}", "fullyQualifiedName", dp_json_str(it->field),
			                 "kind", "value");
		return json_pack("{so so ss}", "name", dp_json_str(last),
		                 "fullyQualifiedName", dp_json_str(it->field), "kind", "value");
	}
	if (it->row <= 0)
		return NULL;
	snprintf(buf, sizeof buf, "row %ld, column %ld", it->row, it->column_index);
	if (it->column && *it->column)
		return json_pack("{so ss ss}", "name", dp_json_str(it->column),
		                 "fullyQualifiedName", buf, "kind", "value");
	return json_pack("{ss ss}", "fullyQualifiedName", buf, "kind", "value");
}

static json_t *dp_sarif_location(const dp_report_item *it)
{
	json_t *loc = json_object(), *logical = dp_sarif_logical(it);
	int rc = dp_jset(loc, "physicalLocation", dp_sarif_physical(it));

	if (logical)
		rc |= dp_jset(loc, "logicalLocations", json_pack("[o]", logical));
	if (rc != 0) {
		json_decref(loc);
		return NULL;
	}
	return json_pack("[o]", loc);
}

static json_t *dp_sarif_props(const dp_report_item *it)
{
	json_t *o = json_object();
	int rc = 0;

	rc |= dp_jset(o, "score", json_real(dp_report_score(it->score)));
	rc |= dp_jset(o, "detector", dp_json_str(it->detector));
	if (it->record > 0) {
		rc |= dp_jset(o, "record", json_integer(it->record));
		rc |= dp_jset(o, "field", dp_json_str(it->field));
	}
	if (it->row > 0) {
		rc |= dp_jset(o, "row", json_integer(it->row));
		rc |= dp_jset(o, "column", dp_json_str(it->column));
		rc |= dp_jset(o, "column_index", json_integer(it->column_index));
	}
	if (it->canary_record)
		rc |= dp_jset(o, "canary_record", dp_json_str(it->canary_record));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* "E-mail address: j***@e***.com" - the title and the masked value, never the value; a
 * canary also names its registry entry ("... (canary of support-ticket ticket record 17)"). */
static json_t *dp_sarif_message(const dp_rule_slot *slot, const dp_report_item *it)
{
	const char *title = NULL, *masked = it->masked && *it->masked ? it->masked : NULL;
	const dp_type_info *ti;
	json_t *text, *msg;
	char *s;

	if (slot && slot->rule->title && *slot->rule->title)
		title = slot->rule->title;
	else if ((ti = dp_type_get(dp_type_lookup(it->type_id ? it->type_id : ""))))
		title = ti->title;
	if (!title)
		title = it->type_id && *it->type_id ? it->type_id : "finding";
	if (asprintf(&s, "%s%s%s%s%s%s", title, masked ? ": " : "", masked ? masked : "",
	             it->canary_record ? " (canary of " : "", it->canary_record ? it->canary_record : "",
	             it->canary_record ? ")" : "") < 0)
		return NULL;
	text = dp_json_str(s);
	free(s);
	msg = json_object();
	if (dp_jset(msg, "text", text) != 0) {
		json_decref(msg);
		return NULL;
	}
	return msg;
}

static json_t *dp_sarif_result(const dp_report *r, const dp_report_item *it)
{
	const dp_rule_slot *slot = dp_report_rule_find(r, it->type_id);
	json_t *o = json_object();
	int rc = 0;

	rc |= dp_jset(o, "ruleId", dp_json_str(it->type_id ? it->type_id : "unknown"));
	if (slot)
		rc |= dp_jset(o, "ruleIndex", json_integer((json_int_t)slot->index));
	rc |= dp_jset(o, "level", json_string("error"));
	rc |= dp_jset(o, "message", dp_sarif_message(slot, it));
	rc |= dp_jset(o, "locations", dp_sarif_location(it));
	if (it->fingerprint && *it->fingerprint)
		rc |= dp_jset(o, "partialFingerprints", json_pack("{so so}",
		              "primaryLocationLineHash", dp_json_str(it->fingerprint),
		              "doppel/v1", dp_json_str(it->fingerprint)));
	rc |= dp_jset(o, "properties", dp_sarif_props(it));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int dp_sarif_add(dp_report *r, const dp_report_item *it, dp_err *err)
{
	json_t *res = dp_sarif_result(r, it);

	if (!res)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	dp_report_puts(r, r->nitems ? ",\n" : "\n");
	dp_report_dump(r, res);
	json_decref(res);
	return DP_OK;
}

int dp_sarif_end(dp_report *r, dp_err *err)
{
	json_t *sum = dp_report_summary_json(r);

	if (!sum)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	dp_report_puts(r, r->nitems ? "\n],\"properties\":{\"summary\":" : "],\"properties\":{\"summary\":");
	dp_report_dump(r, sum);
	dp_report_puts(r, "}}]}\n");
	json_decref(sum);
	return DP_OK;
}
