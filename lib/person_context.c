/* person_context.c - the evidence around a candidate name (SPEC section 4.1): honorifics
 * and phrases before it ("Mr.", "Dear", "меня зовут", "Құрметті"), words after it
 * ("мырза", "said", "сказала"), a speaker's colon, a signature line after a closing
 * ("Best regards,", "С уважением,", "Құрметпен,"), and place or company words that make a
 * name part of something else ("ул. Пушкина", "Ford Motors", "Абай даңғылы"). The word
 * lists are compiled once into caseless PCRE2 patterns held by the detector. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "detect_internal.h"
#include "dp_exit.h"

/* ends the text before a name */
static const char ctx_before[] =
	"(?<!\\p{L})(?:"
	"mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|lady|lord|dear|hi|hello|hey|"
	"thanks|thank\\s+you|good\\s+morning|good\\s+afternoon|"
	"(?:my|his|her|their|your)\\s+name\\s+is|(?:full\\s+)?name\\s*:|i\\s+am|i'm|call\\s+me|"
	"this\\s+is|signed(?:\\s+by)?|from\\s*:|to\\s*:|cc\\s*:|attn|attention\\s*:|"
	"contact(?:\\s+person)?\\s*:|patient\\s*:?|employee\\s*:?|client\\s*:?|customer\\s*:?|"
	"author\\s*:|owner\\s*:|assignee\\s*:|manager\\s*:|"
	"(?:reviewed|approved|written|signed|reported|prepared|submitted|requested)\\s+by|"
	"assigned\\s+to|ask|tell|ping|thank|met|meet|judge|nurse|coach|driver|officer|"
	"captain|sergeant|detective|inspector|rev|reverend|father|sister|uncle|aunt|agent|"
	"doctor|teacher|president|director|chairman|chairwoman|minister|senator|"
	"registrar|consultant|midwife|pastor|rabbi|imam|counsel|attorney|"
	"г-н|г-жа|гн|господин|господину|господина|госпожа|госпоже|госпожи|"
	"уважаемый|уважаемая|уважаемые|дорогой|дорогая|здравствуйте|привет|добрый\\s+день|"
	"меня\\s+зовут|его\\s+зовут|её\\s+зовут|ее\\s+зовут|зовут|фио\\s*:?|ф\\.и\\.о\\.\\s*:?|"
	"фамилия\\s*:?|имя\\s*:?|от\\s*:|кому\\s*:|исп\\.?|отв\\.?|подпись\\s*:?|пациент\\s*:?|"
	"сотрудник\\s*:?|сотрудница\\s*:?|клиент\\s*:?|"
	"құрметті|сәлем|сәлеметсіз\\s+бе|менің\\s+атым|менің\\s+есімім|атым|есімім|"
	"аты-жөні\\s*:?|аты\\s*:|тегі\\s*:|әкесінің\\s+аты\\s*:|отчество\\s*:?|"
	"aty\\s*:|tegi\\s*:|т\\.\\s*а\\.\\s*ә\\.\\s*:?|қол\\s+қойған|жауапты\\s*:?|науқас\\s*:?|"
	"қызметкер\\s*:?"
	")\\.?[\\s,:!\\x{2014}\\x{2013}-]*$";

/* honorifics right before a name: strong evidence even for a name that is also a word */
static const char honor_before[] =
	"(?<!\\p{L})(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|lady|lord|dear|"
	"г-н|г-жа|гн|господин|господину|господина|госпожа|госпоже|госпожи|уважаемый|"
	"уважаемая|дорогой|дорогая|құрметті|ардақты|қымбатты|аяулы|меня\\s+зовут|my\\s+name\\s+is|менің\\s+атым|"
	"менің\\s+есімім)\\.?[\\s,]*$";

