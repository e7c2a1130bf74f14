#!/usr/bin/env python3
"""bench/make_corpus.py - a deterministic mixed-language text corpus for bench/scan.

Usage: make_corpus.py [--plain] [--ascii-punct] [--seed N] [-o FILE] SIZE_MB

Writes exactly SIZE_MB * 1,000,000 bytes of UTF-8 text (to FILE, or standard output):
support tickets, chat transcripts, e-mail fragments, application and access logs and
plain prose in English, Russian and Kazakh, with varied line lengths (a few lines are
tens of kilobytes, one in a few megabytes is a long base64 blob), plus JSON log lines
unless --plain is given. Personal data and secrets are sprinkled at about one value per
2 KB (e-mails, phones in KZ/RU/US/UK/DE/FR formats, Luhn-valid cards, mod-97-valid
IBANs, KZ IINs, RU INNs and SNILS with valid checksums, US SSNs, IPv4/IPv6, MACs, AWS
key ids, GitHub and Slack tokens, JWTs, PEM private-key blocks, URLs with credentials,
key = secret assignments), and near misses (order numbers, dates, times, versions,
prices, hashes, UUIDs, tracking numbers) at about one per 400 bytes.

Everything is synthetic: values are drawn from a seeded PRNG, e-mail and URL hosts use
reserved names only (example.com/.org/.net, *.example, *.test, *.invalid; RFC 2606 and
6761), US and UK phone numbers are in the published fictional ranges. The corpus is for
measuring speed, not detection quality: counts of findings are not ground truth.

--ascii-punct replaces the typographic characters that NFKC changes (em/en dashes, the
numero sign, ellipsis, no-break spaces) with ASCII, to measure the cost of normalisation.

Standard library only; the same arguments always give the same bytes.
"""

import argparse
import json
import os
import random
import string
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import pii_checksums  # noqa: E402

MB = 1000 * 1000

# --- word lists ----------------------------------------------------------------------

EN_WORDS = """
the a to of and in is it for on with as be at this that have from or by not but what all
we when your can there use an each which do how their if will up other about out many
then them these so some would make like into time has look more see no way could people
my than first been call who now find long down day did get come made may part over new
after just only any our also back still here very need want know think again please
thanks hello sorry hi yes just today tomorrow yesterday morning evening week month
order payment delivery customer ticket request reply question issue problem account
password login refund invoice shipping warehouse package tracking status update error
failed pending approved cancelled urgent billing subscription plan upgrade downgrade
support agent manager team service server deploy release build cache timeout retry
latency database queue worker job user session report dashboard settings profile
address card bank transfer charge receipt discount coupon price total amount balance
courier parcel store product item cart checkout app website page button screen link
email message notification reminder meeting call schedule office branch region city
received sent opened closed resolved escalated assigned waiting confirmed verified
broken slow fast wrong missing duplicate double charged twice again still never
because however although while since before until unless whether either neither
problem happens every time I try to open the page it shows a blank screen
could you please check what is going on with my order it was supposed to arrive
we have escalated your request to the billing team and will get back to you soon
the migration finished without errors but the nightly job took longer than usual
""".split()

RU_WORDS = """
я мы вы он она они и но или не что как где когда почему зачем уже ещё пока снова
заказ оплата доставка клиент заявка обращение ответ вопрос проблема решение время
день месяц год час минута деньги банк карта счёт адрес город улица дом квартира
работа компания менеджер поддержка сообщение склад товар цена скидка возврат
проверка подтверждение отправить получить сделать видеть знать сказать написать
прочитать добавить удалить изменить сохранить открыть закрыть найти нужно можно
обязательно спасибо здравствуйте извините пожалуйста да нет конечно правильно
ошибка быстро медленно сразу все некоторые каждый другой этот тот здесь там
сегодня завтра вчера личный кабинет пароль вход система приложение сайт страница
кнопка доступ аккаунт статус платёж списание средства договор документ курьер
посылка трек номер отделение срок неделя вечером утром передать оператор
специалист уточнить вопросу заказу оплату доставку клиента заявку ответа решения
пришло пришла пришёл списали вернули отменили оформил оформила получил получила
не могу войти в личный кабинет после обновления приложения
деньги списали дважды а заказ так и не пришёл прошу разобраться
ваше обращение передано в отдел доставки срок ответа до трёх рабочих дней
курьер не приехал в назначенное время и не отвечает на звонки
""".split()

