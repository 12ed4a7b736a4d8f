//! Which family of the spec an operation belongs to (the family whose operations live under the
//! same path), and the conventions that family follows there: server, auth scheme, envelope,
//! shared error sets, and the parameters those already carry. Nothing here is known by heart:
//! every convention is read from the loaded spec.

use ccapi_loader::ir::{Api, Family, HttpMethod};
use ccapi_loader::naming::snake;
use serde_json::Value as Json;

/// The REST conventions a family follows, as the spec defines them outside its operations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Convention<'a> {
    /// Server key.
    pub server: &'a str,
    /// Auth scheme key.
    pub auth: &'a str,
    /// Envelope key.
    pub envelope: &'a str,
    /// Shared error sets the family's operations include.
    pub error_sets: Vec<&'a str>,
    /// Fields every response carries (left out of the operation).
    pub envelope_fields: Vec<&'a str>,
    /// The envelope's code field.
    pub code_field: Option<&'a str>,
    /// The envelope's message field.
    pub message_field: Option<&'a str>,
    /// The code meaning success.
    pub success_code: Option<&'a Json>,
    /// The method every operation of the family uses, if they agree on one.
    pub method: Option<HttpMethod>,
    /// Query parameters the auth scheme sends.
    pub query: Vec<&'a str>,
    /// Headers the auth scheme sends.
    pub headers: Vec<&'a str>,
}

impl<'a> Convention<'a> {
    /// The conventions of a family of `api`.
    pub fn of(api: &'a Api, family: &'a Family) -> Convention<'a> {
        let mut error_sets: Vec<&str> = Vec::new();
        for set in family.operations.iter().flat_map(|o| &o.errors).filter_map(|e| e.from_set.as_deref()) {
            if !error_sets.contains(&set) {
                error_sets.push(set);
            }
        }
        let envelope = api.envelope(&family.envelope);
        let auth = api.auth_scheme(&family.auth);
        let mut methods = family.operations.iter().map(|o| o.method);
        let first = methods.next();
        Convention {
            server: &family.server,
            auth: &family.auth,
            envelope: &family.envelope,
            error_sets,
            envelope_fields: envelope
                .map(|e| e.fields.iter().map(|f| f.wire_name.as_str()).collect())
                .unwrap_or_default(),
            code_field: envelope.map(|e| e.code_field.as_str()),
            message_field: envelope.map(|e| e.message_field.as_str()),
            success_code: envelope.map(|e| &e.success_code),
            method: first.filter(|m| methods.all(|x| x == *m)),
            query: auth.map(|a| a.query.iter().map(|f| f.wire_name.as_str()).collect()).unwrap_or_default(),
            headers: auth.map(|a| a.headers.iter().map(|f| f.wire_name.as_str()).collect()).unwrap_or_default(),
        }
    }

    /// What stands in when nothing decides: the conventions of the spec's first family, or TODO
    /// placeholders when the spec has none.
    pub fn stand_in(api: &'a Api) -> Convention<'a> {
        match api.families.first() {
            Some(f) => Convention::of(api, f),
            None => Convention { server: "TODO", auth: "TODO", envelope: "TODO", ..Convention::default() },
        }
    }
}

/// The conventions that stand in for a page without a path: those of the spec's family whose
/// auth parameters and envelope fields the page names most (`named`: the URL parameters, headers
/// and table fields of the page), and that family's key; the spec's first family when no family
/// names more than it.
pub fn best_for<'a>(api: &'a Api, named: &[String]) -> (Convention<'a>, Option<&'a str>) {
    let mut best: Option<(usize, &Family)> = None;
    for f in &api.families {
        let c = Convention::of(api, f);
        let mut own: Vec<&str> = c.query.iter().chain(&c.headers).chain(&c.envelope_fields).copied().collect();
        own.sort_unstable();
        own.dedup();
        let n = own.iter().filter(|x| named.iter().any(|m| m == *x)).count();
        if best.is_none_or(|b| n > b.0) {
            best = Some((n, f));
        }
    }
    match best {
        Some((_, f)) => (Convention::of(api, f), Some(f.key.as_str())),
        None => (Convention::stand_in(api), None),
    }
}

/// Where an operation belongs.
#[derive(Debug, PartialEq)]
pub struct Located<'a> {
    /// Family key.
    pub family: String,
    /// Family title.
    pub title: String,
    /// Family description.
    pub description: String,
    /// Its conventions.
    pub convention: Convention<'a>,
    /// Operation name (snake_case of the command).
    pub operation: String,
    /// The doubt, when the family is not one of the spec's.
    pub doubt: Option<String>,
}