/* titles and introductions that make even an unknown capitalised word a name */
static const char title_before[] =
	"(?<!\\p{L})(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|madam|dame|"
	"г-н|г-жа|гн|господин|господину|господина|госпожа|госпоже|госпожи|"
	"меня\\s+зовут|my\\s+name\\s+is|call\\s+me|менің\\s+атым|менің\\s+есімім)"
	"\\.?\\s*$";

/* honorifics right after a name (Kazakh) */
static const char honor_after[] =
	",?\\s*(?:мырза|мырзаға|мырзаның|мырзамен|ханым|ханымға|ханымның|ханыммен|апай|апайға|"
	"апайдың|ағай|ағайға|ағайдың|аға|ағаға|ағаның|жан)(?!\\p{L})";

/* starts the text after a name */
static const char ctx_after[] =
	",?\\s*(?:мырза|мырзаға|ханым|ханымға|апай|апайға|ағай|ағайға|аға|ағаға|жан|"
	"said|says|wrote|writes|asked|asks|replied|told|added|explained|noted|confirmed|"
	"agreed|joined|signed|called|emailed|reported|"
	"сказал|сказала|написал|написала|пишет|ответил|ответила|спросил|спросила|"
	"сообщил|сообщила|пришёл|пришел|пришла|звонил|звонила|позвонил|позвонила|"
	"подписал|подписала|родился|родилась|"
	"деді|айтты|жазды|келді|хабарлады|сұрады|қол\\s+қойды|туған)(?!\\p{L})";

/* a place or company word right before the name: the name is part of its name */
static const char place_before[] =
	"(?<!\\p{L})(?:ул|улица|улице|улицу|улицы|пр|пр-т|проспект|проспекте|проспекта|"
	"пер|переулок|пл|площадь|площади|бульвар|б-р|шоссе|метро|станция|ст|г|город|городе|"
	"пос|посёлок|поселок|село|район|им|имени|компания|компании|банк|банка|ооо|оао|зао|"
	"ао|тоо|street|st|avenue|ave|road|rd|lake|mount|mt|fort|port|saint|san|santa|"
	"cape|university\\s+of|city\\s+of|county\\s+of|named\\s+after|вокзал|аэропорт|"
	"қаласы|облысы)\\.?\\s+$";

/* a place or company word right after the name */
static const char place_after[] =
	"\\s*(?:street|st\\b|avenue|ave|road|rd|boulevard|blvd|lane|drive|square|park|bank|"
	"inc|llc|ltd|corp|corporation|co\\b|company|group|university|college|school|hospital|"
	"clinic|airport|station|county|city|river|lake|mountain|hotel|foundation|institute|"
	"motors|capital|partners|holdings|&|and\\s+co|tower|center|centre|mall|plaza|bridge|"
	"valley|beach|bay|heights|gardens|highway|labs?|systems|technologies|software|"
	"studios?|media|airlines|region|state|province|district|museum|library|memorial|"
	"award|prize|area|"
	"улиц\\p{L}*|проспект\\p{L}*|площад\\p{L}*|район\\p{L}*|вокзал\\p{L}*|банк\\p{L}*|"
	"университет\\p{L}*|стрит|"
	"даңғыл\\p{L}*|көше\\p{L}*|облыс\\p{L}*|аудан\\p{L}*|қала\\p{L}*|ауыл\\p{L}*|"
	"мектеб\\p{L}*|мектеп\\p{L}*|алаң\\p{L}*|атындағы|"
	"dañğyl\\p{L}*|dangyl\\p{L}*|köşe\\p{L}*|koshe\\p{L}*|oblys\\p{L}*|qala\\p{L}*|"
	"audan\\p{L}*|atyndağy|atyndagy)(?!\\p{L})";

