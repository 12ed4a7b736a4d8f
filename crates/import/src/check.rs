//! Checks sample bodies against the draft's fields, so that the draft's examples load: a `null`
//! the table does not allow, a value a listed enum lacks, a limit the page's own sample breaks.

use serde_json::Value as Json;

use crate::draft::{Draft, FieldDraft, TypeKindDraft};

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// `null` for a field that is not nullable.
    Null,
    /// A value of another type (what was expected).
    WrongType(String),
    /// A documented limit broken (which).
    Limit(String),
    /// A value the enum does not list.
    NotListed(Json),
    /// A key the body does not document.
    Unknown,
}

/// One problem of a sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Draft place of the field (`request.fields.from`, `types.Message.fields.MsgBody`).
    pub place: String,
    /// Wire name of the top-level field it is under.
    pub top: String,
    /// The problem.
    pub problem: Problem,
}

/// Checks a body (`place` is `request` or `response`); `closed` bodies refuse unknown keys.
pub fn body(draft: &Draft, place: &str, fields: &[FieldDraft], v: &Json, closed: bool) -> Vec<Violation> {
    let mut out = Vec::new();
    object(draft, place, fields, v, closed, None, &mut out, 0);
    out
}

/// Checks one value against a field (type, limits, enum); `None` when it fits.
pub fn value(draft: &Draft, f: &FieldDraft, v: &Json) -> Option<Problem> {
    let mut out = Vec::new();
    field(draft, "", "", f, v, &mut out, 0);
    out.into_iter().next().map(|x| x.problem)
}

#[allow(clippy::too_many_arguments)]
fn object(
    draft: &Draft,
    place: &str,
    fields: &[FieldDraft],
    v: &Json,
    closed: bool,
    top: Option<&str>,
    out: &mut Vec<Violation>,
    depth: usize,
) {
    let Some(obj) = v.as_object() else { return };
    for (k, x) in obj {
        match fields.iter().find(|f| f.wire == *k) {
            Some(f) => field(draft, &format!("{place}.fields.{k}"), top.unwrap_or(k), f, x, out, depth),
            None if closed => out.push(Violation {
                place: format!("{place}.fields.{k}"),
                top: top.unwrap_or(k).to_string(),
                problem: Problem::Unknown,
            }),
            None => {}
        }
    }
}

fn field(draft: &Draft, place: &str, top: &str, f: &FieldDraft, v: &Json, out: &mut Vec<Violation>, depth: usize) {
    if depth > 64 {
        return;
    }
    let mut fail = |problem| out.push(Violation { place: place.to_string(), top: top.to_string(), problem });
    if v.is_null() {
        if !f.nullable {
            fail(Problem::Null);
        }
        return;
    }
    ty(draft, place, top, &f.ty, f, v, out, depth);
}

