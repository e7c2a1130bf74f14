/* tests/unit/test_validate_card.c - Luhn, card issuer/length table and documented test cards. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define LUHN(s) dp_valid_luhn((s), strlen(s))
#define CARD(s) dp_valid_card((s), strlen(s))
#define FAKE(s) dp_known_fake_card((s), strlen(s))

static void luhn__valid_visa__accepted(void **state)
{
	(void)state;
	assert_true(LUHN("4539526018159083"));
	assert_true(LUHN("79927398713"));
}

static void luhn__one_digit_changed__rejected(void **state)
{
	(void)state;
	assert_false(LUHN("4539526018159084"));
	assert_false(LUHN("4539526018158083"));
	assert_false(LUHN("79927398710"));
}

static void luhn__separators__ignored(void **state)
{
	(void)state;
	assert_true(LUHN("4539 5260 1815 9083"));
	assert_true(LUHN("4539-5260-1815-9083"));
	assert_false(LUHN("4539.5260.1815.9083"));
	assert_false(LUHN("4539x5260"));
}

static void luhn__too_short_or_empty__rejected(void **state)
{
	(void)state;
	assert_false(LUHN(""));
	assert_false(LUHN("0"));
	assert_false(LUHN(" - "));
}

static void card__each_issuer__accepted(void **state)
{
	static const char *const ok[] = {
		"4539526018159083",    /* Visa 16 */
		"4556301661317",       /* Visa 13 */
		"4716860913909960304", /* Visa 19 */
		"5100824628194822", "5599199351819095",  /* Mastercard 51, 55 */
		"2221378657975438", "2720231948757493",  /* Mastercard 2221, 2720 */
		"341186252760181", "379555979711476",    /* Amex */
		"6011104974650750", "6442917034236677", "6512768426846563218", /* Discover */
		"3528223307924402", "3589268599528907865", /* JCB */
		"30066617603134", "36721590109285", "3815901396245951", /* Diners */
		"6271177774121540", "6272803852808414850", /* UnionPay */
		"2200253888539334", "2204633875004747",  /* Mir */
		"503957551313", "6759373537990751161",   /* Maestro 12 and 19 */
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (!CARD(ok[i]))
			fail_msg("card %s rejected", ok[i]);
	}
}

static void card__grouped__accepted(void **state)
{
	(void)state;
	assert_true(CARD("4539 5260 1815 9083"));
	assert_true(CARD("3411-862527-60181"));
}

static void card__luhn_fails__rejected(void **state)
{
	(void)state;
	assert_false(CARD("4539526018159084"));
	assert_false(CARD("5100824628194823"));
	assert_false(CARD("341186252760182"));
}

static void card__wrong_length_for_issuer__rejected(void **state)
{
	(void)state;
	assert_false(CARD("437265167612227"));     /* Visa 15 */
	assert_false(CARD("51000297299752886"));   /* Mastercard 17 */
	assert_false(CARD("3720018263304342"));    /* Amex 16 */
	assert_false(CARD("40175989835"));         /* 11 digits */
	assert_false(CARD("44788783848372616758")); /* 20 digits */
}

static void card__unknown_prefix__rejected(void **state)
{
	(void)state;
	assert_false(CARD("1839548620579865"));    /* 1: UATP, not in the table */
	assert_false(CARD("2721828288072901"));    /* just above Mastercard 2720 */
	assert_false(CARD("2205222791805889"));    /* just above Mir 2204 */
	assert_false(CARD("9987180334018783"));
}

static void card__letters__rejected(void **state)
{
	(void)state;
	assert_false(CARD("4539526O18159083"));
	assert_false(CARD(""));
}

static void card_fake__documented_test_numbers__detected(void **state)
{
	static const char *const fakes[] = {
		"4111111111111111", "4012888888881881", "4242424242424242", "5555555555554444",
		"5105105105105100", "378282246310005", "371449635398431", "6011111111111117",
		"6011000990139424", "3530111333300000", "4000056655665556", "5200828282828210",
		"30569309025904", "38520000023237",
	};
	(void)state;
	for (size_t i = 0; i < sizeof fakes / sizeof fakes[0]; i++) {
		if (!FAKE(fakes[i]) || !CARD(fakes[i]))
			fail_msg("test card %s not valid+fake", fakes[i]);
	}
}

static void card_fake__separators__detected(void **state)
{
	(void)state;
	assert_true(FAKE("4111 1111 1111 1111"));
	assert_true(FAKE("4111-1111-1111-1111"));
}

static void card_fake__real_looking_number__not_fake(void **state)
{
	(void)state;
	assert_false(FAKE("4539526018159083"));
	assert_false(FAKE("411111111111111"));   /* prefix of a test number */
	assert_false(FAKE("41111111111111111")); /* longer */
	assert_false(FAKE(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(luhn__valid_visa__accepted),
		cmocka_unit_test(luhn__one_digit_changed__rejected),
		cmocka_unit_test(luhn__separators__ignored),
		cmocka_unit_test(luhn__too_short_or_empty__rejected),
		cmocka_unit_test(card__each_issuer__accepted),
		cmocka_unit_test(card__grouped__accepted),
		cmocka_unit_test(card__luhn_fails__rejected),
		cmocka_unit_test(card__wrong_length_for_issuer__rejected),
		cmocka_unit_test(card__unknown_prefix__rejected),
		cmocka_unit_test(card__letters__rejected),
		cmocka_unit_test(card_fake__documented_test_numbers__detected),
		cmocka_unit_test(card_fake__separators__detected),
		cmocka_unit_test(card_fake__real_looking_number__not_fake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