/* companies, brands and characters named like people, matched at a name's start */
static const char brand[] =
	"(?:morgan\\s+stanley|wells\\s+fargo|goldman\\s+sachs|john\\s+lewis|"
	"johnson\\s+(?:&|and)\\s+johnson|johnson\\s+controls|marks\\s+(?:&|and)\\s+spencer|"
	"charles\\s+schwab|edward\\s+jones|raymond\\s+james|jack\\s+daniel|dr\\.?\\s+pepper|"
	"ben\\s+(?:&|and)\\s+jerry|procter\\s+(?:&|and)\\s+gamble|merrill\\s+lynch|"
	"lehman\\s+brothers|ernst\\s+(?:&|and)\\s+young|tommy\\s+hilfiger|calvin\\s+klein|"
	"ralph\\s+lauren|hugo\\s+boss|louis\\s+vuitton|estee\\s+lauder|harley[- ]davidson|"
	"rolls[- ]royce|aston\\s+martin|mercedes[- ]benz|alfa\\s+romeo|santa\\s+claus|"
	"father\\s+christmas|harry\\s+potter|sherlock\\s+holmes|дед\\s+мороз|"
	"снегурочк\\p{L}*|аяз\\s+ата|johns\\s+hopkins|mary\\s+kay|martha\\s+stewart)"
	"(?!\\p{L})";

/* a closing line before a signature */
static const char closing[] =
	"(?<!\\p{L})(?:regards|best|thanks|thank\\s+you|cheers|sincerely|yours|respectfully|warmly|"
	"с\\s+уважением|спасибо|всего\\s+доброго|искренне\\s+ваш|искренне\\s+ваша|"
	"с\\s+наилучшими\\s+пожеланиями|құрметпен|рахмет|ізгі\\s+тілекпен|сәлеммен)"
	"[\\s,.!]*$";

/* nothing but a bracketed time or a bullet before a speaker's name */
static const char speaker[] = "(?<![^\\n])[\\s>*-]*(?:\\[[^\\]\\n]{1,40}\\]\\s*)?$";

int dp_person_ctx_build(dp_detector *d, dp_err *err)
{
	static const char *const src[PCTX_COUNT] = {
		ctx_before, ctx_after, place_before, place_after, closing, speaker, honor_before,
		honor_after, title_before, brand
	};
	/* the patterns that end where a name starts are tried anchored at the last few word
	 * starts (match_before), so they are compiled anchored at both ends */
	static const unsigned opts[PCTX_COUNT] = {
		PCRE2_CASELESS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, PCRE2_CASELESS | PCRE2_ANCHORED,
		PCRE2_CASELESS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, PCRE2_CASELESS | PCRE2_ANCHORED,
		PCRE2_CASELESS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
		PCRE2_CASELESS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, PCRE2_CASELESS | PCRE2_ANCHORED,
		PCRE2_CASELESS | PCRE2_ANCHORED | PCRE2_ENDANCHORED, PCRE2_CASELESS | PCRE2_ANCHORED
	};

	for (int i = 0; i < PCTX_COUNT; i++) {
		if (!(d->pctx[i] = dp_detect_compile(src[i], opts[i], 1, err)))
			return err->code ? err->code : DP_SOFTWARE;
		/* the probe: may a match start with these characters (a partial match)? */
		if (!(d->pprobe[i] = dp_detect_compile_partial(src[i], opts[i] & ~PCRE2_ENDANCHORED, err)))
			return err->code ? err->code : DP_SOFTWARE;
	}
	return 0;
}

/* a start offset at or after off that is not inside a UTF-8 sequence */
static size_t char_start(const char *t, size_t off, size_t lim)
{
	while (off < lim && ((unsigned char)t[off] & 0xC0) == 0x80)
		off++;
	return off;
}

#define MEMO_BITS 14              /* 16384 remembered probes, per scanner (64 KiB) */
#define NO_CHAR 0x7FF             /* no second character */

/* Up to two code points at t[from..to) into c (NO_CHAR for no second one); 0 when there
 * is none, when the UTF-8 is invalid or when one is above U+07FE (the probes remember 11
 * bits a character; a second U+07FF is taken for none, a shorter probe). */
