/* detect_text.c - detectors triggered by something other than a digit run: e-mail
 * ('@'), URLs ('://'), PEM private keys, token prefixes (AWS, GitHub, Slack, JWT),
 * IBAN and BIC words, MAC and IPv6 groups, key = value secrets, custom rules, deny lists.
 * Shapes are anchored PCRE2 patterns, JIT-compiled once; validators decide. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect_internal.h"
#include "validate.h"

static const struct {
	int id, utf;
	unsigned opts;
	const char *re;
} patterns[PAT_COUNT] = {
	{PAT_EMAIL, 0, 0, "[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]{0,63})@"
		"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"},
	{PAT_URL, 0, 0, "[A-Za-z][A-Za-z0-9+.-]{1,15}://(?:[^\\s/?#@\"'<>]+@)?[^\\s/?#\"'<>]+"
		"(?:[/?#][^\\s\"'<>]*)?"},
	{PAT_AWS, 0, 0, "(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"},
	{PAT_GITHUB, 0, 0, "(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])"},
	{PAT_SLACK, 0, 0, "xox[baprse]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])"},
	{PAT_JWT, 0, 0, "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"},
	{PAT_PRIVKEY, 0, 0, "-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----"},
	{PAT_IBAN, 0, 0, "[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}"},
	{PAT_BIC, 0, 0, "[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])"},
	{PAT_MAC, 0, 0, "(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}"
		"|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:-])(?!\\.[0-9A-Fa-f])"},
	{PAT_DATE_TEXT, 1, PCRE2_CASELESS, "\\d{1,2}\\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|"
		"may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
		"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
		"қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
		"[a-zа-яәғқңөұүһі]*,?\\s+(?:19|20)\\d{2}(?!\\d)"},
	{PAT_DATE_MDY, 0, PCRE2_CASELESS, "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|"
		"july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.? "
		"[0-9]{1,2}(?:st|nd|rd|th)?,? (?:19|20)[0-9]{2}(?![0-9])"},
	{PAT_PASSPORT, 0, 0, "(?:[A-Z]{1,2} ?[0-9]{6,9}|[0-9]{2} ?[0-9]{2} ?[0-9]{6}|[0-9]{9})(?![0-9A-Za-z])"},
	{PAT_ADDR_EN, 0, 0, "[0-9]{1,5}[A-Za-z]?,? (?:[A-Z][A-Za-z'-]+ ){1,3}(?:Street|St\\.?|Avenue|Ave\\.?|"
		"Road|Rd\\.?|Boulevard|Blvd\\.?|Lane|Ln\\.?|Drive|Dr\\.?|Court|Ct\\.?|Way|Place|Pl\\.?|"
		"Square|Sq\\.?|Terrace|Highway|Hwy\\.?|Parkway|Pkwy)(?![A-Za-z])"
		"(?:,? (?:Apt|Suite|Unit|Flat)\\.? ?#?[0-9A-Za-z]+)?"},
	{PAT_ADDR_RU, 1, PCRE2_CASELESS, "(?:ул\\.|улица|пр\\.|пр-т|проспект|пер\\.|переулок|бульвар|б-р|"
		"шоссе|наб\\.|набережная|мкр\\.?|микрорайон|пл\\.|площадь)\\s*[\\p{L}\\d][\\p{L}\\d.-]*"
		"(?:\\s+[\\p{L}\\d.-]+){0,3}?(?:,?\\s*(?:д\\.|дом)\\s*\\d+[\\p{L}]?|,\\s*\\d+[\\p{L}]?(?:[-/]\\d+)?(?![\\d\\p{L}]))"
		"(?:\\s*[,/]?\\s*(?:кв\\.|квартира|корп\\.|к\\.|стр\\.)\\s*\\d+)*"},
	{PAT_ADDR_KK, 1, 0, "\\p{Lu}[\\p{L}-]+(?:\\s+[\\p{L}-]+)?\\s+(?:көшесі|даңғылы|к-сі|даң\\.)"
		"\\s*,?\\s*\\d+\\p{L}?(?:-үй)?(?:\\s*,?\\s*(?:(?:пәтер|п\\.)\\s*\\d+|\\d+-пәтер))?"},
};

int dp_detect_build_patterns(dp_detector *d, dp_err *err)
{
	for (int i = 0; i < PAT_COUNT; i++) {
		unsigned opts = patterns[i].opts;

		if (patterns[i].id != PAT_ADDR_RU && patterns[i].id != PAT_ADDR_KK)
			opts |= PCRE2_ANCHORED;
		d->pat[patterns[i].id] = dp_detect_compile(patterns[i].re, opts, patterns[i].utf, err);
		if (!d->pat[patterns[i].id])
			return err->code;
	}
	return 0;
}

static int is_local_char(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* E-mail: from each '@', back to the local part's start, then the anchored shape. */
void dp_detect_emails(dp_scanner *s)
{
	const char *p = s->t, *end = s->t + s->n;

	while ((p = memchr(p, '@', (size_t)(end - p))) != NULL) {
		size_t at = (size_t)(p - s->t), st = at, en;

		while (st > 0 && at - st < 64 && is_local_char((unsigned char)s->t[st - 1]))
			st--;
		while (st < at && s->t[st] == '.')
			st++;
		p++;
		if (st == at || (st > 0 && s->t[st - 1] == '/' ) || (st > 2 && s->t[st - 1] == ':'))
			continue;   /* URL user info: handled by dp_detect_urls */
		en = dp_detect_match_at(s, PAT_EMAIL, st);
		if (!en)
			continue;
		{
			const char *dom = s->t + at + 1;
			int fake = dp_known_fake_email_domain(dom, (size_t)(s->t + en - dom));

			dp_detect_add(s, DP_T_EMAIL, st, en, fake ? 0.1 : 0.9, "pattern",
			              fake ? DP_F_KNOWNFAKE : DP_F_VALIDATED);
		}
		p = s->t + en;
	}
}

