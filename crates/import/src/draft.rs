//! The draft: one operation, its family header and its types, in the spec's terms, with every
//! doubt attached to the place it concerns.

use serde_json::Value as Json;

/// A draft spec for one operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The page's file name, if known.
    pub page: Option<String>,
    /// The family the operation belongs to.
    pub family: FamilyDraft,
    /// Types of the operation (enums, nested structs), in order of first use.
    pub types: Vec<TypeDraft>,
    /// The operation.
    pub op: OpDraft,
    /// Every doubt, at its place.
    pub todos: Vec<Todo>,
    /// What was read but belongs elsewhere (envelope fields, auth parameters, HTTP statuses).
    pub notes: Vec<String>,
    /// Places filled from the page, with the (0-based) line they were read from: the lines of
    /// the doubts ([`crate::lines`]).
    pub anchors: Vec<(String, usize)>,
}

impl Draft {
    /// The operation id, `family.name`.
    pub fn id(&self) -> String {
        format!("{}.{}", self.family.key, self.op.name)
    }

    /// The type with this name.
    pub fn ty(&self, name: &str) -> Option<&TypeDraft> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Adds a doubt at `place`; its page line is set from the place's anchor when the draft is
    /// done ([`crate::lines`]).
    pub fn todo(&mut self, place: impl Into<String>, message: impl Into<String>) {
        let todo = Todo { place: place.into(), message: message.into(), line: None };
        if !self.todos.contains(&todo) {
            self.todos.push(todo);
        }
    }

    /// Records that `place` was read from (0-based) page line `line`.
    pub fn anchor(&mut self, place: impl Into<String>, line: usize) {
        let place = place.into();
        if !self.anchors.iter().any(|(p, _)| *p == place) {
            self.anchors.push((place, line));
        }
    }
}

/// A doubt the importer could not settle, at a place of the draft.
///
/// Places are paths inside the operation (`request.fields.Limit.type`, `types.Order`,
/// `errors.141004`, `examples.first_call`), or `family` for the family header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Todo {
    /// Where.
    pub place: String,
    /// What to decide.
    pub message: String,
    /// The page line (1-based) it concerns.
    pub line: Option<usize>,
}

/// The family header: title, description and the conventions it follows.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyDraft {
    /// Family key (`desk`).
    pub key: String,
    /// The family is the spec's: the draft extends it (`extends: true`) rather than repeating its
    /// header.
    pub extends: bool,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Server key.
    pub server: String,
    /// Auth scheme key.
    pub auth: String,
    /// Envelope key.
    pub envelope: String,
    /// Shared error sets.
    pub error_sets: Vec<String>,
}

/// The page an operation was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Docs {
    /// Page file name.
    pub page: String,
    /// Last-updated stamp.
    pub updated: Option<String>,
    /// Page title.
    pub title: Option<String>,
}

/// A documented call frequency.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimitDraft {
    /// Calls per second.
    pub per_second: u32,
    /// Whom it applies to.
    pub scope: String,
    /// Where the page says so.
    pub source: String,
}

/// The operation.
#[derive(Clone, Debug, PartialEq)]
pub struct OpDraft {
    /// Name within the family (`send_stream_msg`).
    pub name: String,
    /// One line (the page title).
    pub summary: String,
    /// What the call does, in the vendor's words.
    pub description: String,
    /// The page.
    pub docs: Option<Docs>,
    /// HTTP method.
    pub method: String,
    /// Path from the first `/`.
    pub path: String,
    /// The operation's own auth scheme, when the family's does not fit it.
    pub auth: Option<String>,
    /// Whether it is safe to resend (a guess from the command's verb).
    pub idempotent: bool,
    /// Call frequency limit.
    pub rate_limit: Option<RateLimitDraft>,
    /// Request body.
    pub request: Body,
    /// Response body (without the envelope's fields).
    pub response: Body,
    /// Private error codes.
    pub errors: Vec<ErrorDraft>,
    /// Samples.
    pub examples: Vec<ExampleDraft>,
    /// Samples that could not be read, kept as comments.
    pub unreadable: Vec<Unreadable>,
}