static int first_chars(const char *t, size_t from, size_t to, UChar32 c[2])
{
	int32_t i = 0, n = (int32_t)(to - from < 8 ? to - from : 8);
	const uint8_t *u = (const uint8_t *)t + from;

	if (n <= 0)
		return 0;
	U8_NEXT(u, i, n, c[0]);
	c[1] = NO_CHAR;
	if (i < n)
		U8_NEXT(u, i, n, c[1]);
	return c[0] >= 0 && c[0] < NO_CHAR && c[1] >= 0 && c[1] <= NO_CHAR;
}

/* 0 when no match of pattern p can start with the characters c: a partial match of them
 * alone fails. Only negative look-behinds precede the patterns' first characters, so the
 * text before `from` can only make a match fail. Remembered per scanner. */
static int may_start(dp_scanner *s, int p, const UChar32 c[2])
{
	uint32_t key = (uint32_t)p << 22 | (uint32_t)c[0] << 11 | (uint32_t)c[1], *m;
	char b[8];
	size_t n = 0;
	int rc;

	if (!s->pmemo && !(s->pmemo = calloc((size_t)1 << MEMO_BITS, sizeof *s->pmemo)))
		return 1;
	m = &s->pmemo[(key * 0x9E3779B1u) >> (32 - MEMO_BITS)];
	if (*m >> 1 == key + 1)
		return (int)(*m & 1);
	for (int k = 0; k < 2 && c[k] != NO_CHAR; k++)
		U8_APPEND_UNSAFE(b, n, c[k]);
	rc = pcre2_match(s->d->pprobe[p], (PCRE2_SPTR)b, n, 0, PCRE2_PARTIAL_HARD, s->md, NULL);
	*m = (key + 1) << 1 | (rc != PCRE2_ERROR_NOMATCH);
	return rc != PCRE2_ERROR_NOMATCH;
}

/* pattern p matching from `from` within t[..to) (anchored or end-anchored as compiled) */
static int match_window(dp_scanner *s, int p, size_t from, size_t to)
{
	UChar32 c[2];
	int rc;

	from = char_start(s->t, from, to);
	if (first_chars(s->t, from, to, c) && !may_start(s, p, c))
		return 0;
	rc = pcre2_jit_match(s->d->pctx[p], (PCRE2_SPTR)s->t, to, from, 0, s->md, NULL);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(s->d->pctx[p], (PCRE2_SPTR)s->t, to, from, 0, s->md, NULL);
	return rc > 0;
}

#define STARTS_MAX 6     /* word starts tried before a name: "my name is", "т. а. ә." */

/* a word may start after byte b: ASCII that is no letter or digit */
static int word_sep(unsigned char b)
{
	return b < 0x80 && !((b | 0x20) >= 'a' && (b | 0x20) <= 'z') && !(b >= '0' && b <= '9');
}

/* an end-anchored pattern p matching t[q..to) for one of the last STARTS_MAX word starts
 * q in [from, to): a handful of anchored tries instead of a search from every byte. A word
 * starts at `from`, and at any other q that follows a word_sep byte and is neither a space
 * nor inside a UTF-8 sequence. */
static int match_before(dp_scanner *s, int p, size_t from, size_t to)
{
	const unsigned char *t = (const unsigned char *)s->t;
	int tries = 0;

	from = char_start(s->t, from, to);
	for (size_t q = to; q > from && tries < STARTS_MAX;) {
		unsigned char c = t[--q];

		if ((c & 0xC0) == 0x80 || (q > from && (c == ' ' || !word_sep(t[q - 1]))))
			continue;
		tries++;
		if (match_window(s, p, q, to))
			return 1;
	}
	return 0;
}

#define LINE_LOOK 256   /* bytes looked at on each side of a name; a line may be longer */

/* the start of the line holding at, or at - LINE_LOOK on a longer line */
static size_t line_start(const dp_scanner *s, size_t at)
{
	size_t lim = at > LINE_LOOK ? at - LINE_LOOK : 0;
	const char *nl = memrchr(s->t + lim, '\n', at - lim);

	return nl ? (size_t)(nl - s->t) + 1 : lim;
}

