/* test_eid.c - unit tests for keyed entity ids (eid.h). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "eid.h"

static const unsigned char key1[32] = {1, 2, 3};
static const unsigned char key2[32] = {9, 9, 9};

static void eid__same_value_same_key__same_id(void **state)
{
	dp_eid_keys k;
	unsigned char a[DP_EID_BYTES], b[DP_EID_BYTES];

	(void)state;
	dp_eid_keys_init(&k, key1);
	dp_eid(&k, "email", "a@b.example", 11, a);
	dp_eid(&k, "email", "a@b.example", 11, b);
	assert_memory_equal(a, b, DP_EID_BYTES);
	dp_eid_keys_wipe(&k);
}

static void eid__other_key_or_namespace__other_id(void **state)
{
	dp_eid_keys k1, k2;
	unsigned char a[DP_EID_BYTES], b[DP_EID_BYTES], c[DP_EID_BYTES];

	(void)state;
	dp_eid_keys_init(&k1, key1);
	dp_eid_keys_init(&k2, key2);
	dp_eid(&k1, "email", "x", 1, a);
	dp_eid(&k2, "email", "x", 1, b);
	dp_eid(&k1, "phone", "x", 1, c);
	assert_memory_not_equal(a, b, DP_EID_BYTES);
	assert_memory_not_equal(a, c, DP_EID_BYTES);
}

/* the separator keeps ("ab", "c") and ("a", "bc") apart */
static void eid__boundary_shift__other_id(void **state)
{
	dp_eid_keys k;
	unsigned char a[DP_EID_BYTES], b[DP_EID_BYTES];

	(void)state;
	dp_eid_keys_init(&k, key1);
	dp_eid(&k, "ab", "c", 1, a);
	dp_eid(&k, "a", "bc", 2, b);
	assert_memory_not_equal(a, b, DP_EID_BYTES);
}

static void eid__shift_days__nonzero_within_range_and_stable(void **state)
{
	dp_eid_keys k;
	unsigned char id[DP_EID_BYTES];
	int seen_neg = 0, seen_pos = 0;

	(void)state;
	dp_eid_keys_init(&k, key1);
	for (int i = 0; i < 500; i++) {
		char v[16];
		int n = snprintf(v, sizeof v, "s%d", i), d;
		dp_eid(&k, "subject", v, (size_t)n, id);
		d = dp_eid_shift_days(&k, id, 30);
		assert_true(d != 0 && d >= -30 && d <= 30);
		assert_int_equal(d, dp_eid_shift_days(&k, id, 30));
		seen_neg |= d < 0;
		seen_pos |= d > 0;
	}
	assert_true(seen_neg && seen_pos);
}

static void eid__seed__depends_on_purpose(void **state)
{
	dp_eid_keys k;
	unsigned char id[DP_EID_BYTES] = {0}, s1[DP_EID_SEED_BYTES], s2[DP_EID_SEED_BYTES];

	(void)state;
	dp_eid_keys_init(&k, key1);
	dp_eid_seed(&k, "first", id, s1);
	dp_eid_seed(&k, "surname", id, s2);
	assert_memory_not_equal(s1, s2, DP_EID_SEED_BYTES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eid__same_value_same_key__same_id),
		cmocka_unit_test(eid__other_key_or_namespace__other_id),
		cmocka_unit_test(eid__boundary_shift__other_id),
		cmocka_unit_test(eid__shift_days__nonzero_within_range_and_stable),
		cmocka_unit_test(eid__seed__depends_on_purpose),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
