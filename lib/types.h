/* types.h - the entity types doppel detects (SPEC section 4) and their static metadata.
 * Ownership: everything here is static, read-only data; nothing to free. Custom types
 * from a rules file are numbered from DP_T_BUILTIN_COUNT upward and described by the
 * rules object (rules.h), not by this table. */
#ifndef DP_TYPES_H
#define DP_TYPES_H

enum dp_type {
	DP_T_EMAIL, DP_T_PHONE, DP_T_URL,
	DP_T_CARD, DP_T_IBAN, DP_T_SWIFT_BIC,
	DP_T_KZ_IIN, DP_T_KZ_BIN, DP_T_RU_INN, DP_T_RU_SNILS, DP_T_US_SSN, DP_T_PASSPORT,
	DP_T_IPV4, DP_T_IPV6, DP_T_MAC,
	DP_T_PERSON, DP_T_DATE_OF_BIRTH, DP_T_ADDRESS,
	DP_T_PRIVATE_KEY, DP_T_AWS_ACCESS_KEY, DP_T_JWT, DP_T_GITHUB_TOKEN, DP_T_SLACK_TOKEN,
	DP_T_PASSWORD_IN_URL, DP_T_GENERIC_SECRET,
	DP_T_CANARY,          /* no detector: doppel-scan --canaries matches a registry */
	DP_T_BUILTIN_COUNT
};

#define DP_T_MAX 64   /* built-in plus custom types */

typedef struct dp_type_info {
	const char *id;          /* stable lowercase id: "email" */
	const char *group;       /* contact, money, national_id, network, people, secret */
	const char *title;       /* "E-mail address" */
	const char *help;        /* one sentence for SARIF help / --list-types */
	double min_score;        /* default reporting threshold */
} dp_type_info;

const dp_type_info *dp_type_get(int type);   /* NULL for custom or out-of-range ids */
/* Built-in type for an id string, or -1. */
int dp_type_lookup(const char *id);

#endif
