//! The operation catalogue (cargo feature `catalog`): every operation's wire facts, fields, types,
//! constraints and error codes, and every callback's command, facts, body and reply, as static
//! data, in the vendor's words, for tools that show or check them (the `ccapi` command line renders
//! `ccapi list`, `ccapi help` and `ccapi listen`'s dedup and synchronous replies from it).
//!
//! The types are hand-written here; the data ([`OPERATIONS`], [`ENVELOPES`], [`ERROR_SETS`],
//! [`TYPES`], [`CALLBACKS`], [`CALLBACK_AUTH`]) is generated from the spec by `cargo xtask codegen`, like the
//! rest of the models.

pub use crate::support::ErrorDoc;
use crate::support::{CallbackFacts, DedupKey, IntEnum, OperationFacts, StrEnum};

pub use crate::generated::operation_docs::{CALLBACK_AUTH, CALLBACKS, ENVELOPES, ERROR_SETS, OPERATIONS, TYPES};

/// The operation with this id (`desk.send_stream_msg`).
pub fn operation(id: &str) -> Option<&'static OperationDoc> {
    OPERATIONS.iter().find(|o| o.facts.id == id)
}

/// The callback with this command (`Bot.OnC2CMessage`), id (`chatbot.on_c2c_message`) or path
/// (`/webhooks/v1/messages`, for a callback without command).
pub fn callback(name: &str) -> Option<&'static CallbackDoc> {
    CALLBACKS
        .iter()
        .find(|c| c.command == Some(name))
        .or_else(|| CALLBACKS.iter().find(|c| c.id == name || c.path == Some(name)))
}

/// The facts of the callback with this `CallbackCommand`, `None` for a command the spec does not
/// list (a receiver's `with_facts`).
pub fn callback_facts(command: &str) -> Option<CallbackFacts> {
    CALLBACKS.iter().find(|c| c.command == Some(command)).map(CallbackDoc::facts)
}

/// The shared error-code table with this key.
pub fn error_set(key: &str) -> Option<&'static ErrorSetDoc> {
    ERROR_SETS.iter().find(|s| s.key == key)
}

impl TypeDoc {
    /// Whether this is a set of values.
    pub fn is_enum(&self) -> bool {
        matches!(self.shape, Shape::Enum { .. })
    }
}

/// An envelope's fields (none without one), then a body's own.
fn enveloped(
    envelope: Option<&'static EnvelopeDoc>,
    own: &'static [FieldDoc],
) -> impl Iterator<Item = &'static FieldDoc> {
    envelope.map_or(&[][..], |e| e.fields).iter().chain(own)
}

impl OperationDoc {
    /// The named type a field uses, among those the operation lists.
    pub fn type_of(&self, field: &FieldDoc) -> Option<&'static TypeDoc> {
        let name = field.type_name?;
        self.types.iter().copied().find(|t| t.name == name)
    }

    /// Every field of the response, in wire order: its envelope's, then its own.
    pub fn response_fields(&self) -> impl Iterator<Item = &'static FieldDoc> {
        enveloped(self.envelope, self.response)
    }
}

impl CallbackDoc {
    /// What a receiver acts on: whether the vendor waits for the reply, and the dedup keys.
    pub fn facts(&self) -> CallbackFacts {
        CallbackFacts { synchronous: self.synchronous, dedup: self.dedup }
    }

    /// Its command, else its path, else its id: how `ccapi list` names it.
    pub fn name(&self) -> &'static str {
        self.command.or(self.path).unwrap_or(self.id)
    }

    /// The named type a field uses, among those the callback lists.
    pub fn type_of(&self, field: &FieldDoc) -> Option<&'static TypeDoc> {
        let name = field.type_name?;
        self.types.iter().copied().find(|t| t.name == name)
    }

    /// Every field of the reply, in wire order: its envelope's, then its own.
    pub fn reply_fields(&self) -> impl Iterator<Item = &'static FieldDoc> {
        enveloped(self.envelope, self.reply)
    }
}

/// A response envelope: the fields every response (or callback reply) of its families carries
/// before its own.
#[derive(Debug)]
pub struct EnvelopeDoc {
    /// Its key in the spec (`tencent-im`).
    pub key: &'static str,
    /// What it is.
    pub description: &'static str,
    /// Its fields, in wire order.
    pub fields: &'static [FieldDoc],
}

