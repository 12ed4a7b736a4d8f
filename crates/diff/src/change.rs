//! What a change is: where it is, what kind it is, and how much it matters to each audience.

use std::fmt;

/// How much a change matters to one audience, from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Only words changed (descriptions, notes, examples): nothing a program can observe.
    Docs,
    /// An addition or a relaxation that existing code and data keep working with.
    Compatible,
    /// Compatible at the type level, but the generated code behaves differently (for example
    /// `is_retryable()` now answers otherwise). Used for the Rust audience only.
    Notable,
    /// Existing code stops compiling, or existing data or readers stop being valid.
    Breaking,
}

impl Level {
    /// The lower-case name used in text and JSON (`breaking`, `notable`, `compatible`, `docs`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Docs => "docs",
            Level::Compatible => "compatible",
            Level::Notable => "notable",
            Level::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way the data whose schema changed flows, which decides whether narrowing or widening
/// it breaks someone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Sent by callers: narrowing what is accepted breaks them.
    Request,
    /// Read by callers: widening what may appear breaks them.
    Response,
    /// Both, or unknown (a type no operation reaches): the stricter verdict of the two applies.
    Both,
}

impl Direction {
    /// `request`, `response` or `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "both",
        }
    }
}

/// How a change of type moves the set of JSON values a schema accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Set {
    /// Every value accepted before is still accepted (`u32` → `u64`, integer → number).
    Wider,
    /// Every value accepted now was accepted before (`u64` → `u32`).
    Narrower,
    /// Neither (`string` → `u32`, one named type for another).
    Other,
}

/// The kind of a change. [`Kind::code`] is its stable name in the JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An operation was added.
    OperationAdded,
    /// An operation was removed.
    OperationRemoved,
    /// An operation's HTTP method changed.
    MethodChanged,
    /// An operation's path changed.
    PathChanged,
    /// Whether an operation is idempotent changed.
    IdempotencyChanged,
    /// An operation's rate limit was added, removed or changed.
    RateLimitChanged,
    /// An operation gained a call pattern (paging, streaming): the client gains a helper.
    CallPatternAdded,
    /// An operation lost a call pattern: the client's helper for it is gone.
    CallPatternRemoved,
    /// A call pattern now names other fields: the client's helper drives them instead.
    CallPatternChanged,
    /// A callback was added: the vendor may send the app something new.
    CallbackAdded,
    /// A callback was removed: its event type and handler are gone.
    CallbackRemoved,
    /// How a callback is recognised or answered changed (its command, path, auth scheme, or
    /// whether the vendor waits for the reply).
    CallbackChanged,
    /// How a receiver handles a callback's deliveries changed (its dedup keys, its timeout).
    CallbackHandlingChanged,
    /// A field was added to a struct, an auth scheme, or a record.
    FieldAdded {
        /// Whether the new field is required.
        required: bool,
    },
    /// A field was removed.
    FieldRemoved {
        /// Whether the struct refuses unknown fields (a request body).
        closed: bool,
    },
    /// An optional field became required.
    FieldNowRequired,
    /// A required field became optional.
    FieldNowOptional,
    /// A field now accepts `null`.
    NullableAdded {
        /// Whether the field is required (a required Rust field cannot hold `null`).
        required: bool,
    },
    /// A field no longer accepts `null`.
    NullableRemoved,
    /// A field's type changed.
    TypeChanged {
        /// How the set of accepted values moved.
        set: Set,
    },
    /// A field's documented default was added, removed or changed.
    DefaultChanged,
    /// A constraint now accepts fewer values (a lower maximum, a new pattern, ...).
    ConstraintTightened,
    /// A constraint now accepts more values.
    ConstraintLoosened,
    /// A constraint was replaced by one accepting a different set (a changed pattern or const).
    ConstraintReplaced,
    /// Whether a field is secret (never printed) changed.
    SecretChanged,
    /// An enum gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// An enum's wire representation (string or integer) changed.
    EnumReprChanged,
    /// A union gained a variant.
    UnionVariantAdded,
    /// A union lost a variant.
    UnionVariantRemoved,
    /// A union's tag or content field, or a variant's content type, changed.
    UnionChanged,
    /// A record's parts or delimiter changed (its text format changed).
    RecordChanged,
    /// A `one_of` alternative was added.
    OneOfGroupAdded,
    /// A `one_of` alternative was removed.
    OneOfGroupRemoved,
    /// The fields of a `one_of` alternative changed.
    OneOfGroupChanged,
    /// A struct without alternatives now has `one_of` alternatives.
    OneOfIntroduced,
    /// A struct lost all of its `one_of` alternatives.
    OneOfDropped,
    /// An operation may return a new error code.
    ErrorAdded,
    /// An error code is no longer documented.
    ErrorRemoved,
    /// Whether retrying after an error code may succeed changed.
    ErrorRetryableChanged,
    /// A documented HTTP status of an envelope was added, removed or changed.
    HttpStatusChanged,
    /// A generated Rust name (field, type, variant, module) changed while the wire stays the same.
    RustNameChanged,
    /// A named type no operation reaches was added.
    TypeAdded,
    /// A named type no operation reaches (or an error set) was removed.
    TypeRemoved,
    /// A server, an auth scheme or an envelope was added.
    ServerAdded,
    /// A server, an auth scheme or an envelope was removed.
    ServerRemoved,
    /// A server region was added.
    RegionAdded,
    /// A server region was removed.
    RegionRemoved,
    /// A base URL, URL template or default region changed.
    ServerChanged,
    /// How an auth scheme obtains its values changed.
    AuthChanged,
    /// An envelope's code field, message field or success code changed.
    EnvelopeChanged,
    /// A family was added.
    FamilyAdded,
    /// A family was removed.
    FamilyRemoved,
    /// A family now uses another server, auth scheme or envelope.
    FamilyBindingChanged,
    /// Descriptions, summaries, notes, errata, examples or source pages changed.
    Docs,
    /// `api.version` changed (listed, never counted towards the recommended bump).
    VersionChanged,
}

