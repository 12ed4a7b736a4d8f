//! IR → `schemas/README.md`: the page for teams who consume the published schemas without
//! reading our Rust: every operation with its schema files, type names and error codes, the
//! vocabulary, and copy-paste snippets for TypeScript, Python and Java.

use std::fmt::Write as _;

use ccapi_spec::ir::*;

use crate::schema::schema_file;
use crate::vocabulary;

/// The page.
pub fn page(api: &Api) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "<!-- {} -->\n", crate::format::NOTICE);
    let _ = writeln!(w, "# {} {}: published schemas\n", api.title, api.version);
    let _ = writeln!(
        w,
        "JSON Schema (draft 2020-12) files for every request and response body, one per file, each \
         self-contained (its named types under `$defs`); `openapi.json`, an OpenAPI 3.1 document of \
         the whole API, self-contained too (every schema under `components/schemas`); `index.json`, \
         the operations with their schema files and call patterns; `vocabulary.json`, the extension \
         keywords. A schema's `title` is its type's name (unique across all files), so generators \
         name their types after it. Request schemas are closed (`additionalProperties: false`), \
         response schemas open. `$id`s carry the version: `urn:{}:schemas:{}:<file>`.\n",
        api.name, api.version
    );
    operations(w, api);
    let _ = writeln!(w, "## Extension keywords\n");
    let _ = writeln!(
        w,
        "Annotations only: none changes what a schema accepts. A strict validator must be told about \
         them (`vocabulary.json` lists them):\n"
    );
    for (k, d) in vocabulary::KEYWORDS {
        let _ = writeln!(w, "- `{k}`: {d}");
    }
    let _ = writeln!(w);
    snippets(w, api);
    out
}

fn operations(w: &mut String, api: &Api) {
    let _ = writeln!(w, "## Operations\n");
    let _ = writeln!(w, "| operation | call | request | response |");
    let _ = writeln!(w, "|---|---|---|---|");
    for op in api.operations() {
        let _ = writeln!(
            w,
            "| `{}` | `{} {}` | [`{}`]({}) | [`{}`]({}) |",
            op.id,
            op.method,
            op.path,
            api.ty(op.request).component_name,
            schema_file(op, StructRole::Request),
            api.ty(op.response).component_name,
            schema_file(op, StructRole::Response),
        );
    }
    let _ = writeln!(w);
    for op in api.operations() {
        let _ = writeln!(w, "### `{}`: {}\n", op.id, op.summary);
        let _ = writeln!(
            w,
            "`{} {}`; request `{}` ({}), response `{}` ({}).{}{}\n",
            op.method,
            op.path,
            api.ty(op.request).component_name,
            schema_file(op, StructRole::Request),
            api.ty(op.response).component_name,
            schema_file(op, StructRole::Response),
            if op.idempotent { " Idempotent." } else { " Not idempotent: never resent after an ambiguous failure." },
            op.rate_limit
                .as_ref()
                .map(|r| format!(" At most {} calls/s per {}.", r.per_second, r.scope))
                .unwrap_or_default(),
        );
        contradictions(w, api, op);
        if op.errors.is_empty() {
            let _ = writeln!(w, "No error codes documented.\n");
            continue;
        }
        let _ = writeln!(w, "| code | retryable | description |");
        let _ = writeln!(w, "|---|---|---|");
        for e in &op.errors {
            let shared = e.from_set.as_ref().map(|s| format!(" (shared: `{s}`)")).unwrap_or_default();
            let _ = writeln!(
                w,
                "| {} | {} | {}{shared} |",
                e.code,
                if e.retryable { "yes" } else { "no" },
                e.description.replace('|', "\\|").replace('\n', " ")
            );
        }
        let _ = writeln!(w);
    }
}

/// Where the vendor's page contradicts itself and the schemas accept what its samples send.
fn contradictions(w: &mut String, api: &Api, op: &Operation) {
    let TypeKind::Struct(s) = &api.ty(op.request).kind else { return };
    for f in &s.fields {
        if let Some(c) = &f.contradiction {
            let _ = writeln!(w, "Note on `{}`: {}.\n", f.wire_name, c.summary);
        }
    }
}