/// One operation.
#[derive(Debug)]
pub struct OperationDoc {
    /// Its wire facts: id, family, summary, method, path, idempotency, rate limit, auth scheme and
    /// server, as its `Operation` impl gives them ([`crate::support::Operation::FACTS`]).
    pub facts: OperationFacts,
    /// The vendor's description.
    pub description: &'static str,
    /// The vendor page it was written from (page, title, last update).
    pub source: Option<&'static str>,
    /// How it pages, when it does.
    pub paging: Option<PagingDoc>,
    /// How it streams, when it does.
    pub streaming: Option<StreamingDoc>,
    /// How it is polled, when it is.
    pub polling: Option<PollingDoc>,
    /// What the request body is.
    pub request_description: &'static str,
    /// The request's fields, in wire order.
    pub request: &'static [FieldDoc],
    /// Groups of request fields exactly one of which must be given.
    pub request_one_of: &'static [OneOfDoc],
    /// What the response body is.
    pub response_description: &'static str,
    /// Its response's envelope, if its family has one.
    pub envelope: Option<&'static EnvelopeDoc>,
    /// The response's own fields, after the envelope's ([`OperationDoc::response_fields`] gives
    /// all).
    pub response: &'static [FieldDoc],
    /// The named types its fields use, directly or not.
    pub types: &'static [&'static TypeDoc],
    /// Its own error codes.
    pub errors: &'static [ErrorDoc],
    /// The shared tables whose codes it may also return.
    pub error_sets: &'static [&'static ErrorSetDoc],
    /// A sample request (compact JSON) that keeps to the spec.
    pub example: Option<&'static str>,
}

/// How a paged operation pages.
#[derive(Debug)]
pub struct PagingDoc {
    /// The request's offset field.
    pub offset: &'static str,
    /// The request's page-size field.
    pub limit: &'static str,
    /// The response's array of items.
    pub items: &'static str,
    /// The response's total count field.
    pub total: Option<&'static str>,
}

/// How a streamed operation streams.
#[derive(Debug)]
pub struct StreamingDoc {
    /// The request field with the text of a call.
    pub chunk: &'static str,
    /// The request field carrying the key on later calls.
    pub request_key: &'static str,
    /// The response field returning the key.
    pub response_key: &'static str,
    /// The request field marking the last call.
    pub finish: &'static str,
    /// Its value on the last call (JSON).
    pub finish_value: &'static str,
}

/// How a polled operation is polled.
#[derive(Debug)]
pub struct PollingDoc {
    /// The response's array of items.
    pub items: &'static str,
    /// The items' field whose value ends the session.
    pub ends: &'static str,
    /// That value (JSON).
    pub ends_value: &'static str,
}

/// A field.
#[derive(Debug)]
pub struct FieldDoc {
    /// Wire name.
    pub name: &'static str,
    /// Its type as text (`string`, `u32`, `array<Message>`, `Order`).
    pub ty: &'static str,
    /// The named type it uses (one of [`OperationDoc::types`]).
    pub type_name: Option<&'static str>,
    /// Whether it must be given.
    pub required: bool,
    /// The documented default (JSON).
    pub default: Option<&'static str>,
    /// The vendor's description.
    pub description: &'static str,
    /// Its constraints, one phrase each (`maximum 100`, `1 to 24 characters`).
    pub constraints: &'static [&'static str],
}

impl FieldDoc {
    /// A field's wire name, type, whether it is required and description; the generated tables
    /// add the rest with [`FieldDoc::named`], [`FieldDoc::default`] and [`FieldDoc::rules`].
    pub const fn new(name: &'static str, ty: &'static str, required: bool, description: &'static str) -> Self {
        Self { name, ty, type_name: None, required, default: None, description, constraints: &[] }
    }

    /// With the named type it uses.
    pub const fn named(self, type_name: &'static str) -> Self {
        Self { type_name: Some(type_name), ..self }
    }

    /// With its documented default (JSON).
    pub const fn default(self, default: &'static str) -> Self {
        Self { default: Some(default), ..self }
    }

    /// With its constraints, one phrase each.
    pub const fn rules(self, constraints: &'static [&'static str]) -> Self {
        Self { constraints, ..self }
    }
}

/// Fields of which exactly one group must be given.
#[derive(Debug)]
pub struct OneOfDoc {
    /// The group's name.
    pub name: &'static str,
    /// What it is for.
    pub description: &'static str,
    /// Its fields' wire names.
    pub fields: &'static [&'static str],
}

/// A named type.
#[derive(Debug)]
pub struct TypeDoc {
    /// Its name in the spec.
    pub name: &'static str,
    /// The vendor's description.
    pub description: &'static str,
    /// What it is.
    pub shape: Shape,
}