KK_WORDS = """
мен сен ол біз сіз олар және бірақ немесе емес не қалай қайда қашан неге үшін туралы
бойынша қазір бүгін ертең кеше жақсы жаман үлкен кішкентай жаңа ескі тапсырыс төлем
қызмет клиент өтініш жауап сұрақ мәселе шешім уақыт күн ай жыл сағат минут ақша банк
карта шот мекенжай қала көше үй пәтер жұмыс компания менеджер қолдау хабарлама
жеткізу қойма тауар баға жеңілдік қайтару тексеру растау жіберу алу беру келу кету
жасау көру білу айту жазу оқу қосу өшіру өзгерту сақтау ашу жабу іздеу табу керек
мүмкін міндетті рахмет кешіріңіз өтінемін иә жоқ әрине дұрыс қате тез баяу бірден
әлі тағы барлық кейбір әрбір басқа осы сол мұнда онда тапсырысым төлемі жеткізілмеді
қабылданды өңделуде аяқталды тіркелді құпиясөз кіру жүйе қосымша сайт бет түйме
қате шықты жеке кабинет курьер сәлемдеме мерзім апта таңертең кешке оператор
маман нақтылау ақшаны екі рет алып қойды тапсырыс әлі келген жоқ
өтінішіңіз жеткізу бөліміне жіберілді жауап беру мерзімі үш жұмыс күні
қосымшаны жаңартқаннан кейін жеке кабинетке кіре алмаймын
""".split()

EN_FIRST = "Alice Bob Carol David Emma Frank Grace Henry Olivia James Sophie Daniel Laura Mark Nina Peter".split()
EN_LAST = "Smith Johnson Brown Taylor Wilson Davies Evans Thomas Walker White Harris Clarke".split()
RU_FIRST = "Иван Мария Алексей Ольга Дмитрий Анна Сергей Елена Андрей Татьяна Павел Наталья".split()
RU_LAST = "Иванов Петрова Смирнов Кузнецова Попов Васильева Соколов Морозова Волков Лебедева".split()
KK_FIRST = "Айгерім Нұрлан Дәурен Әсел Ерлан Гүлнар Асқар Жанар Бауыржан Динара Қайрат Сәуле".split()
KK_LAST = "Серікбаев Омарова Жұмабеков Қасымова Нұрланұлы Ахметова Төлеуов Сейітқызы Әбенов".split()
LATIN_LOGINS = "alice bob carol dave emma frank grace henry olivia james ivan.petrov m.smirnova " \
    "a.kuznetsov aigerim.s nurlan.zh dauren asel.o erlan gulnar askar zhanar support billing " \
    "noreply info sales hr it-helpdesk ops deploy ci".split()

CITIES = "Almaty Astana Shymkent Karaganda Aktobe Moscow Kazan Novosibirsk London Berlin Paris Boston".split()
SERVICES = "checkout billing auth orders delivery notifications search catalog gateway payments " \
    "profile inventory reports scheduler".split()
LEVELS = ["INFO"] * 14 + ["DEBUG"] * 6 + ["WARN"] * 3 + ["ERROR"] * 2
HTTP_PATHS = "/api/v1/orders /api/v1/users/me /api/v2/payments /health /static/app.js /login " \
    "/cart /api/v1/search /favicon.ico /api/v1/delivery/track /admin/reports".split()
AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
          'curl/7.88.1', 'python-requests/2.31.0', 'okhttp/4.12.0']