static int has_token_param(const char *q, size_t n)
{
	static const char *const keys[] = {"token=", "access_token=", "api_key=", "apikey=", "key=",
		"secret=", "password=", "passwd=", "sig=", "signature=", "auth=", "session=", NULL};

	for (int i = 0; keys[i]; i++) {
		size_t k = strlen(keys[i]);

		for (size_t j = 0; j + k <= n; j++)
			if ((j == 0 || q[j - 1] == '?' || q[j - 1] == '&') && strncasecmp(q + j, keys[i], k) == 0)
				return 1;
	}
	return 0;
}

/* Looks at one URL [st, en): credentials in user info or tokens in the query. */
static void check_url(dp_scanner *s, size_t st, size_t en)
{
	const char *u = s->t + st;
	const char *auth = memmem(u, en - st, "://", 3);
	size_t n = en - st, a = (size_t)(auth - u) + 3, hostend = a;
	const char *at, *colon, *q;

	while (hostend < n && u[hostend] != '/' && u[hostend] != '?' && u[hostend] != '#')
		hostend++;
	at = memchr(u + a, '@', hostend - a);
	if (at) {
		colon = memchr(u + a, ':', (size_t)(at - (u + a)));
		if (colon && at - colon > 1)
			dp_detect_add(s, DP_T_PASSWORD_IN_URL, st, en, 0.95, "pattern+userinfo", DP_F_VALIDATED);
		else
			dp_detect_add(s, DP_T_URL, st, en, 0.8, "pattern+userinfo", 0);
		return;
	}
	q = memchr(u + hostend, '?', n - hostend);
	if (q && has_token_param(q + 1, (size_t)(u + n - q - 1)))
		dp_detect_add(s, DP_T_URL, st, en, 0.8, "pattern+token", 0);
	else if (n - hostend > 30 && memmem(u, n, "hooks.slack.com/services/", 25))
		dp_detect_add(s, DP_T_SLACK_TOKEN, st, en, 0.95, "pattern", 0);
}

/* A URL whose scheme word ends at we, just before "://"; returns its end or 0. */
static size_t url_at(dp_scanner *s, size_t ws, size_t we)
{
	size_t st = ws, en;

	while (st > 0 && we - st < 16 && (isalnum((unsigned char)s->t[st - 1]) || s->t[st - 1] == '+' ||
	                                  s->t[st - 1] == '.' || s->t[st - 1] == '-'))
		st--;
	en = dp_detect_match_at(s, PAT_URL, st);
	while (en > st && strchr(".,;:)]}!", s->t[en - 1]))
		en--;
	if (en <= we + 3)
		return 0;
	check_url(s, st, en);
	return en;
}

