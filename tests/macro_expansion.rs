//! `ccapi_macros::generate!` on the fixture spec: the expansion compiles and behaves as the
//! generated model crate does (constructors, validation, unknown values, secrets, error codes).

mod mini {
    ccapi_macros::generate!("fixtures/mini");
}

use mini::chat::{Element, FileRef, LookupRequest, Media, Order, PostErrorCode, PostRequest, PostResponse};
use mini::common::{ImRegion, SigQuery};
use mini::support::{Envelope, ErrorCode, Operation, Validate};

#[test]
fn required_fields_are_constructor_arguments_and_constraints_are_enforced() {
    let ok = PostRequest::new("user", Media::Text).avatar("https://a.example.com/x.png");
    ok.validate().unwrap();
    let too_long = PostRequest::new("a".repeat(25), Media::Text);
    let errors = too_long.validate().unwrap_err();
    assert!(errors.names_field("From"), "{errors}");
    let comma = PostRequest::new("a,b", Media::Text);
    assert!(comma.validate().unwrap_err().names_field("From"));
    let stamp = PostRequest::new("u", Media::Text).stamp("12a");
    assert!(stamp.validate().unwrap_err().names_field("stamp"));
}

#[test]
fn one_of_alternatives_become_constructors_and_are_checked() {
    LookupRequest::by_session("s1").validate().unwrap();
    LookupRequest::by_user("u", "a").order(Order::OldestFirst).validate().unwrap();
    let mixed = LookupRequest::by_session("s1").user_id("u");
    let errors = mixed.validate().unwrap_err();
    assert!(errors.names_field(""), "{errors}");
}

#[test]
fn unknown_enum_values_are_kept_when_reading_and_refused_when_sending() {
    let req: LookupRequest = serde_json::from_str(r#"{"SessionId":"s","Order":9}"#).unwrap();
    assert_eq!(req.order, Some(Order::Unknown(9)));
    assert!(req.validate().unwrap_err().names_field("Order"));
    assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"SessionId":"s","Order":9}"#);
    let m: Media = serde_json::from_str(r#""STICKER""#).unwrap();
    assert_eq!(m, Media::Unknown("STICKER".into()));
}

#[test]
fn held_content_is_read_by_the_deciding_field() {
    let card = PostRequest::new("u", Media::Card).content(r#"{"title":"Hi"}"#);
    assert_eq!(card.content_as_card().unwrap().unwrap().title, "Hi");
    assert!(card.content_as_file_ref().is_none());
    let file = PostRequest::new("u", Media::File).content("a.txt,6");
    assert_eq!(file.content_as_file_ref().unwrap().unwrap(), FileRef::new("a.txt", 6));
    assert_eq!(FileRef::new("b", 7).to_string(), "b,7");
    let bad = PostRequest::new("u", Media::File).content("a.txt");
    assert!(bad.validate().unwrap_err().names_field("content"));
    let bad_card = PostRequest::new("u", Media::Card).content(r#"{"title":""#);
    assert!(bad_card.validate().unwrap_err().names_field("content"));
}

#[test]
fn unions_round_trip_and_keep_unknown_kinds() {
    let json = r#"{"Type":"Sticker","Content":{"Id":3}}"#;
    let e: Element = serde_json::from_str(json).unwrap();
    assert!(matches!(&e, Element::Unknown { tag, .. } if tag == "Sticker"));
    assert_eq!(serde_json::to_string(&e).unwrap(), json);
    assert!(e.validate().is_err());
}

#[test]
fn secrets_never_appear_in_debug() {
    let q = SigQuery::new(1400000000_u64, "admin", "eJwtzM0KgkAUhfF3uWuDGWeyVbQxFQN1z20", 7_u32, "json");
    let debug = format!("{q:?}");
    assert!(!debug.contains("eJwtzM0KgkAUhfF3uWuDGWeyVbQxFQN1z20"), "{debug}");
    assert!(debug.contains("<redacted>"));
    assert!(SigQuery::new(1_u64, "admin", "x", 1_u32, "xml").validate().unwrap_err().names_field("format"));
}

#[test]
fn error_codes_are_typed_with_descriptions_and_retryability() {
    assert_eq!(PostErrorCode::from_code(20004), PostErrorCode::Network);
    assert!(PostErrorCode::Network.is_retryable());
    assert!(!PostErrorCode::BadPacket.is_retryable());
    let shared = PostErrorCode::from_code(60007);
    assert!(matches!(shared, PostErrorCode::Shared(_)));
    assert!(shared.is_retryable());
    assert_eq!(shared.code(), 60007);
    assert_eq!(PostErrorCode::from_code(12345), PostErrorCode::Unknown(12345));
    assert_eq!(PostErrorCode::from_code(12345).description(), None);
    assert_eq!(PostErrorCode::Network.to_string(), "20004 (Network issue, please retry.)");
    assert_eq!(PostErrorCode::from_code(12345).to_string(), "12345 (undocumented)");
}

#[test]
fn operations_carry_their_wire_facts_and_responses_their_envelope() {
    assert_eq!(mini::chat::Post::ID, "chat.post");
    assert_eq!(mini::chat::Post::PATH, "/v1/chat/post");
    const { assert!(!mini::chat::Post::IDEMPOTENT) };
    assert_eq!(mini::chat::Post::RATE_LIMIT.unwrap().per_second, 50);
    assert_eq!(mini::chat::Lookup::RATE_LIMIT.unwrap().per_second, 10);
    let ok: PostResponse = serde_json::from_str(r#"{"Status":"OK","Code":0,"Info":""}"#).unwrap();
    assert!(ok.is_success());
    let fail: PostResponse = serde_json::from_str(r#"{"Status":"FAIL","Code":20001,"Info":"bad"}"#).unwrap();
    assert!(!fail.is_success());
    assert_eq!((fail.code(), fail.message()), (Some(20001), "bad"));
    assert_eq!(ImRegion::default(), ImRegion::East);
    assert_eq!(ImRegion::from_key("west").unwrap().primary(), "https://west.example.com");
    assert_eq!(ImRegion::East.backup(), Some("https://east2.example.com"));
    assert_eq!(mini::SPEC_VERSION, "1.2.3");
}