# reserved names only (RFC 2606 / RFC 6761)
EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "corp.example",
                 "shop.test", "kz.example", "bank.test", "mail.invalid", "support.example.com"]
URL_HOSTS = ["www.example.com", "api.example.com", "docs.example.org", "git.example.net",
             "files.example", "portal.test", "db.example.net", "cache.test", "s3.example.com"]

ALNUM = string.ascii_letters + string.digits
B64URL = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"
B32 = string.ascii_uppercase + "234567"

# typographic characters NFKC folds (see --ascii-punct)
TYPO = {"—": "-", "–": "-", "№": "No", "…": "...", "\u00a0": " "}


class Gen:
    def __init__(self, seed, plain):
        self.r = random.Random(seed)
        self.plain = plain

    # --- small helpers -----------------------------------------------------------

    def digits(self, n):
        r = self.r
        return "".join(r.choice("0123456789") for _ in range(n))

    def rstr(self, alphabet, n):
        return "".join(self.r.choices(alphabet, k=n))

    def words(self, lang, n):
        lst = EN_WORDS if lang == "en" else RU_WORDS if lang == "ru" else KK_WORDS
        return self.r.choices(lst, k=n)

    def sentence(self, lang, lo=5, hi=22):
        r = self.r
        w = self.words(lang, r.randint(lo, hi))
        w[0] = w[0][:1].upper() + w[0][1:]
        if len(w) > 6 and r.random() < 0.3:
            w.insert(r.randint(2, len(w) - 2), "—" if lang != "en" else r.choice([",", "—", "-"]))
        if lang == "ru" and r.random() < 0.05:
            w.insert(r.randint(1, len(w)), "«" + r.choice(RU_WORDS) + "»")
        s = " ".join(w).replace(" ,", ",")
        return s + r.choice([".", ".", ".", "?", "!", "…" if lang != "en" else "..."])

    def name(self, lang):
        r = self.r
        if lang == "en":
            return r.choice(EN_FIRST) + " " + r.choice(EN_LAST)
        if lang == "ru":
            return r.choice(RU_FIRST) + " " + r.choice(RU_LAST)
        return r.choice(KK_FIRST) + " " + r.choice(KK_LAST)

    def date(self):
        r = self.r
        return "%04d-%02d-%02d" % (r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28))

    def ts(self):
        r = self.r
        return "%sT%02d:%02d:%02d.%03dZ" % (self.date(), r.randint(0, 23), r.randint(0, 59),
                                           r.randint(0, 59), r.randint(0, 999))

    # --- personal data and secrets (all synthetic) --------------------------------

    def email(self):
        r = self.r
        local = r.choice(LATIN_LOGINS)
        if r.random() < 0.4:
            local += str(r.randint(1, 999))
        return local + "@" + r.choice(EMAIL_DOMAINS)

    def phone(self):
        r = self.r
        d = self.digits
        k = r.randrange(12)
        if k == 0:   # KZ mobile, international
            return "+7 7%s %s %s %s" % (r.choice("0057"), d(1) + d(1), d(3), d(2) + " " + d(2))
        if k == 1:
            return "8 (7%s) %s-%s-%s" % (d(2), d(3), d(2), d(2))
        if k == 2:
            return "+77%s" % d(9)
        if k == 3:   # RU
            return "+7 (9%s) %s-%s-%s" % (d(2), d(3), d(2), d(2))
        if k == 4:
            return "8 9%s %s %s %s" % (d(2), d(3), d(2), d(2))
        if k == 5:
            return "+7 495 %s-%s-%s" % (d(3), d(2), d(2))
        if k == 6:   # US: NANP fictional 555-0100..0199
            return "(%s) 555-01%s" % (r.choice(["212", "415", "617", "312"]), d(2))
        if k == 7:
            return "+1 %s-555-01%s" % (r.choice(["202", "646", "305"]), d(2))
        if k == 8:   # UK: Ofcom drama ranges
            return r.choice(["+44 20 7946 0%s" % d(3), "020 7946 0%s" % d(3), "07700 900%s" % d(3)])
        if k == 9:   # DE
            return r.choice(["+49 30 %s %s" % (d(4), d(4)), "030 %s%s" % (d(4), d(3)),
                             "+49 151 %s %s" % (d(4), d(4))])
        if k == 10:  # FR
            return r.choice(["+33 1 %s %s %s %s" % (d(2), d(2), d(2), d(2)),
                             "01 %s %s %s %s" % (d(2), d(2), d(2), d(2)),
                             "+33 6 %s %s %s %s" % (d(2), d(2), d(2), d(2))])
        return "+7-701-%s-%s-%s" % (d(3), d(2), d(2))

    luhn_digit = staticmethod(pii_checksums.luhn_digit)

    def card(self):
        r = self.r
        kind = r.randrange(6)
        if kind == 0:
            pre, n = "4", 16
        elif kind == 1:
            pre, n = str(r.randint(51, 55)), 16
        elif kind == 2:
            pre, n = str(r.randint(2221, 2720)), 16
        elif kind == 3:
            pre, n = r.choice(["34", "37"]), 15
        elif kind == 4:
            pre, n = "220" + str(r.randint(0, 4)), 16   # Mir
        else:
            pre, n = "62" + self.digits(2), 16            # UnionPay
        body = pre + self.digits(n - 1 - len(pre))
        num = body + self.luhn_digit(body)
        style = r.randrange(3)
        if style == 0:
            return num
        sep = " " if style == 1 else "-"
        if n == 15:
            return sep.join([num[:4], num[4:10], num[10:]])
        return sep.join(num[i:i + 4] for i in range(0, 16, 4))

    IBAN_FMT = {"KZ": ("d3", "a13"), "DE": ("d18",), "GB": ("A4", "d14"), "FR": ("d10", "a11", "d2"),
                "NL": ("A4", "d10"), "ES": ("d20",)}

    def iban(self):
        r = self.r
        cc = r.choice(sorted(self.IBAN_FMT))
        bban = ""
        for part in self.IBAN_FMT[cc]:
            kind, n = part[0], int(part[1:])
            alpha = "0123456789" if kind == "d" else string.ascii_uppercase if kind == "A" else \
                string.ascii_uppercase + "0123456789"
            bban += self.rstr(alpha, n)
        iban = "%s%02d%s" % (cc, pii_checksums.iban_check(cc, bban), bban)
        if r.random() < 0.5:
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return iban

    kz_check = staticmethod(pii_checksums.kz_check)

    def kz_iin(self):
        r = self.r
        while True:
            cent = r.randint(3, 6)
            yy = r.randint(40, 99) if cent <= 4 else r.randint(0, 6)
            body = "%02d%02d%02d%d%s" % (yy, r.randint(1, 12), r.randint(1, 28), cent, self.digits(4))
            c = self.kz_check(body)
            if c >= 0:
                return body + str(c)

    inn_digit = staticmethod(pii_checksums.inn_digit)

    def ru_inn(self):
        r = self.r
        region = "%02d" % r.randint(1, 99)
        if r.random() < 0.5:
            b = region + self.digits(7)
            return b + self.inn_digit(b, [2, 4, 10, 3, 5, 9, 4, 6, 8])
        b = region + self.digits(8)
        b += self.inn_digit(b, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        return b + self.inn_digit(b, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])

    def ru_snils(self):
        r = self.r
        num = "%09d" % r.randint(2000000, 999999999)
        s = sum(int(num[i]) * (9 - i) for i in range(9))
        c = s if s < 100 else s % 101 % 100
        ch = "%02d" % c
        if r.random() < 0.7:
            return "%s-%s-%s %s" % (num[:3], num[3:6], num[6:], ch)
        return num + ch

    def us_ssn(self):
        r = self.r
        area = r.randint(1, 899)
        if area == 666:
            area = 667
        return "%03d-%02d-%04d" % (area, r.randint(1, 99), r.randint(1, 9999))

    def ipv4(self):
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return "10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))
        if k == 1:
            return "192.168.%d.%d" % (r.randint(0, 255), r.randint(1, 254))
        return "%d.%d.%d.%d" % (r.randint(11, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))

    def ipv6(self):
        r = self.r
        g = ["%x" % r.randint(0, 0xffff) for _ in range(8)]
        k = r.randrange(3)
        if k == 0:
            return ":".join(g)
        if k == 1:
            return "2a0%x:%s::%s" % (r.randint(0, 15), g[1], ":".join(g[5:]))
        return "fe80::%s" % ":".join(g[4:])

    def mac(self):
        r = self.r
        b = ["%02x" % r.randint(0, 255) for _ in range(6)]
        k = r.randrange(3)
        if k == 0:
            return ":".join(b)
        if k == 1:
            return "-".join(b).upper()
        s = "".join(b)
        return "%s.%s.%s" % (s[:4], s[4:8], s[8:])

    def aws_key(self):
        return self.r.choice(["AKIA", "AKIA", "ASIA"]) + self.rstr(B32, 16)

    def github_token(self):
        return "ghp_" + self.rstr(ALNUM, 36)

    def slack_token(self):
        return "xoxb-%s-%s-%s" % (self.digits(11), self.digits(13), self.rstr(ALNUM, 24))

    b64u = staticmethod(pii_checksums.b64u)

    def jwt(self):
        r = self.r
        head = self.b64u({"alg": r.choice(["HS256", "RS256"]), "typ": "JWT"})
        body = self.b64u({"sub": str(r.randint(1000, 99999999)), "iat": 1700000000 + r.randint(0, 10 ** 7),
                          "scope": r.choice(["read", "read write", "admin"])})
        return "%s.%s.%s" % (head, body, self.rstr(B64URL, 43))

    def url_with_creds(self):
        r = self.r
        user = r.choice(["deploy", "admin", "svc", "app", "backup", "ci"])
        pw = self.rstr(ALNUM, r.randint(10, 20))
        k = r.randrange(4)
        if k == 0:
            return "https://%s:%s@%s/org/repo.git" % (user, pw, r.choice(URL_HOSTS))
        if k == 1:
            return "postgres://%s:%s@db.example.net:5432/prod" % (user, pw)
        if k == 2:
            return "redis://:%s@cache.test:6379/0" % pw
        return "https://%s/v1/export?format=csv&access_token=%s" % (r.choice(URL_HOSTS), self.rstr(ALNUM, 32))

    def secret_assignment(self):
        r = self.r
        v = self.rstr(ALNUM + "+/", r.randint(20, 40))
        k = r.randrange(5)
        if k == 0:
            return "DB_PASSWORD=%s" % v
        if k == 1:
            return 'api_key: "%s"' % v
        if k == 2:
            return "Authorization: Bearer %s" % self.rstr(ALNUM, 40)
        if k == 3:
            return "aws_secret_access_key = %s" % self.rstr(B64, 40)
        return '"client_secret": "%s"' % v

    def pem_block(self):
        lines = ["-----BEGIN RSA PRIVATE KEY-----"]
        lines += [self.rstr(B64, 64) for _ in range(self.r.randint(8, 25))]
        lines.append(self.rstr(B64, 20) + "==")
        lines.append("-----END RSA PRIVATE KEY-----")
        return lines

    # (generator, context phrases by language); context is used half of the time
    def pii(self, lang):
        r = self.r
        k = r.randrange(100)
        if k < 16:
            v, ctx = self.email(), {"en": "e-mail", "ru": "почта", "kk": "пошта"}
        elif k < 32:
            v, ctx = self.phone(), {"en": "phone", "ru": "тел.", "kk": "телефоны"}
        elif k < 41:
            v, ctx = self.card(), {"en": "card", "ru": "карта", "kk": "картасы"}
        elif k < 47:
            v, ctx = self.iban(), {"en": "IBAN", "ru": "счёт", "kk": "шот"}
        elif k < 53:
            v, ctx = self.kz_iin(), {"en": "IIN", "ru": "ИИН", "kk": "ЖСН"}
        elif k < 58:
            v, ctx = self.ru_inn(), {"en": "INN", "ru": "ИНН", "kk": "ИНН"}
        elif k < 62:
            v, ctx = self.ru_snils(), {"en": "SNILS", "ru": "СНИЛС", "kk": "СНИЛС"}
        elif k < 66:
            v, ctx = self.us_ssn(), {"en": "SSN", "ru": "SSN", "kk": "SSN"}
        elif k < 76:
            v, ctx = self.ipv4(), {"en": "from", "ru": "с адреса", "kk": "IP"}
        elif k < 79:
            v, ctx = self.ipv6(), {"en": "from", "ru": "с адреса", "kk": "IP"}
        elif k < 83:
            v, ctx = self.mac(), {"en": "device", "ru": "устройство", "kk": "құрылғы"}
        elif k < 86:
            v, ctx = self.aws_key(), {"en": "key id", "ru": "ключ", "kk": "кілт"}
        elif k < 88:
            v, ctx = self.github_token(), {"en": "token", "ru": "токен", "kk": "токен"}
        elif k < 89:
            v, ctx = self.slack_token(), {"en": "token", "ru": "токен", "kk": "токен"}
        elif k < 92:
            v, ctx = self.jwt(), {"en": "token", "ru": "токен", "kk": "токен"}
        elif k < 96:
            v, ctx = self.url_with_creds(), {"en": "see", "ru": "ссылка", "kk": "сілтеме"}
        else:
            v, ctx = self.secret_assignment(), {"en": "config:", "ru": "конфиг:", "kk": "конфиг:"}
        self.last_pii = v   # the planted value itself, for ground truth (make_tickets.py --truth)
        if r.random() < 0.5:
            return ctx[lang] + " " + v
        return v

    def near_miss(self):
        r = self.r
        d = self.digits
        k = r.randrange(22)
        if k == 0:
            return "#" + d(r.randint(6, 9))
        if k == 1:
            return "ORD-%d-%s" % (r.randint(2019, 2025), d(8))
        if k == 2:
            return "№ " + d(r.randint(5, 8))
        if k == 3:
            return self.date()
        if k == 4:
            return "%02d.%02d.%d" % (r.randint(1, 28), r.randint(1, 12), r.randint(2019, 2025))
        if k == 5:
            return "%02d/%02d/%d" % (r.randint(1, 12), r.randint(1, 28), r.randint(2019, 2025))
        if k == 6:
            return "%02d:%02d" % (r.randint(0, 23), r.randint(0, 59)) if r.random() < 0.5 else \
                "%02d:%02d:%02d" % (r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))
        if k == 7:
            return "v%d.%d.%d" % (r.randint(0, 9), r.randint(0, 30), r.randint(0, 99))
        if k == 8:
            return "%d.%d.%d.%d" % (r.randint(1, 12), r.randint(0, 9), r.randint(1000, 30000), r.randint(0, 9999))
        if k == 9:
            return "$%d,%03d.%02d" % (r.randint(1, 99), r.randint(0, 999), r.randint(0, 99))
        if k == 10:
            return "%d %03d ₸" % (r.randint(1, 999), r.randint(0, 999))
        if k == 11:
            return "%d\u00a0%03d,%02d руб." % (r.randint(1, 99), r.randint(0, 999), r.randint(0, 99))
        if k == 12:
            return "€%d.%02d" % (r.randint(1, 999), r.randint(0, 99))
        if k == 13:
            return "%d%%" % r.randint(0, 100)
        if k == 14:
            return d(r.randint(8, 19))          # ids of all lengths: mostly fail every check
        if k == 15:
            return self.rstr(HEX, 40)           # commit hash
        if k == 16:
            h = self.rstr(HEX, 32)
            return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
        if k == 17:
            return "RR%sKZ" % d(9)
        if k == 18:
            return "%d ms" % r.randint(1, 30000)
        if k == 19:
            return "https://%s/help/article/%s" % (r.choice(URL_HOSTS), d(5))
        if k == 20:
            return "%d-%s-%s" % (r.randint(100, 999), d(3), d(4))   # ticket ref shaped like a phone
        return "%s.%s" % (r.choice(["43", "51", "55"]), d(4))

    # --- line kinds --------------------------------------------------------------

    def prose(self, lang, long_line=False):
        r = self.r
        n = r.randint(20, 250) if long_line else r.choice([1, 1, 1, 2, 2, 3, 4])
        return " ".join(self.sentence(lang) for _ in range(n))

    def line(self):
        r = self.r
        lang = r.choices(["en", "ru", "kk"], weights=[40, 35, 25])[0]
        k = r.random()
        if not self.plain and k < 0.18:
            return self.json_line(lang)
        k = r.random()
        if k < 0.50:
            return self.prose(lang, long_line=r.random() < 0.004)
        if k < 0.62:
            return "[%02d:%02d:%02d] %s: %s" % (r.randint(0, 23), r.randint(0, 59), r.randint(0, 59),
                                               self.name(lang).split()[0], self.sentence(lang, 2, 14))
        if k < 0.72:
            return self.ticket(lang)
        if k < 0.77:
            return self.mail_header(lang)
        if k < 0.93:
            return "%s %s [%s-%d] %s: %s request_id=%s duration_ms=%d" % (
                self.ts().replace("T", " ")[:23], r.choice(LEVELS), r.choice(SERVICES), r.randint(1, 8),
                r.choice(SERVICES), self.sentence("en", 3, 10), self.rstr(HEX, 16), r.randint(1, 5000))
        if k < 0.97:
            return '%s - - [%02d/Mar/2024:%02d:%02d:%02d +0000] "GET %s HTTP/1.1" %d %d "-" "%s"' % (
                self.ipv4(), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59), r.randint(0, 59),
                r.choice(HTTP_PATHS), r.choice([200, 200, 200, 304, 404, 500]), r.randint(0, 99999),
                r.choice(AGENTS))
        return ""

    def ticket(self, lang):
        r = self.r
        if lang == "en":
            head = "Ticket #%d (priority: %s) from %s:" % (r.randint(10000, 99999),
                                                         r.choice(["low", "normal", "high"]), self.name(lang))
        elif lang == "ru":
            head = "Заявка № %d от %02d.%02d.%d, клиент %s:" % (r.randint(10000, 99999), r.randint(1, 28),
                                                                r.randint(1, 12), r.randint(2020, 2025), self.name(lang))
        else:
            head = "Өтініш № %d, клиент %s:" % (r.randint(10000, 99999), self.name(lang))
        return head + " " + self.prose(lang)

    def mail_header(self, lang):
        r = self.r
        k = r.randrange(4)
        if k == 0:
            return "From: %s <%s>" % (self.name(lang), self.email())
        if k == 1:
            return "Subject: Re: %s" % self.sentence(lang, 2, 7)
        if k == 2:
            return "Date: %s" % self.ts()
        return {"en": "Best regards,", "ru": "С уважением,", "kk": "Құрметпен,"}[lang] + " " + self.name(lang)

    def json_line(self, lang):
        r = self.r
        rec = {"ts": self.ts(), "level": r.choice(LEVELS).lower(), "service": r.choice(SERVICES),
               "trace_id": self.rstr(HEX, 32), "msg": self.sentence(lang, 3, 16),
               "user": {"id": r.randint(1, 10 ** 7), "city": r.choice(CITIES)},
               "duration_ms": r.randint(1, 9000), "order": "ORD-%d-%s" % (r.randint(2019, 2025), self.digits(8))}
        if r.random() < 0.004:
            rec["attachment"] = self.rstr(B64, r.randint(20000, 120000))
        return json.dumps(rec, ensure_ascii=False)


