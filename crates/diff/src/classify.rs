//! The classification rules: what a kind of change, in a direction, means to each audience.
//!
//! The schema audience follows oasdiff: narrowing what a request accepts breaks callers, widening
//! what a response may contain breaks readers, and the opposite moves are compatible. The Rust
//! audience follows Cargo's semver rules for the generated crate (a removed variant, a changed
//! field type or constructor is breaking) plus its run-time behaviour: enums and unions keep
//! unknown values, structs are `#[non_exhaustive]`, `validate()` checks requests, responses are
//! decoded without checking constraints.

use crate::change::{Direction, Kind, Level, Set};

/// The verdict on one change: a level per audience, and why when the two disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// For readers and writers of the published JSON Schemas.
    pub schema: Level,
    /// For users of the generated Rust crates.
    pub rust: Level,
    /// A short reason, shown after the change's detail.
    pub why: Option<&'static str>,
}

const fn v(schema: Level, rust: Level) -> Verdict {
    Verdict { schema, rust, why: None }
}

const fn why(schema: Level, rust: Level, why: &'static str) -> Verdict {
    Verdict { schema, rust, why: Some(why) }
}

/// Classifies a kind of change. `direction` is where the changed schema is used: `None` for
/// changes that are not about a body (operations, error codes, servers, docs).
pub fn classify(kind: Kind, direction: Option<Direction>) -> Verdict {
    match direction {
        Some(Direction::Both) => {
            let req = rules(kind, true);
            let resp = rules(kind, false);
            let reason = if (resp.schema, resp.rust) > (req.schema, req.rust) { resp.why } else { req.why };
            Verdict { schema: req.schema.max(resp.schema), rust: req.rust.max(resp.rust), why: reason }
        }
        Some(Direction::Response) => rules(kind, false),
        Some(Direction::Request) | None => rules(kind, true),
    }
}

