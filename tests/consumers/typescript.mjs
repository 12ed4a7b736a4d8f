// The TypeScript rows of the consumer matrix: types generated from the published schemas by
// openapi-typescript (from schemas/openapi.json) and by json-schema-to-typescript (from each schema
// file), then one .ts file per generator that assigns every valid example to its request/response
// type, every callback sample to its event/reply type, and every invalid request whose fault a
// type can express to its request type under `// @ts-expect-error`. `tsc --strict --noEmit` must accept both files: an example that does not
// type-check and an invalid request that does are both errors.
//
// usage: node typescript.mjs FIXTURES SCHEMAS_DIR OUT_DIR
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compileFromFile } from "json-schema-to-typescript";

const [fixturesPath, schemas, out] = process.argv.slice(2);
const fixtures = JSON.parse(readFileSync(fixturesPath, "utf8"));
mkdirSync(out, { recursive: true });
const bin = (name) => join(dirname(new URL(import.meta.url).pathname), "node_modules", ".bin", name);
const nodeBin = process.env.CONSUMERS_NODE_BIN;
const tool = (name) => (nodeBin ? join(nodeBin, name) : bin(name));

/** One assignment per line, so that `@ts-expect-error` covers exactly that statement. */
function assignments(typeOf, callbackType) {
  const lines = [];
  let n = 0;
  let expected = 0;
  for (const op of fixtures.operations) {
    for (const ex of op.examples) {
      for (const [role, body] of [["request", ex.request], ["response", ex.response]]) {
        if (body === undefined) continue;
        lines.push(`// ${op.id} example ${ex.name} (${role})`);
        lines.push(`export const v${n++}: ${typeOf(op, role)} = ${JSON.stringify(body)};`);
      }
    }
    for (const bad of op.invalid_requests.filter((b) => b.type_expressible)) {
      lines.push(`// @ts-expect-error ${op.id} invalid request ${bad.name}: ${bad.summary ?? bad.field}`);
      lines.push(`export const v${n++}: ${typeOf(op, "request")} = ${JSON.stringify(bad.request)};`);
      expected++;
    }
  }
  for (const cb of fixtures.callbacks ?? []) {
    for (const ex of cb.examples) {
      for (const [role, body] of [["event", ex.body], ["reply", ex.reply]]) {
        if (body === undefined) continue;
        lines.push(`// callback ${cb.id} example ${ex.name} (${role})`);
        lines.push(`export const v${n++}: ${callbackType(cb, role)} = ${JSON.stringify(body)};`);
      }
    }
  }
  return { text: lines.join("\n") + "\n", checked: n, expected };
}

function tsc(file) {
  execFileSync(tool("tsc"), ["--strict", "--noEmit", "--target", "es2022", "--module", "nodenext", file], {
    stdio: "inherit",
  });
}

const rows = [];

// openapi-typescript: `components["schemas"][<component>]`; a GET's request is its query
// parameters, `paths[<path>]["get"]["parameters"]["query"]`.
{
  const dir = join(out, "openapi-typescript");
  mkdirSync(dir, { recursive: true });
  execFileSync(tool("openapi-typescript"), [join(schemas, "openapi.json"), "-o", join(dir, "api.ts")], { stdio: "pipe" });
  const type = (op, role) =>
    role === "request" && op.request_in === "query"
      ? `NonNullable<paths["${op.path}"]["${op.method.toLowerCase()}"]["parameters"]["query"]>`
      : `components["schemas"]["${role === "request" ? op.request_type : op.response_type}"]`;
  const a = assignments(type, (cb, role) => `components["schemas"]["${cb[`${role}_type`]}"]`);
  writeFileSync(join(dir, "check.ts"), `import type { components, paths } from "./api.js";\n\n${a.text}`);
  tsc(join(dir, "check.ts"));
  rows.push(["openapi-typescript + tsc --strict", a]);
}

// json-schema-to-typescript: each schema file's title is its exported type.
{
  const dir = join(out, "json-schema-to-typescript");
  mkdirSync(dir, { recursive: true });
  const imports = [];
  const files = [
    ...fixtures.operations.flatMap((op) => [[op.request_schema, op.request_type], [op.response_schema, op.response_type]]),
    ...(fixtures.callbacks ?? []).flatMap((cb) => [[cb.event_schema, cb.event_type], [cb.reply_schema, cb.reply_type]]),
  ];
  for (const [file, name] of files) {
    const ts = await compileFromFile(join(schemas, file), { cwd: schemas });
    const module = file.replace(/\//g, "__").replace(/\.json$/, "");
    writeFileSync(join(dir, `${module}.ts`), ts);
    imports.push(`import type { ${name} } from "./${module}.js";`);
  }
  const type = (op, role) => (role === "request" ? op.request_type : op.response_type);
  const a = assignments(type, (cb, role) => cb[`${role}_type`]);
  writeFileSync(join(dir, "check.ts"), `${imports.join("\n")}\n\n${a.text}`);
  tsc(join(dir, "check.ts"));
  rows.push(["json-schema-to-typescript + tsc --strict", a]);
}

for (const [row, a] of rows) {
  console.log(`${row}: ${a.checked - a.expected} examples type-check, ${a.expected} invalid requests are compile errors`);
}