/* A PEM private key whose "-----BEGIN" starts at st; returns its end or 0. */
static size_t privkey_at(dp_scanner *s, size_t st)
{
	size_t en = dp_detect_match_at(s, PAT_PRIVKEY, st);
	const char *fin, *end = s->t + s->n;

	if (!en)
		return 0;
	fin = memmem(s->t + en, s->n - en < 16384 ? s->n - en : 16384, "-----END ", 9);
	if (fin) {
		const char *close = memmem(fin + 9, (size_t)(end - fin - 9), "-----", 5);

		if (close)
			en = (size_t)(close - s->t) + 5;
	}
	dp_detect_add(s, DP_T_PRIVATE_KEY, st, en, 1.0, "pattern", DP_F_VALIDATED);
	return en;
}

static int starts(const char *t, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(t, lit, k) == 0;
}

/* Runs an anchored pattern at ws and adds the match; returns its end or 0. */
static size_t try_pat(dp_scanner *s, int pat, size_t ws, int type, double score, dp_validator_fn v)
{
	size_t en = dp_detect_match_at(s, pat, ws);

	if (!en || (v && !v(s->t + ws, en - ws)))
		return 0;
	dp_detect_add(s, type, ws, en, score, v ? "pattern+validator" : "pattern", v ? DP_F_VALIDATED : 0);
	return en;
}

static size_t try_aws(dp_scanner *s, size_t ws)
{
	size_t en = dp_detect_match_at(s, PAT_AWS, ws);
	int fake;

	if (!en)
		return 0;
	fake = en - ws >= 7 && memcmp(s->t + en - 7, "EXAMPLE", 7) == 0;
	dp_detect_add(s, DP_T_AWS_ACCESS_KEY, ws, en, fake ? 0.1 : 0.9, "pattern",
	              fake ? DP_F_KNOWNFAKE : 0);
	return en;
}

/* IBAN: the greedy shape, shortened from the end until mod-97 accepts it. */
static size_t try_iban(dp_scanner *s, size_t ws)
{
	size_t en = dp_detect_match_at(s, PAT_IBAN, ws);

	while (en > ws + 14) {
		if (s->t[en - 1] != ' ' && dp_valid_iban(s->t + ws, en - ws)) {
			double sc = 0.95 + (dp_ctx_near(s, CTX_IBAN, ws, en) ? 0.05 : 0);

			dp_detect_add(s, DP_T_IBAN, ws, en, sc, "pattern+mod97", DP_F_VALIDATED);
			return en;
		}
		en--;
	}
	return 0;
}

static size_t try_bic(dp_scanner *s, size_t ws, size_t we)
{
	int ctx;
	size_t n = we - ws;

	if ((n != 8 && n != 11) || !dp_detect_match_at(s, PAT_BIC, ws) || !dp_valid_swift_bic(s->t + ws, n))
		return 0;
	ctx = dp_ctx_near(s, CTX_BIC, ws, we);
	dp_detect_add(s, DP_T_SWIFT_BIC, ws, we, ctx ? 0.9 : 0.35, ctx ? "pattern+context" : "pattern",
	              DP_F_VALIDATED | (ctx ? DP_F_CONTEXT : 0));
	return we;
}

static int is_hex_word(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)t[i]))
			return 0;
	return n > 0;
}

