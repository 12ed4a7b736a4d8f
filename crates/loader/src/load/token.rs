//! The token flow's part of the loader: an operation's own `auth` and `envelope` (in place of its
//! family's), the token it issues (`token:`), and the `token_operations` of a `ccmessaging_token`
//! scheme, resolved against the operations once every family is lowered.

use super::{Lowerer, child};
use crate::ir::{AuthKind, AuthRole, AuthScheme, Envelope, Family, Field, TokenIssue, TokenOperations, Type, TypeId};
use crate::naming::suggest;
use crate::yaml::{Node, Span};

/// The keys of an operation's `token:` mapping.
const TOKEN_KEYS: &[&str] = &["issues", "app_key", "app_secret", "token", "lifetime", "locale"];

impl<'n> Lowerer<'_, 'n> {
    /// An operation's auth scheme and envelope keys: its own `auth`/`envelope` when it names one
    /// (checked against the spec's), else its family's.
    pub(super) fn own_auth_and_envelope(
        &mut self,
        op: &'n Node,
        family_auth: Option<&str>,
        family_envelope: Option<&str>,
        envelopes: &[Envelope],
    ) -> (Option<String>, Option<String>) {
        let schemes: Vec<String> = self.auth.iter().map(|d| d.name.value.clone()).collect();
        let envs: Vec<String> = envelopes.iter().map(|e| e.key.clone()).collect();
        let mut pick = |key: &str, what: &str, known: &[String], inherited: Option<&str>| match child(op, key) {
            None => inherited.map(str::to_string),
            Some(n) => {
                let s = self.r.string(n, &format!("`{key}`"))?;
                if known.contains(&s) {
                    Some(s)
                } else {
                    self.unknown_ref(n.span, what, &s, known);
                    None
                }
            }
        };
        let auth = pick("auth", "auth scheme", &schemes, family_auth);
        let envelope = pick("envelope", "envelope", &envs, family_envelope);
        (auth, envelope)
    }

    /// The token an operation issues (`token: {issues: access | conversation, ...}`), each key
    /// naming a field of its request or response.
    pub(super) fn token_issue(&mut self, node: &'n Node, req: TypeId, resp: TypeId, what: &str) -> Option<TokenIssue> {
        let twhat = format!("the token of {what}");
        let o = self.r.obj(node, &twhat, TOKEN_KEYS, &["issues", "token"])?;
        let issues = o.get("issues").and_then(|n| self.r.string(n, "`issues`"))?;
        let (request, response) = (self.body_fields(req), self.body_fields(resp));
        let string = |_: &Self, f: &Field| (f.ty != Type::String).then_some("a string field");
        let lifetime = |_: &Self, f: &Field| {
            (!matches!(f.ty, Type::String | Type::Int(_))).then_some("an integer or string field")
        };
        let token = self.role_field(&o, "token", &response, "response", &twhat, string);
        let mut takes: Vec<String> = Vec::new();
        let issue = match issues.as_str() {
            "access" => {
                let app_key = self.role_field(&o, "app_key", &request, "request", &twhat, string);
                let app_secret = self.role_field(&o, "app_secret", &request, "request", &twhat, string);
                let lifetime = self.role_field(&o, "lifetime", &response, "response", &twhat, lifetime);
                for (key, f) in [("app_key", &app_key), ("app_secret", &app_secret)] {
                    match f {
                        Some(f) => takes.push(f.wire_name.clone()),
                        None if o.get(key).is_none() => {
                            let d = self
                                .r
                                .error(head_span(node), format!("{twhat} issues an access token but names no `{key}`"));
                            d.help = Some(format!("name the request field that takes the {}", key.replace('_', " ")));
                        }
                        None => {}
                    }
                }
                TokenIssue::Access { app_key: app_key?, app_secret: app_secret?, token: token?, lifetime }
            }
            "conversation" => {
                let locale = self.role_field(&o, "locale", &request, "request", &twhat, string);
                takes.extend(locale.iter().map(|f| f.wire_name.clone()));
                // The other required fields are filled from a token subject, checked per scheme.
                takes.extend(request.iter().filter(|f| f.ty == Type::String).map(|f| f.wire_name.clone()));
                TokenIssue::Conversation { locale, token: token? }
            }
            other => {
                let n = o.get("issues")?;
                let d = self.r.error(n.span, format!("{twhat}: unknown token `{other}`"));
                d.help = Some(match suggest(other, ["access", "conversation"]) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "use `access` (app key and secret → access token) or `conversation` (a conversation's token)"
                            .into()
                    }
                });
                return None;
            }
        };
        // The client fills only the fields it knows: any other required field is an error.
        for f in request.iter().filter(|f| f.required && !takes.contains(&f.wire_name)) {
            let d = self.r.error(
                head_span(node),
                format!("{twhat}: the request's required field `{}` is not one the token flow can fill", f.wire_name),
            );
            d.help = Some("make it optional, or name it in `token:`; a conversation token's fields are strings".into());
        }
        Some(issue)
    }

    /// Resolves every scheme's `token_operations` against the lowered operations.
    pub(super) fn resolve_token_operations(&mut self, auth: &mut [AuthScheme], families: &[Family]) {
        let defs: Vec<_> = self.auth.iter().map(|d| (d.name.value.clone(), d.node)).collect();
        let ids: Vec<String> = families.iter().flat_map(|f| f.operations.iter().map(|o| o.id.clone())).collect();
        for (key, node) in defs {
            let Some(n) = child(node, "token_operations") else { continue };
            let Some(scheme) = auth.iter_mut().find(|a| a.key == key) else { continue };
            let what = format!("the token operations of auth scheme `{key}`");
            if scheme.kind != AuthKind::CcmessagingToken {
                let d =
                    self.r.error(n.span, format!("auth scheme `{key}` has `token_operations` but is not a token flow"));
                d.help =
                    Some("token operations belong to `kind: ccmessaging_token`; remove them or change the kind".into());
                continue;
            }
            let Some(o) = self.r.obj(n, &what, &["access", "conversation"], &["access", "conversation"]) else {
                continue;
            };
            let mut found = Vec::new();
            for (role, want) in [("access", "an access token"), ("conversation", "a conversation's token")] {
                let Some(v) = o.get(role) else { continue };
                let Some(id) = self.r.string(v, &format!("`{role}`")) else { continue };
                let Some(op) = families.iter().flat_map(|f| &f.operations).find(|op| op.id == id) else {
                    self.unknown_ref(v.span, "operation", &id, &ids);
                    continue;
                };
                let fits = matches!(
                    (role, &op.token),
                    ("access", Some(TokenIssue::Access { .. }))
                        | ("conversation", Some(TokenIssue::Conversation { .. }))
                );
                if !fits {
                    let d =
                        self.r.error(v.span, format!("`{role}` of {what} names `{id}`, which does not issue {want}"));
                    d.help = Some(format!(
                        "give `{id}` a `token: {{issues: {role}, ...}}` mapping, or name another operation"
                    ));
                    continue;
                }
                found.push((v.span, op));
            }
            let [(_, access), (conv_at, conversation)] = found[..] else { continue };
            self.check_conversation_subject(scheme, conversation, conv_at);
            for user in families.iter().flat_map(|f| &f.operations).filter(|op| op.auth == key) {
                if user.family != access.family || user.family != conversation.family {
                    let d = self.r.error(
                        n.span,
                        format!(
                            "operation `{}` uses auth scheme `{key}`, whose token operations are in another family",
                            user.id
                        ),
                    );
                    d.help = Some("put the token operations in the family of the operations they authenticate (each family is its own cargo feature)".into());
                }
            }
            scheme.token_operations =
                Some(TokenOperations { access: access.id.clone(), conversation: conversation.id.clone() });
        }
    }

    /// A scheme sending a conversation's token says in `token_subject` what every required field
    /// of the conversation operation's request (but its locale) takes.
    fn check_conversation_subject(&mut self, scheme: &AuthScheme, conversation: &crate::ir::Operation, at: Span) {
        if !scheme.params.iter().any(|p| p.role == AuthRole::ConversationToken) {
            return;
        }
        let Some(TokenIssue::Conversation { locale, .. }) = &conversation.token else { return };
        let request = self.body_fields(conversation.request);
        for f in request.iter().filter(|f| f.required && locale.as_ref().is_none_or(|l| l.wire_name != f.wire_name)) {
            if !scheme.token_subject.iter().any(|(part, _)| *part == f.wire_name) {
                let d = self.r.error(
                    at,
                    format!(
                        "auth scheme `{}` applies for its token with `{}`, whose required field `{}` is not in its `token_subject`",
                        scheme.key, conversation.id, f.wire_name
                    ),
                );
                d.help = Some(format!("add `{}: <a request field>` to the scheme's `token_subject`", f.wire_name));
            }
        }
        for (part, _) in &scheme.token_subject {
            if !request.iter().any(|f| f.wire_name == *part) {
                let d = self.r.error(
                    at,
                    format!("the token subject of auth scheme `{}` names `{part}`, which is not a field of the request of `{}`", scheme.key, conversation.id),
                );
                d.help = Some("name the fields of the conversation token request in `token_subject`".into());
            }
        }
    }
}

/// Where a mapping starts (its first key), for a problem of the whole mapping.
fn head_span(node: &Node) -> Span {
    crate::reader::head(node)
}
