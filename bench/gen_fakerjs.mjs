// bench/gen_fakerjs.mjs N: the simple record of bench/simple.dpt with @faker-js/faker,
// one JSON object per line, seeded. Run with NODE_PATH pointing at its node_modules.
import { createRequire } from "node:module";
const require = createRequire(process.cwd() + "/");
const { faker } = require("@faker-js/faker");

const n = Number(process.argv[2]);
faker.seed(7);
const chunk = [];
for (let i = 1; i <= n; i++) {
  const first = faker.person.firstName(), last = faker.person.lastName();
  chunk.push(JSON.stringify({ id: i, name: `${first} ${last}`,
    email: faker.internet.email({ firstName: first, lastName: last, provider: "example.com" }),
    phone: faker.phone.number(), amount: faker.number.float({ min: 1, max: 10000, fractionDigits: 2 }) }));
  if (chunk.length === 10000) { process.stdout.write(chunk.join("\n") + "\n"); chunk.length = 0; }
}
if (chunk.length) process.stdout.write(chunk.join("\n") + "\n");
