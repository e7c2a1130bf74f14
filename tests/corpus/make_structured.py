#!/usr/bin/env python3
"""Write tests/corpus/structured.jsonl: the labelled corpus for the structured types.

Every line is built from hand-written templates: a *frame* (chat message, ticket, log line,
e-mail signature, form) holding one or more *snippets* (a phrase around one value). Values
are synthetic and computed here (Luhn, IBAN mod-97, IIN/BIN, INN, SNILS), and gold spans are
byte offsets computed while the text is assembled, never counted by hand. Hard negatives
(order numbers, dates without birth context, versions, prices, known-fake test values, ...)
are placed the same way but carry no span.

The split is deterministic (fixed seed): about 30% of the lines are "heldout", and heldout
lines are built only from frames and snippets that no dev line uses (every third template
of each list is reserved for heldout), so the heldout figures are on text the detector was
not tuned on.  Standard library only.  Usage: make_structured.py [-o FILE] [--seed N]
"""
import argparse
import json
import os
import random
import re
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..", "tools"))
import pii_checksums  # noqa: E402

SEED = 20240917
COUNTS = {"en": 200, "ru": 200, "kk": 140}
HELDOUT_SHARE = 0.30

ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"

STRUCTURED = ["email", "phone", "url", "card", "iban", "swift_bic", "kz_iin", "kz_bin",
              "ru_inn", "ru_snils", "us_ssn", "passport", "ipv4", "ipv6", "mac",
              "date_of_birth", "address", "private_key", "aws_access_key", "jwt",
              "github_token", "slack_token", "password_in_url", "generic_secret"]

# Invented e-mail/URL domains under ordinary (not reserved) TLDs; no person or firm behind them.
MAIL_DOMAINS = ["qazbiz-pochta.kz", "zhelmail-xq.kz", "tundrapost-mail.ru", "belka-inbox7.ru",
                "bluelark-mailbox.com", "quillstream-mail.net", "orbvexa.io", "sapaqmail.kz"]
URL_HOSTS = ["git.orbvexa.io", "files.qazbiz-cloud.kz", "api.tundrapost-svc.ru", "dl.quillstream-cdn.net"]
LOGINS = ["a.nurlanova", "ivan.petrov82", "d.serikuly", "jsmithers", "m.kowalczyk", "olga_vetrova",
          "t.abenov", "kate.holloway", "r.zhaksylyk", "p.sidorenko", "lina.marsh", "bekzat.k"]
EN_STREETS = ["Maple", "Harbor", "Willow Creek", "Oakridge", "Birchwood", "Lantern Hill", "Quarry"]
EN_SUFFIX = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "St.", "Ave"]
RU_STREETS = ["Абая", "Пушкина", "Садовая", "Лесная", "Гагарина", "Новослободская", "Сейфуллина"]
KK_STREETS = ["Абай", "Жамбыл", "Сарыарқа", "Тәуелсіздік", "Достық", "Қабанбай батыр", "Әуезов"]
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"],
          "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                 "сентября", "октября", "ноября", "декабря"],
          "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
                 "қыркүйек", "қазан", "қараша", "желтоқсан"]}