/// The shape of a named type (a spec need not use every shape).
#[derive(Debug)]
pub enum Shape {
    /// A JSON object.
    Struct {
        /// Its fields.
        fields: &'static [FieldDoc],
        /// Groups exactly one of which must be given.
        one_of: &'static [OneOfDoc],
    },
    /// A set of values.
    Enum {
        /// The values, read from the enum's own value table ([`str_values`], [`int_values`]).
        values: fn() -> Vec<EnumValueDoc>,
    },
    /// A tagged union.
    Union {
        /// The tag field.
        tag: &'static str,
        /// The content field.
        content: &'static str,
        /// The variants.
        variants: &'static [VariantDoc],
    },
    /// A delimited text record.
    Record {
        /// The separator.
        delimiter: &'static str,
        /// Its parts.
        fields: &'static [FieldDoc],
    },
}

/// An enum value.
#[derive(Debug)]
pub struct EnumValueDoc {
    /// The wire value (JSON: `"TEXT"`, `1`).
    pub value: String,
    /// Its name.
    pub name: &'static str,
    /// What it means.
    pub description: &'static str,
}

/// The values of a string enum, from its value table ([`StrEnum::VALUES`]).
pub fn str_values<E: StrEnum>() -> Vec<EnumValueDoc> {
    E::VALUES
        .iter()
        .map(|(_, wire, name, description)| EnumValueDoc {
            value: serde_json::Value::from(*wire).to_string(),
            name,
            description,
        })
        .collect()
}

/// The values of an integer enum, from its value table ([`IntEnum::VALUES`]).
pub fn int_values<E: IntEnum>() -> Vec<EnumValueDoc> {
    E::VALUES
        .iter()
        .map(|(_, wire, name, description)| EnumValueDoc { value: wire.to_string(), name, description })
        .collect()
}

/// A union variant.
#[derive(Debug)]
pub struct VariantDoc {
    /// The tag value.
    pub tag: &'static str,
    /// The type of its content.
    pub type_name: &'static str,
    /// What it is.
    pub description: &'static str,
}

/// A shared error-code table.
#[derive(Debug)]
pub struct ErrorSetDoc {
    /// Its key.
    pub key: &'static str,
    /// What it is.
    pub description: &'static str,
    /// Its codes.
    pub codes: &'static [ErrorDoc],
}

/// A callback: a request the vendor sends to the app.
#[derive(Debug)]
pub struct CallbackDoc {
    /// `family.name` (`desk.session_event_notify`).
    pub id: &'static str,
    /// The family key.
    pub family: &'static str,
    /// The `CallbackCommand` it is dispatched on, when it has one.
    pub command: Option<&'static str>,
    /// The path it is delivered to under the app's base URL, for a callback without command.
    pub path: Option<&'static str>,
    /// One line.
    pub summary: &'static str,
    /// The vendor's description.
    pub description: &'static str,
    /// When the vendor sends it.
    pub trigger: Option<&'static str>,
    /// The vendor page it was written from.
    pub source: Option<&'static str>,
    /// Whether the vendor waits for the reply (its fields steer what happens next).
    pub synchronous: bool,
    /// How long the vendor waits for the reply, in milliseconds, where it says.
    pub timeout_ms: Option<u64>,
    /// What identifies a delivery, in order of preference.
    pub dedup: &'static [DedupKey],
    /// How the app checks that it comes from the vendor.
    pub auth: &'static CallbackAuthDoc,
    /// Its reply's envelope, if it has one.
    pub envelope: Option<&'static EnvelopeDoc>,
    /// What the body is.
    pub body_description: &'static str,
    /// The body's fields, in wire order.
    pub body: &'static [FieldDoc],
    /// What the reply is.
    pub reply_description: &'static str,
    /// The reply's own fields, after the envelope's ([`CallbackDoc::reply_fields`] gives all).
    pub reply: &'static [FieldDoc],
    /// The named types its body and reply use, directly or not.
    pub types: &'static [&'static TypeDoc],
    /// A sample body (compact JSON, reconstructed).
    pub example: Option<&'static str>,
    /// A sample reply (compact JSON).
    pub reply_example: Option<&'static str>,
    /// Our remark (unconfirmed facts).
    pub note: Option<&'static str>,
    /// Where the vendor's pages contradict themselves, and what the spec chose.
    pub erratum: Option<&'static str>,
}

/// How the app checks that a callback comes from the vendor.
#[derive(Debug)]
pub struct CallbackAuthDoc {
    /// Its key in the spec (`tencent-callback-sign`).
    pub key: &'static str,
    /// Its kind in the spec format (`tencent_callback_sign`, `verification_hook`, `unverified`).
    pub kind: &'static str,
    /// What it is, in the vendor's words.
    pub description: &'static str,
    /// How far the signing time may be from the receiver's clock, in seconds.
    pub window_seconds: Option<u64>,
    /// The query parameters of every delivery.
    pub query: &'static [FieldDoc],
    /// The headers of every delivery.
    pub headers: &'static [FieldDoc],
    /// Our remark.
    pub note: Option<&'static str>,
}
