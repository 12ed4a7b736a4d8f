//! Name decisions: every Rust item name and OpenAPI component name the emitters use, derived
//! here, once, from the spec's keys (the collision checks over them are in `name_clashes`).

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// The Rust enum of a server's regions (`TencentImRegion`).
pub(super) fn region_enum(server: &str) -> String {
    format!("{}Region", pascal(server))
}

/// The static describing a server to the runtime (`TENCENT_IM_SERVER`).
pub(super) fn server_static(server: &str) -> String {
    format!("{}_SERVER", screaming(server))
}

/// The client builder's method setting a template server's base URL (`my_api_endpoint`).
pub(super) fn endpoint_method(server: &str) -> String {
    format!("{}_endpoint", snake(server))
}

/// The static describing an auth scheme to the runtime (`TENCENT_USERSIG_AUTH`).
pub(super) fn auth_static(scheme: &str) -> String {
    format!("{}_AUTH", screaming(scheme))
}

/// The struct of an auth scheme's query parameters (`TencentUsersigQuery`).
pub(super) fn auth_query_struct(scheme: &str) -> String {
    format!("{}Query", pascal(scheme))
}

/// The struct of an auth scheme's headers (`CcmessagingTokenHeaders`).
pub(super) fn auth_headers_struct(scheme: &str) -> String {
    format!("{}Headers", pascal(scheme))
}

/// The environment variable the command line reads an auth value from (`CCAPI_AUTH_X_API_KEY`).
pub(super) fn auth_env(wire: &str) -> String {
    format!("CCAPI_AUTH_{}", screaming(wire))
}

/// An auth parameter's name among the OpenAPI security schemes (`tencent-usersig.usersig`).
pub(super) fn security_scheme(scheme: &str, wire: &str) -> String {
    format!("{scheme}.{wire}")
}

/// The enum of a shared error set (`TencentImCommonErrorCode`).
pub(super) fn error_set_enum(set: &str) -> String {
    format!("{}ErrorCode", pascal(set))
}

/// The variant nesting a shared error set in an operation's error enum (`TencentImCommon`).
pub(super) fn error_set_variant(set: &str) -> String {
    pascal(set)
}

/// The Rust variant of an error code without a `name` (`Code20001`).
pub(super) fn error_code_variant(code: i64) -> String {
    format!("Code{code}")
}

/// The client's handle of a family's operations (`Desk`).
pub(super) fn family_handle(family: &str) -> String {
    pascal(family)
}

/// The type standing for an operation (`SendStreamMsg`).
pub(super) fn operation_type(op: &str) -> String {
    pascal(op)
}

/// The type of an operation's request or response body (`SendStreamMsgRequest`).
pub(super) fn body_type(op: &str, role: StructRole) -> String {
    let suffix = if role == StructRole::Request { "Request" } else { "Response" };
    format!("{}{suffix}", pascal(op))
}

/// The type of a callback's body or reply (`SessionEventNotifyEvent`, `SessionEventNotifyReply`).
pub(super) fn callback_type(callback: &str, role: StructRole) -> String {
    let suffix = if role == StructRole::CallbackBody { "Event" } else { "Reply" };
    format!("{}{suffix}", pascal(callback))
}

/// The PascalCase name of a callback (`SessionEventNotify`): its variant in the family's event enum.
pub(super) fn callback_variant(callback: &str) -> String {
    pascal(callback)
}

/// The enum of a family's callbacks (`DeskEvent`).
pub(super) fn family_event_enum(family: &str) -> String {
    format!("{}Event", pascal(family))
}

/// The published schema of a callback's body or reply (`desk/session_event_notify.event.json`).
pub(super) fn callback_schema(family: &str, callback: &str, role: StructRole) -> String {
    let suffix = if role == StructRole::CallbackBody { "event" } else { "reply" };
    format!("{family}/{callback}.{suffix}.json")
}

/// A callback's name among the OpenAPI `webhooks`: its command, else its id.
pub(super) fn callback_webhook(command: Option<&str>, id: &str) -> String {
    command.unwrap_or(id).to_string()
}

/// The protocol test of a callback example's body or reply
/// (`desk_session_event_notify__user_message__body`).
pub(super) fn callback_example_test(callback_id: &str, example: &str, role: StructRole) -> String {
    let suffix = if role == StructRole::CallbackBody { "body" } else { "reply" };
    format!("{}__{example}__{suffix}", callback_id.replace('.', "_"))
}

/// The error-code enum of an operation (`SendStreamMsgErrorCode`).
pub(super) fn operation_error_enum(op: &str) -> String {
    format!("{}ErrorCode", pascal(op))
}

