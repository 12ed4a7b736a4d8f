//! `ccapi list` and `ccapi help`: the models' operation catalogue (`ccapi_models::catalog`,
//! generated from the spec), rendered as text: the operations, and the callbacks the vendors send
//! to the app (a second section of `ccapi list`; `ccapi help Bot.OnC2CMessage`).

use std::fmt::Write as _;

use ccapi_models::catalog::{
    CALLBACKS, CallbackDoc, EnumValueDoc, ErrorDoc, FieldDoc, OPERATIONS, OneOfDoc, OperationDoc, Shape, TypeDoc,
};
use ccapi_models::support::{AuthDoc, AuthKind, AuthRole, DedupKey, ServerDoc};
use ccapi_models::{API_TITLE, SPEC_VERSION};

/// The operation with this id.
pub fn operation(id: &str) -> Option<&'static OperationDoc> {
    ccapi_models::catalog::operation(id)
}

/// The callback with this command, id or path.
pub fn callback(name: &str) -> Option<&'static CallbackDoc> {
    ccapi_models::catalog::callback(name)
}

/// The heading of `ccapi list`'s callback section.
pub const CALLBACKS_HEADING: &str = "Callbacks (the vendors send them to the app; `ccapi listen` receives them):";

/// `ccapi list`: one line per operation, id and summary; then, after a blank line and a heading,
/// one line per callback: its command (or path), id and summary.
pub fn list() -> String {
    let width = OPERATIONS.iter().map(|o| o.facts.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for op in OPERATIONS {
        let _ = writeln!(out, "{:width$}  {}", op.facts.id, op.facts.summary);
    }
    if !CALLBACKS.is_empty() {
        let name_width = CALLBACKS.iter().map(|c| c.name().len()).max().unwrap_or(0);
        let id_width = CALLBACKS.iter().map(|c| c.id.len()).max().unwrap_or(0);
        let _ = writeln!(out, "\n{CALLBACKS_HEADING}");
        for c in CALLBACKS {
            let _ = writeln!(out, "{:name_width$}  {:id_width$}  {}", c.name(), c.id, c.summary);
        }
    }
    out
}

/// A one-line banner for `--version`.
pub fn version() -> String {
    format!("{} (spec: {API_TITLE} {SPEC_VERSION})", env!("CARGO_PKG_VERSION"))
}

/// The environment an operation's auth scheme and server read, for help texts.
pub fn auth_env(auth: &AuthDoc, server: &ServerDoc) -> String {
    let url = crate::config::endpoint_vars(server)[0];
    let endpoint = match server.default_region() {
        Some(r) => format!("CCAPI_REGION (default {}) or {url}", r.key),
        None if server.regions.is_empty() => url.to_string(),
        None => format!("CCAPI_REGION or {url}"),
    };
    match auth.kind {
        AuthKind::TencentUserSig => format!("CCAPI_SDKAPPID, CCAPI_IDENTIFIER, CCAPI_SECRET_KEY; {endpoint}"),
        AuthKind::CcmessagingToken => "CCAPI_CCM_ENDPOINT, CCAPI_CCM_APP_KEY, and CCAPI_CCM_APP_SECRET (or CCAPI_CCM_ACCESS_TOKEN and CCAPI_CCM_TOKEN)".to_string(),
        AuthKind::Headers => {
            let given: Vec<&str> = auth.params.iter().filter(|p| p.role == AuthRole::Given).map(|p| p.env).collect();
            if given.is_empty() { endpoint } else { format!("{}; {endpoint}", given.join(", ")) }
        }
    }
}

/// Appends `text` indented by `indent`, line by line.
fn indented(out: &mut String, indent: usize, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "{:indent$}{line}", "");
    }
}

/// The named type a field uses, among `types`.
fn type_of(types: &[&'static TypeDoc], field: &FieldDoc) -> Option<&'static TypeDoc> {
    let name = field.type_name?;
    types.iter().copied().find(|t| t.name == name)
}

fn field_lines<'a>(
    out: &mut String,
    indent: usize,
    types: &[&'static TypeDoc],
    fields: impl IntoIterator<Item = &'a FieldDoc>,
) {
    let mut fields = fields.into_iter().peekable();
    if fields.peek().is_none() {
        let _ = writeln!(out, "{:indent$}(none)", "");
        return;
    }
    for f in fields {
        let mut facts = vec![f.ty.to_string()];
        if f.required {
            facts.push("required".into());
        }
        if let Some(d) = f.default {
            facts.push(format!("default {d}"));
        }
        facts.extend(f.constraints.iter().map(|c| c.to_string()));
        let _ = writeln!(out, "{:indent$}{}  ({})", "", f.name, facts.join("; "));
        if !f.description.is_empty() {
            indented(out, indent + 4, f.description);
        }
        if let Some(TypeDoc { shape: Shape::Enum { values }, .. }) = type_of(types, f) {
            enum_lines(out, indent + 4, &values());
        }
    }
}

fn enum_lines(out: &mut String, indent: usize, values: &[EnumValueDoc]) {
    let width = values.iter().map(|v| v.value.len()).max().unwrap_or(0);
    for v in values {
        let name = if v.value.trim_matches('"') == v.name { String::new() } else { format!("{} ", v.name) };
        let _ = writeln!(out, "{:indent$}{:width$}  {name}— {}", "", v.value, v.description);
    }
}

fn one_of_lines(out: &mut String, indent: usize, groups: &[OneOfDoc]) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "{:indent$}Exactly one of these ways must be complete (and no field of another given):", "");
    for g in groups {
        let _ = writeln!(out, "{:indent$}  {}: {} — {}", "", g.name, g.fields.join(" + "), g.description);
    }
}

