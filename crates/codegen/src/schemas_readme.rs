//! IR → `schemas/README.md`: the page for teams who consume the published schemas without
//! reading our Rust: every operation with its schema files, type names and error codes, every
//! callback with its event and reply schemas, how it is recognised, signed and deduplicated, the
//! vocabulary, and copy-paste snippets for TypeScript, Python and Java.

use std::fmt::Write as _;

use ccapi_loader::ir::*;

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
        "JSON Schema (draft 2020-12) files for every request and response body, and for the body \
         (`<callback>.event.json`) and reply (`<callback>.reply.json`) of every callback the vendors \
         send to the app, one per file, each self-contained (its named types under `$defs`); \
         `openapi.json`, an OpenAPI 3.1 document of the whole API (the callbacks as its `webhooks`), \
         self-contained too (every schema under `components/schemas`); `index.json`, the operations \
         with their schema files and call patterns, and the callbacks with theirs; `vocabulary.json`, \
         the extension keywords. A schema's `title` is its type's name (unique across all files), so \
         generators name their types after it. What the app writes is closed \
         (`additionalProperties: false`: requests, callback replies), what it reads open (responses, \
         callback bodies). `$id`s carry the version: `urn:{}:schemas:{}:<file>`.\n",
        api.name, api.version
    );
    operations(w, api);
    callbacks(w, api);
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

fn callbacks(w: &mut String, api: &Api) {
    if api.callbacks().next().is_none() {
        return;
    }
    let _ = writeln!(w, "## Callbacks\n");
    let _ = writeln!(
        w,
        "Requests the vendors send to the app: `index.json` lists each under `callbacks` (`command`, \
         or `path` for one dispatched by path; `synchronous`; `dedup`, the keys that identify a \
         delivery in order of preference: `{{\"query\": name}}`, `{{\"body\": field}}`, \
         `{{\"digest\": \"sha256\"}}` for the SHA-256 of the body bytes; `auth`; the `query` \
         parameters and `headers` with their roles; the `event` and `reply` schema files). \
         `openapi.json` has one webhook per callback, named by its command (else its id), with the \
         same facts as `x-synchronous`, `x-dedup`, `x-callback-auth` (and `x-callback-path`), the \
         query parameters, the body and the reply. A synchronous callback's reply steers what the \
         vendor does next; the others are acknowledged at once and handled off the request path.\n"
    );
    let _ = writeln!(w, "| callback | recognised by | synchronous | dedup | event | reply |");
    let _ = writeln!(w, "|---|---|---|---|---|---|");
    for cb in api.callbacks() {
        let on = match (&cb.command, &cb.path) {
            (Some(c), _) => format!("`CallbackCommand={c}`"),
            (None, Some(p)) => format!("`POST {p}`"),
            (None, None) => String::new(),
        };
        let dedup: Vec<String> = cb
            .dedup
            .iter()
            .map(|d| match d {
                DedupKey::Query(q) => format!("query `{q}`"),
                DedupKey::Body(f) => format!("body `{}`", f.wire_name),
                DedupKey::Digest => "body digest".to_string(),
            })
            .collect();
        let _ = writeln!(
            w,
            "| `{}` | {on} | {} | {} | [`{}`]({}) | [`{}`]({}) |",
            cb.id,
            if cb.synchronous { "yes" } else { "no" },
            dedup.join(", "),
            api.ty(cb.body).component_name,
            cb.body_schema,
            api.ty(cb.reply).component_name,
            cb.reply_schema,
        );
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "How a receiver knows a delivery comes from the vendor, per callback auth scheme:\n");
    for scheme in &api.callback_auth {
        let users: Vec<String> = api
            .callbacks()
            .filter(|c| api.callback_auth_scheme(c.auth).key == scheme.key)
            .map(|c| format!("`{}`", c.id))
            .collect();
        let wire = |role| scheme.param(role).map(|p| format!("`{}`", p.wire_name)).unwrap_or_default();
        let how = match scheme.kind {
            CallbackAuthKind::TencentCallbackSign => format!(
                "{} must be the app's own; {}{} is the lowercase hex SHA-256 of the app's callback token immediately \
                 followed by {} (the body is not covered), and {} must be within {} s of the receiver's clock.",
                wire(CallbackParamRole::AppId),
                wire(CallbackParamRole::Sign),
                if scheme.param(CallbackParamRole::Sign).is_some_and(|p| p.required) { "" } else { ", when sent," },
                wire(CallbackParamRole::RequestTime),
                wire(CallbackParamRole::RequestTime),
                scheme.window_seconds.map_or_else(|| "the window".to_string(), |s| s.to_string()),
            ),
            CallbackAuthKind::VerificationHook => format!(
                "the delivery carries a signature ({}) whose recipe the vendor does not publish: no receiver can check \
                 it on its own, and none is made up here (`\"recipe\": \"unpublished\"`); the app supplies the check.",
                wire(CallbackParamRole::Signature),
            ),
            CallbackAuthKind::Unverified => "nothing proves where a delivery comes from.".to_string(),
        };
        let _ = writeln!(w, "- `{}` ({}; {}): {how}", scheme.key, scheme.kind.spec_name(), users.join(", "));
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "Enums list the values the vendor documents: a value it sends beyond them (an event type the \
         page does not name, say) is refused by these schemas, while the Rust models keep it as \
         `Unknown`.\n"
    );
    let _ = writeln!(
        w,
        "OpenAPI 3.0 has no `webhooks`: the 3.0 document that `cargo xtask openapi --openapi-version 3.0` \
         writes (not checked in) keeps them under `x-webhooks`, the same Path Items under the name \
         Redocly's tools read in 3.0 documents (other 3.0 tools ignore the extension); the bodies and \
         replies stay in its `components/schemas`.\n"
    );
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
