//! The IR's auth kinds and roles and the runtime's are the same sets under the same names: the
//! generator writes `support::AuthRole::<ir name>`, so a variant added on one side only must fail
//! here (the matches are exhaustive both ways), not in a user's generated crate.

use ccapi_loader::ir;
use ccapi_models::support;

/// The runtime's role for the IR's (exhaustive over the IR).
fn to_runtime(role: &ir::AuthRole) -> support::AuthRole {
    match role {
        ir::AuthRole::AppId => support::AuthRole::AppId,
        ir::AuthRole::Identifier => support::AuthRole::Identifier,
        ir::AuthRole::UserSig => support::AuthRole::UserSig,
        ir::AuthRole::Random => support::AuthRole::Random,
        ir::AuthRole::Fixed(_) => support::AuthRole::Fixed("json"),
        ir::AuthRole::Given => support::AuthRole::Given,
        ir::AuthRole::BearerAccessToken => support::AuthRole::BearerAccessToken,
        ir::AuthRole::AppKey => support::AuthRole::AppKey,
        ir::AuthRole::ConversationToken => support::AuthRole::ConversationToken,
    }
}

/// The IR's role for the runtime's (exhaustive over the runtime).
fn to_ir(role: support::AuthRole) -> ir::AuthRole {
    match role {
        support::AuthRole::AppId => ir::AuthRole::AppId,
        support::AuthRole::Identifier => ir::AuthRole::Identifier,
        support::AuthRole::UserSig => ir::AuthRole::UserSig,
        support::AuthRole::Random => ir::AuthRole::Random,
        support::AuthRole::Fixed(v) => ir::AuthRole::Fixed(v.to_string()),
        support::AuthRole::Given => ir::AuthRole::Given,
        support::AuthRole::BearerAccessToken => ir::AuthRole::BearerAccessToken,
        support::AuthRole::AppKey => ir::AuthRole::AppKey,
        support::AuthRole::ConversationToken => ir::AuthRole::ConversationToken,
    }
}

fn variant_name(debug: String) -> String {
    debug.split(['(', ' ', '{']).next().unwrap_or_default().to_string()
}

#[test]
fn every_auth_role_has_the_same_name_on_both_sides() {
    let roles = [
        ir::AuthRole::AppId,
        ir::AuthRole::Identifier,
        ir::AuthRole::UserSig,
        ir::AuthRole::Random,
        ir::AuthRole::Fixed("json".into()),
        ir::AuthRole::Given,
        ir::AuthRole::BearerAccessToken,
        ir::AuthRole::AppKey,
        ir::AuthRole::ConversationToken,
    ];
    for role in roles {
        let runtime = to_runtime(&role);
        assert_eq!(variant_name(format!("{runtime:?}")), role.rust_name(), "{role:?}");
        assert_eq!(to_ir(runtime).rust_name(), role.rust_name());
    }
}

#[test]
fn every_auth_kind_has_the_same_name_on_both_sides() {
    for (kind, _) in ir::AuthKind::ALL {
        let runtime = match kind {
            ir::AuthKind::TencentUserSig => support::AuthKind::TencentUserSig,
            ir::AuthKind::Headers => support::AuthKind::Headers,
            ir::AuthKind::CcmessagingToken => support::AuthKind::CcmessagingToken,
        };
        let back = match runtime {
            support::AuthKind::TencentUserSig => ir::AuthKind::TencentUserSig,
            support::AuthKind::Headers => ir::AuthKind::Headers,
            support::AuthKind::CcmessagingToken => ir::AuthKind::CcmessagingToken,
        };
        assert_eq!(format!("{runtime:?}"), kind.rust_name());
        assert_eq!(back, *kind);
    }
}
