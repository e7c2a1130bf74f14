/* mutate_keyboard.c - keyboard typos (neighbouring keys) and text typed with the wrong
 * layout active. Layouts are grids of four staggered rows; geometry in quarter keys. */
#include "config.h"
#include "mutate_internal.h"

#include <stdint.h>
#include <unicode/uchar.h>

#define ROWS 4
#define COLS 13

/* centre of key 0 of each row in quarter keys (Tab 1.5, Caps 1.75, Shift 2.25 keys) */
static const int row_off[ROWS] = {2, 8, 9, 11};

/* US QWERTY, letters only (0: a key that types no letter) */
static const uint16_t qwerty[ROWS][COLS] = {
	{0},
	{'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'},
	{'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'},
	{'z', 'x', 'c', 'v', 'b', 'n', 'm'},
};

/* Russian ЙЦУКЕН (GOST 6431-90 / Windows "Russian"): ё on the key left of 1 */
static const uint16_t jcuken[ROWS][COLS] = {
	{0x451},
	{0x439, 0x446, 0x443, 0x43A, 0x435, 0x43D, 0x433, 0x448, 0x449, 0x437, 0x445, 0x44A},
	{0x444, 0x44B, 0x432, 0x430, 0x43F, 0x440, 0x43E, 0x43B, 0x434, 0x436, 0x44D},
	{0x44F, 0x447, 0x441, 0x43C, 0x438, 0x442, 0x44C, 0x431, 0x44E},
};

/* Kazakh layout (РСТ КазССР 903-90, Windows KBDKAZ; checked against xkb-data's
 * symbols/kz "basic": AE02..AE05 ә і ң ғ, AE08..AE12 ү ұ қ ө һ): the letter rows are
 * ЙЦУКЕН, the number row carries 2 ә, 3 і, 4 ң, 5 ғ, 8 ү, 9 ұ, 0 қ, - ө, = һ (keys 1, 6,
 * 7 type punctuation) */
static const uint16_t kazakh[ROWS][COLS] = {
	{0, 0, 0x4D9, 0x456, 0x4A3, 0x493, 0, 0, 0x4AF, 0x4B1, 0x49B, 0x4E9, 0x4BB},
	{0x439, 0x446, 0x443, 0x43A, 0x435, 0x43D, 0x433, 0x448, 0x449, 0x437, 0x445, 0x44A},
	{0x444, 0x44B, 0x432, 0x430, 0x43F, 0x440, 0x43E, 0x43B, 0x434, 0x436, 0x44D},
	{0x44F, 0x447, 0x441, 0x43C, 0x438, 0x442, 0x44C, 0x431, 0x44E},
};

typedef const uint16_t grid_t[ROWS][COLS];

static int find_key(grid_t *g, long lc, int *row, int *col)
{
	for (int r = 0; r < ROWS; r++)
		for (int k = 0; k < COLS; k++)
			if ((*g)[r][k] && (*g)[r][k] == lc) {
				*row = r, *col = k;
				return 1;
			}
	return 0;
}

/* the layout a letter is typed on: its script's, Kazakh for Kazakh letters or locale */
static grid_t *grid_for(const struct mut_ctx *c, long lc, int *row, int *col)
{
	if (mut_is_latin(lc))
		return find_key(&qwerty, lc, row, col) ? &qwerty : NULL;
	if (c->lang == MUT_KK && find_key(&kazakh, lc, row, col))
		return &kazakh;
	if (find_key(&jcuken, lc, row, col))
		return &jcuken;
	return find_key(&kazakh, lc, row, col) ? &kazakh : NULL;
}

/* keys of g next to (row, col): same row +-1, rows above and below within 3/4 key */
static int neighbours(grid_t *g, int row, int col, long *nb)
{
	int x = row_off[row] + 4 * col, k = 0;

	for (int r = row - 1; r <= row + 1; r++) {
		if (r < 0 || r >= ROWS)
			continue;
		for (int j = 0; j < COLS; j++) {
			int d = row_off[r] + 4 * j - x;

			if ((*g)[r][j] && (r != row || j != col) && d >= -4 && d <= 4 &&
			    (r == row || (d >= -3 && d <= 3)))
				nb[k++] = (*g)[r][j];
		}
	}
	return k;
}

/* a random neighbour of letter cp (case kept), or -1 when it is on no layout */
static long neighbour_of(struct mut_ctx *c, long cp)
{
	long lc = u_tolower((UChar32)cp), nb[8], r;
	int row, col, k;
	grid_t *g = grid_for(c, lc, &row, &col);

	if (!g || (k = neighbours(g, row, col, nb)) == 0)
		return -1;
	r = nb[mut_below(c, (size_t)k)];
	return lc != cp ? (long)u_toupper((UChar32)r) : r;
}

static void typo_edit(struct mut_ctx *c, size_t i)
{
	mut_edit(c);
	mut_add_cp(c, neighbour_of(c, c->cp[i].cp));
}