class Values:
    """Synthetic values with valid checksums (gold) and hard negatives (not gold)."""

    def __init__(self, r):
        self.r = r

    def d(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def s(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    # --- checksums ---------------------------------------------------------------
    luhn_digit = staticmethod(pii_checksums.luhn_digit)

    kz_check = staticmethod(pii_checksums.kz_check)

    inn_digit = staticmethod(pii_checksums.inn_digit)

    @staticmethod
    def inn_valid(v):
        if len(v) == 10:
            return v[9] == Values.inn_digit(v, [2, 4, 10, 3, 5, 9, 4, 6, 8])
        if len(v) == 12:
            return (v[10] == Values.inn_digit(v, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
                    and v[11] == Values.inn_digit(v, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]))
        return False

    # --- gold values ---------------------------------------------------------------
    def email(self, lang):
        r = self.r
        local = r.choice(LOGINS) + (str(r.randint(1, 99)) if r.random() < 0.3 else "")
        return local + "@" + r.choice(MAIL_DOMAINS)

    def phone(self, lang):
        r, d = self.r, self.d
        kz = ["+7 7%s %s %s %s" % (r.choice("0057") + r.choice("01578"), d(3), d(2), d(2)),
              "8 (7%s) %s-%s-%s" % (r.choice(["01", "05", "07", "47", "75"]), d(3), d(2), d(2)),
              "+77%s%s" % (r.choice(["01", "02", "05", "07", "47", "75", "77"]), d(7)),
              "8 727 %s %s %s" % (r.choice("23") + d(2), d(2), d(2)),
              "+7 (717) %s-%s-%s" % (r.choice("2345") + d(2), d(2), d(2))]
        ru = ["+7 (9%s) %s-%s-%s" % (r.choice("0123") + d(1), d(3), d(2), d(2)),
              "8 9%s %s-%s-%s" % (r.choice("0126") + d(1), d(3), d(2), d(2)),
              "+7 495 %s-%s-%s" % (r.choice("2345679") + d(2), d(2), d(2)),
              "8 (812) %s-%s-%s" % (r.choice("3456") + d(2), d(2), d(2)),
              "+79%s" % (r.choice("0126") + d(8))]
        en = ["+1 %s %s %s" % (r.choice(["415", "617", "312", "206"]), r.choice("2346789") + d(2), d(4)),
              "(%s) %s-%s" % (r.choice(["212", "503", "718"]), r.choice("2346789") + d(2), d(4)),
              "+44 20 %s %s" % (r.choice("378") + d(3), d(4)),
              "+44 7%s %s" % (r.choice("45") + d(2) + " " + d(3), d(3)),
              "+49 30 %s %s" % (d(4), d(4)), "+49 151 %s %s" % (d(4), d(4)),
              "+33 1 %s %s %s %s" % (d(2), d(2), d(2), d(2)),
              "+33 6 %s %s %s %s" % (d(2), d(2), d(2), d(2))]
        pool = {"kk": kz, "ru": ru, "en": en}[lang]
        # a share of foreign numbers in every language (KZ in ru text, RU in kk text, ...)
        if r.random() < 0.25:
            pool = {"kk": ru, "ru": kz, "en": kz + ru}[lang]
        return r.choice(pool)

    def card(self, lang):
        r = self.r
        kind = r.randrange(5)
        if kind == 0:
            pre, n = "4" + str(r.randint(0, 9)) + self.d(1), 16
            if pre.startswith("411"):
                pre = "426"
        elif kind == 1:
            pre, n = str(r.randint(51, 55)), 16
        elif kind == 2:
            pre, n = str(r.randint(2221, 2720)), 16
        elif kind == 3:
            pre, n = r.choice(["34", "37"]), 15
        else:
            pre, n = "220" + str(r.randint(0, 4)), 16
        body = pre + self.d(n - 1 - len(pre))
        num = body + self.luhn_digit(body)
        style = r.randrange(3)
        if style == 0:
            return num
        sep = " " if style == 1 else "-"
        if n == 15:
            return sep.join([num[:4], num[4:10], num[10:]])
        return sep.join(num[i:i + 4] for i in range(0, 16, 4))

    IBAN_FMT = {"KZ": ("d3", "a13"), "DE": ("d18",), "GB": ("A4", "d14"), "FR": ("d10", "a11", "d2"),
                "NL": ("A4", "d10"), "RU": ("d29",)}

    def iban(self, lang):
        r = self.r
        cc = r.choice(["KZ", "KZ", "DE", "GB", "FR", "NL"] if lang != "en" else ["DE", "GB", "FR", "NL", "KZ"])
        bban = ""
        for part in self.IBAN_FMT[cc]:
            kind, n = part[0], int(part[1:])
            alpha = "0123456789" if kind == "d" else string.ascii_uppercase if kind == "A" else \
                string.ascii_uppercase + "0123456789"
            bban += self.s(alpha, n)
        iban = "%s%02d%s" % (cc, pii_checksums.iban_check(cc, bban), bban)
        if r.random() < 0.5:
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return iban

    def swift_bic(self, lang):
        r = self.r
        bic = self.s(string.ascii_uppercase, 4) + r.choice(["KZ", "RU", "DE", "GB"]) + \
            r.choice(string.ascii_uppercase) + r.choice(string.ascii_uppercase + "23456789")
        return bic + (r.choice(["XXX", "1A0"]) if r.random() < 0.3 else "")

    def _kz12(self, make_body):
        while True:
            body = make_body()
            c = self.kz_check(body)
            if c >= 0:
                return body + str(c)

    def kz_iin(self, lang):
        r = self.r

        def body():
            cent = r.choice([3, 4, 5, 6])
            yy = r.randint(50, 99) if cent <= 4 else r.randint(0, 6)
            return "%02d%02d%02d%d%s" % (yy, r.randint(1, 12), r.randint(1, 28), cent, self.d(4))
        return self._kz12(body)

    def kz_bin(self, lang):
        r = self.r

        def body():
            return "%02d%02d%d%d%s" % (r.randint(0, 23), r.randint(1, 12), r.choice([4, 5, 6]),
                                       r.choice([0, 1, 2]), self.d(5))
        return self._kz12(body)

    def ru_inn(self, lang):
        r = self.r
        region = "%02d" % r.randint(1, 92)
        if r.random() < 0.5:
            b = region + self.d(7)
            return b + self.inn_digit(b, [2, 4, 10, 3, 5, 9, 4, 6, 8])
        b = region + self.d(8)
        b += self.inn_digit(b, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        return b + self.inn_digit(b, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])

    def ru_snils(self, lang):
        r = self.r
        num = "%09d" % r.randint(2000000, 999999999)
        s = sum(int(num[i]) * (9 - i) for i in range(9))
        c = s if s < 100 else s % 101 % 100
        ch = "%02d" % c
        if r.random() < 0.7:
            return "%s-%s-%s %s" % (num[:3], num[3:6], num[6:], ch)
        return num + ch

    def us_ssn(self, lang):
        r = self.r
        area = r.randint(1, 899)
        if area == 666:
            area = 667
        return "%03d-%02d-%04d" % (area, r.randint(1, 99), r.randint(1, 9999))

    def passport(self, lang):
        r = self.r
        if lang == "ru" or (lang == "en" and r.random() < 0.2):
            return "%s %s %s" % (self.d(2), self.d(2), self.d(6)) if r.random() < 0.5 else \
                "%s %s" % (self.d(4), self.d(6))
        if lang == "kk" or r.random() < 0.3:
            return "N" + self.d(8)
        return r.choice("56") + self.d(8)

    def ipv4(self, lang):
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        if k == 1:
            return "192.168.%d.%d" % (r.randint(0, 255), r.randint(1, 254))
        return "%d.%d.%d.%d" % (r.choice([37, 46, 77, 85, 91, 95, 176, 188, 212]), r.randint(0, 255),
                                r.randint(0, 255), r.randint(1, 254))

    def ipv6(self, lang):
        r = self.r
        g = ["%x" % r.randint(1, 0xffff) for _ in range(8)]
        k = r.randrange(3)
        if k == 0:
            return "2a0%x:" % r.randint(0, 15) + ":".join(g[1:])
        if k == 1:
            return "2a0%x:%s::%s" % (r.randint(0, 15), g[1], ":".join(g[5:]))
        return "fe80::%s" % ":".join(g[4:])

    def mac(self, lang):
        r = self.r
        b = ["%02x" % r.randint(0, 255) for _ in range(6)]
        b[0] = "%02x" % (int(b[0], 16) & 0xfc)
        k = r.randrange(3)
        if k == 0:
            return ":".join(b)
        if k == 1:
            return "-".join(b).upper()
        s = "".join(b)
        return "%s.%s.%s" % (s[:4], s[4:8], s[8:])

    def date_of_birth(self, lang):
        r = self.r
        y, m, dd = r.randint(1950, 2005), r.randint(1, 12), r.randint(1, 28)
        k = r.randrange(3)
        if k == 0:
            return "%02d.%02d.%d" % (dd, m, y)
        if k == 1:
            return "%d-%02d-%02d" % (y, m, dd)
        if lang == "en":
            return "%s %d, %d" % (MONTHS["en"][m - 1], dd, y)
        if lang == "ru":
            return "%d %s %d" % (dd, MONTHS["ru"][m - 1], y)
        return "%02d.%02d.%d" % (dd, m, y)

    def address(self, lang):
        r = self.r
        n, apt = r.randint(1, 240), r.randint(1, 180)
        if lang == "en":
            s = "%d %s %s" % (n, r.choice(EN_STREETS), r.choice(EN_SUFFIX))
            return s + (", Apt %d" % apt if r.random() < 0.3 else "")
        if lang == "ru":
            st = r.choice(RU_STREETS)
            return r.choice(["ул. %s, д. %d, кв. %d" % (st, n, apt), "ул. %s, д. %d" % (st, n),
                             "проспект Мира, д. %d, кв. %d" % (n, apt), "ул. %s, %d-%d" % (st, n, apt)])
        st = r.choice(KK_STREETS)
        return r.choice(["%s көшесі, %d-үй, %d-пәтер" % (st, n, apt), "%s көшесі, %d-үй" % (st, n),
                         "%s даңғылы, %d" % (st, n), "%s көшесі %d, %d-пәтер" % (st, n, apt)])

    def private_key(self, lang):
        r = self.r
        kind = r.choice(["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"])
        body = [self.s(B64, 64) for _ in range(r.randint(2, 5))] + [self.s(B64, r.randint(8, 40)) + "=="]
        return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, "\n".join(body), kind)

    def aws_access_key(self, lang):
        return self.r.choice(["AKIA", "AKIA", "ASIA"]) + self.s("ABCDFGHJKLMNPQRSTUVWXYZ234567", 16)

    b64u = staticmethod(pii_checksums.b64u)

    def jwt(self, lang):
        r = self.r
        head = self.b64u({"alg": r.choice(["HS256", "RS256"]), "typ": "JWT"})
        body = self.b64u({"sub": str(r.randint(1000, 99999999)), "iat": 1700000000 + r.randint(0, 10 ** 7),
                          "scope": r.choice(["read", "read write", "admin"])})
        return "%s.%s.%s" % (head, body, self.s(B64URL, 43))

    def github_token(self, lang):
        return self.r.choice(["ghp_", "ghp_", "gho_", "ghs_"]) + self.s(ALNUM, 36)

    def slack_token(self, lang):
        return "%s-%s-%s-%s" % (self.r.choice(["xoxb", "xoxp"]), self.d(11), self.d(13), self.s(ALNUM, 24))

    def url(self, lang):
        r = self.r
        tok = self.s(ALNUM, 32)
        return r.choice(["https://%s/v1/export?format=csv&access_token=%s" % (r.choice(URL_HOSTS), tok),
                         "https://%s/share/report.pdf?token=%s" % (r.choice(URL_HOSTS), tok),
                         "https://%s/api/items?api_key=%s&page=2" % (r.choice(URL_HOSTS), tok)])

    def password_in_url(self, lang):
        r = self.r
        user = r.choice(["deploy", "admin", "svc", "backup", "ci"])
        pw = self.s(ALNUM, r.randint(12, 20))
        return r.choice(["https://%s:%s@%s/org/repo.git" % (user, pw, r.choice(URL_HOSTS)),
                         "postgres://%s:%s@db.orbvexa.io:5432/prod" % (user, pw),
                         "ftp://%s:%s@files.qazbiz-cloud.kz/in/" % (user, pw),
                         "mysql://%s:%s@10.12.4.7:3306/crm" % (user, pw)])

    def generic_secret(self, lang):
        return self.s(ALNUM, self.r.randint(24, 40))

    # --- hard negatives (never gold) ---------------------------------------------
    def neg(self, kind):
        r, d = self.r, self.d
        if kind == "order":
            return "#" + d(r.randint(6, 9))
        if kind == "invoice":
            return "INV-%d-%s" % (r.randint(2019, 2025), d(6))
        if kind == "date":
            return r.choice(["%02d.%02d.%d" % (r.randint(1, 28), r.randint(1, 12), r.randint(2019, 2025)),
                             "%d-%02d-%02d" % (r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28))])
        if kind == "time":
            return "%02d:%02d" % (r.randint(0, 23), r.randint(0, 59))
        if kind == "version":
            return "%d.%d.%d" % (r.randint(1, 12), r.randint(0, 30), r.randint(0, 99))
        if kind == "build":
            return "%d.%d.%d.%d" % (r.randint(1, 9), r.randint(0, 9), r.randint(1000, 30000), r.randint(0, 99))
        if kind == "price":
            return r.choice(["$%d.%02d" % (r.randint(1, 999), r.randint(0, 99)),
                             "%d %03d ₸" % (r.randint(1, 999), r.randint(0, 999)),
                             "%d %03d руб." % (r.randint(1, 99), r.randint(0, 999))])
        if kind == "tracking":
            return r.choice(["RR%sKZ" % d(9), "1Z%s" % self.s(string.ascii_uppercase + string.digits, 16),
                             "CP%sRU" % d(9)])
        if kind == "testcard":
            return r.choice(["4111 1111 1111 1111", "4111111111111111", "5555 5555 5555 4444",
                             "4242 4242 4242 4242"])
        if kind == "example_email":
            return r.choice(LOGINS) + "@" + r.choice(["example.com", "example.org", "test.example", "mail.example.net"])
        if kind == "fake_phone":
            return "(%s) 555-01%s" % (r.choice(["212", "415", "617"]), d(2))
        if kind == "fake_aws":
            return "AKIAIOSFODNN7EXAMPLE"
        if kind == "uuid":
            h = self.s(HEX, 32)
            return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
        if kind == "commit":
            return self.s(HEX, 40)
        if kind == "bad12":   # 12 digits failing the IIN/BIN, INN and Luhn checks
            while True:
                v = d(12)
                if self.kz_check(v[:11]) != int(v[11]) and not self.inn_valid(v) \
                        and self.luhn_digit(v[:11]) != v[11]:
                    return v
        if kind == "badcard":  # 16 digits failing Luhn
            while True:
                b = "4" + d(15)
                if self.luhn_digit(b[:15]) != b[15]:
                    return " ".join(b[i:i + 4] for i in range(0, 16, 4))
        if kind == "percent":
            return "%d%%" % r.randint(1, 100)
        raise ValueError(kind)