/// The rules; `req` is true for data callers send, false for data they read.
fn rules(kind: Kind, req: bool) -> Verdict {
    use Level::{Breaking as B, Compatible as C, Docs as D, Notable as N};
    match kind {
        Kind::OperationAdded => v(C, C),
        Kind::OperationRemoved | Kind::MethodChanged | Kind::PathChanged => v(B, B),
        Kind::IdempotencyChanged => why(C, N, "Operation::IDEMPOTENT decides whether a client may resend"),
        Kind::RateLimitChanged => why(C, N, "Operation::RATE_LIMIT changes"),
        Kind::CallPatternAdded => v(C, C),
        Kind::CallPatternRemoved => {
            why(C, B, "the client's `*_all` or `*_from_stream` method and its trait impl are gone")
        }
        Kind::CallPatternChanged => why(C, N, "the client's helper now reads and writes other fields"),
        Kind::CallbackAdded => v(C, C),
        Kind::CallbackRemoved | Kind::CallbackChanged => v(B, B),
        Kind::CallbackHandlingChanged => why(C, N, "the receiver dedups or waits otherwise"),

        Kind::FieldAdded { required: true } if req => v(B, B),
        Kind::FieldAdded { required: true } => why(C, B, "the Rust constructor gains an argument"),
        Kind::FieldAdded { required: false } => v(C, C),
        Kind::FieldRemoved { closed: true } if req => v(B, B),
        Kind::FieldRemoved { closed: false } if req => {
            why(C, B, "this request object is open, so sending the field still validates, but the Rust field is gone")
        }
        Kind::FieldRemoved { .. } => v(B, B),
        Kind::FieldNowRequired if req => v(B, B),
        Kind::FieldNowRequired => why(C, B, "the Rust field changes from Option<T> to T"),
        Kind::FieldNowOptional if req => why(C, B, "the Rust field becomes Option<T> and leaves the constructor"),
        Kind::FieldNowOptional => v(B, B),
        Kind::NullableAdded { .. } if req => why(C, N, "the model now sends null for an absent value"),
        Kind::NullableAdded { required: true } => why(B, B, "a required Rust field cannot hold null"),
        Kind::NullableAdded { required: false } => why(B, C, "an optional Rust field already reads null"),
        Kind::NullableRemoved if req => why(B, N, "the model now omits an absent value instead of sending null"),
        Kind::NullableRemoved => v(C, C),
        Kind::TypeChanged { set } => {
            let schema = match (set, req) {
                (Set::Wider, true) | (Set::Narrower, false) => C,
                _ => B,
            };
            if schema == C { why(C, B, "the Rust field type changes") } else { v(B, B) }
        }
        Kind::DefaultChanged if req => why(C, N, "an omitted field now means another value"),
        Kind::DefaultChanged => v(C, C),
        Kind::ConstraintTightened if req => v(B, B),
        Kind::ConstraintTightened => v(C, C),
        Kind::ConstraintLoosened if req => v(C, C),
        Kind::ConstraintReplaced if req => v(B, B),
        Kind::ConstraintLoosened | Kind::ConstraintReplaced => {
            why(B, C, "the models do not check response constraints when decoding")
        }
        Kind::SecretChanged => why(C, N, "what Debug prints changes"),

        Kind::EnumValueAdded if req => v(C, C),
        Kind::EnumValueAdded => why(B, C, "the Rust enum keeps unknown values"),
        Kind::EnumValueRemoved if req => v(B, B),
        Kind::EnumValueRemoved => why(C, B, "the Rust variant is removed"),
        Kind::EnumReprChanged => v(B, B),
        Kind::UnionVariantAdded if req => v(C, C),
        Kind::UnionVariantAdded => why(B, C, "the Rust union keeps unknown variants"),
        Kind::UnionVariantRemoved if req => v(B, B),
        Kind::UnionVariantRemoved => why(C, B, "the Rust variant is removed"),
        Kind::UnionChanged | Kind::RecordChanged => v(B, B),

        Kind::OneOfGroupAdded if req => v(C, C),
        Kind::OneOfGroupAdded => why(B, C, "a new constructor is added"),
        Kind::OneOfGroupRemoved if req => v(B, B),
        Kind::OneOfGroupRemoved => why(C, B, "its Rust constructor is removed"),
        Kind::OneOfGroupChanged => v(B, B),
        Kind::OneOfIntroduced if req => v(B, B),
        Kind::OneOfIntroduced => why(C, B, "`new` is replaced by a constructor per alternative"),
        Kind::OneOfDropped if req => why(C, B, "the constructors per alternative are replaced by `new`"),
        Kind::OneOfDropped => v(B, B),

        Kind::ErrorAdded => v(C, C),
        Kind::ErrorRemoved => why(C, B, "the Rust error-code variant is removed"),
        Kind::ErrorRetryableChanged => why(C, N, "is_retryable() answers otherwise, and retry loops follow it"),
        Kind::HttpStatusChanged => why(C, D, "HTTP statuses are not part of the Rust models"),
        Kind::RustNameChanged => why(D, B, "the Rust name changes, the wire does not"),
        Kind::TypeAdded => why(D, C, "no published schema uses it"),
        Kind::TypeRemoved => why(D, B, "no published schema used it; the Rust item is gone"),

        Kind::ServerAdded | Kind::FamilyAdded => v(C, C),
        Kind::ServerRemoved | Kind::FamilyRemoved | Kind::RegionRemoved => v(B, B),
        Kind::RegionAdded => why(C, B, "the Rust region enum is exhaustive"),
        Kind::ServerChanged => why(C, N, "requests go to another URL"),
        Kind::AuthChanged | Kind::EnvelopeChanged | Kind::FamilyBindingChanged => v(B, B),
        Kind::Docs | Kind::VersionChanged => v(D, D),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::{Breaking as B, Compatible as C, Docs as D, Notable as N};

    fn req(kind: Kind) -> (Level, Level) {
        let v = classify(kind, Some(Direction::Request));
        (v.schema, v.rust)
    }

    fn resp(kind: Kind) -> (Level, Level) {
        let v = classify(kind, Some(Direction::Response));
        (v.schema, v.rust)
    }

    #[test]
    fn narrowing_a_request_breaks_callers() {
        assert_eq!(req(Kind::FieldAdded { required: true }), (B, B));
        assert_eq!(req(Kind::FieldNowRequired), (B, B));
        assert_eq!(req(Kind::ConstraintTightened), (B, B));
        assert_eq!(req(Kind::ConstraintReplaced), (B, B));
        assert_eq!(req(Kind::EnumValueRemoved), (B, B));
        assert_eq!(req(Kind::UnionVariantRemoved), (B, B));
        assert_eq!(req(Kind::FieldRemoved { closed: true }), (B, B));
        assert_eq!(req(Kind::TypeChanged { set: Set::Other }), (B, B));
        assert_eq!(req(Kind::TypeChanged { set: Set::Narrower }), (B, B));
        assert_eq!(req(Kind::OneOfIntroduced), (B, B));
    }

    #[test]
    fn widening_a_request_is_compatible() {
        assert_eq!(req(Kind::FieldAdded { required: false }), (C, C));
        assert_eq!(req(Kind::ConstraintLoosened), (C, C));
        assert_eq!(req(Kind::EnumValueAdded), (C, C));
        assert_eq!(req(Kind::UnionVariantAdded), (C, C));
        assert_eq!(req(Kind::OneOfGroupAdded), (C, C));
        // The schema accepts more; the Rust field type or constructor changes.
        assert_eq!(req(Kind::FieldNowOptional), (C, B));
        assert_eq!(req(Kind::TypeChanged { set: Set::Wider }), (C, B));
        // A field removed from an open (nested) request object: the schema still accepts it.
        assert_eq!(req(Kind::FieldRemoved { closed: false }), (C, B));
    }

    #[test]
    fn widening_a_response_breaks_schema_readers() {
        assert_eq!(resp(Kind::EnumValueAdded), (B, C), "Rust keeps unknown enum values");
        assert_eq!(resp(Kind::UnionVariantAdded), (B, C), "Rust keeps unknown variants");
        assert_eq!(resp(Kind::FieldRemoved { closed: false }), (B, B));
        assert_eq!(resp(Kind::FieldNowOptional), (B, B));
        assert_eq!(resp(Kind::ConstraintLoosened), (B, C));
        assert_eq!(resp(Kind::ConstraintReplaced), (B, C));
        assert_eq!(resp(Kind::TypeChanged { set: Set::Wider }), (B, B));
        assert_eq!(resp(Kind::NullableAdded { required: false }), (B, C));
        assert_eq!(resp(Kind::NullableAdded { required: true }), (B, B));
    }

    #[test]
    fn narrowing_a_response_is_compatible_for_schemas() {
        assert_eq!(resp(Kind::FieldAdded { required: false }), (C, C));
        assert_eq!(resp(Kind::ConstraintTightened), (C, C));
        assert_eq!(resp(Kind::NullableRemoved), (C, C));
        assert_eq!(resp(Kind::TypeChanged { set: Set::Narrower }), (C, B));
        // The schema is narrower, but the Rust API loses a variant or changes a type.
        assert_eq!(resp(Kind::EnumValueRemoved), (C, B));
        assert_eq!(resp(Kind::UnionVariantRemoved), (C, B));
        assert_eq!(resp(Kind::FieldNowRequired), (C, B));
        assert_eq!(resp(Kind::FieldAdded { required: true }), (C, B));
    }

    #[test]
    fn types_used_both_ways_get_the_stricter_verdict() {
        let both = |k| {
            let v = classify(k, Some(Direction::Both));
            (v.schema, v.rust)
        };
        assert_eq!(both(Kind::EnumValueAdded), (B, C));
        assert_eq!(both(Kind::EnumValueRemoved), (B, B));
        assert_eq!(both(Kind::ConstraintLoosened), (B, C));
        assert_eq!(both(Kind::ConstraintTightened), (B, B));
        assert_eq!(both(Kind::FieldAdded { required: false }), (C, C));
    }

    #[test]
    fn operations_and_error_codes() {
        let none = |k| {
            let v = classify(k, None);
            (v.schema, v.rust)
        };
        assert_eq!(none(Kind::OperationAdded), (C, C));
        assert_eq!(none(Kind::OperationRemoved), (B, B));
        assert_eq!(none(Kind::MethodChanged), (B, B));
        assert_eq!(none(Kind::PathChanged), (B, B));
        assert_eq!(none(Kind::IdempotencyChanged), (C, N));
        assert_eq!(none(Kind::RateLimitChanged), (C, N));
        assert_eq!(none(Kind::CallPatternAdded), (C, C));
        assert_eq!(none(Kind::CallPatternRemoved), (C, B));
        assert_eq!(none(Kind::CallPatternChanged), (C, N));
        assert_eq!(none(Kind::CallbackAdded), (C, C));
        assert_eq!(none(Kind::CallbackRemoved), (B, B));
        assert_eq!(none(Kind::CallbackChanged), (B, B));
        assert_eq!(none(Kind::CallbackHandlingChanged), (C, N));
        assert_eq!(none(Kind::ErrorAdded), (C, C));
        assert_eq!(none(Kind::ErrorRemoved), (C, B));
        assert_eq!(none(Kind::ErrorRetryableChanged), (C, N));
        assert_eq!(none(Kind::Docs), (D, D));
        assert_eq!(none(Kind::RustNameChanged), (D, B));
    }

    #[test]
    fn behaviour_changes_of_requests_are_notable_for_rust() {
        assert_eq!(req(Kind::DefaultChanged), (C, N));
        assert_eq!(req(Kind::NullableAdded { required: false }), (C, N));
        assert_eq!(req(Kind::NullableRemoved), (B, N));
        assert_eq!(resp(Kind::DefaultChanged), (C, C));
    }

    #[test]
    fn schemas_are_never_notable_and_disagreements_say_why() {
        let kinds = [
            Kind::OperationAdded,
            Kind::IdempotencyChanged,
            Kind::FieldAdded { required: true },
            Kind::FieldRemoved { closed: false },
            Kind::NullableAdded { required: false },
            Kind::NullableRemoved,
            Kind::TypeChanged { set: Set::Wider },
            Kind::DefaultChanged,
            Kind::ConstraintLoosened,
            Kind::EnumValueAdded,
            Kind::EnumValueRemoved,
            Kind::OneOfDropped,
            Kind::ErrorRetryableChanged,
            Kind::CallbackHandlingChanged,
            Kind::RegionAdded,
            Kind::TypeRemoved,
            Kind::HttpStatusChanged,
        ];
        for k in kinds {
            for d in [None, Some(Direction::Request), Some(Direction::Response), Some(Direction::Both)] {
                let v = classify(k, d);
                assert_ne!(v.schema, N, "{k:?} {d:?}");
                if v.schema != v.rust {
                    assert!(v.why.is_some(), "{k:?} {d:?}: the audiences disagree without a reason");
                }
            }
        }
    }
}
