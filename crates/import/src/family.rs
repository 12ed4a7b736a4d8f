//! Which family an operation belongs to (from its path), and the REST conventions of that family:
//! server, auth scheme, envelope, shared error codes, and the parameters those already carry.

use ccapi_spec::naming::snake;
use serde_json::Value as Json;

use crate::rx::rx;

/// The REST conventions a family follows; the spec defines them once, outside the operation.
#[derive(Debug, PartialEq)]
pub struct Convention {
    /// Server key.
    pub server: &'static str,
    /// Auth scheme key.
    pub auth: &'static str,
    /// Envelope key.
    pub envelope: &'static str,
    /// Shared error sets.
    pub error_sets: &'static [&'static str],
    /// Fields every response carries (left out of the operation).
    pub envelope_fields: &'static [&'static str],
    /// The envelope's code field.
    pub code_field: &'static str,
    /// The envelope's message field.
    pub message_field: &'static str,
    /// The code meaning success.
    pub success_code: Success,
    /// The method every call uses, if the convention fixes one.
    pub method: Option<&'static str>,
    /// Query parameters the auth scheme sends.
    pub query: &'static [&'static str],
    /// Headers the auth scheme sends.
    pub headers: &'static [&'static str],
}

/// The envelope code meaning success: an integer, or a string holding one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Success {
    /// Sent as a JSON integer.
    Int(i64),
    /// Sent as a JSON string.
    Str(&'static str),
}

impl Success {
    /// The code as JSON.
    pub fn json(self) -> Json {
        match self {
            Success::Int(n) => Json::from(n),
            Success::Str(s) => Json::from(s),
        }
    }
}

/// Tencent Chat (IM) REST: regional domains, UserSig query, ActionStatus/ErrorCode/ErrorInfo.
pub static TENCENT_IM: Convention = Convention {
    server: "tencent-im",
    auth: "tencent-usersig",
    envelope: "tencent-im",
    error_sets: &["tencent-im-common"],
    envelope_fields: &["ActionStatus", "ErrorCode", "ErrorInfo"],
    code_field: "ErrorCode",
    message_field: "ErrorInfo",
    success_code: Success::Int(0),
    method: Some("POST"),
    query: &["sdkappid", "identifier", "usersig", "random", "contenttype"],
    headers: &[],
};

/// The ccmessaging API: a per-deployment domain, three headers, resultCode/resultDesc.
pub static CCMESSAGING: Convention = Convention {
    server: "ccmessaging",
    auth: "ccmessaging-token",
    envelope: "ccmessaging-result",
    error_sets: &[],
    envelope_fields: &["resultCode", "resultDesc"],
    code_field: "resultCode",
    message_field: "resultDesc",
    success_code: Success::Str("0"),
    method: None,
    query: &[],
    headers: &["ccmessaging-token", "x-app-key", "Authorization"],
};

/// A known family: its path prefix, key, title and description.
struct Known {
    prefix: &'static str,
    key: &'static str,
    title: &'static str,
    description: &'static str,
    convention: &'static Convention,
}

const KNOWN: &[Known] = &[
    Known {
        prefix: "/v4/desk_http_svc/",
        key: "desk",
        title: "Tencent Cloud Contact Center — Desk API",
        description: "Desk API Reference of Tencent Cloud Contact Center: REST commands under `v4/desk_http_svc/`.",
        convention: &TENCENT_IM,
    },
    Known {
        prefix: "/v4/openim_robot_http_svc/",
        key: "chatbot",
        title: "Tencent Chat — Chatbot REST API",
        description: "RESTful APIs of Tencent Chat's chatbots, under `v4/openim_robot_http_svc/`.",
        convention: &TENCENT_IM,
    },
    Known {
        prefix: "/apiaccess/ccmessaging/",
        key: "ccmessaging",
        title: "Customer engagement center — ccmessaging API",
        description: "Web-client channel APIs of the customer engagement center, under `/apiaccess/ccmessaging/`.",
        convention: &CCMESSAGING,
    },
];

/// Where an operation belongs.
#[derive(Debug, PartialEq)]
pub struct Located {
    /// Family key.
    pub family: String,
    /// Family title.
    pub title: String,
    /// Family description.
    pub description: String,
    /// Its conventions.
    pub convention: &'static Convention,
    /// Operation name (snake_case of the command).
    pub operation: String,
    /// The doubt, when the family is not a known one.
    pub doubt: Option<String>,
}

/// The family and operation name of a path (`/v4/desk_http_svc/get_session_state` →
/// `desk.get_session_state`).
pub fn locate(path: &str) -> Option<Located> {
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    let cmd = path.rsplit('/').find(|s| !s.is_empty())?;
    let operation = snake(cmd);
    for k in KNOWN {
        if let Some(rest) = path.strip_prefix(k.prefix)
            && !rest.is_empty()
            && !rest.contains('/')
        {
            return Some(Located {
                family: k.key.into(),
                title: k.title.into(),
                description: k.description.into(),
                convention: k.convention,
                operation,
                doubt: None,
            });
        }
    }
    if let Some(c) = rx!(r"^/v\d+/([A-Za-z0-9_\-]+)/[A-Za-z0-9_\-]+$").captures(&path) {
        let svc = c.get(1)?.as_str();
        let base = svc.trim_end_matches("_http_svc").trim_end_matches("_svc").trim_end_matches("_http");
        let family = snake(if base.is_empty() { svc } else { base });
        return Some(Located {
            title: format!("Tencent Chat — `{svc}` REST API"),
            description: format!("REST commands under `v4/{svc}/`."),
            convention: &TENCENT_IM,
            doubt: Some(format!(
                "`{svc}` is not a known service: the family `{family}` is named after it and assumed to follow the Tencent Chat (IM) REST conventions; check its title, description, server, auth and envelope"
            )),
            family,
            operation,
        });
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let family = snake(segments.len().checked_sub(2).and_then(|i| segments.get(i)).copied().unwrap_or("imported"));
    let convention = if path.starts_with("/apiaccess/") { &CCMESSAGING } else { &TENCENT_IM };
    Some(Located {
        title: format!("`{family}` API"),
        description: format!("Operations under `{}`.", path.rsplit_once('/').map_or("/", |p| p.0)),
        convention,
        doubt: Some(format!(
            "the path matches no known family: the family `{family}` is named after its parent segment, with the {} conventions; check its title, description, server, auth and envelope",
            convention.server
        )),
        family,
        operation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_families() {
        let l = locate("v4/desk_http_svc/send_stream_msg").unwrap();
        assert_eq!((l.family.as_str(), l.operation.as_str()), ("desk", "send_stream_msg"));
        assert!(l.doubt.is_none());
        let l = locate("/v4/openim_robot_http_svc/send_stream_msg").unwrap();
        assert_eq!(l.family, "chatbot");
        let l = locate("/apiaccess/ccmessaging/queryQueueInfo").unwrap();
        assert_eq!((l.family.as_str(), l.operation.as_str()), ("ccmessaging", "query_queue_info"));
        assert_eq!(l.convention, &CCMESSAGING);
    }

    #[test]
    fn other_services() {
        let l = locate("/v4/group_open_http_svc/get_group_info").unwrap();
        assert_eq!((l.family.as_str(), l.operation.as_str()), ("group_open", "get_group_info"));
        assert!(l.doubt.is_some());
        let l = locate("/api/things/list").unwrap();
        assert_eq!(l.family, "things");
        assert!(locate("/").is_none());
    }
}
