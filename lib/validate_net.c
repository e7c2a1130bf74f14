/* lib/validate_net.c - IPv4 (strict dotted quad), IPv6 (RFC 4291 text forms) and MAC addresses. */
#include "config.h"

#include "validate.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Exactly four decimal octets 0..255 separated by '.', no leading zeros ("0" itself is fine). */
int dp_valid_ipv4(const char *s, size_t n)
{
	size_t i = 0;
	if (s == NULL)
		return 0;
	for (int oct = 0; oct < 4; oct++) {
		if (oct > 0 && (i >= n || s[i++] != '.'))
			return 0;
		size_t start = i;
		int v = 0;
		while (i < n && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		size_t len = i - start;
		if (len == 0 || v > 255 || (len > 1 && s[start] == '0'))
			return 0;
	}
	return i == n;
}

/* Parses groups of 1-4 hex digits separated by ':', one "::" and an optional dotted-quad
 * tail (worth two groups). Returns the group count, -1 on a syntax error; *dbl gets 1 when
 * "::" was seen. */
static int v6_groups(const char *s, size_t n, int *dbl)
{
	size_t i = 0;
	int groups = 0;
	*dbl = 0;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		*dbl = 1;
		i = 2;
	}
	while (i < n) {
		size_t j = i;
		while (j < n && is_hex(s[j]) && j - i < 5)
			j++;
		if (j < n && s[j] == '.')
			return dp_valid_ipv4(s + i, n - i) ? groups + 2 : -1;
		if (j == i || j - i > 4)
			return -1;
		groups++;
		if (j == n)
			return groups;
		if (s[j] != ':' || ++j == n)
			return -1;
		if (s[j] == ':') {
			if (*dbl)
				return -1;
			*dbl = 1;
			j++;
		}
		i = j;
	}
	return groups;
}

/* RFC 4291 section 2.2: eight groups, or fewer with one "::" standing for at least one
 * zero group; IPv4 tail allowed. "::" on its own (the unspecified address) is rejected:
 * it carries no information and is common in code. Zone ids ("%eth0") are not accepted. */
int dp_valid_ipv6(const char *s, size_t n)
{
	int dbl;
	if (s == NULL || n < 3)
		return 0;
	int groups = v6_groups(s, n, &dbl);
	if (groups < 0)
		return 0;
	return dbl ? groups >= 1 && groups <= 7 : groups == 8;
}

/* 1 when s[0..len) is `count` groups of `width` hex digits separated by `sep`. */
static int mac_groups(const char *s, size_t n, int count, int width, char sep)
{
	if (n != (size_t)(count * (width + 1) - 1))
		return 0;
	for (size_t i = 0; i < n; i++) {
		int at_sep = (i % (size_t)(width + 1)) == (size_t)width;
		if (at_sep ? s[i] != sep : !is_hex(s[i]))
			return 0;
	}
	return 1;
}

/* aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF (one separator throughout) or aabb.ccdd.eeff. */
int dp_valid_mac(const char *s, size_t n)
{
	if (s == NULL)
		return 0;
	if (n == 17)
		return (s[2] == ':' || s[2] == '-') && mac_groups(s, n, 6, 2, s[2]);
	return mac_groups(s, n, 3, 4, '.');
}