/* whether letter cp has a letter next to it on its layout (ё has none) */
static int has_neighbour(const struct mut_ctx *c, long cp)
{
	long nb[8];
	int row, col;
	grid_t *g = mut_is_letter(cp) ? grid_for(c, u_tolower((UChar32)cp), &row, &col) : NULL;

	return g && neighbours(g, row, col, nb) > 0;
}

int mut_typo(struct mut_ctx *c)
{
	for (size_t i = 0; i < c->ncp; i++)
		if (has_neighbour(c, c->cp[i].cp))
			c->mark[i] = MUT_CAND;
	mut_pick(c, mut_edit_count(c, mut_count_marks(c), 30, 8), 0);
	return mut_emit_picked(c, typo_edit);
}

/* the same key on US QWERTY and on ЙЦУКЕН; after N_RU, the Kazakh number row */
static const struct {
	uint16_t lat, cyr;
} keys[] = {
	{'q', 0x439}, {'w', 0x446}, {'e', 0x443}, {'r', 0x43A}, {'t', 0x435}, {'y', 0x43D},
	{'u', 0x433}, {'i', 0x448}, {'o', 0x449}, {'p', 0x437}, {'[', 0x445}, {']', 0x44A},
	{'a', 0x444}, {'s', 0x44B}, {'d', 0x432}, {'f', 0x430}, {'g', 0x43F}, {'h', 0x440},
	{'j', 0x43E}, {'k', 0x43B}, {'l', 0x434}, {';', 0x436}, {'\'', 0x44D}, {'z', 0x44F},
	{'x', 0x447}, {'c', 0x441}, {'v', 0x43C}, {'b', 0x438}, {'n', 0x442}, {'m', 0x44C},
	{',', 0x431}, {'.', 0x44E}, {'`', 0x451}, {'{', 0x425}, {'}', 0x42A}, {':', 0x416},
	{'"', 0x42D}, {'<', 0x411}, {'>', 0x42E}, {'~', 0x401},
	{'2', 0x4D9}, {'3', 0x456}, {'4', 0x4A3}, {'5', 0x493}, {'8', 0x4AF}, {'9', 0x4B1},
	{'0', 0x49B}, {'-', 0x4E9}, {'=', 0x4BB}, {'@', 0x4D8}, {'#', 0x406}, {'$', 0x4A2},
	{'%', 0x492}, {'*', 0x4AE}, {'(', 0x4B0}, {')', 0x49A}, {'_', 0x4E8}, {'+', 0x4BA},
};
#define N_RU 40
#define N_KEYS (sizeof keys / sizeof keys[0])

/* the QWERTY key typing Cyrillic cp, or -1 */
static long cyr_to_lat(long cp)
{
	long lc = u_tolower((UChar32)cp);

	for (size_t k = 0; k < N_KEYS; k++) {
		if (keys[k].cyr == cp)
			return keys[k].lat;
		if (keys[k].cyr == lc && lc != cp && mut_is_latin(keys[k].lat))
			return u_toupper(keys[k].lat);
	}
	return -1;
}

/* the ЙЦУКЕН letter typed by Latin key cp (a letter, or punctuation inside a word), or -1 */
static long lat_to_cyr(const struct mut_ctx *c, size_t i)
{
	long cp = c->cp[i].cp, lc = u_tolower((UChar32)cp);
	int word = i > 0 && mut_is_latin(mut_cp_at(c, i - 1)) && mut_is_latin(mut_cp_at(c, i + 1));

	if (cp < 0 || cp >= 0x80 || (!mut_is_latin(cp) && !word))
		return -1;
	for (size_t k = 0; k < N_RU; k++) {
		if (keys[k].lat == cp)
			return keys[k].cyr;
		if (keys[k].lat == lc && lc != cp)
			return u_toupper(keys[k].cyr);
	}
	return -1;
}

static void layout_edit(struct mut_ctx *c, size_t i)
{
	long to = c->mark[i] & 4u ? cyr_to_lat(c->cp[i].cp) : lat_to_cyr(c, i);

	mut_edit(c);
	mut_add_cp(c, to);
}

/* direction by the majority script of the letters: Cyrillic text comes out as Latin keys */
int mut_wrong_layout(struct mut_ctx *c)
{
	size_t lat = 0, cyr = 0;
	int to_lat;

	for (size_t i = 0; i < c->ncp; i++)
		lat += mut_is_latin(c->cp[i].cp), cyr += mut_is_cyrillic(c->cp[i].cp);
	to_lat = cyr > 0 && cyr >= lat;
	for (size_t i = 0; i < c->ncp; i++) {
		long to = to_lat ? (mut_is_cyrillic(c->cp[i].cp) ? cyr_to_lat(c->cp[i].cp) : -1)
				 : lat_to_cyr(c, i);

		if (to >= 0)
			c->mark[i] = MUT_PICK | (to_lat ? 4u : 0u);
	}
	return mut_emit_picked(c, layout_edit);
}