/* MAC, then IPv6: the maximal run of hex digits, ':' and '.' starting at ws. */
static size_t try_mac_ipv6(dp_scanner *s, size_t ws)
{
	size_t en, colons = 0;

	if (ws > 0 && (s->t[ws - 1] == ':' || isxdigit((unsigned char)s->t[ws - 1])))
		return 0;
	en = dp_detect_match_at(s, PAT_MAC, ws);

	if (en && dp_valid_mac(s->t + ws, en - ws)) {
		int fake = en - ws == 17 && (memcmp(s->t + ws, "00:00:00:00:00:00", 17) == 0 ||
		                             strncasecmp(s->t + ws, "ff:ff:ff:ff:ff:ff", 17) == 0);

		dp_detect_add(s, DP_T_MAC, ws, en, fake ? 0.1 : 0.7, "pattern+validator", DP_F_VALIDATED);
		return en;
	}
	for (en = ws; en < s->n && (isxdigit((unsigned char)s->t[en]) || s->t[en] == ':' || s->t[en] == '.'); en++)
		colons += s->t[en] == ':';
	while (en > ws && (s->t[en - 1] == '.' || (s->t[en - 1] == ':' && s->t[en - 2] != ':')))
		en--;
	if (colons < 2 || (en < s->n && isalnum((unsigned char)s->t[en])) || !dp_valid_ipv6(s->t + ws, en - ws))
		return 0;
	{
		int doc = (en - ws >= 9 && strncasecmp(s->t + ws, "2001:db8:", 9) == 0) ||
		          (en - ws >= 10 && strncasecmp(s->t + ws, "2001:0db8:", 10) == 0);

		dp_detect_add(s, DP_T_IPV6, ws, en, doc ? 0.1 : 0.7, "pattern+validator",
		              DP_F_VALIDATED | (doc ? DP_F_KNOWNFAKE : 0));
	}
	return en;
}

/* "author" is not "auth"; "authorization" and "authorise" are. */
static int is_author(const char *p, size_t n)
{
	return n >= 6 && memcmp(p, "author", 6) == 0 &&
	       !(n >= 8 && (memcmp(p + 6, "iz", 2) == 0 || memcmp(p + 6, "is", 2) == 0));
}

/* Whether a key name sounds secret (pass, pwd, secret, token, key, auth, credential,
 * private, signature, salt, session, cookie), in one pass over the lower-cased name. */
static int secret_key_word(const char *k, size_t n, int *password_like)
{
	static const char *const words[] = {"pass", "pwd", "secret", "token", "key", "auth",
		"credential", "private", "signature", "salt", "session", "cookie", NULL};
	static const unsigned char wlen[] = {4, 3, 6, 5, 3, 4, 10, 7, 9, 4, 7, 6};
	char low[64];
	int hit = 0;

	if (n >= sizeof low)
		n = sizeof low - 1;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)k[i]);
	*password_like = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = low[i];

		if (ch != 'p' && ch != 's' && ch != 't' && ch != 'k' && ch != 'a' && ch != 'c')
			continue;
		for (int w = 0; words[w]; w++) {
			size_t wl = wlen[w];

			if (words[w][0] == low[i] && i + wl <= n && memcmp(low + i, words[w], wl) == 0 &&
			    !(w == 5 && is_author(low + i, n - i))) {
				hit = 1;
				*password_like |= w < 2;
			}
		}
	}
	return hit;
}

static int placeholder(const char *v, size_t n)
{
	static const char *const ph[] = {"changeme", "change_me", "password", "secret", "example",
		"dummy", "redacted", "xxxx", "****", "null", "none", "true", "false", "your_", "your-",
		"<", "${", "{{", "%(", "$(", "process.env", "os.environ", NULL};
	size_t same = 1;

	for (int i = 0; ph[i]; i++)
		if (memmem(v, n, ph[i], strlen(ph[i])) || (n >= strlen(ph[i]) && strncasecmp(v, ph[i], strlen(ph[i])) == 0))
			return 1;
	while (same < n && v[same] == v[0])
		same++;
	return same == n || memchr(v, '@', n) || memmem(v, n, "://", 3);
}

static int has_digit(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)v[i]))
			return 1;
	return 0;
}

/* An unquoted low-entropy value counts only when nothing but a delimiter follows it
 * on its line (a config line, not a sentence that goes on). */
static int value_ends_line(const char *t, size_t e, size_t n)
{
	while (e < n && (t[e] == ' ' || t[e] == '\t' || t[e] == '\r' || t[e] == ',' || t[e] == ';'))
		e++;
	return e >= n || t[e] == '\n' || t[e] == '}' || t[e] == ']';
}

/* The value of an assignment whose operator ends just before j: quoted or bare, a
 * bearer scheme skipped; adds a generic_secret when it looks like one. 1 if added. */
