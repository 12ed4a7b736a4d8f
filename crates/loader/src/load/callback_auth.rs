//! `callback_auth`: how the app checks that a callback comes from the vendor, the query
//! parameters and headers every delivery carries, and the role of each.

use super::*;

const CALLBACK_AUTH_KEYS: &[&str] = &["kind", "description", "docs", "window_seconds", "query", "headers", "note"];

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn lower_callback_auth(&mut self) -> Vec<CallbackAuthScheme> {
        let defs: Vec<_> = self.callback_auth.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("callback auth scheme `{}`", name.value);
            let Some(o) = self.r.obj(node, &what, CALLBACK_AUTH_KEYS, &["kind", "description"]) else {
                // Keep the index of every later scheme: callbacks refer to them by position.
                out.push(placeholder(&name.value));
                continue;
            };
            let kind = self.callback_auth_kind(&o);
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let docs = o.get("docs").and_then(|n| self.doc_ref(n));
            let note = self.r.opt_string(&o, "note", &what);
            let query =
                o.get("query").map(|n| self.fields(n, None, &format!("the query of {what}"))).unwrap_or_default();
            let headers =
                o.get("headers").map(|n| self.fields(n, None, &format!("the headers of {what}"))).unwrap_or_default();
            let window_seconds = match o.get("window_seconds") {
                Some(n) if kind != CallbackAuthKind::TencentCallbackSign => {
                    let d = self.r.error(n.span, format!("{what} has a `window_seconds` but signs with no time"));
                    d.help = Some("a replay window belongs to `kind: tencent_callback_sign`; remove it".into());
                    None
                }
                Some(n) => self.r.count(n, "`window_seconds`"),
                None if kind == CallbackAuthKind::TencentCallbackSign => {
                    let d = self.r.error(head(node), format!("{what} is missing `window_seconds`"));
                    d.help = Some("add the replay window the vendor states, e.g. `window_seconds: 60`".into());
                    None
                }
                None => None,
            };
            let params = self.callback_params(&name.value, kind, &what, name.span, &o, &query, &headers);
            out.push(CallbackAuthScheme {
                key: name.value,
                kind,
                description,
                docs,
                window_seconds,
                query,
                headers,
                params,
                note,
            });
        }
        out
    }

    fn callback_auth_kind(&mut self, o: &Obj<'n>) -> CallbackAuthKind {
        // `kind` is required: its absence was reported by `obj`.
        let Some(k) = o.get("kind") else { return CallbackAuthKind::Unverified };
        if let Some((kind, _)) = CallbackAuthKind::ALL.iter().find(|(_, n)| k.as_str() == Some(n)) {
            return *kind;
        }
        let text = k.scalar_text();
        let d = self.r.error(k.span, format!("unknown callback auth kind `{text}`"));
        d.help = Some(match suggest(&text, CallbackAuthKind::ALL.iter().map(|(_, n)| *n)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "use `tencent_callback_sign`, `verification_hook` or `unverified`".into(),
        });
        CallbackAuthKind::Unverified
    }

    /// The role of every parameter, from the kind and the name; a kind that checks a parameter
    /// needs it (`tencent_callback_sign` without `Sign` could check nothing).
    #[allow(clippy::too_many_arguments)]
    fn callback_params(
        &mut self,
        scheme: &str,
        kind: CallbackAuthKind,
        what: &str,
        at: Span,
        o: &Obj<'n>,
        query: &[Field],
        headers: &[Field],
    ) -> Vec<CallbackParam> {
        let roles: &[(&str, AuthIn, CallbackParamRole)] = match kind {
            CallbackAuthKind::TencentCallbackSign => &[
                ("SdkAppid", AuthIn::Query, CallbackParamRole::AppId),
                ("CallbackCommand", AuthIn::Query, CallbackParamRole::Command),
                ("Sign", AuthIn::Query, CallbackParamRole::Sign),
                ("RequestTime", AuthIn::Query, CallbackParamRole::RequestTime),
            ],
            CallbackAuthKind::VerificationHook => &[("Authorization", AuthIn::Header, CallbackParamRole::Signature)],
            CallbackAuthKind::Unverified => &[],
        };
        let mut out = Vec::new();
        for (location, fields) in [(AuthIn::Query, query), (AuthIn::Header, headers)] {
            for f in fields {
                let role = roles
                    .iter()
                    .find(|(n, l, _)| *l == location && matches_name(n, &f.wire_name, location))
                    .map_or(CallbackParamRole::Info, |(_, _, r)| *r);
                out.push(CallbackParam {
                    wire_name: f.wire_name.clone(),
                    location,
                    role,
                    required: f.required,
                    security_scheme: names::security_scheme(scheme, &f.wire_name),
                });
            }
        }
        for (name, location, role) in roles {
            // `CallbackCommand` only names the callback; the others are what the kind checks.
            if *role == CallbackParamRole::Command || out.iter().any(|p| p.role == *role) {
                continue;
            }
            let section = if *location == AuthIn::Query { "query" } else { "headers" };
            let span = o.key_span(section).unwrap_or(at);
            let d = self.r.error(span, format!("{what} is a `{}` scheme without its `{name}`", kind.spec_name()));
            d.help = Some(format!("add `{name}` to its `{section}`: the receiver checks it"));
        }
        out
    }
}

/// Query names compare exactly (the vendor spells `SdkAppid`), header names without case.
fn matches_name(expected: &str, wire: &str, location: AuthIn) -> bool {
    match location {
        AuthIn::Query => expected == wire,
        AuthIn::Header => expected.eq_ignore_ascii_case(wire),
    }
}

/// A scheme standing in for one whose definition has errors (the spec then gives no IR).
fn placeholder(key: &str) -> CallbackAuthScheme {
    CallbackAuthScheme {
        key: key.to_string(),
        kind: CallbackAuthKind::Unverified,
        description: String::new(),
        docs: None,
        window_seconds: None,
        query: Vec::new(),
        headers: Vec::new(),
        params: Vec::new(),
        note: None,
    }
}
