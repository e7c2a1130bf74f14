#!/usr/bin/python3
"""bench/gen_faker.py N: the simple record of bench/simple.dpt with Python Faker
(Debian's python3-fake-factory), one JSON object per line, seeded."""
import json
import sys

from faker import Faker

n = int(sys.argv[1])
fake = Faker("en_US")
fake.seed(7) if hasattr(fake, "seed") and not hasattr(Faker, "seed_instance") else fake.seed_instance(7)
out = sys.stdout
for i in range(1, n + 1):
    out.write(json.dumps({"id": i, "name": fake.name(), "email": fake.email(),
                          "phone": fake.phone_number(),
                          "amount": round(fake.pyfloat(left_digits=4, right_digits=2, positive=True), 2)},
                         ensure_ascii=False))
    out.write("\n")