static int assign_value(dp_scanner *s, size_t j, int pwlike)
{
	const char *t = s->t;
	size_t v, e, n = s->n;
	char q = 0;
	double ent;

	while (j < n && (t[j] == ' ' || t[j] == '\t'))
		j++;
	if (j < n && (t[j] == '"' || t[j] == '\''))
		q = t[j++];
	if (n - j > 7 && (strncasecmp(t + j, "Bearer ", 7) == 0 || strncasecmp(t + j, "Basic ", 6) == 0))
		j += t[j + 1] == 'e' || t[j + 1] == 'E' ? 7 : 6;
	for (v = j, e = j; e < n && e - v < 200; e++)
		if (q ? t[e] == q || t[e] == '\n' : (t[e] <= ' ' || strchr(",;)}]\"'", t[e])))
			break;
	if (!q && e > v && t[e - 1] == '.' && (e >= n || t[e] <= ' '))
		e--;   /* the full stop of a sentence */
	if (e - v < 8 || (q && (e >= n || t[e] != q)) || placeholder(t + v, e - v))
		return 0;
	ent = dp_shannon_entropy(t + v, e - v);
	if (((ent >= 3.5 && (has_digit(t + v, e - v) || e - v >= 20)) ||
	     (ent >= 3.0 && e - v >= 16 && is_hex_word(t + v, e - v))))
		dp_detect_add(s, DP_T_GENERIC_SECRET, v, e, 0.8, "keyword+entropy", 0);
	else if (pwlike && ent >= 2.0 && (q || value_ends_line(t, e, n)))
		dp_detect_add(s, DP_T_GENERIC_SECRET, v, e, 0.6, "keyword", 0);
	else
		return 0;
	return 1;
}

/* key = value, key: value, "key": "value", key => value, with a secret-sounding key.
 * Returns we: the value's words are still examined (a specific type outranks this). */
static size_t try_assignment(dp_scanner *s, size_t ws, size_t we)
{
	const char *t = s->t;
	size_t j = we, n = s->n;
	int pwlike;

	if (j < n && (t[j] == '"' || t[j] == '\''))
		j++;
	while (j < n && j - we < 4 && t[j] == ' ')
		j++;
	if (j >= n || !((t[j] == '=' && (j + 1 >= n || t[j + 1] != '=')) || (t[j] == ':' && (j + 1 >= n || t[j + 1] != '/'))))
		return 0;
	if (!secret_key_word(t + ws, we - ws, &pwlike))
		return 0;
	j += (j + 1 < n && t[j + 1] == '>') ? 2 : 1;
	return assign_value(s, j, pwlike) ? we : 0;
}

/* Russian and Kazakh key words ("пароль: X", "құпиясөз = X", "токен: X") sit in text the
 * ASCII word loop skips: the value word looks back for them. */
static size_t try_cyrillic_key(dp_scanner *s, size_t ws)
{
	static const char *const keys[] = {"пароль", "Пароль", "ПАРОЛЬ", "құпиясөз", "Құпиясөз",
		"токен", "Токен", "ключ", "Ключ", "секрет", "Секрет", NULL};
	size_t p = ws, op;

	while (p > 0 && (s->t[p - 1] == ' ' || s->t[p - 1] == '"' || s->t[p - 1] == '\''))
		p--;
	if (p == 0 || (s->t[p - 1] != ':' && s->t[p - 1] != '='))
		return 0;
	op = --p;
	while (p > 0 && s->t[p - 1] == ' ')
		p--;
	for (int i = 0; keys[i]; i++) {
		size_t k = strlen(keys[i]);

		if (p >= k && memcmp(s->t + p - k, keys[i], k) == 0)
			return assign_value(s, op + 1, i < 5) ? ws + 1 : 0;
	}
	return 0;
}

static size_t try_passport_alnum(dp_scanner *s, size_t ws, size_t we)
{
	size_t en;

	if (!isupper((unsigned char)s->t[ws]) || !dp_ctx_near(s, CTX_PASSPORT, ws, we))
		return 0;
	en = dp_detect_match_at(s, PAT_PASSPORT, ws);
	if (!en)
		return 0;
	dp_detect_add(s, DP_T_PASSPORT, ws, en, 0.85, "pattern+context", DP_F_CONTEXT);
	return en;
}