# --- templates ---------------------------------------------------------------------------
# SNIPPETS[type][lang]: phrases holding one value at {v}. Index i % 3 == 2 is heldout-only.
SNIPPETS = {
    "email": {
        "en": ["email me at {v}", "contact: {v}", "reply to <{v}>", "send the invoice to {v} please",
               "E-mail: {v}", "forwarded from {v}"],
        "ru": ["пишите на {v}", "почта: {v}", "мой e-mail {v}", "отправьте счёт на {v}",
               "Эл. почта: {v}", "ответ на <{v}>"],
        "kk": ["поштам: {v}", "{v} адресіне жазыңыз", "электрондық пошта: {v}", "хат {v} жіберілді",
               "Email: {v}", "байланыс: {v}"]},
    "phone": {
        "en": ["call me at {v}", "phone: {v}", "mobile {v}", "tel. {v}", "reach me on {v} after 6",
               "M: {v}"],
        "ru": ["звоните по номеру {v}", "тел.: {v}", "мой мобильный {v}", "телефон {v}",
               "перезвоните на {v}", "моб. {v}"],
        "kk": ["телефоным: {v}", "{v} нөміріне хабарласыңыз", "тел.: {v}", "ұялы телефон {v}",
               "маған {v} нөміріне қоңырау шалыңыз", "байланыс телефоны {v}"]},
    "url": {
        "en": ["download link: {v}", "see {v}", "the report is at {v}", "GET {v} returned 200",
               "open {v} to confirm", "webhook: {v}"],
        "ru": ["ссылка: {v}", "выгрузка тут {v}", "открой {v}", "скачать отчёт: {v}",
               "вебхук: {v}", "запрос {v} вернул 500"],
        "kk": ["сілтеме: {v}", "есепті {v} арқылы жүктеңіз", "мына жерде: {v}", "сілтемені ашыңыз {v}",
               "вебхук {v}", "құжат: {v}"]},
    "card": {
        "en": ["card number {v}", "charged to card {v}", "my Visa is {v}", "card: {v}, exp 09/27",
               "pay with {v}", "the card ending... full number {v}"],
        "ru": ["номер карты {v}", "карта {v}", "спишите с карты {v}", "оплата картой {v}",
               "карта получателя: {v}", "моя карта {v}"],
        "kk": ["карта нөмірі {v}", "картам: {v}", "{v} картасына аударыңыз", "төлем картасы {v}",
               "карта: {v}", "банк картасы {v}"]},
    "iban": {
        "en": ["IBAN {v}", "wire to IBAN: {v}", "account {v}", "please use IBAN {v} for refunds",
               "Bank account (IBAN): {v}", "beneficiary IBAN {v}"],
        "ru": ["IBAN: {v}", "счёт {v}", "переведите на счёт {v}", "расчётный счёт IBAN {v}",
               "реквизиты: IBAN {v}", "номер счёта {v}"],
        "kk": ["IBAN: {v}", "шот нөмірі {v}", "{v} шотына аударыңыз", "банк шоты {v}",
               "ЖСК {v}", "шотым: {v}"]},
    "swift_bic": {
        "en": ["SWIFT: {v}", "BIC {v}", "swift code {v}", "bank BIC: {v}",
               "SWIFT/BIC {v}", "via SWIFT {v}"],
        "ru": ["БИК/SWIFT: {v}", "SWIFT {v}", "код SWIFT банка {v}", "SWIFT-код: {v}",
               "BIC банка получателя {v}", "SWIFT банка {v}"],
        "kk": ["SWIFT: {v}", "БСК {v}", "банктің SWIFT коды {v}", "BIC: {v}",
               "SWIFT коды: {v}", "банк BIC {v}"]},
    "kz_iin": {
        "en": ["IIN {v}", "my IIN is {v}", "IIN: {v}", "individual id number (IIN) {v}",
               "client IIN {v}", "IIN {v} on file"],
        "ru": ["ИИН {v}", "мой ИИН {v}", "ИИН клиента: {v}", "ИИН: {v}",
               "указан ИИН {v}", "по ИИН {v}"],
        "kk": ["ЖСН {v}", "ЖСН: {v}", "менің ЖСН-ім {v}", "ИИН {v}",
               "клиенттің ЖСН-і {v}", "жеке сәйкестендіру нөмірі {v}"]},
    "kz_bin": {
        "en": ["BIN {v}", "company BIN: {v}", "supplier BIN {v}", "BIN of the LLP: {v}",
               "registered under BIN {v}", "BIN {v} (KZ)"],
        "ru": ["БИН {v}", "БИН организации: {v}", "ТОО, БИН {v}", "БИН поставщика {v}",
               "БИН: {v}", "по БИН {v}"],
        "kk": ["БСН {v}", "БСН: {v}", "ЖШС БСН-і {v}", "БИН {v}",
               "ұйымның БСН {v}", "бизнес-сәйкестендіру нөмірі {v}"]},
    "ru_inn": {
        "en": ["INN {v}", "Russian INN: {v}", "taxpayer INN {v}", "INN {v} (RU)",
               "supplier INN: {v}", "tax id (INN) {v}"],
        "ru": ["ИНН {v}", "ИНН: {v}", "мой ИНН {v}", "ИНН организации {v}",
               "ИНН {v}, КПП 770101001", "по ИНН {v}"],
        "kk": ["ИНН {v}", "ресейлік ИНН: {v}", "ИНН нөмірі {v}", "жеткізушінің ИНН {v}",
               "ИНН: {v}", "салық нөмірі (ИНН) {v}"]},
    "ru_snils": {
        "en": ["SNILS {v}", "SNILS: {v}", "pension number (SNILS) {v}", "SNILS {v} attached",
               "his SNILS is {v}", "insurance number SNILS {v}"],
        "ru": ["СНИЛС {v}", "СНИЛС: {v}", "мой СНИЛС {v}", "номер СНИЛС {v}",
               "СНИЛС сотрудника: {v}", "страховой номер (СНИЛС) {v}"],
        "kk": ["СНИЛС {v}", "СНИЛС: {v}", "СНИЛС нөмірі {v}", "қызметкердің СНИЛС {v}",
               "СНИЛС-і {v}", "зейнетақы нөмірі (СНИЛС) {v}"]},
    "us_ssn": {
        "en": ["SSN {v}", "social security number: {v}", "SSN: {v}", "my SSN is {v}",
               "SSN {v} on the W-2", "applicant SSN {v}"],
        "ru": ["SSN {v}", "номер социального страхования (SSN) {v}", "SSN: {v}", "американский SSN {v}",
               "SSN клиента {v}", "SSN указан: {v}"],
        "kk": ["SSN {v}", "SSN: {v}", "АҚШ SSN нөмірі {v}", "SSN нөмірі {v}",
               "клиенттің SSN {v}", "әлеуметтік сақтандыру нөмірі (SSN) {v}"]},
    "passport": {
        "en": ["passport no. {v}", "passport number: {v}", "Passport {v}", "my passport is {v}",
               "travel document (passport) {v}", "passport {v}, valid to 2031"],
        "ru": ["паспорт {v}", "паспорт серия и номер {v}", "паспорт: {v}", "данные паспорта {v}",
               "паспорт РФ {v}", "номер паспорта {v}"],
        "kk": ["паспорт {v}", "паспорт нөмірі {v}", "төлқұжат {v}", "паспорт: {v}",
               "шетелдік паспорт {v}", "паспорттың нөмірі {v}"]},
    "ipv4": {
        "en": ["login from {v}", "client {v}", "IP: {v}", "blocked {v} after 5 attempts",
               "src={v}", "host {v} is down"],
        "ru": ["вход с адреса {v}", "IP: {v}", "клиент {v}", "заблокирован {v}",
               "src={v}", "адрес {v} недоступен"],
        "kk": ["{v} адресінен кіру", "IP: {v}", "клиент {v}", "{v} бұғатталды",
               "src={v}", "IP-адрес {v}"]},
    "ipv6": {
        "en": ["login from {v}", "IPv6: {v}", "peer {v}", "connection from [{v}]",
               "src={v}", "client address {v}"],
        "ru": ["вход с адреса {v}", "IPv6: {v}", "пир {v}", "подключение с [{v}]",
               "src={v}", "адрес клиента {v}"],
        "kk": ["{v} адресінен кіру", "IPv6: {v}", "пир {v}", "[{v}] қосылымы",
               "src={v}", "клиент адресі {v}"]},
    "mac": {
        "en": ["device MAC {v}", "MAC: {v}", "hwaddr {v}", "new device {v} joined",
               "mac={v}", "adapter {v}"],
        "ru": ["MAC-адрес {v}", "MAC: {v}", "устройство {v}", "новое устройство {v} подключено",
               "mac={v}", "адаптер {v}"],
        "kk": ["MAC-адрес {v}", "MAC: {v}", "құрылғы {v}", "жаңа құрылғы {v} қосылды",
               "mac={v}", "адаптер {v}"]},
    "date_of_birth": {
        "en": ["date of birth: {v}", "born on {v}", "DOB {v}", "birthday {v}",
               "D.O.B.: {v}", "she was born {v}"],
        "ru": ["дата рождения {v}", "родился {v}", "дата рождения: {v}", "д.р. {v}",
               "родилась {v}", "Дата рожд.: {v}"],
        "kk": ["туған күні {v}", "туған күні: {v}", "{v} туған", "туылған күні {v}",
               "Туған күні мен айы: {v}", "{v} жылы туған"]},
    "address": {
        "en": ["ship to {v}", "address: {v}", "I live at {v}", "deliver to {v}",
               "home address {v}", "mailing address: {v}"],
        "ru": ["адрес: {v}", "доставка по адресу {v}", "проживает: {v}", "адрес доставки {v}",
               "прописка: {v}", "мой адрес {v}"],
        "kk": ["мекенжайы: {v}", "{v} мекенжайына жеткізу", "тұратын жері {v}", "мекенжай {v}",
               "тіркелген мекенжайы: {v}", "менің мекенжайым {v}"]},
    "private_key": {
        "en": ["key follows:\n{v}", "id_rsa:\n{v}", "pasted the key\n{v}\nby mistake",
               "{v}", "deploy key\n{v}", "server.key =\n{v}"],
        "ru": ["ключ:\n{v}", "вот приватный ключ\n{v}", "случайно вставил\n{v}\nв чат",
               "{v}", "ключ деплоя\n{v}", "файл server.key:\n{v}"],
        "kk": ["кілт:\n{v}", "жеке кілт\n{v}", "кездейсоқ қойылды\n{v}\nчатқа",
               "{v}", "деплой кілті\n{v}", "server.key файлы:\n{v}"]},
    "aws_access_key": {
        "en": ["aws_access_key_id = {v}", "AWS key {v}", "access key {v}", "AWS_ACCESS_KEY_ID={v}",
               "key id: {v}", "leaked key {v}"],
        "ru": ["aws_access_key_id = {v}", "ключ AWS {v}", "ключ доступа {v}", "AWS_ACCESS_KEY_ID={v}",
               "id ключа: {v}", "утёк ключ {v}"],
        "kk": ["aws_access_key_id = {v}", "AWS кілті {v}", "қолжетімділік кілті {v}", "AWS_ACCESS_KEY_ID={v}",
               "кілт id: {v}", "кілт {v}"]},
    "jwt": {
        "en": ["Authorization: Bearer {v}", "token={v}", "jwt: {v}", "session token {v}",
               "cookie auth={v}", "id_token {v}"],
        "ru": ["Authorization: Bearer {v}", "токен={v}", "jwt: {v}", "токен сессии {v}",
               "cookie auth={v}", "id_token {v}"],
        "kk": ["Authorization: Bearer {v}", "токен={v}", "jwt: {v}", "сессия токені {v}",
               "cookie auth={v}", "id_token {v}"]},
    "github_token": {
        "en": ["GITHUB_TOKEN={v}", "token {v}", "gh auth with {v}", "PAT: {v}",
               "export GH_TOKEN={v}", "github token {v}"],
        "ru": ["GITHUB_TOKEN={v}", "токен {v}", "gh auth с {v}", "PAT: {v}",
               "export GH_TOKEN={v}", "токен гитхаба {v}"],
        "kk": ["GITHUB_TOKEN={v}", "токен {v}", "gh auth {v}", "PAT: {v}",
               "export GH_TOKEN={v}", "GitHub токені {v}"]},
    "slack_token": {
        "en": ["SLACK_BOT_TOKEN={v}", "slack token {v}", "bot token: {v}", "token {v}",
               "slack_token = \"{v}\"", "bot uses {v}"],
        "ru": ["SLACK_BOT_TOKEN={v}", "токен слака {v}", "токен бота: {v}", "токен {v}",
               "slack_token = \"{v}\"", "бот использует {v}"],
        "kk": ["SLACK_BOT_TOKEN={v}", "Slack токені {v}", "бот токені: {v}", "токен {v}",
               "slack_token = \"{v}\"", "бот {v} қолданады"]},
    "password_in_url": {
        "en": ["clone {v}", "DATABASE_URL={v}", "connect to {v}", "remote: {v}",
               "dsn={v}", "mirror {v}"],
        "ru": ["клонируй {v}", "DATABASE_URL={v}", "подключение к {v}", "remote: {v}",
               "dsn={v}", "зеркало {v}"],
        "kk": ["клондау {v}", "DATABASE_URL={v}", "{v} қосылу", "remote: {v}",
               "dsn={v}", "айна {v}"]},
    "generic_secret": {
        "en": ["DB_PASSWORD={v}", "api_key: \"{v}\"", "password: {v}", "client_secret = {v}",
               "\"secret\": \"{v}\"", "SECRET_KEY={v}"],
        "ru": ["DB_PASSWORD={v}", "api_key: \"{v}\"", "пароль: {v}", "client_secret = {v}",
               "\"secret\": \"{v}\"", "SECRET_KEY={v}"],
        "kk": ["DB_PASSWORD={v}", "api_key: \"{v}\"", "құпиясөз: {v}", "client_secret = {v}",
               "\"secret\": \"{v}\"", "SECRET_KEY={v}"]},
}

