// The Ajv row of the consumer matrix: Ajv 8's draft 2020-12 validator in strict mode (every
// strict option on, stricter than its default), told about the published vocabulary's keywords
// the way schemas/README.md says; every schema file must compile, every valid example pass, every
// invalid request fail.
//
// usage: node ajv.mjs FIXTURES SCHEMAS_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const [fixturesPath, schemas] = process.argv.slice(2);
const fixtures = JSON.parse(readFileSync(fixturesPath, "utf8"));
const vocabulary = JSON.parse(readFileSync(join(schemas, "vocabulary.json"), "utf8"));
const warnings = [];
const logger = { log: () => {}, warn: (...a) => warnings.push(a.join(" ")), error: (...a) => warnings.push(a.join(" ")) };
const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
ajv.addVocabulary(vocabulary.keywords);

let passed = 0;
const failures = [];
const check = (ok, what) => (ok ? passed++ : failures.push(what));
for (const op of fixtures.operations) {
  const compiled = {};
  for (const role of ["request", "response"]) {
    const file = op[`${role}_schema`];
    try {
      compiled[role] = ajv.compile(JSON.parse(readFileSync(join(schemas, file), "utf8")));
      check(true, "");
    } catch (e) {
      failures.push(`${file} does not compile: ${e.message}`);
    }
  }
  for (const ex of op.examples) {
    for (const role of ["request", "response"]) {
      const v = compiled[role];
      if (!v || ex[role] === undefined) continue;
      check(v(ex[role]), `${op.id} example ${ex.name} (${role}) is refused: ${ajv.errorsText(v.errors)}`);
    }
  }
  for (const bad of op.invalid_requests) {
    const v = compiled.request;
    if (v) check(!v(bad.request), `${op.id} invalid request ${bad.name} is accepted`);
  }
}
for (const w of warnings) failures.push(`strict-mode warning: ${w}`);
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`ajv 2020 strict: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