/* A word [ws, we) that is not a plain digit run: token prefixes, IBAN/BIC, MAC/IPv6,
 * passport numbers with letters, and key = value secrets. Returns the end consumed. */
size_t dp_detect_word(dp_scanner *s, size_t ws, size_t we, int has_digit, int has_upper)
{
	const char *w = s->t + ws;
	size_t n = we - ws, r = 0;

	if (we + 3 <= s->n && s->t[we] == ':' && s->t[we + 1] == '/' && s->t[we + 2] == '/' &&
	    (r = url_at(s, ws, we)))
		return r;
	if (n == 5 && ws >= 5 && memcmp(w, "BEGIN", 5) == 0 && memcmp(w - 5, "-----", 5) == 0 &&
	    (r = privkey_at(s, ws - 5)))
		return r;

	if (n >= 16 && (w[0] == 'A') && (r = try_aws(s, ws)))
		return r;
	if (n >= 20 && w[0] == 'g' && (starts(w, n, "github_pat_") ||
	    (w[1] == 'h' && w[2] && strchr("pousr", w[2]) && w[3] == '_')) && (r = try_pat(s, PAT_GITHUB, ws, DP_T_GITHUB_TOKEN, 0.95, NULL)))
		return r;
	if (n == 4 && starts(w, n, "xox") && we < s->n && s->t[we] == '-' &&
	    (r = try_pat(s, PAT_SLACK, ws, DP_T_SLACK_TOKEN, 0.95, NULL)))
		return r;
	if (starts(w, n, "eyJ") && we < s->n && s->t[we] == '.' &&
	    (r = try_pat(s, PAT_JWT, ws, DP_T_JWT, 0.9, dp_valid_jwt)))
		return r;
	if (has_upper && has_digit && n >= 4 && isupper((unsigned char)w[0]) && isupper((unsigned char)w[1]) &&
	    isdigit((unsigned char)w[2]) && isdigit((unsigned char)w[3]) && (r = try_iban(s, ws)))
		return r;
	if (has_upper && (r = try_bic(s, ws, we)))
		return r;
	if (n <= 4 && we < s->n && (s->t[we] == ':' || s->t[we] == '-' || s->t[we] == '.') &&
	    is_hex_word(w, n) && (r = try_mac_ipv6(s, ws)))
		return r;
	if (has_upper && has_digit && (r = try_passport_alnum(s, ws, we)))
		return r;
	if (we < s->n && (r = try_assignment(s, ws, we)))
		return r;
	if (ws > 2 && (unsigned char)s->t[ws - 1] <= ' ' && try_cyrillic_key(s, ws))
		return we;
	return we;
}

void dp_detect_custom(dp_scanner *s)
{
	for (size_t i = 0; i < s->d->ncustom; i++) {
		const dp_custom_rt *rt = &s->d->custom[i];
		size_t off = 0;

		while (off < s->n && pcre2_jit_match(rt->re, (PCRE2_SPTR)s->t, s->n, off, 0, s->md, NULL) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
			size_t a = ov[0], b = ov[1];
			int ctx;

			off = b > a ? b : a + 1;
			if (b == a || (rt->valid && !rt->valid(s->t + a, b - a)))
				continue;
			ctx = rt->ctx && dp_ctx_near_re(s, rt->ctx, a, b);
			if (rt->needs_context && !ctx)
				continue;
			dp_detect_add(s, rt->type, a, b, rt->score + (ctx ? rt->boost : 0),
			              rt->valid ? "custom+validator" : "custom", ctx ? DP_F_CONTEXT : 0);
		}
	}
}

void dp_detect_deny(dp_scanner *s)
{
	size_t off = 0;

	if (!s->d->deny)
		return;
	while (off < s->n && pcre2_jit_match(s->d->deny, (PCRE2_SPTR)s->t, s->n, off, 0, s->md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
		PCRE2_SPTR mark = pcre2_get_mark(s->md);

		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		if (mark)
			dp_detect_add(s, atoi((const char *)mark), ov[0], ov[1], 1.0, "deny-list", 0);
	}
}
