//! Draft → YAML in the spec's format, with each doubt as a `# TODO:` comment at its place: above
//! the key it concerns, or after the value it questions (`type: i64  # TODO: ...`). A doubt whose
//! place is not written anywhere is listed at the top, so none is lost.

use serde_json::Value as Json;

use crate::draft::{Draft, FieldDraft, TypeKindDraft};

/// Writes the draft as a YAML document; `family_key` overrides the family's key (for loading the
/// draft beside the family it comes from).
pub fn yaml(d: &Draft, family_key: Option<&str>) -> String {
    let mut w = Writer { d, out: String::new(), used: vec![false; d.todos.len()] };
    w.document(family_key.unwrap_or(&d.family.key));
    let unused: Vec<String> = d
        .todos
        .iter()
        .zip(&w.used)
        .filter(|(_, used)| !**used)
        .map(|(t, _)| {
            let line = t.line.map(|l| format!(", line {l}")).unwrap_or_default();
            format!("# TODO ({}{line}): {}\n", t.place, one_line(&t.message))
        })
        .collect();
    if unused.is_empty() { w.out } else { format!("{}{}", unused.concat(), w.out) }
}

struct Writer<'d> {
    d: &'d Draft,
    out: String,
    used: Vec<bool>,
}

/// A double-quoted YAML string (JSON escapes are YAML escapes; non-printable characters escaped).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A scalar, plain when that is unambiguous, else quoted.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.'))
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '_')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if plain { s.to_string() } else { quote(s) }
}

/// A mapping key (wire names may need quotes: `@x`, `a b`).
fn key(s: &str) -> String {
    scalar(s)
}