#[allow(clippy::too_many_arguments)]
fn ty(
    draft: &Draft,
    place: &str,
    top: &str,
    t: &str,
    f: &FieldDraft,
    v: &Json,
    out: &mut Vec<Violation>,
    depth: usize,
) {
    let fail = |out: &mut Vec<Violation>, problem| {
        out.push(Violation { place: place.to_string(), top: top.to_string(), problem })
    };
    if let Some(inner) = t.strip_prefix("array<").and_then(|x| x.strip_suffix('>')) {
        match v.as_array() {
            None => fail(out, Problem::WrongType("an array".into())),
            Some(items) => {
                let n = items.len() as u64;
                if f.max_items.is_some_and(|m| n > m) {
                    fail(
                        out,
                        Problem::Limit(format!("must have at most {} items, found {n}", f.max_items.unwrap_or(0))),
                    );
                }
                if f.min_items.is_some_and(|m| n < m) {
                    fail(
                        out,
                        Problem::Limit(format!("must have at least {} items, found {n}", f.min_items.unwrap_or(0))),
                    );
                }
                for item in items {
                    ty(draft, place, top, inner, &FieldDraft::new(&f.wire, inner), item, out, depth + 1);
                }
            }
        }
        return;
    }
    match t {
        "string" => match v.as_str() {
            None => fail(out, Problem::WrongType("a string".into())),
            Some(s) => {
                let n = s.chars().count() as u64;
                if f.max_length.is_some_and(|m| n > m) {
                    fail(
                        out,
                        Problem::Limit(format!("must be at most {} characters, found {n}", f.max_length.unwrap_or(0))),
                    );
                }
                if f.min_length.is_some_and(|m| n < m) {
                    fail(
                        out,
                        Problem::Limit(format!("must be at least {} characters, found {n}", f.min_length.unwrap_or(0))),
                    );
                }
                for bad in &f.not_contains {
                    if s.contains(bad.as_str()) {
                        fail(out, Problem::Limit(format!("must not contain `{bad}`")));
                    }
                }
                if f.holds_json && serde_json::from_str::<Json>(s).is_err() {
                    fail(out, Problem::Limit("must hold JSON text".into()));
                }
            }
        },
        "i64" | "i32" | "u32" | "u64" => {
            let n = v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from));
            let Some(n) = n else { return fail(out, Problem::WrongType("an integer".into())) };
            let (lo, hi): (i128, i128) = match t {
                "i32" => (i32::MIN.into(), i32::MAX.into()),
                "u32" => (0, u32::MAX.into()),
                "u64" => (0, u64::MAX.into()),
                _ => (i64::MIN.into(), i64::MAX.into()),
            };
            if n < lo || n > hi {
                fail(out, Problem::WrongType(format!("a {t}")));
            }
            if f.maximum.is_some_and(|m| n > i128::from(m)) {
                fail(out, Problem::Limit(format!("must be at most {}, found {n}", f.maximum.unwrap_or(0))));
            }
            if f.minimum.is_some_and(|m| n < i128::from(m)) {
                fail(out, Problem::Limit(format!("must be at least {}, found {n}", f.minimum.unwrap_or(0))));
            }
        }
        "f64" => {
            if !v.is_number() {
                fail(out, Problem::WrongType("a number".into()));
            }
        }
        "bool" => {
            if !v.is_boolean() {
                fail(out, Problem::WrongType("true or false".into()));
            }
        }
        "json" => {}
        name => match draft.ty(name).map(|t| &t.kind) {
            Some(TypeKindDraft::Enum { values, .. }) if !values.iter().any(|x| x.value == *v) => {
                fail(out, Problem::NotListed(v.clone()));
            }
            Some(TypeKindDraft::Enum { .. }) => {}
            Some(TypeKindDraft::Struct { fields }) => {
                if v.is_object() {
                    object(draft, &format!("types.{name}"), fields, v, false, Some(top), out, depth + 1);
                } else {
                    fail(out, Problem::WrongType("an object".into()));
                }
            }
            None => {}
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::*;
    use serde_json::json;

    fn draft_with(fields: Vec<FieldDraft>, types: Vec<TypeDraft>) -> (Draft, Vec<FieldDraft>) {
        let d = Draft {
            page: None,
            family: FamilyDraft {
                key: "f".into(),
                title: String::new(),
                description: String::new(),
                server: String::new(),
                auth: String::new(),
                envelope: String::new(),
                error_sets: vec![],
            },
            types,
            op: OpDraft {
                name: "o".into(),
                summary: String::new(),
                description: String::new(),
                docs: None,
                method: "POST".into(),
                path: "/o".into(),
                idempotent: false,
                rate_limit: None,
                request: Body::default(),
                response: Body::default(),
                errors: vec![],
                examples: vec![],
                unreadable: vec![],
            },
            todos: vec![],
            notes: vec![],
        };
        (d, fields)
    }

    #[test]
    fn problems() {
        let mut from = FieldDraft::new("from", "string");
        from.max_length = Some(3);
        let role = FieldDraft::new("role", "Role");
        let t = TypeDraft {
            name: "Role".into(),
            description: String::new(),
            kind: TypeKindDraft::Enum {
                integer: true,
                values: vec![ValueDraft { value: json!(1), name: Some("A".into()), description: String::new() }],
            },
        };
        let (d, fields) = draft_with(vec![from, role, FieldDraft::new("n", "string")], vec![t]);
        let v = body(&d, "request", &fields, &json!({"from": "abcd", "role": 2, "n": null, "x": 1}), true);
        let got: Vec<(&str, &Problem)> = v.iter().map(|x| (x.place.as_str(), &x.problem)).collect();
        assert_eq!(got.len(), 4);
        assert!(matches!(got[0], ("request.fields.from", Problem::Limit(_))));
        assert_eq!(got[1], ("request.fields.role", &Problem::NotListed(json!(2))));
        assert_eq!(got[2], ("request.fields.n", &Problem::Null));
        assert_eq!(got[3], ("request.fields.x", &Problem::Unknown));
    }
}