/// A request or response body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// What the spec changes from the page's table, if anything.
    pub erratum: Option<String>,
    /// Fields in wire order.
    pub fields: Vec<FieldDraft>,
}

/// A field.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDraft {
    /// Wire name.
    pub wire: String,
    /// Spec type expression (`string`, `i64`, `array<Message>`, `Order`).
    pub ty: String,
    /// Must be present.
    pub required: bool,
    /// `null` accepted.
    pub nullable: bool,
    /// Documented default.
    pub default: Option<Json>,
    /// Example value.
    pub example: Option<Json>,
    /// Inclusive minimum of an integer.
    pub minimum: Option<i64>,
    /// Inclusive maximum of an integer.
    pub maximum: Option<i64>,
    /// Minimum length of a string, in characters.
    pub min_length: Option<u64>,
    /// Maximum length of a string, in characters.
    pub max_length: Option<u64>,
    /// The table's minimum length where the page's samples send shorter (`documented`).
    pub documented_min_length: Option<u64>,
    /// The table's maximum length where the page's samples send longer (`documented`).
    pub documented_max_length: Option<u64>,
    /// Minimum number of items of an array.
    pub min_items: Option<u64>,
    /// Maximum number of items of an array.
    pub max_items: Option<u64>,
    /// Forbidden substrings.
    pub not_contains: Vec<String>,
    /// The string holds JSON text.
    pub holds_json: bool,
    /// Vendor's description.
    pub description: String,
    /// What the draft changes from the page.
    pub erratum: Option<String>,
}

impl FieldDraft {
    /// A field of this name and type, with nothing else set.
    pub fn new(wire: &str, ty: &str) -> FieldDraft {
        FieldDraft {
            wire: wire.to_string(),
            ty: ty.to_string(),
            required: false,
            nullable: false,
            default: None,
            example: None,
            minimum: None,
            maximum: None,
            min_length: None,
            max_length: None,
            documented_min_length: None,
            documented_max_length: None,
            min_items: None,
            max_items: None,
            not_contains: Vec::new(),
            holds_json: false,
            description: String::new(),
            erratum: None,
        }
    }

    /// How many constraints it carries (limits, forbidden substrings, JSON text).
    pub fn constraint_count(&self) -> usize {
        [
            self.minimum.is_some(),
            self.maximum.is_some(),
            self.min_length.is_some(),
            self.max_length.is_some(),
            self.min_items.is_some(),
            self.max_items.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
            + self.not_contains.len()
            + usize::from(self.holds_json)
    }
}

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDraft {
    /// PascalCase name.
    pub name: String,
    /// Description.
    pub description: String,
    /// What it is.
    pub kind: TypeKindDraft,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKindDraft {
    /// An enum.
    Enum {
        /// Sent as an integer (else a string).
        integer: bool,
        /// Values in order.
        values: Vec<ValueDraft>,
    },
    /// A JSON object.
    Struct {
        /// Fields in wire order.
        fields: Vec<FieldDraft>,
    },
}

/// One enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueDraft {
    /// Wire value.
    pub value: Json,
    /// Rust variant name (required for integers; derived from the value for strings when absent).
    pub name: Option<String>,
    /// What it means.
    pub description: String,
}

/// A private error code.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDraft {
    /// The code.
    pub code: i64,
    /// PascalCase name.
    pub name: String,
    /// Vendor's description.
    pub description: String,
    /// Retrying the same request may succeed.
    pub retryable: bool,
}

/// A sample request and/or response.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleDraft {
    /// snake_case name.
    pub name: String,
    /// The page's label.
    pub summary: Option<String>,
    /// Request body.
    pub request: Option<Json>,
    /// Response body.
    pub response: Option<Json>,
    /// What was repaired or kept against the page's own rules.
    pub erratum: Option<String>,
    /// Request fields whose documented rule the sample breaks.
    pub breaks: Vec<String>,
}

/// A sample that is not valid JSON and could not be repaired unambiguously.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// Its label.
    pub label: Option<String>,
    /// Its text.
    pub raw: String,
    /// Why it could not be read.
    pub reason: String,
}