/// The family handle's method streaming every item of a paged operation.
pub(super) fn paging_method(op: &str) -> String {
    format!("{op}_all")
}

/// The family handle's method sending a stream of pieces through a streamed operation.
pub(super) fn streaming_method(op: &str) -> String {
    format!("{op}_from_stream")
}

/// The family handle's method polling a polled operation's items as a stream (`poll_stream`).
pub(super) fn polling_method(op: &str) -> String {
    format!("{op}_stream")
}

/// The method reading a `holds: json` field as JSON (`content_json`).
pub(super) fn holds_json_accessor(field: &str) -> String {
    format!("{field}_json")
}

/// The method reading a field that holds one type (`content_parsed`).
pub(super) fn holds_type_accessor(field: &str) -> String {
    format!("{field}_parsed")
}

/// The method reading a `holds_by` field as one of its types (`msg_content_as_file_ref`).
pub(super) fn holds_case_accessor(field: &str, type_rust_name: &str) -> String {
    format!("{field}_as_{}", snake(type_rust_name))
}

/// The protocol test of an example's request or response (`desk_send_stream_msg__first__request`).
pub(super) fn example_test(op_id: &str, example: &str, role: StructRole) -> String {
    let suffix = if role == StructRole::Request { "request" } else { "response" };
    format!("{}__{example}__{suffix}", op_id.replace('.', "_"))
}

/// The protocol test of an invalid request (`desk_describe_chat_messages__invalid__limit_101`).
pub(super) fn invalid_request_test(op_id: &str, example: &str) -> String {
    format!("{}__invalid__{example}", op_id.replace('.', "_"))
}

/// `name` with every ASCII letter that follows a digit in upper case (`OnC2cMessage` →
/// `OnC2CMessage`).
fn generator_stable(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut after_digit = false;
    for c in name.chars() {
        out.push(if after_digit { c.to_ascii_uppercase() } else { c });
        after_digit = c.is_ascii_digit();
    }
    out
}

/// Decides every type's OpenAPI component name, which is also its title and `$defs` name in the
/// published schemas. A body is named by its family and Rust name (`DeskSendStreamMsgRequest`);
/// another type by its Rust name where no other type (nor a body component) has it, else by its
/// module's PascalCase name in front, else a number behind. A union's variants and a `one_of`
/// struct's branches are named after their type (`MsgBodyElementText`,
/// `DeskGetSessionStateRequestBySession`), a number behind if that is taken.
///
/// A letter right after a digit is upper-cased in every component name (`ChatbotOnC2CMessageEvent`
/// for the Rust `OnC2cMessageEvent`): generators that make a type name of a title upper-case it
/// themselves (json-schema-to-typescript), and the title must be the name they give.
pub(super) fn assign_component_names(types: &mut [TypeDef]) {
    let is_body = |t: &TypeDef| matches!(&t.kind, TypeKind::Struct(s) if s.role != StructRole::Nested);
    let qualified = |t: &TypeDef| generator_stable(&format!("{}{}", pascal(&t.module), t.rust_name));
    let mut taken: BTreeSet<String> = types.iter().filter(|t| is_body(t)).map(qualified).collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for t in types.iter() {
        *count.entry(t.rust_name.clone()).or_default() += 1;
    }
    for t in types.iter_mut() {
        if is_body(t) {
            t.component_name = qualified(t);
            continue;
        }
        let plain = generator_stable(&t.rust_name);
        let mut name = if count[&t.rust_name] == 1 && !taken.contains(&plain) { plain } else { qualified(t) };
        if taken.contains(&name) {
            let base = name.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
        }
        taken.insert(name.clone());
        t.component_name = name;
    }
    // Then the schemas inside types: a union's variants (`MsgBodyElementText`) and a `one_of`
    // struct's branches (`DeskGetSessionStateRequestBySession`), each after its type's name.
    for t in types.iter_mut() {
        let owner = t.component_name.clone();
        match &mut t.kind {
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.component_name = unique(&mut taken, generator_stable(&format!("{owner}{}", v.rust_name)));
                }
            }
            TypeKind::Struct(s) => {
                for g in &mut s.one_of {
                    g.component_name = unique(&mut taken, generator_stable(&format!("{owner}{}", pascal(&g.name))));
                }
            }
            _ => {}
        }
    }
}

/// `name`, or `name2`, `name3`, ... if it is taken; taken from then on.
fn unique(taken: &mut BTreeSet<String>, name: String) -> String {
    let mut out = name.clone();
    let mut n = 2;
    while taken.contains(&out) {
        out = format!("{name}{n}");
        n += 1;
    }
    taken.insert(out.clone());
    out
}