# NEGATIVES[lang]: (kind, phrase). Index i % 3 == 2 is heldout-only.
NEGATIVES = {
    "en": [("order", "order {v} shipped"), ("invoice", "invoice {v} is overdue"),
           ("date", "meeting on {v}"), ("time", "at {v} sharp"), ("version", "upgraded to v{v}"),
           ("price", "total {v}"), ("tracking", "tracking number {v}"),
           ("testcard", "use the test card {v}"), ("example_email", "e.g. {v}"),
           ("fake_phone", "call {v} (the film number)"), ("fake_aws", "docs key {v}"),
           ("uuid", "request id {v}"), ("commit", "fixed in commit {v}"),
           ("bad12", "order reference {v}"), ("badcard", "ref {v}"), ("build", "build {v}"),
           ("percent", "discount {v}"), ("date", "released {v}"), ("order", "Order No {v}"),
           ("testcard", "sandbox card {v}"), ("example_email", "write to {v} in the docs"),
           ("date", "due date {v}"), ("invoice", "credit note {v}"), ("version", "Python {v}")],
    "ru": [("order", "заказ {v} отправлен"), ("invoice", "счёт {v} не оплачен"),
           ("date", "встреча {v}"), ("time", "в {v}"), ("version", "обновились до версии {v}"),
           ("price", "итого {v}"), ("tracking", "трек-номер {v}"),
           ("testcard", "тестовая карта {v}"), ("example_email", "например {v}"),
           ("fake_phone", "номер из фильма {v}"), ("fake_aws", "пример ключа {v}"),
           ("uuid", "id запроса {v}"), ("commit", "исправлено в коммите {v}"),
           ("bad12", "номер заявки {v}"), ("badcard", "номер договора {v}"), ("build", "сборка {v}"),
           ("percent", "скидка {v}"), ("date", "договор от {v}"), ("order", "Заказ № {v}"),
           ("testcard", "карта для песочницы {v}"), ("example_email", "в документации {v}"),
           ("date", "срок до {v}"), ("invoice", "акт {v}"), ("version", "релиз {v}")],
    "kk": [("order", "тапсырыс {v} жіберілді"), ("invoice", "шот-фактура {v} төленбеген"),
           ("date", "кездесу {v}"), ("time", "сағат {v}"), ("version", "{v} нұсқасына жаңартылды"),
           ("price", "барлығы {v}"), ("tracking", "трек-нөмір {v}"),
           ("testcard", "тест картасы {v}"), ("example_email", "мысалы {v}"),
           ("fake_phone", "фильмдегі нөмір {v}"), ("fake_aws", "мысал кілт {v}"),
           ("uuid", "сұраныс id {v}"), ("commit", "{v} коммитінде түзетілді"),
           ("bad12", "өтінім нөмірі {v}"), ("badcard", "шарт нөмірі {v}"), ("build", "құрастыру {v}"),
           ("percent", "жеңілдік {v}"), ("date", "{v} шарты"), ("order", "Тапсырыс № {v}"),
           ("testcard", "құмсалғыш картасы {v}"), ("example_email", "құжаттамада {v}"),
           ("date", "мерзімі {v} дейін"), ("invoice", "акт {v}"), ("version", "релиз {v}")],
}
# Plain negative sentences: capitalised common words, months, product names (no values).
PLAIN_NEG = {
    "en": ["Will the May release ship before June?", "Apple Pie and Orange Juice are on the menu.",
           "The Galaxy Note Pro 3 arrives in March.", "Summer Sale ends Monday, April 30.",
           "Phoenix Gateway 2 restarted at 04:10 after the patch.", "Ticket closed; Will follow up in August."],
    "ru": ["Роза цветёт в мае, а Вера в чудо не верит.", "Релиз Феникс 2 перенесли на март.",
           "Летняя распродажа до 30 апреля.", "Сервис Орион перезапущен в 04:10.",
           "Надежда есть, Любовь тоже.", "В понедельник Заря Маркет закрыт."],
    "kk": ["Мамыр айында Шұғыла жобасы басталады.", "Жаңа Сұңқар 3 өнімі наурызда шығады.",
           "Жазғы жеңілдік 30 сәуірге дейін.", "Орион сервисі 04:10-да қайта қосылды.",
           "Дүйсенбі күні Самал Маркет жабық.", "Ақпан мен қаңтар суық болды."],
}
# FRAMES[lang]: {X} = the snippets, {N} = an extra hard negative. Index i % 3 == 2 is heldout-only.
FRAMES = {
    "en": ["{X}", "Hi team, {X}. Thanks!", "[2024-05-14 10:22:13] WARN user update: {X}",
           "Ticket {N}: customer says {X}", "{X} -- sent from my phone", "Re: refund\n\n{X}\n\nBest regards",
           "form field 'notes' = {X}", "hey, {X} ok? ({N})", "INFO worker-3 {X} (took 34 ms)",
           "Subject: update\nPlease note {X}.", "> {X}\nreplying inline: see {N}", "Kind regards,\nsupport desk\n{X}",
           "chat 14:02 <op> {X}", "{N} | {X} | pending", "Comment on {N}: {X}",
           "ERROR sync failed for record: {X}", "Q: what do you need? A: {X}", "note to self - {X}"],
    "ru": ["{X}", "Привет! {X}. Спасибо", "[2024-05-14 10:22:13] WARN обновление профиля: {X}",
           "Заявка {N}: клиент пишет {X}", "{X} -- отправлено с телефона", "Re: возврат\n\n{X}\n\nС уважением",
           "поле 'комментарий' = {X}", "слушай, {X}, ок? ({N})", "INFO worker-3 {X} (34 мс)",
           "Тема: данные\nОбратите внимание: {X}.", "> {X}\nотвечаю: см. {N}", "С уважением,\nслужба поддержки\n{X}",
           "чат 14:02 <оператор> {X}", "{N} | {X} | в работе", "Комментарий к {N}: {X}",
           "ERROR ошибка синхронизации записи: {X}", "В: что нужно? О: {X}", "на заметку - {X}"],
    "kk": ["{X}", "Сәлем! {X}. Рахмет", "[2024-05-14 10:22:13] WARN профиль жаңартылды: {X}",
           "Өтінім {N}: клиент жазады {X}", "{X} -- телефоннан жіберілді", "Re: қайтару\n\n{X}\n\nҚұрметпен",
           "'түсініктеме' өрісі = {X}", "тыңда, {X}, жарай ма? ({N})", "INFO worker-3 {X} (34 мс)",
           "Тақырып: деректер\nНазар аударыңыз: {X}.", "> {X}\nжауап: {N} қараңыз", "Құрметпен,\nқолдау қызметі\n{X}",
           "чат 14:02 <оператор> {X}", "{N} | {X} | өңделуде", "{N} бойынша пікір: {X}",
           "ERROR жазба синхрондалмады: {X}", "С: не керек? Ж: {X}", "есте сақтау - {X}"],
}
JOIN = {"en": [", ", "; ", " and ", ". Also "], "ru": [", ", "; ", " и ", ". Ещё "],
        "kk": [", ", "; ", " және ", ". Тағы "]}


