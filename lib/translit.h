/* translit.h - Cyrillic to Latin transliteration by fixed tables: ICAO Doc 9303 (Russian
 * passports since 2013) for ru, the 2021 Kazakh Latin alphabet for kk. ICU's transforms
 * (Russian-Latin/BGN, Kazakh-Latin/BGN) follow BGN/PCGN, which is neither.
 * Ownership: stateless; the caller owns both buffers. Nothing is allocated.
 * templates/data/build.py holds the same tables; the data packs' Latin columns are
 * checked against this code by tests/unit/test_datapack.c. */
#ifndef DP_TRANSLIT_H
#define DP_TRANSLIT_H

#include <stddef.h>

typedef enum dp_translit_scheme {
	DP_TRANSLIT_NONE = 0,   /* copy unchanged */
	DP_TRANSLIT_RU_ICAO,    /* ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ъ ie, ь -, ю iu, я ia */
	DP_TRANSLIT_KK_2021     /* ә ä, ғ ğ, қ q, ң ñ, ө ö, ұ ū, ү ü, і ı, и/й i, ш ş, ч ç, ж j */
} dp_translit_scheme;

/* The scheme for a locale name ("ru", "kk"); DP_TRANSLIT_NONE for any other. */
dp_translit_scheme dp_translit_for_locale(const char *locale);

/* Writes the Latin form of in[0..len) to out, at most outcap bytes including a final NUL
 * (always written when outcap > 0), and returns the length the whole result needs, as
 * snprintf does. An upper-case letter that becomes several letters is written in title
 * case (Щ -> Shch) unless the letter next to it is upper case too (ЩУКИН -> SHCHUKIN).
 * Characters without a table entry, and invalid UTF-8 bytes, are copied unchanged. */
size_t dp_translit(dp_translit_scheme scheme, const char *in, size_t len, char *out,
                   size_t outcap);

#endif
