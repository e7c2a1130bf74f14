/* types.c - the static table of built-in entity types (types.h). */
#include "config.h"
#include "types.h"

#include <string.h>

static const dp_type_info type_table[DP_T_BUILTIN_COUNT] = {
	[DP_T_EMAIL] = {"email", "contact", "E-mail address",
		"An e-mail address. Replace it with a reserved-domain address (example.com) or allowlist it.", 0.5},
	[DP_T_PHONE] = {"phone", "contact", "Phone number",
		"A phone number in E.164 or a national format. Use a reserved test range (555-01xx, 07700 900xxx).", 0.5},
	[DP_T_URL] = {"url", "contact", "URL with credentials or tokens",
		"A URL that carries a user name, password or access token. Remove the credentials.", 0.5},
	[DP_T_CARD] = {"card", "money", "Payment card number",
		"A Luhn-valid payment card number. Use a documented test card (4111 1111 1111 1111).", 0.5},
	[DP_T_IBAN] = {"iban", "money", "IBAN",
		"An International Bank Account Number with a valid mod-97 check.", 0.5},
	[DP_T_SWIFT_BIC] = {"swift_bic", "money", "SWIFT/BIC code",
		"A bank identifier code (8 or 11 characters with a valid country).", 0.5},
	[DP_T_KZ_IIN] = {"kz_iin", "national_id", "Kazakhstan IIN",
		"A Kazakh individual identification number with a valid birth date and check digit.", 0.5},
	[DP_T_KZ_BIN] = {"kz_bin", "national_id", "Kazakhstan BIN",
		"A Kazakh business identification number with a valid check digit.", 0.5},
	[DP_T_RU_INN] = {"ru_inn", "national_id", "Russian INN",
		"A Russian taxpayer number (10 or 12 digits) with valid check digits.", 0.5},
	[DP_T_RU_SNILS] = {"ru_snils", "national_id", "Russian SNILS",
		"A Russian insurance account number with a valid checksum.", 0.5},
	[DP_T_US_SSN] = {"us_ssn", "national_id", "US Social Security number",
		"A US SSN outside the never-issued ranges.", 0.5},
	[DP_T_PASSPORT] = {"passport", "national_id", "Passport number",
		"A passport number next to a passport context word.", 0.5},
	[DP_T_IPV4] = {"ipv4", "network", "IPv4 address",
		"An IPv4 address. Documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) score low.", 0.5},
	[DP_T_IPV6] = {"ipv6", "network", "IPv6 address",
		"An IPv6 address. The documentation prefix 2001:db8::/32 scores low.", 0.5},
	[DP_T_MAC] = {"mac", "network", "MAC address",
		"A hardware (MAC) address.", 0.5},
	[DP_T_PERSON] = {"person", "people", "Person name",
		"A person's name.", 0.5},
	[DP_T_DATE_OF_BIRTH] = {"date_of_birth", "people", "Date of birth",
		"A date next to a birth context word (born, DOB, дата рождения, туған күні).", 0.5},
	[DP_T_ADDRESS] = {"address", "people", "Street address",
		"A street address (house number and street word) next to an address context.", 0.5},
	[DP_T_PRIVATE_KEY] = {"private_key", "secret", "Private key",
		"A PEM private key block. Never commit keys; rotate it.", 0.5},
	[DP_T_AWS_ACCESS_KEY] = {"aws_access_key", "secret", "AWS access key id",
		"An AWS access key id. Keys ending in EXAMPLE are documentation keys and score low.", 0.5},
	[DP_T_JWT] = {"jwt", "secret", "JSON Web Token",
		"A JSON Web Token whose header decodes to JSON with an alg.", 0.5},
	[DP_T_GITHUB_TOKEN] = {"github_token", "secret", "GitHub token",
		"A GitHub personal access, OAuth, app or refresh token.", 0.5},
	[DP_T_SLACK_TOKEN] = {"slack_token", "secret", "Slack token",
		"A Slack bot, user, app or webhook token.", 0.5},
	[DP_T_PASSWORD_IN_URL] = {"password_in_url", "secret", "Password in URL",
		"A URL with user:password@ credentials.", 0.5},
	[DP_T_GENERIC_SECRET] = {"generic_secret", "secret", "Generic secret",
		"A high-entropy value assigned to a key, secret, token or password name.", 0.5},
	[DP_T_CANARY] = {"canary", "leak", "Canary value",
		"A canary value doppel-gen planted in generated test data (doppel-scan --canaries): the data leaked here. The message names the record it came from.", 0.5},
};

const dp_type_info *dp_type_get(int type)
{
	if (type < 0 || type >= DP_T_BUILTIN_COUNT)
		return NULL;
	return &type_table[type];
}

int dp_type_lookup(const char *id)
{
	for (int i = 0; i < DP_T_BUILTIN_COUNT; i++)
		if (strcmp(type_table[i].id, id) == 0)
			return i;
	return -1;
}