def split_of(i):
    return "heldout" if i % 3 == 2 else "dev"


def pick(r, lst, split):
    return r.choice([x for i, x in enumerate(lst) if split_of(i) == split])


class Piece:
    """Text with gold spans (byte offsets relative to the text)."""

    def __init__(self, text="", spans=None):
        self.text, self.spans = text, spans or []

    def __add__(self, other):
        if isinstance(other, str):
            other = Piece(other)
        off = len(self.text.encode())
        return Piece(self.text + other.text,
                     self.spans + [(s + off, e + off, t) for s, e, t in other.spans])


def fill(template, slots):
    """Fill {NAME} slots of template with Pieces (or strings), keeping span offsets."""
    out = Piece()
    pos = 0
    for m in re.finditer(r"\{([A-Za-z]+)\}", template):
        out = out + template[pos:m.start()] + slots[m.group(1)]
        pos = m.end()
    return out + template[pos:]


def gold(vals, typ, lang, split):
    r = vals.r
    v = getattr(vals, typ)(lang)
    snip = pick(r, SNIPPETS[typ][lang], split)
    return fill(snip, {"v": Piece(v, [(0, len(v.encode()), typ)])})


def negative(vals, lang, split):
    kind, phrase = pick(vals.r, NEGATIVES[lang], split)
    return fill(phrase, {"v": vals.neg(kind)})