def insert_at_word(r, line, value):
    """Puts value at a random space of line (or appends it)."""
    if not line:
        return value
    pos = [i for i in (r.randrange(len(line)) for _ in range(3)) if line[i] == " "]
    if not pos:
        return line + " " + value
    i = pos[0]
    return line[:i + 1] + value + line[i:]


def generate(out, size_mb, seed, plain, ascii_punct):
    g = Gen(seed, plain)
    r = g.r
    target = size_mb * MB
    written = 0
    pii_gap, miss_gap = 2048, 400
    pii_due = r.expovariate(1 / pii_gap)
    miss_due = r.expovariate(1 / miss_gap)
    buf = []
    buffered = 0
    first = True
    table = str.maketrans(TYPO)
    while written < target:
        if first:
            line = "Support export " + g.date() + ": tickets, chats and service logs (synthetic)."
            first = False
        elif r.random() < 0.0004:
            line = "\n".join(g.pem_block())
        else:
            line = g.line()
        n = len(line) + 1
        # the JSON lines take their values into fields, the others at a word boundary
        while pii_due < n or miss_due < n:
            lang = "ru" if r.random() < 0.35 else "kk" if r.random() < 0.4 else "en"
            if line.startswith("{"):
                rec = json.loads(line)
                if pii_due < n:
                    rec.setdefault("user", {})[r.choice(["email", "phone", "card", "iin", "ip", "note"])] = g.pii(lang)
                    pii_due += r.expovariate(1 / pii_gap)
                if miss_due < n:
                    rec["ref"] = g.near_miss()
                    miss_due += r.expovariate(1 / miss_gap)
                line = json.dumps(rec, ensure_ascii=False)
            else:
                if pii_due < n:
                    line = insert_at_word(r, line, g.pii(lang))
                    pii_due += r.expovariate(1 / pii_gap)
                if miss_due < n:
                    line = insert_at_word(r, line, g.near_miss())
                    miss_due += r.expovariate(1 / miss_gap)
        pii_due -= n
        miss_due -= n
        if ascii_punct:
            line = line.translate(table)
        data = (line + "\n").encode("utf-8")
        if written + len(data) > target:
            left = target - written   # pad to the exact size with an ASCII line
            data = (("." * (left - 1)) + "\n").encode() if left > 0 else b""
        buf.append(data)
        buffered += len(data)
        written += len(data)
        if buffered >= 1 << 20:
            out.write(b"".join(buf))
            buf, buffered = [], 0
    out.write(b"".join(buf))


def main():
    ap = argparse.ArgumentParser(description="Write a deterministic synthetic text corpus for bench/scan.")
    ap.add_argument("size_mb", type=int, help="size in MB (10^6 bytes)")
    ap.add_argument("--plain", action="store_true", help="plain text only: no JSON log lines")
    ap.add_argument("--ascii-punct", action="store_true",
                    help="write ASCII for typographic characters NFKC would change")
    ap.add_argument("--seed", type=int, default=20240601, help="PRNG seed (default 20240601)")
    ap.add_argument("-o", "--output", help="output file (default: standard output)")
    a = ap.parse_args()
    if a.size_mb <= 0:
        ap.error("SIZE_MB must be positive")
    if a.output:
        tmp = a.output + ".tmp"
        with open(tmp, "wb") as f:
            generate(f, a.size_mb, a.seed, a.plain, a.ascii_punct)
        import os
        os.replace(tmp, a.output)
    else:
        generate(sys.stdout.buffer, a.size_mb, a.seed, a.plain, a.ascii_punct)


if __name__ == "__main__":
    main()
