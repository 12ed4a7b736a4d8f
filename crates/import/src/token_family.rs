//! A family's auth scheme whose tokens come from operations of one family (tokenByAkSk and
//! applyToken of `ccmessaging`) serves that family only: the spec's loader refuses it for any
//! other, each family being its own cargo feature. A draft of a new family that borrowed such a
//! scheme gets instead the spec's scheme that sends the same headers as the caller gives them
//! (`kind: headers`), and a TODO, so that the draft loads and the choice is a person's.

use ccapi_loader::ir::{AuthKind, AuthScheme};

use crate::draft::Draft;
use crate::spec::Spec;

/// The family whose operations issue the scheme's tokens, if it has a token flow.
fn token_family<'a>(spec: &'a Spec, scheme: &AuthScheme) -> Option<&'a str> {
    let ops = scheme.token_operations.as_ref()?;
    spec.api().operation(&ops.access).map(|o| o.family.as_str())
}

/// Replaces a borrowed auth scheme whose token operations are in another family.
pub fn own_family_auth(d: &mut Draft, spec: &Spec) {
    let api = spec.api();
    let key = d.op.auth.clone().unwrap_or_else(|| d.family.auth.clone());
    let Some(scheme) = api.auth_scheme(&key) else { return };
    let Some(issuer) = token_family(spec, scheme) else { return };
    if issuer == d.family.key {
        return;
    }
    let names = |a: &AuthScheme| a.headers.iter().map(|h| h.wire_name.to_ascii_lowercase()).collect::<Vec<_>>();
    let wanted = names(scheme);
    // The `headers` scheme sending most of the same headers (and no others first).
    let other = api
        .auth
        .iter()
        .filter(|a| a.kind == AuthKind::Headers && a.token_operations.is_none())
        .map(|a| {
            let have = names(a);
            let shared = have.iter().filter(|h| wanted.contains(h)).count();
            (shared, usize::MAX - have.len(), a)
        })
        .filter(|(shared, _, _)| *shared > 0)
        .max_by_key(|(shared, fewer, _)| (*shared, *fewer));
    let Some((_, _, other)) = other else { return };
    let was = key.clone();
    d.family.auth = other.key.clone();
    d.op.auth = None;
    // An earlier choice of scheme (for a missing token subject) is replaced, and so is its doubt.
    let earlier: Vec<String> = d
        .todos
        .iter()
        .filter(|t| t.place == "operation.auth")
        .map(|t| t.message.split(": the draft uses").next().unwrap_or("").to_string())
        .collect();
    d.todos.retain(|t| t.place != "operation.auth");
    let before = earlier.first().map_or(String::new(), |e| format!("{e}; and "));
    d.todo(
        "family.auth",
        format!(
            "{before}the auth scheme `{was}` gets its tokens from operations of the family `{issuer}`, which the family `{}` cannot use: the draft uses `{}`, whose headers the caller gives as they are; decide how this call gets its token",
            d.family.key, other.key
        ),
    );
}