impl Kind {
    /// The stable snake_case name of the kind, as written in the JSON output.
    pub fn code(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation_added",
            Kind::OperationRemoved => "operation_removed",
            Kind::MethodChanged => "method_changed",
            Kind::PathChanged => "path_changed",
            Kind::IdempotencyChanged => "idempotency_changed",
            Kind::RateLimitChanged => "rate_limit_changed",
            Kind::CallPatternAdded => "call_pattern_added",
            Kind::CallPatternRemoved => "call_pattern_removed",
            Kind::CallPatternChanged => "call_pattern_changed",
            Kind::CallbackAdded => "callback_added",
            Kind::CallbackRemoved => "callback_removed",
            Kind::CallbackChanged => "callback_changed",
            Kind::CallbackHandlingChanged => "callback_handling_changed",
            Kind::FieldAdded { .. } => "field_added",
            Kind::FieldRemoved { .. } => "field_removed",
            Kind::FieldNowRequired => "field_now_required",
            Kind::FieldNowOptional => "field_now_optional",
            Kind::NullableAdded { .. } => "nullable_added",
            Kind::NullableRemoved => "nullable_removed",
            Kind::TypeChanged { .. } => "type_changed",
            Kind::DefaultChanged => "default_changed",
            Kind::ConstraintTightened => "constraint_tightened",
            Kind::ConstraintLoosened => "constraint_loosened",
            Kind::ConstraintReplaced => "constraint_replaced",
            Kind::SecretChanged => "secret_changed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::EnumReprChanged => "enum_repr_changed",
            Kind::UnionVariantAdded => "union_variant_added",
            Kind::UnionVariantRemoved => "union_variant_removed",
            Kind::UnionChanged => "union_changed",
            Kind::RecordChanged => "record_changed",
            Kind::OneOfGroupAdded => "one_of_group_added",
            Kind::OneOfGroupRemoved => "one_of_group_removed",
            Kind::OneOfGroupChanged => "one_of_group_changed",
            Kind::OneOfIntroduced => "one_of_introduced",
            Kind::OneOfDropped => "one_of_dropped",
            Kind::ErrorAdded => "error_added",
            Kind::ErrorRemoved => "error_removed",
            Kind::ErrorRetryableChanged => "error_retryable_changed",
            Kind::HttpStatusChanged => "http_status_changed",
            Kind::RustNameChanged => "rust_name_changed",
            Kind::TypeAdded => "type_added",
            Kind::TypeRemoved => "type_removed",
            Kind::ServerAdded => "server_added",
            Kind::ServerRemoved => "server_removed",
            Kind::RegionAdded => "region_added",
            Kind::RegionRemoved => "region_removed",
            Kind::ServerChanged => "server_changed",
            Kind::AuthChanged => "auth_changed",
            Kind::EnvelopeChanged => "envelope_changed",
            Kind::FamilyAdded => "family_added",
            Kind::FamilyRemoved => "family_removed",
            Kind::FamilyBindingChanged => "family_binding_changed",
            Kind::Docs => "docs_changed",
            Kind::VersionChanged => "version_changed",
        }
    }
}

/// One change between the two specs, classified for both audiences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The operation or callback it belongs to (`desk.send_stream_msg`), or `None` for a spec-wide change
    /// (servers, auth, envelopes, families, types no operation reaches, the version).
    pub operation: Option<String>,
    /// Where: `request.Limit`, `response.Messages[].FromAccountRole`, `errors.20004`,
    /// `auth.tencent-usersig.query.random`, `api.version`, ...
    pub location: String,
    /// What kind of change it is.
    pub kind: Kind,
    /// The change in words, with the reason when the two audiences disagree.
    pub detail: String,
    /// What it means for readers and writers of the published JSON Schemas.
    pub schema: Level,
    /// What it means for users of the generated Rust crates.
    pub rust: Level,
}

impl Change {
    /// Whether it counts towards the recommended bump (everything but the version line).
    pub fn counts(&self) -> bool {
        self.kind != Kind::VersionChanged
    }
}
