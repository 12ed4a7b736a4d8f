//! Checks a JSON value against an IR type, with the same rules the generated `validate()` and the
//! published JSON Schemas enforce. The spec crate uses it to check its own examples; the importer
//! uses it to check a page's samples against the draft it lowered, and repairs the draft by the
//! [`Rule`] each finding breaks.

use serde_json::Value as Json;

use crate::ir::{Api, Constraints, Field, Holds, IntType, StructDef, Type, TypeId, TypeKind};

/// One broken rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Where, as `Messages[0].MsgBody` (empty for the whole body).
    pub path: String,
    /// Wire name of the innermost field involved (empty for a whole-body rule).
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// The kind of rule broken.
    pub rule: Rule,
}

/// The kind of rule a value breaks.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// A required field is absent.
    Required,
    /// `null` for a field that does not accept it.
    Null,
    /// A value of another JSON type, or an integer outside its type's range.
    Type,
    /// A value the enum does not list (the value).
    NotListed(Json),
    /// A key a request body does not define.
    Unknown,
    /// A constraint: a length, limit or number of items, a pattern, a forbidden substring, a
    /// constant, what a string holds, a `one_of`, a union's tag, a record's parts.
    Constraint,
}

/// Checks `value` against the named type `id`.
pub fn check_type(api: &Api, id: TypeId, value: &Json) -> Vec<Violation> {
    let mut out = Vec::new();
    Checker { api, out: &mut out }.named(id, value, "", "");
    out
}

/// Checks one value of a field (a `default`, an `example`, a value a sample sends) against the
/// field's type, constraints and what its text holds (`holds_by` aside, which needs the object
/// around it); `null` breaks [`Rule::Null`] unless the field is nullable.
pub fn check_field(api: &Api, f: &Field, value: &Json) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut checker = Checker { api, out: &mut out };
    let path = &f.wire_name;
    if value.is_null() {
        if !f.nullable {
            checker.fail(path, path, Rule::Null, format!("`{path}` must not be null"));
        }
    } else {
        checker.value(&f.ty, &f.constraints, value, path, path);
        if let (Some(holds), Some(text)) = (&f.holds, value.as_str()) {
            checker.holds(holds, &serde_json::Map::new(), text, path, path);
        }
    }
    out
}

struct Checker<'a> {
    api: &'a Api,
    out: &'a mut Vec<Violation>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

