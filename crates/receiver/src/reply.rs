//! The reply a callback gets: the Tencent trio `ActionStatus`, `ErrorCode`, `ErrorInfo`, plus the
//! fields a synchronous command answers with (`AgentGroupId`, `AgentIdList`, `RspData`, `Body`).

use serde_json::{Map, Value as Json};

/// The Tencent reply's common fields.
const TRIO: [&str; 3] = ["ActionStatus", "ErrorCode", "ErrorInfo"];

/// A callback reply.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// `OK` (true) or `FAIL`.
    pub ok: bool,
    /// `ErrorCode`: 0 when handled.
    pub error_code: i64,
    /// `ErrorInfo`.
    pub error_info: String,
    /// The command's own reply fields.
    pub fields: Map<String, Json>,
}

impl Reply {
    /// `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`.
    pub fn ok() -> Self {
        Self { ok: true, error_code: 0, error_info: String::new(), fields: Map::new() }
    }

    /// `FAIL` with this code and text.
    pub fn fail(error_code: i64, error_info: impl Into<String>) -> Self {
        Self { ok: false, error_code, error_info: error_info.into(), fields: Map::new() }
    }

    /// With a reply field of the command (`AgentGroupId`, ...).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Json>) -> Self {
        self.fields.insert(name.into(), value.into());
        self
    }

    /// A reply from a JSON object: the trio read from it (`OK`, 0 and `""` where absent), every
    /// other member kept as a field. `None` when `value` is not an object or its trio is mistyped.
    pub fn from_json(value: &Json) -> Option<Self> {
        let object = value.as_object()?;
        let ok = match object.get("ActionStatus") {
            None => true,
            Some(Json::String(s)) if s == "OK" => true,
            Some(Json::String(s)) if s == "FAIL" => false,
            Some(_) => return None,
        };
        let error_code = match object.get("ErrorCode") {
            None => 0,
            Some(v) => v.as_i64()?,
        };
        let error_info = match object.get("ErrorInfo") {
            None => String::new(),
            Some(v) => v.as_str()?.to_string(),
        };
        let fields =
            object.iter().filter(|(k, _)| !TRIO.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        Some(Self { ok, error_code, error_info, fields })
    }

    /// A reply from a generated reply struct (`desk::OnAssignHumanReply`, the reply type of
    /// `support::Callback`), or any value that serialises to an object with the trio. A value
    /// that does not (a mistyped or missing `ActionStatus`, `ErrorCode` or `ErrorInfo`) answers
    /// `FAIL` saying so, rather than a reply the vendor cannot read.
    pub fn typed<T: serde::Serialize>(reply: &T) -> Self {
        let value = match serde_json::to_value(reply) {
            Ok(value) => value,
            Err(e) => return Self::unsendable(&format!("it does not serialise: {e}")),
        };
        let has_trio = value.as_object().is_some_and(|o| TRIO.iter().all(|k| o.contains_key(*k)));
        match Self::from_json(&value).filter(|_| has_trio) {
            Some(reply) => reply,
            None => Self::unsendable("it is not an object with ActionStatus (OK or FAIL), ErrorCode and ErrorInfo"),
        }
    }

    /// `FAIL` for a handler's reply that cannot be sent, logged.
    fn unsendable(why: &str) -> Self {
        tracing::warn!(reason = why, "the handler's reply cannot be sent; answering FAIL");
        Self::fail(1, format!("the app's reply cannot be sent: {why}"))
    }

    /// The reply as JSON: the trio first, then the fields.
    pub fn to_json(&self) -> Json {
        let mut object = Map::new();
        object.insert("ActionStatus".into(), Json::from(if self.ok { "OK" } else { "FAIL" }));
        object.insert("ErrorCode".into(), Json::from(self.error_code));
        object.insert("ErrorInfo".into(), Json::from(self.error_info.clone()));
        object.extend(self.fields.clone());
        Json::Object(object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trio_comes_first_and_fields_round_trip() {
        let r = Reply::ok().with("AgentGroupId", 6521).with("AgentIdList", vec!["svc1@tencent.com"]);
        let text = r.to_json().to_string();
        assert!(text.starts_with(r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"""#), "{text}");
        assert_eq!(Reply::from_json(&r.to_json()), Some(r));
        assert_eq!(Reply::from_json(&serde_json::json!({"ErrorCode": "0"})), None);
        assert_eq!(Reply::from_json(&serde_json::json!([])), None);
    }

    #[test]
    fn a_typed_reply_keeps_its_fields_and_one_without_the_trio_fails() {
        use ccapi_models::common::ActionStatus;
        use ccapi_models::desk::OnAssignHumanReply;
        let typed = OnAssignHumanReply::new(ActionStatus::Ok, 0, "").agent_id_list(vec!["svc1@tencent.com".into()]);
        assert_eq!(Reply::typed(&typed), Reply::ok().with("AgentIdList", vec!["svc1@tencent.com"]));
        let failed = OnAssignHumanReply::new(ActionStatus::Fail, 7, "no agent");
        assert_eq!(Reply::typed(&failed), Reply::fail(7, "no agent"));
        let other = Reply::typed(&serde_json::json!({"resultCode": "0"}));
        assert!(!other.ok && other.error_info.contains("ActionStatus"), "{other:?}");
        let unknown = Reply::typed(&OnAssignHumanReply::new(ActionStatus::Unknown("MAYBE".into()), 0, ""));
        assert!(!unknown.ok, "{unknown:?}");
    }
}