fn error_lines(out: &mut String, codes: &[ErrorDoc]) {
    let width = codes.iter().map(|c| c.code.to_string().len()).max().unwrap_or(0);
    for c in codes {
        let retry = if c.retryable { " (retryable)" } else { "" };
        let _ = writeln!(out, "  {:>width$}  {}: {}{retry}", c.code, c.name, c.description);
        if let Some(n) = c.note {
            indented(out, width + 4, &format!("note: {n}"));
        }
    }
}

/// `ccapi help <operation-id>`: the full catalog entry. With `all_codes`, the shared tables' codes
/// are listed too instead of summarised.
pub fn help(op: &OperationDoc, all_codes: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", op.facts.id, op.facts.summary);
    let _ = writeln!(out);
    indented(&mut out, 2, op.description);
    let _ = writeln!(out);
    let _ = writeln!(out, "  {} {}", op.facts.method.as_str(), op.facts.path);
    if op.facts.idempotent {
        let _ = writeln!(out, "  idempotent: resent after an ambiguous failure");
    } else {
        let _ = writeln!(out, "  not idempotent: never resent after an ambiguous failure");
    }
    match &op.facts.rate_limit {
        Some(r) => {
            let _ = writeln!(out, "  rate limit: {} calls/s per {}", r.per_second, r.scope);
        }
        None => {
            let _ = writeln!(out, "  rate limit: none documented");
        }
    }
    let _ = writeln!(
        out,
        "  family: {}; server: {}; auth: {} ({})",
        op.facts.family,
        op.facts.server.key,
        op.facts.auth.key,
        auth_env(op.facts.auth, op.facts.server)
    );
    if let Some(p) = &op.paging {
        let total = p.total.map(|t| format!(", total in {t}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  paged: the items of {} from {}, {} at a time{total}; `ccapi call {} --all` prints every item",
            p.items, p.offset, p.limit, op.facts.id
        );
    }
    if let Some(p) = &op.polling {
        let _ = writeln!(
            out,
            "  polled: the items of {} as they come (an empty answer waits 1 s), until one whose {} is {}; \
`ccapi call {} --all` prints each",
            p.items, p.ends, p.ends_value, op.facts.id
        );
    }
    if let Some(s) = &op.streaming {
        let _ = writeln!(
            out,
            "  streamed: text in {}, the first answer's {} goes in {} of later calls, {} {} on the last; \
`ccapi stream {} --data <JSON without {}>` sends stdin as one message",
            s.chunk, s.response_key, s.request_key, s.finish, s.finish_value, op.facts.id, s.chunk
        );
    }
    if let Some(s) = op.source {
        let _ = writeln!(out, "  source: {s}");
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Request fields:");
    if !op.request_description.is_empty() {
        indented(&mut out, 2, op.request_description);
    }
    field_lines(&mut out, 2, op.types, op.request);
    one_of_lines(&mut out, 2, op.request_one_of);
    let _ = writeln!(out);
    let _ = writeln!(out, "Response fields:");
    if !op.response_description.is_empty() {
        indented(&mut out, 2, op.response_description);
    }
    field_lines(&mut out, 2, op.types, op.response_fields());
    types_section(&mut out, op.types);
    let _ = writeln!(out);
    let _ = writeln!(out, "Error codes:");
    error_lines(&mut out, op.errors);
    for set in op.error_sets {
        if all_codes {
            let _ = writeln!(out, "  shared table {}: {}", set.key, set.description);
            error_lines(&mut out, set.codes);
        } else {
            let _ = writeln!(
                out,
                "  plus the {} common codes of {}; `ccapi help --codes {}` lists them",
                set.codes.len(),
                set.key,
                op.facts.id
            );
        }
    }
    if let Some(e) = op.example {
        let _ = writeln!(out);
        let _ = writeln!(out, "Example:");
        match op.streaming.as_ref().and_then(|s| without_fields(e, &[s.chunk, s.request_key, s.finish])) {
            Some(template) => {
                let _ = writeln!(out, "  ccapi stream {} --data '{template}' < text.txt", op.facts.id);
            }
            None => {
                let _ = writeln!(out, "  ccapi call {} --data '{e}'", op.facts.id);
            }
        }
    }
    out
}

/// A sample request without some fields (those `ccapi stream` fills itself).
fn without_fields(example: &str, fields: &[&str]) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(example).ok()?;
    let object = v.as_object_mut()?;
    for f in fields {
        object.remove(*f);
    }
    Some(v.to_string())
}

/// The `Types:` section: every listed type but the enums (shown under their fields).
fn types_section(out: &mut String, types: &[&'static TypeDoc]) {
    let shown: Vec<&TypeDoc> = types.iter().copied().filter(|t| !t.is_enum()).collect();
    if !shown.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Types:");
        for t in shown {
            type_lines(out, types, t);
        }
    }
}

fn type_lines(out: &mut String, types: &[&'static TypeDoc], t: &TypeDoc) {
    match &t.shape {
        Shape::Struct { fields, one_of } => {
            let _ = writeln!(out, "  {} (object): {}", t.name, t.description);
            field_lines(out, 4, types, *fields);
            one_of_lines(out, 4, one_of);
        }
        Shape::Union { tag, content, variants } => {
            let _ = writeln!(out, "  {} (one of, by {tag}; the content in {content}): {}", t.name, t.description);
            for v in *variants {
                let _ = writeln!(out, "    {tag} \"{}\": {} in {content} — {}", v.tag, v.type_name, v.description);
            }
        }
        Shape::Record { delimiter, fields } => {
            let format: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let _ = writeln!(out, "  {} (text record `{}`): {}", t.name, format.join(delimiter), t.description);
            field_lines(out, 4, types, *fields);
        }
        Shape::Enum { values } => {
            let _ = writeln!(out, "  {} (values): {}", t.name, t.description);
            enum_lines(out, 4, &values());
        }
    }
}

/// A callback's dedup keys as text: `RequestID (query), else MsgKey (body), else the body's SHA-256`.
fn dedup_text(keys: &[DedupKey]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .map(|k| match k {
            DedupKey::Query(name) => format!("{name} (query)"),
            DedupKey::BodyField(name) => format!("{name} (body)"),
            DedupKey::BodyDigest => "the body's SHA-256".to_string(),
        })
        .collect();
    if parts.is_empty() { "the body's SHA-256".to_string() } else { parts.join(", else ") }
}

/// `ccapi help <callback command>`: the callback's catalog entry (what triggers it, whether the
/// vendor waits, its dedup key and auth, its query parameters, body and reply fields, examples).
pub fn help_callback(c: &CallbackDoc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", c.name(), c.summary);
    let _ = writeln!(out);
    indented(&mut out, 2, c.description);
    let _ = writeln!(out);
    match (c.command, c.path) {
        (Some(command), _) => {
            let _ = writeln!(out, "  callback {}: POST to the app's callback URL, CallbackCommand={command}", c.id);
        }
        (None, Some(path)) => {
            let _ = writeln!(
                out,
                "  callback {}: POST {{the app's base URL}}{path} (no command: dispatched by path)",
                c.id
            );
        }
        (None, None) => {
            let _ = writeln!(out, "  callback {}", c.id);
        }
    }
    if let Some(t) = c.trigger {
        let _ = writeln!(out, "  sent when: {t}");
    }
    if c.synchronous {
        let within = c.timeout_ms.map(|ms| format!(" (within {ms} ms)")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  synchronous: the vendor waits for the reply{within}, whose fields steer what happens next"
        );
    } else {
        let _ = writeln!(out, "  asynchronous: acknowledged at once, handled off the request path");
    }
    let _ = writeln!(out, "  dedup: {}", dedup_text(c.dedup));
    let window = c.auth.window_seconds.map(|w| format!(", replay window {w} s")).unwrap_or_default();
    let _ = writeln!(out, "  family: {}; auth: {} ({}{window})", c.family, c.auth.key, c.auth.kind);
    if let Some(s) = c.source {
        let _ = writeln!(out, "  source: {s}");
    }
    if let Some(n) = c.note {
        indented(&mut out, 2, &format!("note: {n}"));
    }
    if let Some(e) = c.erratum {
        indented(&mut out, 2, &format!("erratum: {e}"));
    }
    for (heading, params) in [("Query parameters", c.auth.query), ("Headers", c.auth.headers)] {
        if !params.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{heading} ({}):", c.auth.key);
            field_lines(&mut out, 2, &[], params);
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Body fields:");
    if !c.body_description.is_empty() {
        indented(&mut out, 2, c.body_description);
    }
    field_lines(&mut out, 2, c.types, c.body);
    let _ = writeln!(out);
    let _ = writeln!(out, "Reply fields:");
    if !c.reply_description.is_empty() {
        indented(&mut out, 2, c.reply_description);
    }
    field_lines(&mut out, 2, c.types, c.reply_fields());
    types_section(&mut out, c.types);
    if let Some(e) = c.example {
        let _ = writeln!(out);
        let _ = writeln!(out, "Example body (reconstructed):");
        let _ = writeln!(out, "  {e}");
    }
    if let Some(r) = c.reply_example {
        let _ = writeln!(out);
        let _ = writeln!(out, "Example reply:");
        let _ = writeln!(out, "  {r}");
    }
    if let (Some(command), true) = (c.command, c.synchronous) {
        let _ = writeln!(out);
        let _ = writeln!(out, "  `ccapi listen --reply {command}=@reply.json` answers it with the reply in reply.json");
    }
    out
}