fn snippets(w: &mut String, api: &Api) {
    // The snippets' operation: the first streamed one (the bots' main call), else the first with a sample.
    let with_sample = |o: &&Operation| o.examples.iter().any(|e| e.request.is_some());
    let Some(op) = api
        .operations()
        .filter(with_sample)
        .find(|o| o.streaming.is_some())
        .or_else(|| api.operations().find(with_sample))
    else {
        return;
    };
    let req = &api.ty(op.request).component_name;
    let resp = &api.ty(op.response).component_name;
    let req_file = schema_file(op, StructRole::Request);
    let resp_file = schema_file(op, StructRole::Response);
    let body = op.examples.iter().find_map(|e| e.request.clone()).unwrap_or_default();
    let body = serde_json::to_string(&body).unwrap_or_default();
    let module = req_file.trim_end_matches(".json").replace('/', ".").replace(".request", "_request");
    let _ = writeln!(
        w,
        r#"## Using them

The versions below are the ones `tests/consumers/run.sh` runs in CI, with each tool's default
settings; the examples use `{id}`.

### TypeScript

Types from `openapi.json` with openapi-typescript 7.13:

```sh
npx openapi-typescript@7.13.0 schemas/openapi.json -o api.ts
```

```ts
import type {{ components }} from "./api";
type {req} = components["schemas"]["{req}"];
type {resp} = components["schemas"]["{resp}"];
const request: {req} = {body};
```

Or one file per schema with json-schema-to-typescript 15 (the title is the exported type):
`npx -p json-schema-to-typescript@15.0.4 json2ts -i schemas/{req_file} -o {req}.ts`. Validate at run time with Ajv 8
(draft 2020-12, strict mode), told about the vocabulary:

```ts
import Ajv2020 from "ajv/dist/2020";
import vocabulary from "./schemas/vocabulary.json";
import schema from "./schemas/{req_file}";
const ajv = new Ajv2020({{ strict: true }});
ajv.addVocabulary(vocabulary.keywords);
const validate = ajv.compile(schema);
if (!validate(request)) throw new Error(ajv.errorsText(validate.errors));
```

### Python

pydantic v2 models with datamodel-code-generator 0.89 (class names are the titles), from the
schema folders or from `openapi.json`:

```sh
mkdir in && cp -r schemas/*/ in/   # the schema folders, without openapi.json and index.json
datamodel-codegen --input in --input-file-type jsonschema --output models --output-model-type pydantic_v2.BaseModel
```

```python
import json
from models.{module} import {req}

# strict=True: pydantic's default, lax mode (what the consumer matrix runs), turns "20" into 20,
# which the schemas refuse.
request = {req}.model_validate_json(json.dumps({body}), strict=True)
```

The generated classes leave out rules that depend on another field's value (the schemas'
`if`/`then`, e.g. what `content` holds for each `mediaType`); `jsonschema` (4.x,
`Draft202012Validator`) and openapi-core (0.23) check every rule.

### Java

Classes with quicktype 26 and Jackson 2 (the consumer matrix runs this with quicktype's default
settings; class names are the titles), one top-level type per schema file:

```sh
mkdir -p src/io/quicktype && npx quicktype@26.0.0 --lang java --src-lang schema -o src/io/quicktype/Converter.java schemas/*/*.json
```

```java
import io.quicktype.Converter;
import io.quicktype.{req};

{req} request = Converter.{req}FromJsonString("{escaped}");
```

The classes check what their Java types say: a string enum is a Java enum (an unlisted value is
refused), and so is a union's tag. They do not check required fields (a missing one reads
null), integer enums (a `Long`), which branch of a `oneOf` a body is (one class holds every
branch's fields), lengths, patterns or ranges, and Jackson coerces scalars (`"20"` reads as 20).
Validate the JSON too, e.g. with networknt json-schema-validator 1.x, which reads draft 2020-12
and ignores unknown keywords (not run by the matrix):

```java
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.*;

JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
JsonSchema schema = factory.getSchema(Files.newInputStream(Path.of("schemas/{req_file}")));
Set<ValidationMessage> errors = schema.validate(new ObjectMapper().readTree("{escaped}"));
```

From `openapi.json`, openapi-generator's `java` generator (not run by the matrix) uses
`x-enum-varnames` for enum constants.
Response schema of this operation: `{resp_file}`.
"#,
        id = op.id,
        escaped = body.replace('\\', "\\\\").replace('"', "\\\""),
    );
}
