/* tests/unit/test_validate_secret.c - JWT shape and Shannon entropy. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define JWT(s) dp_valid_jwt((s), strlen(s))
#define H(s) dp_shannon_entropy((s), strlen(s))

/* {"alg":"HS256","typ":"JWT"} . {"sub":"1234567890","name":"John Doe","iat":1516239022} */
#define JWT_IO "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." \
	"eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ." \
	"SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
#define PAYLOAD "eyJzdWIiOiIxIn0" /* {"sub":"1"} */

static void jwt__jwt_io_example__accepted(void **state)
{
	(void)state;
	assert_true(JWT(JWT_IO));
}

static void jwt__unpadded_lengths__accepted(void **state)
{
	(void)state;
	/* {"alg":"none"} (19 chars) with an empty signature */
	assert_true(JWT("eyJhbGciOiJub25lIn0." PAYLOAD "."));
	/* {"alg":"RS256"} */
	assert_true(JWT("eyJhbGciOiJSUzI1NiJ9." PAYLOAD ".c2ln"));
	/* ' { "alg" : "ES256" } ' with blanks around */
	assert_true(JWT("IHsgImFsZyIgOiAiRVMyNTYiIH0g." PAYLOAD ".abc-_0"));
}

static void jwt__header_without_alg__rejected(void **state)
{
	(void)state;
	assert_false(JWT("eyJ0eXAiOiJKV1QifQ." PAYLOAD ".c2ln"));        /* {"typ":"JWT"} */
	assert_false(JWT("eyJ4IjoiYWxnIn0." PAYLOAD ".c2ln"));           /* "alg" as a value */
	assert_false(JWT("eyJhbGdvIjoiSFMyNTYifQ." PAYLOAD ".c2ln"));    /* "algo" */
}

static void jwt__header_not_object__rejected(void **state)
{
	(void)state;
	assert_false(JWT("WyJhbGciXQ." PAYLOAD ".c2ln")); /* ["alg"] */
}

static void jwt__payload_not_object__rejected(void **state)
{
	(void)state;
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9.InN1YiI.c2ln")); /* "sub" */
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9..c2ln"));
}

static void jwt__wrong_part_count__rejected(void **state)
{
	(void)state;
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9." PAYLOAD));
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9"));
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9." PAYLOAD ".c2ln.c2ln.c2ln"));
	assert_false(JWT(""));
}

static void jwt__bad_characters__rejected(void **state)
{
	(void)state;
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9." PAYLOAD ".c2l+"));
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9." PAYLOAD ".c2l/"));
	assert_false(JWT("eyJhbGciOiJub25lIn0=." PAYLOAD ".c2ln"));
	assert_false(JWT("eyJhbGci OiJSUzI1NiJ9." PAYLOAD ".c2ln"));
}

static void jwt__impossible_base64_length__rejected(void **state)
{
	(void)state;
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9." PAYLOAD ".c2lnA")); /* 5 chars: n mod 4 == 1 */
	assert_false(JWT("eyJhbGciOiJSUzI1NiJ9a." PAYLOAD ".c2ln"));
}

static void entropy__empty_and_uniform__zero(void **state)
{
	(void)state;
	assert_true(H("") == 0.0);
	assert_true(H("aaaaaaaa") < 1e-12);
}

static void entropy__known_values__computed(void **state)
{
	(void)state;
	assert_true(H("ab") > 1.0 - 1e-9 && H("ab") < 1.0 + 1e-9);
	assert_true(H("abcd") > 2.0 - 1e-9 && H("abcd") < 2.0 + 1e-9);
	/* aab: -(2/3 log2 2/3 + 1/3 log2 1/3) = 0.9182958340544896 */
	assert_true(H("aab") > 0.918295834054 && H("aab") < 0.918295834055);
}

static void entropy__all_bytes__eight_bits(void **state)
{
	char buf[512];
	(void)state;
	for (int i = 0; i < 512; i++)
		buf[i] = (char)(i & 0xff);
	double h = dp_shannon_entropy(buf, sizeof buf);
	assert_true(h > 8.0 - 1e-9 && h < 8.0 + 1e-9);
}

static void entropy__random_key_vs_word__ordered(void **state)
{
	(void)state;
	assert_true(H("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") > 4.0);
	assert_true(H("passwordpassword") < 3.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jwt__jwt_io_example__accepted),
		cmocka_unit_test(jwt__unpadded_lengths__accepted),
		cmocka_unit_test(jwt__header_without_alg__rejected),
		cmocka_unit_test(jwt__header_not_object__rejected),
		cmocka_unit_test(jwt__payload_not_object__rejected),
		cmocka_unit_test(jwt__wrong_part_count__rejected),
		cmocka_unit_test(jwt__bad_characters__rejected),
		cmocka_unit_test(jwt__impossible_base64_length__rejected),
		cmocka_unit_test(entropy__empty_and_uniform__zero),
		cmocka_unit_test(entropy__known_values__computed),
		cmocka_unit_test(entropy__all_bytes__eight_bits),
		cmocka_unit_test(entropy__random_key_vs_word__ordered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
