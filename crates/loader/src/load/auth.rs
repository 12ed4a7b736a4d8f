//! `auth`: the auth schemes and the role of each of their parameters.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// The role of every parameter of an auth scheme, decided from its kind and its name: a
    /// parameter the kind has no use for is an error (the client would not know what to send).
    pub(super) fn auth_params(
        &mut self,
        kind: AuthKind,
        scheme: &str,
        what: &str,
        at: Span,
        sections: [(AuthIn, Option<&'n Node>, &[Field]); 2],
    ) -> Vec<AuthParam> {
        let roles: &[(&str, AuthRole)] = match kind {
            AuthKind::TencentUserSig => &[
                ("sdkappid", AuthRole::AppId),
                ("identifier", AuthRole::Identifier),
                ("usersig", AuthRole::UserSig),
                ("random", AuthRole::Random),
            ],
            AuthKind::CcmessagingToken => &[
                ("authorization", AuthRole::BearerAccessToken),
                ("x-app-key", AuthRole::AppKey),
                ("ccmessaging-token", AuthRole::ConversationToken),
            ],
            AuthKind::Headers => &[],
        };
        let mut out = Vec::new();
        for (location, node, fields) in sections {
            for f in fields {
                let fixed = f.constraints.const_value.as_ref().map(|v| match v {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                });
                let known = roles.iter().find(|(n, _)| n.eq_ignore_ascii_case(&f.wire_name)).map(|(_, r)| r.clone());
                let role = match (known, fixed, kind) {
                    (Some(r), _, _) => r,
                    (None, Some(v), _) => AuthRole::Fixed(v),
                    (None, None, AuthKind::Headers) => AuthRole::Given,
                    (None, None, _) => {
                        let span = node.and_then(|n| self.key_span_in(n, &f.wire_name)).unwrap_or(at);
                        let names: Vec<&str> = roles.iter().map(|(n, _)| *n).collect();
                        let d = self.r.error(
                            span,
                            format!("{what}: `{}` has no role in a `{}` scheme", f.wire_name, kind.spec_name()),
                        );
                        d.help = Some(format!(
                            "its parameters are {} (and any with a `const` value); use `kind: headers` for values the caller gives",
                            names.join(", ")
                        ));
                        continue;
                    }
                };
                let env = names::auth_env(&f.wire_name);
                let security_scheme = names::security_scheme(scheme, &f.wire_name);
                out.push(AuthParam {
                    wire_name: f.wire_name.clone(),
                    location,
                    role,
                    secret: f.secret,
                    env,
                    security_scheme,
                });
            }
        }
        out
    }

    /// The span of key `key` in a mapping node, if it has one.
    pub(super) fn key_span_in(&self, node: &'n Node, key: &str) -> Option<Span> {
        match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.scalar_text() == key).map(|(k, _)| k.span),
            _ => None,
        }
    }

    pub(super) fn lower_auth(&mut self) -> Vec<AuthScheme> {
        let defs: Vec<_> = self.auth.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("auth scheme `{}`", name.value);
            let Some(o) = self.r.obj(
                node,
                &what,
                &["kind", "description", "query", "headers", "token_subject", "token_operations"],
                &["kind", "description"],
            ) else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let kinds = AuthKind::ALL.iter().map(|(_, n)| *n);
            let kind = match o.get("kind") {
                Some(k) => match AuthKind::ALL.iter().find(|(_, n)| k.as_str() == Some(n)) {
                    Some((kind, _)) => *kind,
                    None => {
                        let text = k.scalar_text();
                        let d = self.r.error(k.span, format!("unknown auth kind `{text}`"));
                        d.help = Some(match suggest(&text, kinds) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "use `tencent_usersig`, `headers` or `ccmessaging_token`".into(),
                        });
                        AuthKind::Headers
                    }
                },
                // `kind` is required: its absence was reported by `obj`.
                None => AuthKind::Headers,
            };
            let query =
                o.get("query").map(|n| self.fields(n, None, &format!("the query of {what}"))).unwrap_or_default();
            let headers =
                o.get("headers").map(|n| self.fields(n, None, &format!("the headers of {what}"))).unwrap_or_default();
            let mut token_subject = Vec::new();
            if let Some(n) = o.get("token_subject") {
                for (k, v) in self.r.entries(n, "`token_subject`").unwrap_or_default() {
                    if let Some(field) = self.r.string(v, "a `token_subject` field") {
                        token_subject.push((k.scalar_text(), field));
                    }
                }
            }
            if !token_subject.is_empty() && kind != AuthKind::CcmessagingToken {
                let span = o.key_span("token_subject").unwrap_or(name.span);
                let d = self.r.error(span, format!("{what} has a `token_subject` but is not a token flow"));
                d.help =
                    Some("a token subject belongs to `kind: ccmessaging_token`; remove it or change the kind".into());
                // Reported once here, not again for every operation using the scheme.
                token_subject.clear();
            }
            let params = self.auth_params(
                kind,
                &name.value,
                &what,
                name.span,
                [(AuthIn::Query, o.get("query"), &query), (AuthIn::Header, o.get("headers"), &headers)],
            );
            out.push(AuthScheme {
                rust_name: pascal(&name.value),
                static_name: names::auth_static(&name.value),
                query_struct: names::auth_query_struct(&name.value),
                headers_struct: names::auth_headers_struct(&name.value),
                params,
                key: name.value,
                kind,
                description,
                query,
                headers,
                token_subject,
                token_operations: None,
            });
        }
        out
    }
}