impl Checker<'_> {
    fn fail(&mut self, path: &str, field: &str, rule: Rule, message: String) {
        self.out.push(Violation { path: path.to_string(), field: field.to_string(), message, rule });
    }

    fn named(&mut self, id: TypeId, v: &Json, path: &str, field: &str) {
        let def = self.api.ty(id);
        match &def.kind {
            TypeKind::Struct(s) => self.object(s, v, path, field),
            TypeKind::Enum(e) => {
                if !e.values.iter().any(|ev| ev.value == *v) {
                    let allowed: Vec<String> = e.values.iter().map(|ev| ev.value.to_string()).collect();
                    self.fail(
                        path,
                        field,
                        Rule::NotListed(v.clone()),
                        format!("{v} is not one of {}", allowed.join(", ")),
                    );
                }
            }
            TypeKind::Union(u) => {
                let Some(obj) = v.as_object() else {
                    return self.fail(path, field, Rule::Type, format!("expected an object, found {v}"));
                };
                let tag_path = join(path, &u.tag_field);
                let Some(tag) = obj.get(&u.tag_field).and_then(Json::as_str) else {
                    return self.fail(
                        &tag_path,
                        &u.tag_field,
                        Rule::Type,
                        format!("`{}` must be a string", u.tag_field),
                    );
                };
                match u.variants.iter().find(|var| var.tag == tag) {
                    None => {
                        self.fail(&tag_path, &u.tag_field, Rule::Constraint, format!("unknown {} `{tag}`", u.tag_field))
                    }
                    Some(var) => match obj.get(&u.content_field) {
                        None => self.fail(
                            path,
                            &u.content_field,
                            Rule::Required,
                            format!("`{}` is required", u.content_field),
                        ),
                        Some(c) => self.named(var.content, c, &join(path, &u.content_field), &u.content_field),
                    },
                }
            }
            TypeKind::Record(r) => match v.as_str() {
                None => self.fail(path, field, Rule::Type, format!("expected a string, found {v}")),
                Some(text) => self.record_text(&r.delimiter, &r.fields, text, path, field),
            },
        }
    }

    fn record_text(&mut self, delimiter: &str, fields: &[Field], text: &str, path: &str, field: &str) {
        let parts: Vec<&str> = text.split(delimiter).collect();
        if parts.len() != fields.len() {
            let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
            return self.fail(
                path,
                field,
                Rule::Constraint,
                format!("expected {} parts `{}`, found {}", fields.len(), names.join(delimiter), parts.len()),
            );
        }
        for (part, f) in parts.iter().zip(fields) {
            if let Type::Int(it) = f.ty {
                let (lo, hi) = it.bounds();
                if !part.parse::<i128>().is_ok_and(|n| n >= lo && n <= hi) {
                    self.fail(
                        path,
                        field,
                        Rule::Constraint,
                        format!("part `{}` must be an integer, found `{part}`", f.wire_name),
                    );
                }
            } else {
                self.string_constraints(&f.constraints, part, path, field);
            }
        }
    }

    fn object(&mut self, s: &StructDef, v: &Json, path: &str, field: &str) {
        let Some(obj) = v.as_object() else {
            return self.fail(path, field, Rule::Type, format!("expected an object, found {v}"));
        };
        for f in &s.fields {
            let p = join(path, &f.wire_name);
            match obj.get(&f.wire_name) {
                None if f.required => {
                    self.fail(path, &f.wire_name, Rule::Required, format!("`{}` is required", f.wire_name))
                }
                None => {}
                Some(Json::Null) if f.nullable => {}
                Some(Json::Null) if !f.required => {
                    self.fail(&p, &f.wire_name, Rule::Null, format!("`{}` must not be null", f.wire_name));
                }
                Some(Json::Null) => {
                    // A required field that is null breaks its type, said in the type's words; it
                    // is still a null the field does not accept.
                    let from = self.out.len();
                    self.value(&f.ty, &f.constraints, &Json::Null, &p, &f.wire_name);
                    for v in &mut self.out[from..] {
                        v.rule = Rule::Null;
                    }
                }
                Some(x) => {
                    self.value(&f.ty, &f.constraints, x, &p, &f.wire_name);
                    if let (Some(holds), Some(text)) = (&f.holds, x.as_str()) {
                        self.holds(holds, obj, text, &p, &f.wire_name);
                    }
                }
            }
        }
        if s.role == crate::ir::StructRole::Request {
            for key in obj.keys() {
                if !s.fields.iter().any(|f| f.wire_name == *key) {
                    self.fail(&join(path, key), key, Rule::Unknown, format!("unknown field `{key}`"));
                }
            }
        }
        if !s.one_of.is_empty() {
            let present = |name: &String| obj.get(name).is_some_and(|x| !x.is_null());
            let complete: Vec<_> = s.one_of.iter().filter(|g| g.fields.iter().all(present)).collect();
            let ok = complete.len() == 1
                && s.one_of
                    .iter()
                    .filter(|g| g.name != complete[0].name)
                    .all(|g| g.fields.iter().filter(|f| !complete[0].fields.contains(f)).all(|f| !present(f)));
            if !ok {
                let groups: Vec<String> = s.one_of.iter().map(|g| format!("[{}]", g.fields.join(", "))).collect();
                self.fail(path, "", Rule::Constraint, format!("exactly one of {} must be given", groups.join(" or ")));
            }
        }
    }

    fn holds(&mut self, holds: &Holds, obj: &serde_json::Map<String, Json>, text: &str, path: &str, field: &str) {
        match holds {
            Holds::Json => {
                if serde_json::from_str::<Json>(text).is_err() {
                    self.fail(path, field, Rule::Constraint, "must hold JSON text".into());
                }
            }
            Holds::Type(id) => self.held(*id, text, path, field),
            Holds::ByField { field: by, cases, .. } => {
                let Some(selector) = obj.get(by).and_then(Json::as_str) else { return };
                if let Some((_, id)) = cases.iter().find(|(c, _)| c.value == selector) {
                    self.held(*id, text, path, field);
                }
            }
        }
    }

    fn held(&mut self, id: TypeId, text: &str, path: &str, field: &str) {
        match &self.api.ty(id).kind {
            TypeKind::Record(r) => self.record_text(&r.delimiter, &r.fields, text, path, field),
            _ => match serde_json::from_str::<Json>(text) {
                Ok(inner) => self.named(id, &inner, path, field),
                Err(_) => self.fail(
                    path,
                    field,
                    Rule::Constraint,
                    format!("must hold the JSON text of {}", self.api.ty(id).name),
                ),
            },
        }
    }

    fn value(&mut self, ty: &Type, c: &Constraints, v: &Json, path: &str, field: &str) {
        if let Some(k) = &c.const_value
            && k != v
        {
            self.fail(path, field, Rule::Constraint, format!("must be {k}"));
        }
        match ty {
            Type::String => match v.as_str() {
                Some(s) => self.string_constraints(c, s, path, field),
                None => self.fail(path, field, Rule::Type, format!("expected a string, found {v}")),
            },
            Type::Bool => {
                if !v.is_boolean() {
                    self.fail(path, field, Rule::Type, format!("expected true or false, found {v}"));
                }
            }
            Type::F64 => {
                if !v.is_number() {
                    self.fail(path, field, Rule::Type, format!("expected a number, found {v}"));
                }
            }
            Type::Json => {}
            Type::Int(it) => self.int(*it, c, v, path, field),
            Type::Named(id) => self.named(*id, v, path, field),
            Type::Array(inner) => match v.as_array() {
                None => self.fail(path, field, Rule::Type, format!("expected an array, found {v}")),
                Some(items) => {
                    if let Some(min) = c.min_items
                        && (items.len() as u64) < min
                    {
                        self.fail(path, field, Rule::Constraint, format!("must have at least {min} items"));
                    }
                    if let Some(max) = c.max_items
                        && (items.len() as u64) > max
                    {
                        self.fail(path, field, Rule::Constraint, format!("must have at most {max} items"));
                    }
                    for (i, item) in items.iter().enumerate() {
                        self.value(inner, &Constraints::default(), item, &format!("{path}[{i}]"), field);
                    }
                }
            },
        }
    }

    fn int(&mut self, it: IntType, c: &Constraints, v: &Json, path: &str, field: &str) {
        let n = v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from));
        let Some(n) = n else {
            return self.fail(path, field, Rule::Type, format!("expected an integer, found {v}"));
        };
        let (lo, hi) = it.bounds();
        if n < lo || n > hi {
            return self.fail(path, field, Rule::Type, format!("{n} does not fit in {}", it.rust()));
        }
        if let Some(min) = c.minimum
            && n < i128::from(min)
        {
            self.fail(path, field, Rule::Constraint, format!("must be at least {min}, found {n}"));
        }
        if let Some(max) = c.maximum
            && n > i128::from(max)
        {
            self.fail(path, field, Rule::Constraint, format!("must be at most {max}, found {n}"));
        }
    }

    fn string_constraints(&mut self, c: &Constraints, s: &str, path: &str, field: &str) {
        let len = s.chars().count() as u64;
        if let Some(min) = c.min_length
            && len < min
        {
            self.fail(path, field, Rule::Constraint, format!("must be at least {min} characters, found {len}"));
        }
        if let Some(max) = c.max_length
            && len > max
        {
            self.fail(path, field, Rule::Constraint, format!("must be at most {max} characters, found {len}"));
        }
        for bad in &c.not_contains {
            if s.contains(bad.as_str()) {
                self.fail(path, field, Rule::Constraint, format!("must not contain `{bad}`"));
            }
        }
        if let Some(p) = &c.pattern
            && let Ok(re) = regex::Regex::new(p)
            && !re.is_match(s)
        {
            self.fail(path, field, Rule::Constraint, format!("must match the pattern `{p}`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn api() -> Api {
        let yaml = r#"
api: {name: t, title: T, version: 0.1.0, description: A test.}
servers:
  s: {description: S., template: "https://{domain}", example: "https://x.example.com"}
auth:
  a: {kind: headers, description: A., headers: {Key: {type: string, required: true, description: K.}}}
envelopes:
  e:
    description: E.
    fields:
      Code: {type: i64, required: true, description: C.}
    code_field: Code
    success_code: 0
families:
  f:
    title: F
    description: F.
    server: s
    auth: a
    envelope: e
    types:
      Mode:
        kind: enum
        repr: string
        description: M.
        values:
          - {value: A, description: A.}
    operations:
      get:
        summary: Get
        description: Get.
        method: POST
        path: /f/get
        idempotent: true
        request:
          fields:
            Id: {type: string, required: true, max_length: 3, description: I.}
            Count: {type: u32, description: C.}
            Mode: {type: Mode, description: M.}
            Text: {type: string, holds: json, description: T.}
        response:
          fields:
            Ok: {type: bool, description: O.}
"#;
        let mut sources = crate::Sources::default();
        sources.add("t.yaml", yaml);
        let loaded = crate::load_sources(sources);
        let rendered = loaded.diagnostics.render(&loaded.sources);
        loaded.api.unwrap_or_else(|| panic!("{rendered}"))
    }

    #[test]
    fn each_finding_names_its_rule() {
        let api = api();
        let op = api.operations().next().expect("an operation");
        let rules = |v: Json| -> Vec<(String, Rule)> {
            check_type(&api, op.request, &v).into_iter().map(|x| (x.path, x.rule)).collect()
        };
        assert_eq!(rules(json!({"Count": 1})), [(String::new(), Rule::Required)]);
        assert_eq!(
            rules(json!({"Id": null, "Count": null})),
            [("Id".into(), Rule::Null), ("Count".into(), Rule::Null)]
        );
        assert_eq!(
            rules(json!({"Id": "abcd", "Count": -1})),
            [("Id".into(), Rule::Constraint), ("Count".into(), Rule::Type)]
        );
        assert_eq!(
            rules(json!({"Id": "a", "Mode": "B", "X": 1})),
            [("Mode".into(), Rule::NotListed(json!("B"))), ("X".into(), Rule::Unknown)]
        );
        let required_null = check_type(&api, op.request, &json!({"Id": null}));
        assert_eq!(required_null[0].message, "expected a string, found null", "said in the type's words");
    }

    #[test]
    fn one_value_of_a_field() {
        let api = api();
        let op = api.operations().next().expect("an operation");
        let TypeKind::Struct(s) = &api.ty(op.request).kind else { panic!("a struct") };
        let field = |wire: &str| s.fields.iter().find(|f| f.wire_name == wire).expect("the field");
        assert!(check_field(&api, field("Id"), &json!("abc")).is_empty());
        let long = check_field(&api, field("Id"), &json!("abcd"));
        assert_eq!((long[0].path.as_str(), long[0].message.as_str()), ("Id", "must be at most 3 characters, found 4"));
        assert_eq!(check_field(&api, field("Count"), &Json::Null)[0].rule, Rule::Null);
        assert_eq!(check_field(&api, field("Mode"), &json!("B"))[0].rule, Rule::NotListed(json!("B")));
        assert_eq!(
            check_field(&api, field("Text"), &json!("{")),
            [Violation {
                path: "Text".into(),
                field: "Text".into(),
                message: "must hold JSON text".into(),
                rule: Rule::Constraint
            }]
        );
    }
}