/// The non-empty segments of a path.
fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The family and operation name of a path (`/v4/desk_http_svc/get_session_state` →
/// `desk.get_session_state`): the family of `api` with an operation in the same directory. A
/// path under no family's directory is a new family, named after its parent segment, that
/// borrows the conventions of the family sharing the longest path prefix with it.
pub fn locate<'a>(api: &'a Api, path: &str) -> Option<Located<'a>> {
    let segs = segments(path);
    let (cmd, dir) = segs.split_last()?;
    let operation = snake(cmd);
    // How many leading directory segments a family's operations share with the path, at most.
    let shared = |f: &Family| {
        f.operations
            .iter()
            .map(|o| {
                let op = segments(&o.path);
                let op_dir = op.split_last().map_or(&[][..], |p| p.1);
                let common = op_dir.iter().zip(dir).take_while(|(a, b)| a == b).count();
                (common, op_dir.len() == dir.len() && common == dir.len())
            })
            .max()
            .unwrap_or((0, false))
    };
    if let Some(f) = api.families.iter().find(|f| shared(f).1) {
        return Some(Located {
            family: f.key.clone(),
            title: f.title.clone(),
            description: f.description.clone(),
            convention: Convention::of(api, f),
            operation,
            doubt: None,
        });
    }
    let parent = dir.last().copied().unwrap_or("imported");
    let base = parent.trim_end_matches("_http_svc").trim_end_matches("_svc").trim_end_matches("_http");
    let family = snake(if base.is_empty() { parent } else { base });
    let nearest =
        api.families.iter().map(|f| (shared(f).0, f)).fold(None, |best: Option<(usize, &Family)>, x| {
            if best.is_some_and(|b| b.0 >= x.0) { best } else { Some(x) }
        });
    let under = format!("/{}/", dir.join("/")).replace("//", "/");
    let (convention, borrowed) = match nearest {
        Some((0, f)) => (
            Convention::stand_in(api),
            format!(
                "no family of the spec shares a path prefix with it, so the conventions of `{}` (the spec's first family) stand in",
                f.key
            ),
        ),
        Some((n, f)) => (
            Convention::of(api, f),
            format!(
                "it borrows the conventions of `{}`, whose operations share the prefix `/{}/`",
                f.key,
                dir[..n].join("/")
            ),
        ),
        None => (Convention::stand_in(api), "the spec has no family to borrow conventions from".to_string()),
    };
    Some(Located {
        title: format!("`{family}` API"),
        description: format!("Operations under `{under}`."),
        convention,
        doubt: Some(format!(
            "the path is under no family of the spec (`{under}`): the family `{family}` is new, named after `{parent}`, and {borrowed}; check its title, description, server, auth and envelope"
        )),
        family,
        operation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Api {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
        ccapi_loader::load_dir(&dir).into_result().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn families_of_the_spec() {
        let api = spec();
        let l = locate(&api, "v4/desk_http_svc/send_stream_msg").unwrap();
        assert_eq!((l.family.as_str(), l.operation.as_str()), ("desk", "send_stream_msg"));
        assert!(l.doubt.is_none());
        assert_eq!(l.convention.envelope_fields, ["ActionStatus", "ErrorCode", "ErrorInfo"]);
        assert_eq!(l.convention.error_sets, ["tencent-im-common"]);
        assert_eq!(l.convention.method, Some(HttpMethod::Post));
        assert!(l.convention.query.contains(&"usersig"));
        let l = locate(&api, "/v4/openim_robot_http_svc/send_stream_msg").unwrap();
        assert_eq!(l.family, "chatbot");
        let l = locate(&api, "/apiaccess/ccmessaging/queryQueueInfo").unwrap();
        assert_eq!((l.family.as_str(), l.operation.as_str()), ("ccmessaging", "query_queue_info"));
        assert_eq!((l.convention.server, l.convention.code_field), ("ccmessaging", Some("resultCode")));
        assert_eq!(l.convention.success_code, Some(&Json::from("0")));
    }

    #[test]
    fn new_families() {
        let api = spec();
        let l = locate(&api, "/v4/group_open_http_svc/get_group_info").unwrap();
        assert_eq!((l.family.as_str(), l.operation.as_str()), ("group_open", "get_group_info"));
        assert_eq!(l.convention.auth, "tencent-usersig");
        assert!(l.doubt.as_deref().is_some_and(|d| d.contains("share the prefix `/v4/`")), "{:?}", l.doubt);
        let l = locate(&api, "/api/things/list").unwrap();
        assert_eq!(l.family, "things");
        assert!(l.doubt.as_deref().is_some_and(|d| d.contains("no family of the spec shares")), "{:?}", l.doubt);
        assert!(locate(&api, "/").is_none());
        let mut empty = api.clone();
        empty.families.clear();
        assert_eq!(locate(&empty, "/a/b").unwrap().convention.server, "TODO");
    }

    #[test]
    fn a_page_without_a_path_borrows_the_family_it_names_most() {
        let api = spec();
        let named: Vec<String> =
            ["sdkappid", "usersig", "ErrorCode", "ErrorInfo", "SessionId"].map(String::from).into();
        let (c, key) = best_for(&api, &named);
        assert_eq!(c.auth, "tencent-usersig");
        assert!(key.is_some_and(|k| k != "ccmessaging"), "{key:?}");
        let named: Vec<String> = ["x-app-key", "resultCode"].map(String::from).into();
        assert_eq!(best_for(&api, &named).0.envelope, "ccmessaging-result");
        assert_eq!(best_for(&api, &[]).1, api.families.first().map(|f| f.key.as_str()));
    }
}
