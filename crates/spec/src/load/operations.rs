//! Operations: method, path, request and response bodies, errors and token subject.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        fam: &str,
        name: &Spanned<String>,
        node: &'n Node,
        req: TypeId,
        resp: TypeId,
        env: Option<&Envelope>,
        set_codes: &[ErrorCode],
        family_limit: Option<&RateLimit>,
    ) -> Option<Operation> {
        let id = format!("{fam}.{}", name.value);
        let what = format!("operation `{id}`");
        let keys = [
            "summary",
            "description",
            "docs",
            "method",
            "path",
            "idempotent",
            "rate_limit",
            "request",
            "response",
            "errors",
            "examples",
            "invalid_requests",
            "paging",
            "streaming",
            "note",
        ];
        let o = self.r.obj(
            node,
            &what,
            &keys,
            &["summary", "description", "method", "path", "idempotent", "request", "response"],
        )?;
        let summary = self.r.opt_string(&o, "summary", &what).unwrap_or_default();
        let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
        // An unknown method is an error (the spec then gives no IR); `Post` only stands in so
        // that checking can go on and report everything at once.
        let method = match o.get("method") {
            Some(n) => {
                let m = self.r.string(n, "`method`").unwrap_or_default();
                HttpMethod::from_wire(&m).unwrap_or_else(|| {
                    let d = self.r.error(n.span, format!("`{m}` is not an HTTP method"));
                    d.help = Some("use GET, POST, PUT, PATCH or DELETE, in capitals".into());
                    HttpMethod::Post
                })
            }
            None => HttpMethod::Post,
        };
        let path = match o.get("path") {
            Some(n) => {
                let p = self.r.string(n, "`path`").unwrap_or_default();
                if !p.starts_with('/') || p.contains('?') || p.contains(' ') {
                    let d = self.r.error(n.span, format!("`{p}` is not a URL path"));
                    d.help = Some("write the path from the first `/`, without host or query, e.g. `/v4/desk_http_svc/send_stream_msg`".into());
                }
                p
            }
            None => String::new(),
        };
        let idempotent = o.get("idempotent").and_then(|n| self.r.boolean(n, "`idempotent`")).unwrap_or(false);
        let rate_limit = match o.get("rate_limit") {
            Some(n) => self.rate_limit(n),
            None => family_limit.cloned(),
        };
        let docs = o.get("docs").and_then(|n| {
            let d = self.r.obj(n, "`docs`", &["page", "title", "updated"], &["page"])?;
            Some(DocRef {
                page: self.r.opt_string(&d, "page", "`docs`")?,
                title: self.r.opt_string(&d, "title", "`docs`"),
                updated: d.get("updated").map(Node::scalar_text),
            })
        });
        let base = pascal(&name.value);
        for (key, tid, role) in [("request", req, StructRole::Request), ("response", resp, StructRole::Response)] {
            let Some(n) = o.get(key) else { continue };
            let bwhat = format!("the {key} of {what}");
            let Some(bo) = self.r.obj(n, &bwhat, &["description", "fields", "one_of", "erratum", "note"], &["fields"])
            else {
                continue;
            };
            let envelope_fields = match (role, env) {
                (StructRole::Response, Some(e)) => e.fields.clone(),
                _ => Vec::new(),
            };
            let mut fields = envelope_fields.clone();
            let own = bo
                .get("fields")
                .map(|f| self.fields(f, Some(fam), &format!("the fields of {bwhat}")))
                .unwrap_or_default();
            for f in own {
                if let Some(e) =
                    envelope_fields.iter().find(|x| x.wire_name == f.wire_name || x.rust_name == f.rust_name)
                {
                    let span = self.field_span(bo.get("fields"), &f.wire_name).unwrap_or(name.span);
                    let d = self.r.error(
                        span,
                        format!(
                            "field `{}` is already part of the response envelope (as `{}`)",
                            f.wire_name, e.wire_name
                        ),
                    );
                    d.help = Some("remove it here; the envelope's fields are added to every response".into());
                    continue;
                }
                fields.push(f);
            }
            let one_of = bo.get("one_of").map(|n| self.one_of(n, &fields, &bwhat)).unwrap_or_default();
            let description =
                self.r.opt_string(&bo, "description", &bwhat).unwrap_or_else(|| format!("The {key} body of `{id}`."));
            let erratum = self.r.opt_string(&bo, "erratum", &bwhat);
            let tname = format!("{base}{}", if role == StructRole::Request { "Request" } else { "Response" });
            self.types[tid.0] = Some(TypeDef {
                name: tname.clone(),
                rust_name: tname,
                module: fam.to_string(),
                description,
                erratum,
                kind: TypeKind::Struct(StructDef { fields, one_of, role }),
            });
        }
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
        let mut examples = Vec::new();
        if let Some(n) = o.get("examples") {
            for item in self.r.seq(n, &format!("the examples of {what}")).unwrap_or_default() {
                let Some(eo) = self.r.obj(
                    item,
                    "an example",
                    &["name", "summary", "request", "response", "erratum", "breaks"],
                    &["name"],
                ) else {
                    continue;
                };
                let Some(ename) =
                    self.example_name(&eo, &examples.iter().map(|e: &Example| e.name.clone()).collect::<Vec<_>>())
                else {
                    continue;
                };
                let summary = self.r.opt_string(&eo, "summary", "an example");
                let erratum = self.r.opt_string(&eo, "erratum", "an example");
                let request = eo.get("request").map(Node::to_json);
                let response = eo.get("response").map(Node::to_json);
                let breaks: Vec<String> = eo
                    .get("breaks")
                    .and_then(|n| self.r.strings(n, "`breaks`"))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| s.value)
                    .collect();
                if !breaks.is_empty() && erratum.is_none() {
                    let d = self.r.error(
                        eo.key_span("breaks").unwrap_or(item.span),
                        format!("example `{ename}` breaks documented rules but says nothing about it"),
                    );
                    d.help = Some("add an `erratum` explaining how the page contradicts itself".into());
                }
                if request.is_none() && response.is_none() {
                    let d = self.r.error(head(item), format!("example `{ename}` has neither `request` nor `response`"));
                    d.help = Some("add the sample body it shows".into());
                }
                for (key, tid, v) in [("request", req, &request), ("response", resp, &response)] {
                    if let (Some(v), Some(n)) = (v, eo.get(key)) {
                        let breaks = if key == "request" { breaks.clone() } else { Vec::new() };
                        self.example_checks.push(ExampleCheck {
                            ty: tid,
                            value: v.clone(),
                            node: n,
                            expect_invalid_field: None,
                            breaks,
                            what: format!("the {key} of example `{ename}`"),
                        });
                    }
                }
                examples.push(Example { name: ename, summary, request, response, erratum, breaks });
            }
        }
        let mut invalid_requests = Vec::new();
        if let Some(n) = o.get("invalid_requests") {
            for item in self.r.seq(n, &format!("the invalid requests of {what}")).unwrap_or_default() {
                let Some(eo) = self.r.obj(
                    item,
                    "an invalid request",
                    &["name", "summary", "request", "field"],
                    &["name", "request", "field"],
                ) else {
                    continue;
                };
                let mut taken: Vec<String> = examples.iter().map(|e| e.name.clone()).collect();
                taken.extend(invalid_requests.iter().map(|e: &InvalidExample| e.name.clone()));
                let Some(ename) = self.example_name(&eo, &taken) else { continue };
                let summary = self.r.opt_string(&eo, "summary", "an invalid request");
                let Some(field) = eo.get("field").and_then(|f| self.r.string(f, "`field`")) else { continue };
                let Some(rn) = eo.get("request") else { continue };
                let request = rn.to_json();
                self.example_checks.push(ExampleCheck {
                    ty: req,
                    value: request.clone(),
                    node: rn,
                    expect_invalid_field: Some(field.clone()),
                    breaks: Vec::new(),
                    what: format!("invalid request `{ename}`"),
                });
                invalid_requests.push(InvalidExample { name: ename, summary, request, field });
            }
        }
        let paging = o.get("paging").and_then(|n| self.paging(n, req, resp, &what));
        let streaming = o.get("streaming").and_then(|n| self.streaming(n, req, resp, &what));
        Some(Operation {
            id,
            family: fam.to_string(),
            name: name.value.clone(),
            error_enum: format!("{base}ErrorCode"),
            rust_name: base,
            summary,
            description,
            docs,
            method,
            path,
            idempotent,
            rate_limit,
            request: req,
            response: resp,
            errors,
            examples,
            invalid_requests,
            paging,
            streaming,
            token_subject: Vec::new(),
        })
    }

    /// Resolves an auth scheme's token subject against an operation's request: each named field
    /// must be a required string of it.
    pub(super) fn token_subject(
        &mut self,
        op: &Operation,
        name: &Spanned<String>,
        scheme: &str,
        parts: &[(String, String)],
    ) -> Vec<(String, Field)> {
        let fields = self.body_fields(op.request);
        let mut out = Vec::new();
        for (part, wire) in parts {
            match fields.iter().find(|f| f.wire_name == *wire) {
                Some(f) if f.required && f.ty == Type::String => out.push((part.clone(), f.clone())),
                found => {
                    let problem = if found.is_some() { "is not a required string" } else { "does not exist" };
                    let d = self.r.error(
                        name.span,
                        format!(
                            "operation `{}` uses auth scheme `{scheme}`, whose token is applied for the request's `{wire}` (as `{part}`), but its request field `{wire}` {problem}",
                            op.id
                        ),
                    );
                    d.help = Some(format!(
                        "add a required string field `{wire}` to the request, or use another auth scheme"
                    ));
                }
            }
        }
        out
    }

    /// The fields of a body struct that has been lowered (empty when it had errors).
    pub(super) fn body_fields(&self, id: TypeId) -> Vec<Field> {
        match self.types[id.0].as_ref().map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.clone(),
            _ => Vec::new(),
        }
    }

    pub(super) fn code_span(&self, errors: Option<&Node>, code: i64) -> Option<Span> {
        let Value::Map(entries) = &errors?.value else { return None };
        entries.iter().find(|(k, _)| matches!(k.value, Value::Int(c) if c == code)).map(|(k, _)| k.span)
    }
}
