// The Ajv row of the consumer matrix: Ajv 8's draft 2020-12 validator in strict mode (every
// strict option on, stricter than its default), told about the published vocabulary's keywords
// the way schemas/README.md says; every schema file index.json lists (operations' requests and
// responses, callbacks' events and replies) must compile, every valid example pass (callback
// samples included), every invalid request fail.
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
// Every file the index lists, compiled once.
const index = JSON.parse(readFileSync(join(schemas, "index.json"), "utf8"));
const listed = [
  ...index.operations.flatMap((op) => [op.request, op.response]),
  ...(index.callbacks ?? []).flatMap((cb) => [cb.event, cb.reply]),
];
const validators = {};
for (const file of listed) {
  try {
    validators[file] = ajv.compile(JSON.parse(readFileSync(join(schemas, file), "utf8")));
    check(true, "");
  } catch (e) {
    failures.push(`${file} does not compile: ${e.message}`);
  }
}
const compiledFile = (file) => {
  if (!(file in validators)) failures.push(`${file} is not listed in index.json`);
  return validators[file];
};
for (const op of fixtures.operations) {
  const compiled = { request: compiledFile(op.request_schema), response: compiledFile(op.response_schema) };
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
for (const cb of fixtures.callbacks ?? []) {
  const compiled = { body: compiledFile(cb.event_schema), reply: compiledFile(cb.reply_schema) };
  for (const ex of cb.examples) {
    for (const role of ["body", "reply"]) {
      const v = compiled[role];
      if (!v || ex[role] === undefined) continue;
      check(v(ex[role]), `${cb.id} example ${ex.name} (${role}) is refused: ${ajv.errorsText(v.errors)}`);
    }
  }
}
for (const w of warnings) failures.push(`strict-mode warning: ${w}`);
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`ajv 2020 strict: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