/* the end of the line holding at, or at + LINE_LOOK on a longer line */
static size_t line_end(const dp_scanner *s, size_t at)
{
	size_t lim = s->n - at > LINE_LOOK ? LINE_LOOK : s->n - at;
	const char *nl = memchr(s->t + at, '\n', lim);

	return nl ? (size_t)(nl - s->t) : at + lim;
}

static size_t window_from(size_t ls, size_t st, size_t w)
{
	return st - ls > w ? st - w : ls;
}

/* an anchored pattern p matching at `at`, looking at most `cap` bytes up to the line end le */
static int match_after(dp_scanner *s, int p, size_t at, size_t le, size_t cap)
{
	return at < le && match_window(s, p, at, le - at > cap ? at + cap : le);
}

/* a place or company word makes the name at [st, en) part of another name; ls and le
 * bound its line */
static int place_veto(dp_scanner *s, size_t st, size_t en, size_t ls, size_t le)
{
	return match_after(s, PCTX_BRAND, st, le, 64) ||
	       match_before(s, PCTX_PLACE_BEFORE, window_from(ls, st, 48), st) ||
	       match_after(s, PCTX_PLACE_AFTER, en, le, 64);
}

/* the name is alone on its line (but for punctuation) and the line before is a closing */
static int signature(dp_scanner *s, size_t st, size_t en, size_t ls)
{
	size_t le = line_end(s, en), pe, ps;

	for (size_t i = ls; i < st; i++)
		if (!s->t[i] || !strchr(" \t-*>", s->t[i]))
			return 0;
	for (size_t i = en; i < le; i++)
		if (!s->t[i] || !strchr(" \t\r,.", s->t[i]))
			return 0;
	if (ls == 0)
		return 1;
	pe = ls - 1;
	while (pe > 0 && (s->t[pe - 1] == '\r' || s->t[pe - 1] == ' '))
		pe--;
	ps = line_start(s, pe);
	return match_before(s, PCTX_CLOSING, window_from(ps, pe, 96), pe) ? 2 : 1;
}

int dp_person_titled(dp_scanner *s, size_t st, size_t en)
{
	size_t ls = line_start(s, st), le = line_end(s, en);

	return match_before(s, PCTX_TITLE, window_from(ls, st, 48), st) ||
	       match_after(s, PCTX_HONOR_AFTER, en, le, 48);
}

int dp_person_place_word(dp_scanner *s, size_t at)
{
	return match_after(s, PCTX_PLACE_AFTER, at, line_end(s, at), 64);
}

double dp_person_place_only(dp_scanner *s, size_t st, size_t en, unsigned *why)
{
	*why = 0;
	return place_veto(s, st, en, line_start(s, st), line_end(s, en)) ? -1.0 : 0.0;
}

double dp_person_context(dp_scanner *s, size_t st, size_t en, unsigned *why)
{
	size_t ls = line_start(s, st), le = line_end(s, en);
	int sig;

	*why = 0;
	if (place_veto(s, st, en, ls, le))
		return -1.0;
	if (match_before(s, PCTX_HONOR_BEFORE, window_from(ls, st, 48), st) ||
	    match_after(s, PCTX_HONOR_AFTER, en, le, 48)) {
		*why = 1;
		return 0.5;
	}
	if (match_before(s, PCTX_BEFORE, window_from(ls, st, 96), st) ||
	    match_after(s, PCTX_AFTER, en, le, 64)) {
		*why = 1;
		return 0.35;
	}
	if (en < le && s->t[en] == ':' && match_window(s, PCTX_SPEAKER, ls, st)) {
		*why = 2;              /* "[10:42] Ivan: ok" */
		return 0.35;
	}
	sig = signature(s, st, en, ls);
	*why = sig == 2 ? 1 : sig == 1 ? 2 : 0;
	return sig == 2 ? 0.35 : sig == 1 ? 0.1 : 0.0;
}