/// JSON in flow style, strings quoted for YAML.
pub fn flow(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => quote(s),
        Json::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Json::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, x)| format!("{}: {}", quote(k), flow(x))).collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Writer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line with the TODOs at `place` after it.
    fn line_at(&mut self, indent: usize, text: &str, place: &str) {
        let comments = self.take(place);
        if comments.is_empty() {
            self.line(indent, text);
        } else {
            let c: Vec<String> = comments.iter().map(|m| format!("TODO: {m}")).collect();
            self.line(indent, &format!("{text}  # {}", c.join(" / ")));
        }
    }

    /// The TODOs at `place` as comment lines.
    fn above(&mut self, indent: usize, place: &str) {
        for m in self.take(place) {
            self.line(indent, &format!("# TODO: {m}"));
        }
    }

    fn take(&mut self, place: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, t) in self.d.todos.iter().enumerate() {
            if t.place == place && !self.used[i] {
                self.used[i] = true;
                out.push(match t.line {
                    Some(l) => format!("line {l}: {}", one_line(&t.message)),
                    None => one_line(&t.message),
                });
            }
        }
        out
    }

    fn document(&mut self, fam: &str) {
        let d = self.d;
        let id = format!("{fam}.{}", d.op.name);
        let from = d.page.as_deref().map(|p| format!(", imported from {p}")).unwrap_or_default();
        self.line(0, &format!("# Draft spec of `{id}`{from} by `cargo xtask import`."));
        self.line(0, "# Every `# TODO:` marks what the page leaves open (`cargo xtask check` lists them as warnings).");
        if d.family.extends {
            self.line(0, "# The draft extends the spec's family: it loads beside spec/ as it is; resolve the TODOs,");
            self.line(0, "# then move the operation and its types into the family's file.");
        } else {
            self.line(0, "# The family is new: check its header (conventions borrowed from the nearest family).");
        }
        if !d.notes.is_empty() {
            self.line(0, "# Read but left to the family's shared parts:");
            for n in &d.notes {
                self.line(0, &format!("#   - {}", one_line(n)));
            }
        }
        self.line(0, "families:");
        self.above(2, "family");
        self.line(2, &format!("{}:", key(fam)));
        if d.family.extends {
            self.line(4, "extends: true  # title, server, auth, envelope and error sets: the family's own");
        } else {
            self.header();
        }
        self.members();
    }

    fn header(&mut self) {
        let d = self.d;
        self.line(4, &format!("title: {}", quote(&d.family.title)));
        self.line(4, &format!("description: {}", quote(&d.family.description)));
        self.line(4, &format!("server: {}", scalar(&d.family.server)));
        self.line_at(4, &format!("auth: {}", scalar(&d.family.auth)), "family.auth");
        self.line(4, &format!("envelope: {}", scalar(&d.family.envelope)));
        if !d.family.error_sets.is_empty() {
            let sets: Vec<String> = d.family.error_sets.iter().map(|s| scalar(s)).collect();
            self.line(4, &format!("error_sets: [{}]", sets.join(", ")));
        }
    }

    fn members(&mut self) {
        let d = self.d;
        if !d.types.is_empty() {
            self.line(4, "types:");
            for t in &d.types {
                let place = format!("types.{}", t.name);
                self.above(6, &place);
                self.line(6, &format!("{}:", key(&t.name)));
                match &t.kind {
                    TypeKindDraft::Enum { integer, values } => {
                        self.line(8, "kind: enum");
                        self.line(8, &format!("repr: {}", if *integer { "integer" } else { "string" }));
                        self.line(8, &format!("description: {}", quote(&t.description)));
                        self.line(8, "values:");
                        for v in values {
                            let name = v.name.as_deref().map(|n| format!(", name: {}", scalar(n))).unwrap_or_default();
                            self.line(
                                10,
                                &format!(
                                    "- {{value: {}{name}, description: {}}}",
                                    flow(&v.value),
                                    quote(&v.description)
                                ),
                            );
                        }
                    }
                    TypeKindDraft::Struct { fields } => {
                        self.line(8, "kind: struct");
                        self.line(8, &format!("description: {}", quote(&t.description)));
                        self.fields(8, &place, fields);
                    }
                }
            }
        }
        self.line(4, "operations:");
        self.above(6, "operation");
        self.line(6, &format!("{}:", key(&d.op.name)));
        self.operation(8);
    }

    fn operation(&mut self, i: usize) {
        let op = &self.d.op;
        self.line_at(i, &format!("summary: {}", quote(&op.summary)), "operation.summary");
        self.line_at(i, &format!("description: {}", quote(&op.description)), "operation.description");
        if let Some(docs) = &op.docs {
            let mut parts = vec![format!("page: {}", quote(&docs.page))];
            if let Some(u) = &docs.updated {
                parts.push(format!("updated: {}", quote(u)));
            }
            if let Some(t) = &docs.title {
                parts.push(format!("title: {}", quote(t)));
            }
            self.line(i, &format!("docs: {{{}}}", parts.join(", ")));
        }
        self.line_at(i, &format!("method: {}", scalar(&op.method)), "operation.method");
        self.line_at(i, &format!("path: {}", scalar(&op.path)), "operation.path");
        if let Some(auth) = &op.auth {
            self.line_at(i, &format!("auth: {}", scalar(auth)), "operation.auth");
        }
        self.line_at(i, &format!("idempotent: {}", op.idempotent), "operation.idempotent");
        if let Some(r) = &op.rate_limit {
            self.line_at(
                i,
                &format!(
                    "rate_limit: {{per_second: {}, scope: {}, source: {}}}",
                    r.per_second,
                    scalar(&r.scope),
                    quote(&r.source)
                ),
                "operation.rate_limit",
            );
        }
        for (name, body) in [("request", &op.request), ("response", &op.response)] {
            self.above(i, name);
            self.line(i, &format!("{name}:"));
            if let Some(e) = &body.erratum {
                self.line(i + 2, &format!("erratum: {}", quote(e)));
            }
            self.fields(i + 2, name, &body.fields);
        }
        self.above(i, "errors");
        if !op.errors.is_empty() {
            self.line(i, "errors:");
            for e in &op.errors {
                let retry = if e.retryable { ", retryable: true" } else { "" };
                let text =
                    format!("{}: {{name: {}, description: {}{retry}}}", e.code, scalar(&e.name), quote(&e.description));
                self.line_at(i + 2, &text, &format!("errors.{}", e.code));
            }
        }
        if !op.examples.is_empty() || !op.unreadable.is_empty() {
            self.above(i, "examples");
        }
        if !op.examples.is_empty() {
            self.line(i, "examples:");
            for e in &op.examples {
                self.above(i + 2, &format!("examples.{}", e.name));
                self.line(i + 2, &format!("- name: {}", scalar(&e.name)));
                if let Some(s) = &e.summary {
                    self.line(i + 4, &format!("summary: {}", quote(s)));
                }
                if let Some(r) = &e.request {
                    self.line(i + 4, &format!("request: {}", flow(r)));
                }
                if let Some(r) = &e.response {
                    self.line(i + 4, &format!("response: {}", flow(r)));
                }
                if !e.breaks.is_empty() {
                    let b: Vec<String> = e.breaks.iter().map(|x| scalar(x)).collect();
                    self.line(i + 4, &format!("breaks: [{}]", b.join(", ")));
                }
                if let Some(er) = &e.erratum {
                    self.line(i + 4, &format!("erratum: {}", quote(er)));
                }
            }
        }
        if !op.unreadable.is_empty() {
            self.line(i, "# Samples left out (not valid JSON, or contradicting the table):");
            for u in &op.unreadable {
                let label = u.label.as_deref().unwrap_or("(no label)");
                self.line(i, &format!("#   {} ({}):", one_line(label), one_line(&u.reason)));
                for l in u.raw.lines() {
                    self.line(i, &format!("#     {l}"));
                }
            }
        }
    }

    fn fields(&mut self, i: usize, owner: &str, fields: &[FieldDraft]) {
        if fields.is_empty() {
            self.line(i, "fields: {}");
            return;
        }
        self.line(i, "fields:");
        for f in fields {
            let place = format!("{owner}.fields.{}", f.wire);
            self.above(i + 2, &place);
            self.line(i + 2, &format!("{}:", key(&f.wire)));
            let j = i + 4;
            self.line_at(j, &format!("type: {}", f.ty), &format!("{place}.type"));
            if f.required {
                self.line_at(j, "required: true", &format!("{place}.required"));
            } else {
                let comments = self.take(&format!("{place}.required"));
                for c in comments {
                    self.line(j, &format!("# TODO: {c}"));
                }
            }
            if f.nullable {
                self.line_at(j, "nullable: true", &format!("{place}.nullable"));
            }
            if let Some(v) = &f.default {
                self.line(j, &format!("default: {}", flow(v)));
            }
            for (k, v) in [("minimum", f.minimum), ("maximum", f.maximum)] {
                if let Some(v) = v {
                    self.line(j, &format!("{k}: {v}"));
                }
            }
            for (k, v) in [
                ("min_length", f.min_length),
                ("max_length", f.max_length),
                ("min_items", f.min_items),
                ("max_items", f.max_items),
            ] {
                if let Some(v) = v {
                    self.line(j, &format!("{k}: {v}"));
                }
            }
            let documented: Vec<String> =
                [("min_length", f.documented_min_length), ("max_length", f.documented_max_length)]
                    .iter()
                    .filter_map(|(k, v)| v.map(|v| format!("{k}: {v}")))
                    .collect();
            if !documented.is_empty() {
                self.line_at(j, &format!("documented: {{{}}}", documented.join(", ")), &format!("{place}.documented"));
            }
            if !f.not_contains.is_empty() {
                let list: Vec<String> = f.not_contains.iter().map(|s| quote(s)).collect();
                self.line(j, &format!("not_contains: [{}]", list.join(", ")));
            }
            if f.holds_json {
                self.line(j, "holds: json");
            }
            self.line(j, &format!("description: {}", quote(&f.description)));
            if let Some(e) = &f.erratum {
                self.line(j, &format!("erratum: {}", quote(e)));
            }
            if let Some(v) = &f.example {
                self.line(j, &format!("example: {}", flow(v)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quoting() {
        assert_eq!(quote("a \"b\"\n\\"), "\"a \\\"b\\\"\\n\\\\\"");
        assert_eq!(quote("\u{85}x\u{7f}"), "\"\\u0085x\\u007f\"");
        assert_eq!(scalar("tencent-im"), "tencent-im");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("@RBT#x"), "\"@RBT#x\"");
        assert_eq!(flow(&json!({"a": [1, "x"], "b": null})), "{\"a\": [1, \"x\"], \"b\": null}");
    }
}
