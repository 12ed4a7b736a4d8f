//! The operation catalogue (cargo feature `catalog`): every operation's wire facts, fields, types,
//! constraints and error codes as static data, in the vendor's words, for tools that show or check
//! them (the `ccapi` command line renders `ccapi list` and `ccapi help` from it).
//!
//! The types are hand-written here; the data ([`OPERATIONS`], [`ERROR_SETS`], [`TYPES`]) is
//! generated from the spec by `cargo xtask codegen`, like the rest of the models.

use crate::support::{AuthDoc, Method, RateLimit, ServerDoc};

pub use crate::generated::operation_docs::{ERROR_SETS, OPERATIONS, TYPES};

/// The operation with this id (`desk.send_stream_msg`).
pub fn operation(id: &str) -> Option<&'static OperationDoc> {
    OPERATIONS.iter().find(|o| o.id == id)
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

impl OperationDoc {
    /// The named type a field uses, among those the operation lists.
    pub fn type_of(&self, field: &FieldDoc) -> Option<&'static TypeDoc> {
        let name = field.type_name?;
        self.types.iter().copied().find(|t| t.name == name)
    }
}

/// One operation.
#[derive(Debug)]
pub struct OperationDoc {
    /// `family.name`.
    pub id: &'static str,
    /// The family key.
    pub family: &'static str,
    /// The vendor's one-line summary.
    pub summary: &'static str,
    /// The vendor's description.
    pub description: &'static str,
    /// The vendor page it was written from (page, title, last update).
    pub source: Option<&'static str>,
    /// HTTP method.
    pub method: Method,
    /// URL path.
    pub path: &'static str,
    /// Whether resending after an ambiguous failure is safe.
    pub idempotent: bool,
    /// The documented rate limit.
    pub rate_limit: Option<RateLimit>,
    /// Its auth scheme (the models' static).
    pub auth: &'static AuthDoc,
    /// Its server (the models' static).
    pub server: &'static ServerDoc,
    /// How it pages, when it does.
    pub paging: Option<PagingDoc>,
    /// How it streams, when it does.
    pub streaming: Option<StreamingDoc>,
    /// What the request body is.
    pub request_description: &'static str,
    /// The request's fields, in wire order.
    pub request: &'static [FieldDoc],
    /// Groups of request fields exactly one of which must be given.
    pub request_one_of: &'static [OneOfDoc],
    /// What the response body is.
    pub response_description: &'static str,
    /// The response's fields (envelope first).
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
        /// The values.
        values: &'static [EnumValueDoc],
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
    /// The wire value (JSON).
    pub value: &'static str,
    /// Its name.
    pub name: &'static str,
    /// What it means.
    pub description: &'static str,
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

/// A documented error code.
#[derive(Debug)]
pub struct ErrorDoc {
    /// The code.
    pub code: i64,
    /// Its name.
    pub name: &'static str,
    /// The vendor's description.
    pub description: &'static str,
    /// Whether retrying may succeed.
    pub retryable: bool,
    /// Our remark.
    pub note: Option<&'static str>,
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
