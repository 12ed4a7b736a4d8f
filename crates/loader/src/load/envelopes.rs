//! `envelopes`: the fields every response of a family carries, and its code and HTTP statuses.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn lower_envelopes(&mut self) -> Vec<Envelope> {
        let defs: Vec<_> = self.envelopes.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("envelope `{}`", name.value);
            let keys =
                ["description", "fields", "code_field", "message_field", "success_code", "http", "http_statuses"];
            let Some(o) = self.r.obj(node, &what, &keys, &["description", "fields", "code_field", "success_code"])
            else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let fields =
                o.get("fields").map(|n| self.fields(n, None, &format!("the fields of {what}"))).unwrap_or_default();
            let code_field = self.r.opt_string(&o, "code_field", &what).unwrap_or_default();
            let message_field = self.r.opt_string(&o, "message_field", &what).unwrap_or_default();
            let http = self.r.opt_string(&o, "http", &what);
            let code_is_string = self.envelope_code_fields(&o, &fields, &code_field, &message_field, &what);
            let success_code = self.success_code(&o, code_is_string, &code_field);
            let http_statuses = o.get("http_statuses").map(|hs| self.http_statuses(hs)).unwrap_or_default();
            out.push(Envelope {
                key: name.value,
                description,
                fields,
                code_field,
                message_field,
                success_code,
                code_is_string,
                http,
                http_statuses,
            });
        }
        out
    }

    /// The envelope's `code_field` and `message_field` must be fields of it, the code an integer
    /// or a string; whether the code is sent as a string.
    fn envelope_code_fields(
        &mut self,
        o: &Obj<'n>,
        fields: &[Field],
        code_field: &str,
        message_field: &str,
        what: &str,
    ) -> bool {
        let mut code_is_string = false;
        for (key, wire) in [("code_field", code_field), ("message_field", message_field)] {
            let Some(n) = o.get(key) else { continue };
            match fields.iter().find(|f| f.wire_name == *wire) {
                None => {
                    let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                    let d = self.r.error(n.span, format!("`{key}` names `{wire}`, which is not a field of {what}"));
                    d.help = Some(match suggest(wire, names.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use one of its fields: {}", names.join(", ")),
                    });
                }
                Some(f) if key == "code_field" => {
                    code_is_string = f.ty == Type::String;
                    if !matches!(f.ty, Type::String | Type::Int(_)) {
                        let d = self.r.error(n.span, format!("the code field `{wire}` must be an integer or a string"));
                        d.help = Some("declare it as `i64`, or `string` when the vendor sends \"0\"".into());
                    }
                }
                Some(f) => {
                    if f.ty != Type::String {
                        let d = self.r.error(n.span, format!("the message field `{wire}` must be a string"));
                        d.help = Some("declare it as `string`".into());
                    }
                }
            }
        }
        code_is_string
    }

    /// `success_code`, which must have the code field's type.
    fn success_code(&mut self, o: &Obj<'n>, code_is_string: bool, code_field: &str) -> Json {
        match o.get("success_code") {
            Some(n) => {
                let j = n.to_json();
                let fits = if code_is_string { j.is_string() } else { j.is_i64() };
                if !fits {
                    let d = self.r.error(
                        n.span,
                        format!("`success_code` {j} does not have the type of the code field `{code_field}`"),
                    );
                    d.help =
                        Some(if code_is_string { "quote it: \"0\"".into() } else { "write a bare integer: 0".into() });
                } else if j.as_str().is_some_and(|t| t.parse::<i64>().is_err()) {
                    // A string code is read as the integer it holds (`"0"`, `"0000"`): one that
                    // holds none could never be matched.
                    let d = self.r.error(
                        n.span,
                        format!("`success_code` {j} does not hold an integer, so no response could match it"),
                    );
                    d.help = Some("write the integer the code field holds on success, quoted: \"0\"".into());
                }
                j
            }
            None => Json::Null,
        }
    }

    /// Documented HTTP statuses other than 200 (`http_statuses`).
    fn http_statuses(&mut self, hs: &'n Node) -> Vec<HttpStatus> {
        let mut http_statuses = Vec::new();
        for (k, v) in self.r.entries(hs, "`http_statuses`").unwrap_or_default() {
            let status = match k.value {
                Value::Int(i) if (100..600).contains(&i) => i as u16,
                _ => {
                    let d = self.r.error(k.span, format!("`{}` is not an HTTP status", k.scalar_text()));
                    d.help = Some("use a number from 100 to 599".into());
                    continue;
                }
            };
            let swhat = format!("HTTP status {status}");
            let Some(so) = self.r.obj(v, &swhat, &["description", "retryable"], &["description"]) else {
                continue;
            };
            let description = self.r.opt_string(&so, "description", &swhat).unwrap_or_default();
            let retryable = so.get("retryable").and_then(|n| self.r.boolean(n, "`retryable`")).unwrap_or(false);
            http_statuses.push(HttpStatus { status, description, retryable });
        }
        http_statuses
    }
}
