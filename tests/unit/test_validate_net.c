/* tests/unit/test_validate_net.c - IPv4, IPv6 and MAC address shapes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define V4(s) dp_valid_ipv4((s), strlen(s))
#define V6(s) dp_valid_ipv6((s), strlen(s))
#define MAC(s) dp_valid_mac((s), strlen(s))

static void ipv4__dotted_quads__accepted(void **state)
{
	(void)state;
	assert_true(V4("192.168.1.10"));
	assert_true(V4("0.0.0.0"));
	assert_true(V4("255.255.255.255"));
	assert_true(V4("10.0.100.1"));
}

static void ipv4__octet_over_255__rejected(void **state)
{
	(void)state;
	assert_false(V4("256.1.1.1"));
	assert_false(V4("1.1.1.300"));
	assert_false(V4("1.1.1.1000"));
}

static void ipv4__leading_zero__rejected(void **state)
{
	(void)state;
	assert_false(V4("192.168.01.1"));
	assert_false(V4("010.0.0.1"));
	assert_false(V4("1.1.1.00"));
}

static void ipv4__wrong_shape__rejected(void **state)
{
	(void)state;
	assert_false(V4("1.2.3"));
	assert_false(V4("1.2.3.4.5"));
	assert_false(V4("1..2.3"));
	assert_false(V4("1.2.3.4."));
	assert_false(V4(".1.2.3.4"));
	assert_false(V4("1.2.3.a"));
	assert_false(V4(" 1.2.3.4"));
	assert_false(V4(""));
}

static void ipv6__full_form__accepted(void **state)
{
	(void)state;
	assert_true(V6("2001:0db8:85a3:0000:0000:8a2e:0370:7334"));
	assert_true(V6("2001:db8:85a3:0:0:8A2E:370:7334"));
}

static void ipv6__compressed__accepted(void **state)
{
	(void)state;
	assert_true(V6("::1"));
	assert_true(V6("fe80::1"));
	assert_true(V6("2001:db8::"));
	assert_true(V6("2001:db8::8a2e:370:7334"));
	assert_true(V6("1:2:3:4:5:6:7::"));
	assert_true(V6("::2:3:4:5:6:7:8"));
}

static void ipv6__ipv4_tail__accepted(void **state)
{
	(void)state;
	assert_true(V6("::ffff:192.0.2.128"));
	assert_true(V6("::192.0.2.128"));
	assert_true(V6("64:ff9b::192.0.2.33"));
	assert_true(V6("1:2:3:4:5:6:192.0.2.1"));
}

static void ipv6__double_colon_twice__rejected(void **state)
{
	(void)state;
	assert_false(V6("2001::db8::1"));
	assert_false(V6(":::1"));
	assert_false(V6("1:::2"));
}

static void ipv6__wrong_group_count__rejected(void **state)
{
	(void)state;
	assert_false(V6("1:2:3:4:5:6:7"));
	assert_false(V6("1:2:3:4:5:6:7:8:9"));
	assert_false(V6("1:2:3:4:5:6:7::8")); /* "::" must stand for at least one group */
	assert_false(V6("1:2:3:4:5:6:7:192.0.2.1"));
}

static void ipv6__bad_groups__rejected(void **state)
{
	(void)state;
	assert_false(V6("2001:db8:85a3:0:0:8a2e:370:73345"));
	assert_false(V6("2001:db8:85a3:0:0:8a2e:370:733g"));
	assert_false(V6("::ffff:192.0.2.256"));
	assert_false(V6("::ffff:192.0.2"));
	assert_false(V6("fe80::1%eth0"));
	assert_false(V6(":1:2:3:4:5:6:7"));
	assert_false(V6("1:2:3:4:5:6:7:"));
}

static void ipv6__unspecified_and_non_addresses__rejected(void **state)
{
	(void)state;
	assert_false(V6("::"));
	assert_false(V6("12:30"));
	assert_false(V6("12:30:45"));
	assert_false(V6("deadbeef"));
	assert_false(V6("beef"));
	assert_false(V6("std::string"));
	assert_false(V6(""));
}

static void mac__colon_and_dash__accepted(void **state)
{
	(void)state;
	assert_true(MAC("00:1a:2b:3c:4d:5e"));
	assert_true(MAC("00-1A-2B-3C-4D-5E"));
	assert_true(MAC("AA:bb:CC:dd:EE:ff"));
}

static void mac__cisco_dots__accepted(void **state)
{
	(void)state;
	assert_true(MAC("001a.2b3c.4d5e"));
	assert_true(MAC("001A.2B3C.4D5E"));
}

static void mac__mixed_separators__rejected(void **state)
{
	(void)state;
	assert_false(MAC("00:1a-2b:3c:4d:5e"));
	assert_false(MAC("00-1a-2b-3c-4d:5e"));
	assert_false(MAC("00.1a.2b.3c.4d.5e"));
	assert_false(MAC("001a:2b3c:4d5e"));
}

static void mac__wrong_shape__rejected(void **state)
{
	(void)state;
	assert_false(MAC("00:1a:2b:3c:4d"));
	assert_false(MAC("00:1a:2b:3c:4d:5e:6f"));
	assert_false(MAC("00:1a:2b:3c:4d:5g"));
	assert_false(MAC("001a2b3c4d5e"));
	assert_false(MAC("0:1a:2b:3c:4d:5ef"));
	assert_false(MAC(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4__dotted_quads__accepted),
		cmocka_unit_test(ipv4__octet_over_255__rejected),
		cmocka_unit_test(ipv4__leading_zero__rejected),
		cmocka_unit_test(ipv4__wrong_shape__rejected),
		cmocka_unit_test(ipv6__full_form__accepted),
		cmocka_unit_test(ipv6__compressed__accepted),
		cmocka_unit_test(ipv6__ipv4_tail__accepted),
		cmocka_unit_test(ipv6__double_colon_twice__rejected),
		cmocka_unit_test(ipv6__wrong_group_count__rejected),
		cmocka_unit_test(ipv6__bad_groups__rejected),
		cmocka_unit_test(ipv6__unspecified_and_non_addresses__rejected),
		cmocka_unit_test(mac__colon_and_dash__accepted),
		cmocka_unit_test(mac__cisco_dots__accepted),
		cmocka_unit_test(mac__mixed_separators__rejected),
		cmocka_unit_test(mac__wrong_shape__rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
