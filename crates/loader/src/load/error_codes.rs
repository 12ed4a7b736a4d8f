//! Error codes: an operation's own and the shared `error_sets`.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn error_codes(&mut self, node: &'n Node, what: &str, from_set: Option<String>) -> Vec<ErrorCode> {
        let mut out: Vec<ErrorCode> = Vec::new();
        let mut name_spans: Vec<Span> = Vec::new();
        for (k, v) in self.r.entries(node, what).unwrap_or_default() {
            let Value::Int(code) = k.value else {
                let d = self.r.error(k.span, format!("error code `{}` in {what} is not an integer", k.scalar_text()));
                d.help = Some("error codes are the vendor's numbers, e.g. `20001:`".into());
                continue;
            };
            let cwhat = format!("error code {code}");
            let Some(o) =
                self.r.obj(v, &cwhat, &["name", "description", "retryable", "note", "erratum"], &["description"])
            else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &cwhat).unwrap_or_default();
            let rust_name = match o.get("name") {
                Some(n) => {
                    let s = self.r.string(n, &format!("the name of {cwhat}")).unwrap_or_default();
                    if !is_pascal(&s) {
                        let d = self.r.error(n.span, format!("error name `{s}` is not PascalCase"));
                        d.help = Some(format!("rename it `{}`", pascal(&s)));
                    }
                    s
                }
                None => names::error_code_variant(code),
            };
            let retryable = o.get("retryable").and_then(|n| self.r.boolean(n, "`retryable`")).unwrap_or(false);
            let note = self.r.opt_string(&o, "note", &cwhat).or_else(|| self.r.opt_string(&o, "erratum", &cwhat));
            let name_span = o.get("name").map_or(k.span, |n| n.span);
            self.check_variant_name(&rust_name, name_span, "codes", "give the code another `name`");
            if let Some(i) = out.iter().position(|e| e.rust_name == rust_name) {
                let d = self.r.error(
                    name_span,
                    format!("error name `{rust_name}` is already used by code {} in {what}", out[i].code),
                );
                d.related.push((name_spans[i].file, name_spans[i].range(), "first used here".into()));
                d.help = Some("give each code its own name".into());
            }
            name_spans.push(name_span);
            out.push(ErrorCode { code, rust_name, description, retryable, note, from_set: from_set.clone() });
        }
        out
    }

    pub(super) fn lower_error_sets(&mut self) -> Vec<ErrorSet> {
        let defs: Vec<_> = self.error_sets.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("error set `{}`", name.value);
            let Some(o) = self.r.obj(node, &what, &["description", "source", "codes"], &["description", "codes"])
            else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let source = self.r.opt_string(&o, "source", &what);
            let codes =
                o.get("codes").map(|n| self.error_codes(n, &what, Some(name.value.clone()))).unwrap_or_default();
            out.push(ErrorSet {
                rust_name: names::error_set_enum(&name.value),
                variant_name: names::error_set_variant(&name.value),
                key: name.value,
                description,
                source,
                codes,
            });
        }
        out
    }

    /// An operation's own `errors`, then the codes of its family's shared sets (a code in both
    /// is an error: which description would hold?).
    pub(super) fn operation_errors(
        &mut self,
        o: &Obj<'n>,
        what: &str,
        set_codes: &[ErrorCode],
        name: &Spanned<String>,
    ) -> Vec<ErrorCode> {
        let mut errors =
            o.get("errors").map(|n| self.error_codes(n, &format!("the errors of {what}"), None)).unwrap_or_default();
        for c in set_codes {
            if let Some(own) = errors.iter().find(|e| e.code == c.code && e.from_set.is_none()) {
                let span = self.code_span(o.get("errors"), own.code).unwrap_or(name.span);
                let d = self.r.error(
                    span,
                    format!(
                        "error code {} is also in the shared error set `{}`",
                        c.code,
                        c.from_set.as_deref().unwrap_or("")
                    ),
                );
                d.help = Some("remove it from the operation, or from the shared set".into());
                continue;
            }
            errors.push(c.clone());
        }
        self.check_set_variants(o, &errors, name);
        errors
    }

    /// An operation's own code may not take the name of the variant nesting one of its shared
    /// sets in its error enum.
    fn check_set_variants(&mut self, o: &Obj<'n>, errors: &[ErrorCode], op: &Spanned<String>) {
        let sets: Vec<&str> = errors.iter().filter_map(|e| e.from_set.as_deref()).collect();
        for own in errors.iter().filter(|e| e.from_set.is_none()) {
            let Some(set) = sets.iter().find(|s| names::error_set_variant(s) == own.rust_name) else { continue };
            let key = self.code_span(o.get("errors"), own.code).unwrap_or(op.span);
            let span = self.code_name_span(o.get("errors"), own.code).unwrap_or(key);
            let d = self.r.error(
                span,
                format!(
                    "error code {} and the shared error set `{set}` both become the Rust variant `{}` of `{}`",
                    own.code,
                    own.rust_name,
                    names::operation_error_enum(&op.value)
                ),
            );
            if let Some(at) = self.error_sets.iter().find(|d| d.name.value == *set).map(|d| d.name.span) {
                d.related.push((at.file, at.range(), format!("error set `{set}` is here")));
            }
            d.help = Some("give the code another `name`".into());
        }
    }

    /// The `name` of error code `code` in an `errors` mapping.
    fn code_name_span(&self, errors: Option<&Node>, code: i64) -> Option<Span> {
        let Value::Map(entries) = &errors?.value else { return None };
        let (_, v) = entries.iter().find(|(k, _)| matches!(k.value, Value::Int(c) if c == code))?;
        child(v, "name").map(|n| n.span)
    }

    /// The key node of error code `code` in an `errors` mapping.
    fn code_span(&self, errors: Option<&Node>, code: i64) -> Option<Span> {
        let Value::Map(entries) = &errors?.value else { return None };
        entries.iter().find(|(k, _)| matches!(k.value, Value::Int(c) if c == code)).map(|(k, _)| k.span)
    }
}