def build(seed):
    r = random.Random(seed)
    vals = Values(r)
    rows = []
    for lang in ("en", "ru", "kk"):
        order = {s: [] for s in ("dev", "heldout")}
        for n in range(1, COUNTS[lang] + 1):
            split = "heldout" if r.random() < HELDOUT_SHARE else "dev"
            if not order[split]:            # round-robin over the types, reshuffled each round
                order[split] = STRUCTURED[:]
                r.shuffle(order[split])
            k = r.random()
            if k < 0.12:                     # negatives only
                parts = [negative(vals, lang, split)]
                if r.random() < 0.5:
                    parts.append(Piece(pick(r, PLAIN_NEG[lang], split)))
            else:
                parts = [gold(vals, order[split].pop(), lang, split)]
                if r.random() < 0.35:
                    parts.append(gold(vals, r.choice(STRUCTURED), lang, split))
                if r.random() < 0.5:
                    parts.append(negative(vals, lang, split))
                r.shuffle(parts)
            x = parts[0]
            for p in parts[1:]:
                x = x + r.choice(JOIN[lang]) + p
            frame = pick(r, FRAMES[lang], split)
            line = fill(frame, {"X": x, "N": negative(vals, lang, split) if "{N}" in frame else ""})
            rows.append({"id": "%s-%04d" % (lang, n), "lang": lang, "split": split, "text": line.text,
                         "spans": [{"start": s, "end": e, "type": t} for s, e, t in line.spans]})
    return rows


def check(rows):
    for row in rows:
        b = row["text"].encode()
        for sp in row["spans"]:
            assert 0 <= sp["start"] < sp["end"] <= len(b), row
            b[sp["start"]:sp["end"]].decode()     # spans fall on character boundaries


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    rows = build(a.seed)
    check(rows)
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="\n")
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
