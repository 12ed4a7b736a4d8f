//! The runtime under the generated models: validation errors and checks, the traits that tie an
//! operation together ([`Operation`], [`Paged`], [`Streamed`], [`Polled`], [`ErrorCode`],
//! [`Envelope`]), the typed wire facts the spec decides ([`Method`], [`AuthDoc`], [`ServerDoc`],
//! [`HttpStatusDoc`]), and the macros that expand each generated enum and error-code table.
//!
//! This file is ordinary Rust, compiled and tested as the crate `ccapi-support`, which the
//! generated models re-export as `ccapi_models::support` and the client runtime builds on: a
//! dependency of its own, so that regenerating the models rebuilds neither it nor the runtime.
//! The proc-macro (`ccapi_macros::generate!`) embeds the very same file (`include_str!`) as the
//! `support` module of its expansion, so code generated from a user's spec has the same runtime.
//! It therefore uses only `std`, `serde`, `serde_json` and `regex`, and refers to nothing outside
//! itself. Its macros are exported from the crate (feature `exported-macros`, on by default) and
//! re-exported within the expansion (where that feature, a feature of the user's crate, is off).

use std::fmt;

/// One broken rule found by [`Validate::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// Where in the value, e.g. `Messages[0].MsgBody` (empty for the whole value).
    pub path: String,
    /// Wire name of the field whose rule is broken (empty for a rule on the whole value).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "`{}`: {}", self.path, self.message) }
    }
}

impl std::error::Error for ValidationError {}

/// Every broken rule of one value (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    /// The broken rules.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.0.iter()
    }

    /// Whether a rule of the field with this wire name is broken.
    pub fn names_field(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Checks every documented constraint of a value.
pub trait Validate {
    /// All broken rules, or `Ok` when the value may be sent.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        self.validate_at("", &mut errors);
        if errors.is_empty() { Ok(()) } else { Err(ValidationErrors(errors)) }
    }

    /// Adds the broken rules of this value, found at `path`, to `errors`.
    fn validate_at(&self, path: &str, errors: &mut Vec<ValidationError>);
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &str, errors: &mut Vec<ValidationError>) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&format!("{path}[{i}]"), errors);
        }
    }
}

/// `path.key`, or `key` at the top.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Records a broken rule of `field` found at `path`.
pub fn fail(errors: &mut Vec<ValidationError>, path: &str, field: &str, message: String) {
    errors.push(ValidationError { path: join(path, field), field: field.to_string(), message });
}

/// The documented rules of a string.
#[derive(Clone, Copy, Debug, Default)]
pub struct StrRules {
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// Substrings that must not appear.
    pub not_contains: &'static [&'static str],
}

impl StrRules {
    /// Rules from their parts: minimum and maximum length, forbidden substrings.
    pub const fn new(min_length: Option<u64>, max_length: Option<u64>, not_contains: &'static [&'static str]) -> Self {
        Self { min_length, max_length, not_contains }
    }
}

/// Checks a string against its rules.
pub fn check_str(errors: &mut Vec<ValidationError>, path: &str, field: &str, value: &str, rules: StrRules) {
    let len = value.chars().count() as u64;
    if let Some(min) = rules.min_length.filter(|b| len < *b) {
        fail(errors, path, field, format!("must be at least {min} characters, found {len}"));
    }
    if let Some(max) = rules.max_length.filter(|b| len > *b) {
        fail(errors, path, field, format!("must be at most {max} characters, found {len}"));
    }
    for bad in rules.not_contains {
        if value.contains(bad) {
            fail(errors, path, field, format!("must not contain `{bad}`"));
        }
    }
}

/// Checks that a string matches a pattern (compiled once).
pub fn check_pattern(
    errors: &mut Vec<ValidationError>,
    path: &str,
    field: &str,
    value: &str,
    cell: &'static std::sync::OnceLock<regex::Regex>,
    pattern: &'static str,
) {
    let re = cell.get_or_init(|| regex::Regex::new(pattern).expect("the spec crate checked this pattern"));
    if !re.is_match(value) {
        fail(errors, path, field, format!("must match the pattern `{pattern}`"));
    }
}

/// Checks an integer against its documented bounds.
pub fn check_int(
    errors: &mut Vec<ValidationError>,
    path: &str,
    field: &str,
    value: i128,
    min: Option<i128>,
    max: Option<i128>,
) {
    if let Some(min) = min.filter(|b| value < *b) {
        fail(errors, path, field, format!("must be at least {min}, found {value}"));
    }
    if let Some(max) = max.filter(|b| value > *b) {
        fail(errors, path, field, format!("must be at most {max}, found {value}"));
    }
}

/// Validates each item of an array, at `path.field[i]`.
pub fn validate_items<T: Validate>(errors: &mut Vec<ValidationError>, path: &str, field: &str, items: &[T]) {
    let at = join(path, field);
    for (i, item) in items.iter().enumerate() {
        item.validate_at(&format!("{at}[{i}]"), errors);
    }
}

/// Checks the number of items of an array.
pub fn check_items(
    errors: &mut Vec<ValidationError>,
    path: &str,
    field: &str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) {
    let len = len as u64;
    if let Some(min) = min.filter(|b| len < *b) {
        fail(errors, path, field, format!("must have at least {min} items, found {len}"));
    }
    if let Some(max) = max.filter(|b| len > *b) {
        fail(errors, path, field, format!("must have at most {max} items, found {len}"));
    }
}

/// Rejects an enum value the spec does not list (accepted when reading, refused when sending).
pub fn check_known(errors: &mut Vec<ValidationError>, path: &str, field: &str, known: bool, value: &dyn fmt::Display) {
    if !known {
        fail(errors, path, field, format!("`{value}` is not a documented value"));
    }
}

/// A generated enum: whether a value is one the spec lists (an unlisted wire value is kept when
/// reading, and refused when sending).
pub trait Listed: fmt::Display {
    /// Whether the spec lists this value.
    fn is_listed(&self) -> bool;
}

/// The checks [`validate!`] calls, one per kind of documented rule, each taking the broken
/// rules so far, where the value is, its field's wire name and the value, then the rule's
/// arguments as one tuple (`()` for none). Generic functions, type- and borrow-checked once
/// rather than in every struct's impl.
pub mod rules {
    use super::{Listed, StrRules, Validate, ValidationError, check_int, check_items, check_known, check_str, join};

    /// Length bounds and forbidden substrings of a string ([`check_str`]).
    pub fn str(
        errors: &mut Vec<ValidationError>,
        path: &str,
        field: &str,
        value: &str,
        (min, max, not_contains): (Option<u64>, Option<u64>, &'static [&'static str]),
    ) {
        check_str(errors, path, field, value, StrRules::new(min, max, not_contains));
    }

    /// Bounds of an integer ([`check_int`]).
    pub fn int<T: Copy + Into<i128>>(
        errors: &mut Vec<ValidationError>,
        path: &str,
        field: &str,
        value: &T,
        (min, max): (Option<i128>, Option<i128>),
    ) {
        check_int(errors, path, field, (*value).into(), min, max);
    }

    /// Bounds of an array's number of items ([`check_items`]).
    pub fn items<T>(
        errors: &mut Vec<ValidationError>,
        path: &str,
        field: &str,
        value: &[T],
        (min, max): (Option<u64>, Option<u64>),
    ) {
        check_items(errors, path, field, value.len(), min, max);
    }

    /// An enum value the spec lists ([`check_known`]).
    pub fn known<T: Listed>(errors: &mut Vec<ValidationError>, path: &str, field: &str, value: &T, (): ()) {
        check_known(errors, path, field, value.is_listed(), value);
    }

    /// Each item an enum value the spec lists.
    pub fn each_known<T: Listed>(errors: &mut Vec<ValidationError>, path: &str, field: &str, value: &[T], (): ()) {
        for item in value {
            check_known(errors, path, field, item.is_listed(), item);
        }
    }

    /// A struct's own rules, at `path.field` (an array's, at `path.field[i]`).
    pub fn nested<T: Validate + ?Sized>(errors: &mut Vec<ValidationError>, path: &str, field: &str, value: &T, (): ()) {
        value.validate_at(&join(path, field), errors);
    }
}

/// Checks that a string holds JSON text.
pub fn check_json_text(errors: &mut Vec<ValidationError>, path: &str, field: &str, text: &str) {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        fail(errors, path, field, format!("must hold JSON text: {e}"));
    }
}

/// Checks that a string holds the JSON text of a valid `T`.
pub fn check_held_json<T: serde::de::DeserializeOwned + Validate>(
    errors: &mut Vec<ValidationError>,
    path: &str,
    field: &str,
    text: &str,
) {
    let name = std::any::type_name::<T>().rsplit("::").next().unwrap_or("");
    // A JSON object only: serde would also read a struct from an array.
    let parsed = serde_json::from_str::<serde_json::Value>(text)
        .map_err(|e| e.to_string())
        .and_then(|v| if v.is_object() { Ok(v) } else { Err("not a JSON object".to_string()) })
        .and_then(|v| serde_json::from_value::<T>(v).map_err(|e| e.to_string()));
    match parsed {
        Ok(v) => v.validate_at(&join(path, field), errors),
        Err(e) => fail(errors, path, field, format!("must hold the JSON text of {name}: {e}")),
    }
}

/// Checks that a string holds a valid record `T`.
pub fn check_held_record<T: std::str::FromStr<Err = RecordError> + Validate>(
    errors: &mut Vec<ValidationError>,
    path: &str,
    field: &str,
    text: &str,
) {
    match text.parse::<T>() {
        Ok(v) => v.validate_at(&join(path, field), errors),
        Err(e) => fail(errors, path, field, e.to_string()),
    }
}

/// Checks a `one_of`: exactly one alternative complete, no field of another present.
/// Each alternative is its name and its fields' (wire name, present).
pub fn check_one_of(errors: &mut Vec<ValidationError>, path: &str, alternatives: &[(&str, &[(&str, bool)])]) {
    let complete: Vec<usize> = alternatives
        .iter()
        .enumerate()
        .filter(|(_, (_, fields))| fields.iter().all(|(_, present)| *present))
        .map(|(i, _)| i)
        .collect();
    let ok = match complete.as_slice() {
        [only] => {
            let chosen = alternatives[*only].1;
            alternatives.iter().enumerate().filter(|(i, _)| i != only).all(|(_, (_, fields))| {
                fields.iter().all(|(name, present)| !present || chosen.iter().any(|(c, _)| c == name))
            })
        }
        _ => false,
    };
    if !ok {
        let groups: Vec<String> = alternatives
            .iter()
            .map(|(_, fields)| format!("[{}]", fields.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")))
            .collect();
        errors.push(ValidationError {
            path: path.to_string(),
            field: String::new(),
            message: format!("exactly one of {} must be given", groups.join(" or ")),
        });
    }
}

/// A delimited record's text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The record type.
    pub type_name: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid {}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for RecordError {}

/// A string field's content could not be read as what it holds.
#[derive(Debug)]
pub enum HeldError {
    /// The JSON text is invalid or does not fit the type.
    Json(serde_json::Error),
    /// The record text is invalid.
    Record(RecordError),
}

impl fmt::Display for HeldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeldError::Json(e) => write!(f, "invalid JSON content: {e}"),
            HeldError::Record(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for HeldError {}

/// Splits a record's text into exactly `n` parts.
pub fn split_record<'a>(
    text: &'a str,
    delimiter: &str,
    n: usize,
    type_name: &'static str,
    format: &str,
) -> Result<Vec<&'a str>, RecordError> {
    let parts: Vec<&str> = text.split(delimiter).collect();
    if parts.len() == n {
        Ok(parts)
    } else {
        Err(RecordError { type_name, message: format!("expected {n} parts `{format}`, found {}", parts.len()) })
    }
}

/// Parses an integer part of a record.
pub fn record_int<T: std::str::FromStr>(part: &str, name: &str, type_name: &'static str) -> Result<T, RecordError> {
    part.parse()
        .map_err(|_| RecordError { type_name, message: format!("part `{name}` must be an integer, found `{part}`") })
}

/// A documented error code of an operation or a shared table.
pub trait ErrorCode: Sized + fmt::Debug {
    /// The code for a number (an undocumented number is kept as `Unknown`).
    fn from_code(code: i64) -> Self;
    /// The vendor's number.
    fn code(&self) -> i64;
    /// The vendor's description, when documented.
    fn description(&self) -> Option<&'static str>;
    /// Whether the same request may succeed when retried.
    fn is_retryable(&self) -> bool;
    /// Whether the spec documents this code.
    fn is_known(&self) -> bool;
}

/// `Display` of every error-code enum: `20004 (Network issue, please retry.)`.
pub fn fmt_error_code<E: ErrorCode>(code: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match code.description() {
        Some(d) => write!(f, "{} ({d})", code.code()),
        None => write!(f, "{} (undocumented)", code.code()),
    }
}

/// The fields a generated response's [`Envelope`] impl reads ([`envelope!`]): its code, a number
/// or a string holding one (`"0"`), and its message, each given or not.
pub mod envelope_fields {
    /// An envelope's code field.
    pub trait CodeField {
        /// The code as a number: `None` when absent or not a number.
        fn code(&self) -> Option<i64>;
        /// Whether the vendor sent it (an absent optional code means success: the answer is the
        /// HTTP 200).
        fn given(&self) -> bool {
            true
        }
    }

    macro_rules! int_codes {
        ($($t:ty),*) => {$(
            impl CodeField for $t {
                fn code(&self) -> Option<i64> {
                    i64::try_from(*self).ok()
                }
            }
        )*};
    }
    int_codes!(i8, i16, i32, i64, u8, u16, u32, u64);

    impl CodeField for String {
        fn code(&self) -> Option<i64> {
            self.trim().parse().ok()
        }
    }

    impl<T: CodeField> CodeField for Option<T> {
        fn code(&self) -> Option<i64> {
            self.as_ref().and_then(T::code)
        }
        fn given(&self) -> bool {
            self.is_some()
        }
    }

    /// An envelope's message field.
    pub trait MessageField {
        /// The message; empty when absent.
        fn text(&self) -> &str;
    }

    impl MessageField for String {
        fn text(&self) -> &str {
            self
        }
    }

    impl MessageField for Option<String> {
        fn text(&self) -> &str {
            self.as_deref().unwrap_or("")
        }
    }
}

/// The outcome fields every response body carries.
pub trait Envelope {
    /// The outcome code (`None` when the vendor sent a code that is not a number).
    fn code(&self) -> Option<i64>;
    /// The vendor's message (`ErrorInfo`, `resultDesc`).
    fn message(&self) -> &str;
    /// Whether the call succeeded.
    fn is_success(&self) -> bool;
}

/// A documented rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls per second.
    pub per_second: u32,
    /// Whom it applies to (`app`: all callers of one application together).
    pub scope: &'static str,
}

/// An HTTP status other than 200 that the vendor documents for a family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpStatusDoc {
    /// The status code.
    pub status: u16,
    /// The vendor's description.
    pub description: &'static str,
    /// Whether retrying may succeed.
    pub retryable: bool,
}

/// An HTTP method, as the spec decides it (an unknown method is a spec error).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name on the wire (`POST`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether requests of this method carry a JSON body; without one (`GET`, `DELETE`) the
    /// request's fields are sent as query parameters (the spec crate's `RequestIn`).
    pub const fn has_body(self) -> bool {
        !matches!(self, Method::Get | Method::Delete)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the client obtains an auth scheme's values: one of the kinds the spec format defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthKind {
    /// Tencent Chat (IM) REST: the app id, the admin identifier, a UserSig signed with the app's
    /// secret key and a fresh random number, in the query string.
    TencentUserSig,
    /// Headers (or query parameters) whose values the caller provides as they are.
    Headers,
    /// The ccmessaging token flow: an access token from the app key and secret, then a token
    /// per conversation, sent in headers.
    CcmessagingToken,
}

/// What the value of an auth parameter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthRole {
    /// The application's id (Tencent `sdkappid`).
    AppId,
    /// The administrator account (Tencent `identifier`).
    Identifier,
    /// The signature computed from the secret key (Tencent `usersig`).
    UserSig,
    /// A fresh random unsigned 32-bit number per request (Tencent `random`).
    Random,
    /// A value fixed by the spec (Tencent `contenttype=json`).
    Fixed(&'static str),
    /// A value the caller provides as it is (`x-api-key`).
    Given,
    /// `Bearer` and the access token of the token flow (ccmessaging `Authorization`).
    BearerAccessToken,
    /// The app key of the token flow (ccmessaging `x-app-key`).
    AppKey,
    /// The per-conversation token of the token flow (ccmessaging `ccmessaging-token`).
    ConversationToken,
}

/// Where an auth parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthIn {
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// One parameter of an auth scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthParam {
    /// Its name on the wire (`usersig`, `x-api-key`).
    pub name: &'static str,
    /// Query or header.
    pub location: AuthIn,
    /// What its value is.
    pub role: AuthRole,
    /// Whether the value must never be printed.
    pub secret: bool,
    /// The environment variable the `ccapi` command line reads a [`AuthRole::Given`] value from
    /// (`CCAPI_AUTH_X_API_KEY`).
    pub env: &'static str,
}

/// An auth scheme of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthDoc {
    /// Its key in the spec (`tencent-usersig`).
    pub key: &'static str,
    /// How its values are obtained.
    pub kind: AuthKind,
    /// Its parameters, in spec order (query parameters first).
    pub params: &'static [AuthParam],
}

impl AuthDoc {
    /// The parameters in the query string.
    pub fn query(&self) -> impl Iterator<Item = &'static AuthParam> {
        self.params.iter().filter(|p| p.location == AuthIn::Query)
    }

    /// The parameters in headers.
    pub fn headers(&self) -> impl Iterator<Item = &'static AuthParam> {
        self.params.iter().filter(|p| p.location == AuthIn::Header)
    }
}

/// One region of a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RegionDoc {
    /// The key of its server in the spec (`tencent-im`).
    pub server: &'static str,
    /// Its key (`silicon-valley`).
    pub key: &'static str,
    /// Its title (`Silicon Valley`).
    pub title: &'static str,
    /// The primary base URL.
    pub primary: &'static str,
    /// The backup base URL, if documented.
    pub backup: Option<&'static str>,
}

/// A generated region enum of a server (`TencentImRegion`): how the client's `Endpoint` is made
/// from any spec's regions (`TencentImRegion::Singapore.into()`).
pub trait Region: Copy {
    /// What the spec says of this region.
    fn region_doc(self) -> &'static RegionDoc;
}

/// A server of the spec: regional domains, or a URL template each deployment fills in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerDoc {
    /// Its key in the spec (`tencent-im`).
    pub key: &'static str,
    /// Its regions (empty for a template).
    pub regions: &'static [RegionDoc],
    /// The key of the region used when none is chosen, if any.
    pub default_region: Option<&'static str>,
    /// The URL template (`https://{domain}`), for a server without regions.
    pub template: Option<&'static str>,
}

impl ServerDoc {
    /// The region with this key.
    pub fn region(&self, key: &str) -> Option<&'static RegionDoc> {
        self.regions.iter().find(|r| r.key == key)
    }

    /// The region used when none is chosen, if the spec names one.
    pub fn default_region(&self) -> Option<&'static RegionDoc> {
        self.default_region.and_then(|k| self.region(k))
    }
}

/// The wire facts of one operation ([`Operation::FACTS`]): its consts as one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationFacts {
    /// `family.name`, e.g. `desk.send_stream_msg`.
    pub id: &'static str,
    /// The family key.
    pub family: &'static str,
    /// HTTP method.
    pub method: Method,
    /// URL path.
    pub path: &'static str,
    /// Whether it is safe to resend after an ambiguous failure.
    pub idempotent: bool,
    /// The documented rate limit, if any.
    pub rate_limit: Option<RateLimit>,
    /// The vendor's one-line summary.
    pub summary: &'static str,
    /// Its auth scheme.
    pub auth: &'static AuthDoc,
    /// Its server.
    pub server: &'static ServerDoc,
    /// HTTP statuses other than 200 that its family documents.
    pub http_statuses: &'static [HttpStatusDoc],
}

/// One API operation: its wire facts and the types of its request, response and errors.
pub trait Operation: Send + Sync + 'static {
    /// The request body.
    type Request: Validate + Clone + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static;
    /// The response body.
    type Response: Envelope + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static;
    /// Its documented error codes.
    type ErrorCode: ErrorCode + Send + Sync + 'static;
    /// `family.name`, e.g. `desk.send_stream_msg`.
    const ID: &'static str;
    /// The family key.
    const FAMILY: &'static str;
    /// HTTP method.
    const METHOD: Method;
    /// URL path.
    const PATH: &'static str;
    /// Whether it is safe to resend after an ambiguous failure.
    const IDEMPOTENT: bool;
    /// The documented rate limit, if any.
    const RATE_LIMIT: Option<RateLimit>;
    /// The vendor's one-line summary.
    const SUMMARY: &'static str;
    /// Its auth scheme.
    const AUTH: &'static AuthDoc;
    /// Its server.
    const SERVER: &'static ServerDoc;
    /// HTTP statuses other than 200 that its family documents.
    const HTTP_STATUSES: &'static [HttpStatusDoc];
    /// All of the above as one value, for tables that list operations (the models' catalogue).
    const FACTS: OperationFacts = OperationFacts {
        id: Self::ID,
        family: Self::FAMILY,
        method: Self::METHOD,
        path: Self::PATH,
        idempotent: Self::IDEMPOTENT,
        rate_limit: Self::RATE_LIMIT,
        summary: Self::SUMMARY,
        auth: Self::AUTH,
        server: Self::SERVER,
        http_statuses: Self::HTTP_STATUSES,
    };
    /// The wire names of the request's secret fields (an app secret): shown as `<redacted>`
    /// wherever a request is shown.
    const SECRET_FIELDS: &'static [&'static str] = &[];
    /// For an auth scheme whose token is applied per conversation: each field of the token
    /// request and this request's value for it (`[("userId", from), ("channelId", to)]`);
    /// empty otherwise.
    fn token_subject(request: &Self::Request) -> Vec<(&'static str, &str)> {
        let _ = request;
        Vec::new()
    }
    /// For an auth scheme whose tokens are issued by operations of the spec (its
    /// `token_operations`): `visitor` visits those operations' types. `None` otherwise.
    fn token_operations<V: TokenOperationsVisitor>(visitor: V) -> Option<V::Output> {
        let _ = visitor;
        None
    }
}

/// What is done with the token operations of an auth scheme ([`Operation::token_operations`]):
/// the client calls them, without naming any family's types.
pub trait TokenOperationsVisitor {
    /// What visiting gives.
    type Output;
    /// Visits the operation issuing access tokens and the one issuing conversation tokens.
    fn visit<A: AccessTokenOperation, C: ConversationTokenOperation>(self) -> Self::Output;
}

/// An operation that trades an app key and secret for an access token (ccmessaging's
/// tokenByAkSk).
pub trait AccessTokenOperation: Operation {
    /// The request for an access token.
    fn token_request(app_key: &str, app_secret: &str) -> Self::Request;
    /// The access token a response holds.
    fn access_token(response: &Self::Response) -> Option<&str>;
    /// How many seconds the token is valid, when the response says.
    fn lifetime_seconds(response: &Self::Response) -> Option<u64>;
}

/// An operation that applies for a conversation's token with an access token (ccmessaging's
/// applyToken).
pub trait ConversationTokenOperation: Operation {
    /// The request for the token of `subject` (each token request field and its value, as
    /// [`Operation::token_subject`] gives them) in `locale`.
    fn token_request(subject: &[(&str, &str)], locale: &str) -> Self::Request;
    /// The token a response holds.
    fn conversation_token(response: &Self::Response) -> Option<&str>;
}
/// An operation that returns a list a page at a time, by offset and page size.
pub trait Paged: Operation {
    /// One item of the list.
    type Item: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static;
    /// The largest page the vendor serves (the page-size field's documented maximum).
    const MAX_PAGE_SIZE: Option<u64>;
    /// The offset a request starts at (its default when unset).
    fn offset(request: &Self::Request) -> u64;
    /// The page size the vendor uses when a request sets none.
    const DEFAULT_PAGE_SIZE: Option<u64>;
    /// The page size a request sets (`None`: unset, the vendor's default applies).
    fn page_size(request: &Self::Request) -> Option<u64>;
    /// The same request for another page.
    fn with_page(request: &Self::Request, offset: u64, page_size: u64) -> Self::Request;
    /// The page's items.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
    /// The total number of items, when the response says.
    fn total(response: &Self::Response) -> Option<u64>;
}

/// An operation called repeatedly to stream one message: the first call returns a key,
/// every later call carries it, and the last one is marked as such.
pub trait Streamed: Operation {
    /// The request for one piece of text: `template` (whose own text, key and end mark are
    /// replaced) with `chunk`, the key from the first call (none on the first call), and
    /// whether it is the last piece.
    fn chunk_request(template: &Self::Request, chunk: String, key: Option<String>, last: bool) -> Self::Request;
    /// The key a response returns.
    fn key_of(response: &Self::Response) -> Option<&str>;
}

/// An operation polled again and again for items (ccmessaging's `poll`): each answer hands over
/// the items waiting, none when nothing is, until an item ends the session.
pub trait Polled: Operation {
    /// One item of an answer.
    type Item: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static;
    /// The answer's items, in order.
    fn items(response: Self::Response) -> Vec<Self::Item>;
    /// Whether this item ends the session (nothing comes after it).
    fn ends(item: &Self::Item) -> bool;
}

/// Replaces a secret in `Debug` output.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A generated enum sent as a JSON integer: its documented values, and how it keeps the others.
///
/// The generated enum lists its variants; `int_enum!` implements this table from its own list of
/// the values and derives the wire value, parsing, `Display` and serde from it, with the helpers
/// below.
pub trait IntEnum: IntUnknown {
    /// Every documented value: the variant, its wire value, its Rust name and the vendor's
    /// description, in spec order.
    const VALUES: &'static [(Self, i64, &'static str, &'static str)];
}

/// How an integer enum keeps an undocumented value (its `Unknown(i64)` variant); `int_enum!`
/// implements it.
pub trait IntUnknown: Copy + PartialEq + 'static {
    /// The variant keeping an undocumented value.
    fn unknown(value: i64) -> Self;
    /// The value kept by the undocumented variant, when this is it.
    fn unknown_value(self) -> Option<i64>;
}

/// A generated enum sent as a JSON string: its documented values, and how it keeps the others.
pub trait StrEnum: StrUnknown {
    /// Every documented value: the variant, its wire value, its Rust name and the vendor's
    /// description, in spec order.
    const VALUES: &'static [(Self, &'static str, &'static str, &'static str)];
}

/// How a string enum keeps an undocumented value (its `Unknown(String)` variant); `str_enum!`
/// implements it.
pub trait StrUnknown: Clone + PartialEq + 'static {
    /// The variant keeping an undocumented value.
    fn unknown(value: String) -> Self;
    /// The value kept by the undocumented variant, when this is it.
    fn unknown_value(&self) -> Option<&str>;
}

/// The wire value of an integer enum.
pub fn int_enum_value<E: IntEnum>(e: E) -> i64 {
    match e.unknown_value() {
        Some(v) => v,
        None => E::VALUES.iter().find(|v| v.0 == e).map(|v| v.1).expect("every documented variant is in VALUES"),
    }
}

/// The integer enum value for a wire integer (an unlisted one is kept as unknown).
pub fn int_enum_from<E: IntEnum>(value: i64) -> E {
    E::VALUES.iter().find(|v| v.1 == value).map(|v| v.0).unwrap_or_else(|| E::unknown(value))
}

/// The vendor's description of an integer enum value.
pub fn int_enum_description<E: IntEnum>(e: E) -> Option<&'static str> {
    E::VALUES.iter().find(|v| v.0 == e).map(|v| v.3)
}

/// The wire value of a string enum.
pub fn str_enum_value<E: StrEnum>(e: &E) -> &str {
    match e.unknown_value() {
        Some(v) => v,
        None => E::VALUES.iter().find(|v| v.0 == *e).map(|v| v.1).expect("every documented variant is in VALUES"),
    }
}

/// The string enum value for a wire string (an unlisted one is kept as unknown).
pub fn str_enum_from<E: StrEnum>(value: &str) -> E {
    E::VALUES.iter().find(|v| v.1 == value).map(|v| v.0.clone()).unwrap_or_else(|| E::unknown(value.to_string()))
}

/// The vendor's description of a string enum value.
pub fn str_enum_description<E: StrEnum>(e: &E) -> Option<&'static str> {
    E::VALUES.iter().find(|v| v.0 == *e).map(|v| v.3)
}

/// The JSON Schema of an enum (for `schemars`): `type`, the values as `enum`, their Rust names
/// and descriptions as `x-enum-varnames` and `x-enum-descriptions` (the published schemas'
/// vocabulary), and the type's description; the same shape as the published schemas, whose
/// `title` is the type's component name.
pub fn enum_schema<'a>(
    json_type: &str,
    values: impl Iterator<Item = (serde_json::Value, &'a str, &'a str)>,
    description: &str,
) -> serde_json::Value {
    let mut listed = Vec::new();
    let mut names = Vec::new();
    let mut texts = Vec::new();
    for (value, name, text) in values {
        listed.push(value);
        names.push(serde_json::Value::from(name));
        texts.push(serde_json::Value::from(text));
    }
    let mut m = serde_json::Map::new();
    m.insert("type".into(), json_type.into());
    m.insert("enum".into(), serde_json::Value::Array(listed));
    m.insert("x-enum-varnames".into(), serde_json::Value::Array(names));
    m.insert("x-enum-descriptions".into(), serde_json::Value::Array(texts));
    if !description.is_empty() {
        m.insert("description".into(), description.into());
    }
    serde_json::Value::Object(m)
}

/// The schema of an integer enum (see [`enum_schema`]).
pub fn int_enum_schema<E: IntEnum>(description: &str) -> serde_json::Value {
    enum_schema("integer", E::VALUES.iter().map(|v| (v.1.into(), v.2, v.3)), description)
}

/// The schema of a string enum (see [`enum_schema`]).
pub fn str_enum_schema<E: StrEnum>(description: &str) -> serde_json::Value {
    enum_schema("string", E::VALUES.iter().map(|v| (v.1.into(), v.2, v.3)), description)
}

/// The value table ([`IntEnum`]), inherent API, `Display` and serde of a generated integer enum:
/// `value()`, `from_value()`, `is_known()`, `description()`. Each documented value is listed once,
/// as `(Variant, wire, "description")`. Invoked from a module beside `support`:
/// `int_enum!(Order; (OldestFirst, 1, "From morning to evening."), (NewestFirst, 2, "From evening to morning."));`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! int_enum {
    ($name:ident; $(($variant:ident, $wire:literal, $description:literal)),* $(,)?) => {
        impl super::support::IntEnum for $name {
            const VALUES: &'static [(Self, i64, &'static str, &'static str)] =
                &[$((Self::$variant, $wire, stringify!($variant), $description)),*];
        }
        impl super::support::Listed for $name {
            fn is_listed(&self) -> bool {
                self.is_known()
            }
        }
        impl super::support::IntUnknown for $name {
            fn unknown(value: i64) -> Self {
                Self::Unknown(value)
            }
            fn unknown_value(self) -> Option<i64> {
                if let Self::Unknown(v) = self { Some(v) } else { None }
            }
        }
        // Generated API: a crate using only part of it is no reason to warn.
        #[allow(dead_code)]
        impl $name {
            /// The wire value.
            pub fn value(&self) -> i64 {
                super::support::int_enum_value(*self)
            }
            /// The value for a wire integer (an unlisted one is kept as `Unknown`).
            pub fn from_value(value: i64) -> Self {
                super::support::int_enum_from(value)
            }
            /// Whether the spec documents this value.
            pub fn is_known(&self) -> bool {
                super::support::IntUnknown::unknown_value(*self).is_none()
            }
            /// The vendor's description of this value.
            pub fn description(&self) -> Option<&'static str> {
                super::support::int_enum_description(*self)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from_value)
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use int_enum;

/// The value table ([`StrEnum`]), inherent API, `Display` and serde of a generated string enum:
/// `as_str()`, `from_wire()`, `is_known()`, `description()`. Each documented value is listed once,
/// as `(Variant, "wire", "description")`. Invoked from a module beside `support`:
/// `str_enum!(Channel; (Web, "WEB", "The web channel."));`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! str_enum {
    ($name:ident; $(($variant:ident, $wire:literal, $description:literal)),* $(,)?) => {
        impl super::support::StrEnum for $name {
            const VALUES: &'static [(Self, &'static str, &'static str, &'static str)] =
                &[$((Self::$variant, $wire, stringify!($variant), $description)),*];
        }
        impl super::support::Listed for $name {
            fn is_listed(&self) -> bool {
                self.is_known()
            }
        }
        impl super::support::StrUnknown for $name {
            fn unknown(value: String) -> Self {
                Self::Unknown(value)
            }
            fn unknown_value(&self) -> Option<&str> {
                if let Self::Unknown(v) = self { Some(v) } else { None }
            }
        }
        // Generated API: a crate using only part of it is no reason to warn.
        #[allow(dead_code)]
        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                super::support::str_enum_value(self)
            }
            /// The value for a wire string (an unlisted one is kept as `Unknown`).
            pub fn from_wire(value: &str) -> Self {
                super::support::str_enum_from(value)
            }
            /// Whether the spec documents this value.
            pub fn is_known(&self) -> bool {
                super::support::StrUnknown::unknown_value(self).is_none()
            }
            /// The vendor's description of this value.
            pub fn description(&self) -> Option<&'static str> {
                super::support::str_enum_description(self)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)
                    .map(|v| Self::from_wire(&v))
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use str_enum;

/// `schemars::JsonSchema` of a generated enum, built from its value table (no JSON text parsed
/// at run time). `int` or `str`, the type, its description.
#[allow(unused_macros)] // unused when the models are built without `schemars`
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! enum_json_schema {
    (int $name:ident, $description:literal) => {
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::Schema::try_from(super::support::int_enum_schema::<Self>($description))
                    .expect("an enum schema is an object")
            }
        }
    };
    (str $name:ident, $description:literal) => {
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::Schema::try_from(super::support::str_enum_schema::<Self>($description))
                    .expect("an enum schema is an object")
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use enum_json_schema;

/// A documented error code: what the generated error-code enums list of each of their own codes,
/// and what the operation catalogue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorDoc {
    /// The code.
    pub code: i64,
    /// Its name (the Rust variant).
    pub name: &'static str,
    /// The vendor's description.
    pub description: &'static str,
    /// Whether retrying may succeed.
    pub retryable: bool,
    /// Our remark.
    pub note: Option<&'static str>,
}

/// A generated error-code enum: every documented code with its description and whether retrying
/// may succeed, in spec order (the shared tables it nests are not listed).
pub trait ErrorTable: Copy + PartialEq + 'static {
    /// The own variants, in spec order.
    const OWN: &'static [Self];
    /// The own codes, in the order of [`ErrorTable::OWN`] (the `n`th describes the `n`th variant).
    const DOCS: &'static [ErrorDoc];
}

/// The own entry of an error code, if it is one of the table's own.
pub fn own_entry<E: ErrorTable>(e: E) -> Option<&'static ErrorDoc> {
    E::OWN.iter().position(|v| *v == e).map(|i| &E::DOCS[i])
}

/// The own variant for a code, if the table lists it.
pub fn own_variant<E: ErrorTable>(code: i64) -> Option<E> {
    E::DOCS.iter().position(|d| d.code == code).map(|i| E::OWN[i])
}

/// The [`Operation`] impl of a generated operation's unit struct, from its facts named as the
/// trait's consts are (lower-case): the request, response and error-code types, then `id`,
/// `family`, `method` (a [`Method`] variant), `path`, `idempotent`, `rate_limit` (`None`, or
/// `(per_second, "scope")`), `summary`, `auth` and `server` (paths of the family's statics) and
/// `http_statuses` (`(status, "description", retryable)` each); then, when the operation has
/// them, `secret_fields` (wire names), `token_subject` (`("part", rust_field)` each, fields of
/// text) and `token_operations` (`(AccessOperation, ConversationOperation)`), which give
/// `SECRET_FIELDS`, `token_subject` and `token_operations`. Each fact ends with a comma. Invoked
/// from a module beside `support`: `operation!(Send { request: SendRequest, response:
/// SendResponse, error_code: SendErrorCode, id: "chat.send", family: "chat", method: Post, path:
/// "/send", idempotent: false, rate_limit: (200, "app"), summary: "Sends.", auth:
/// super::common::AUTH, server: super::common::SERVER, http_statuses: [(429, "Too many
/// requests.", true)], });`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! operation {
    (@rate None) => { None };
    (@rate ($per:literal, $scope:literal)) => {
        Some(super::support::RateLimit { per_second: $per, scope: $scope })
    };
    ($op:ident {
        request: $req:ty, response: $resp:ty, error_code: $err:ty,
        id: $id:literal, family: $family:literal, method: $method:ident, path: $path:literal,
        idempotent: $idempotent:literal, rate_limit: $rate:tt, summary: $summary:literal,
        auth: $auth:path, server: $server:path,
        http_statuses: [$(($status:literal, $description:literal, $retryable:literal)),* $(,)?],
        $(secret_fields: [$($secret:literal),* $(,)?],)?
        $(token_subject: [$(($part:literal, $subject:ident)),* $(,)?],)?
        $(token_operations: ($access:ty, $conversation:ty),)?
    }) => {
        impl super::support::Operation for $op {
            type Request = $req;
            type Response = $resp;
            type ErrorCode = $err;
            const ID: &'static str = $id;
            const FAMILY: &'static str = $family;
            const METHOD: super::support::Method = super::support::Method::$method;
            const PATH: &'static str = $path;
            const IDEMPOTENT: bool = $idempotent;
            const RATE_LIMIT: Option<super::support::RateLimit> = super::support::operation!(@rate $rate);
            const SUMMARY: &'static str = $summary;
            const AUTH: &'static super::support::AuthDoc = &$auth;
            const SERVER: &'static super::support::ServerDoc = &$server;
            const HTTP_STATUSES: &'static [super::support::HttpStatusDoc] = &[$(super::support::HttpStatusDoc {
                status: $status,
                description: $description,
                retryable: $retryable,
            }),*];
            $(const SECRET_FIELDS: &'static [&'static str] = &[$($secret),*];)?
            $(fn token_subject(request: &Self::Request) -> Vec<(&'static str, &str)> {
                vec![$(($part, request.$subject.as_str())),*]
            })?
            $(fn token_operations<V: super::support::TokenOperationsVisitor>(visitor: V) -> Option<V::Output> {
                Some(visitor.visit::<$access, $conversation>())
            })?
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use operation;

/// [`ErrorTable`], [`ErrorCode`] and `Display` of a generated error-code enum with an
/// `Unknown(i64)` variant and, for each shared table it nests, a variant holding that table's enum
/// (tried first, as the vendor's shared codes are). Its own codes are listed once, as
/// `(Variant, code, "description", retryable)` or `(Variant, code, "description", retryable,
/// "note")`. Invoked from a module beside `support`:
/// `error_codes!(SendErrorCode; TencentImCommon(super::common::TencentImCommonErrorCode); (NotFound, 100008, "Not found.", false));`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! error_codes {
    (@note) => { None };
    (@note $note:literal) => { Some($note) };
    ($name:ident; $($shared:ident($path:ty)),* $(,)?; $(($variant:ident, $code:literal, $description:literal, $retryable:literal $(, $note:literal)?)),* $(,)?) => {
        impl super::support::ErrorTable for $name {
            const OWN: &'static [Self] = &[$(Self::$variant),*];
            const DOCS: &'static [super::support::ErrorDoc] = &[$(super::support::ErrorDoc {
                code: $code,
                name: stringify!($variant),
                description: $description,
                retryable: $retryable,
                note: super::support::error_codes!(@note $($note)?),
            }),*];
        }
        impl super::support::ErrorCode for $name {
            fn from_code(code: i64) -> Self {
                $(
                    let shared = <$path as super::support::ErrorCode>::from_code(code);
                    if super::support::ErrorCode::is_known(&shared) {
                        return Self::$shared(shared);
                    }
                )*
                super::support::own_variant(code).unwrap_or(Self::Unknown(code))
            }
            fn code(&self) -> i64 {
                match self {
                    $(Self::$shared(c) => super::support::ErrorCode::code(c),)*
                    Self::Unknown(c) => *c,
                    #[allow(unreachable_patterns)]
                    own => super::support::own_entry(*own).expect("every own variant is in OWN").code,
                }
            }
            fn description(&self) -> Option<&'static str> {
                match self {
                    $(Self::$shared(c) => super::support::ErrorCode::description(c),)*
                    #[allow(unreachable_patterns)]
                    own => super::support::own_entry(*own).map(|e| e.description),
                }
            }
            fn is_retryable(&self) -> bool {
                match self {
                    $(Self::$shared(c) => super::support::ErrorCode::is_retryable(c),)*
                    #[allow(unreachable_patterns)]
                    own => super::support::own_entry(*own).is_some_and(|e| e.retryable),
                }
            }
            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                super::support::fmt_error_code(self, f)
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use error_codes;

// --- Callbacks -------------------------------------------------------------------------------

/// Which value identifies one delivery of a callback, so that a retried one is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DedupKey {
    /// A query parameter (Desk's `RequestID`).
    Query(&'static str),
    /// A top-level string field of the body (a bot message's `MsgKey`).
    BodyField(&'static str),
    /// The SHA-256 of the body, where the vendor names no key.
    BodyDigest,
}

/// The facts of one callback command that a receiver acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallbackFacts {
    /// Whether the vendor waits for the handler's reply (`ChatBot.OnAssignHuman`); the other
    /// callbacks are acknowledged at once and handled off the request path.
    pub synchronous: bool,
    /// What identifies a delivery, in order of preference (the first one present is used; the
    /// body digest when none is).
    pub dedup: &'static [DedupKey],
}

impl CallbackFacts {
    /// An asynchronous callback deduplicated by its body digest: what a command the spec does not
    /// know gets.
    pub const UNKNOWN: CallbackFacts = CallbackFacts { synchronous: false, dedup: &[DedupKey::BodyDigest] };
}

/// The callbacks of a family (or of several), as a receiver dispatches them: the generated event
/// enums implement it, dispatching on the command and keeping unknown commands.
pub trait Events: Sized + Send + 'static {
    /// The facts of `command`, `None` for a command the spec does not list (it is still received,
    /// with [`CallbackFacts::UNKNOWN`]).
    fn facts(command: &str) -> Option<CallbackFacts>;

    /// Parses the body of a delivery of `command`; a command the spec does not list is kept
    /// (an `Unknown` variant), never an error.
    fn parse(command: &str, body: &[u8]) -> Result<Self, serde_json::Error>;

    /// The facts of the callback delivered to `path`, for the callbacks dispatched by path instead
    /// of a command (ccmessaging's push); `None` when none is (the default).
    fn path_facts(path: &str) -> Option<CallbackFacts> {
        let _ = path;
        None
    }

    /// Parses the body of a delivery to `path` as the callback delivered there; `None` when no
    /// callback is (an unknown path is not a callback of these events, so there is no `Unknown`).
    fn parse_path(path: &str, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
        let _ = (path, body);
        None
    }
}

/// One callback of the spec, implemented by its generated body struct (`Self` is what the vendor
/// sends): where it is delivered, what the app answers, and how a receiver treats it.
pub trait Callback: Sized {
    /// The reply the app sends back: the envelope's fields, then the callback's own.
    type Reply;
    /// `family.name` (`desk.session_event_notify`).
    const ID: &'static str;
    /// The `CallbackCommand` it is dispatched on, when it has one.
    const COMMAND: Option<&'static str>;
    /// The path it is delivered to, under the app's base URL, for a callback dispatched by path
    /// (ccmessaging's push, which has no command).
    const PATH: Option<&'static str>;
    /// Whether the vendor waits for the reply, and what identifies a delivery.
    const FACTS: CallbackFacts;
    /// How long the vendor waits for the reply, in milliseconds, where it says.
    const TIMEOUT_MS: Option<u64>;
}

/// A callback reply that a receiver answers with on the app's behalf, in the reply's own shape
/// (its envelope's code and message fields): the acknowledgement of a delivery accepted without
/// waiting for the app, and the answer to a refused one. Generated for the replies whose
/// required fields are all their envelope's (ccmessaging's push: `{"resultCode", "resultDesc"}`).
pub trait Acknowledge: serde::Serialize + Sized {
    /// The answer to an accepted delivery: the envelope's success code, with `message`.
    fn accepted(message: &str) -> Self;
    /// The answer to a refused delivery: `code` (the HTTP status answered) and why.
    fn refused(code: i64, message: &str) -> Self;
}

/// Whether `command` is the command of callback `C`.
pub fn is_command<C: Callback>(command: &str) -> bool {
    C::COMMAND == Some(command)
}

/// Whether a delivery to `path` is one of callback `C`: the path ends with `C`'s (the app's base
/// URL may put a prefix before it; a query is ignored).
pub fn is_path<C: Callback>(path: &str) -> bool {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    C::PATH.is_some_and(|own| path.ends_with(own))
}

/// The body of a command no callback lists, as JSON (an event enum keeps it as `Unknown`).
pub fn unknown_event(command: &str, body: &[u8]) -> Result<(String, serde_json::Value), serde_json::Error> {
    Ok((command.to_string(), serde_json::from_slice(body)?))
}

/// The events of two sets, for one receiver serving both (`Either<ChatbotEvent, DeskEvent>`): a
/// command or path `A` lists is parsed as `A`'s, any other as `B`'s (so `B`'s `Unknown` keeps a
/// command neither lists). Nest it for more: `Either<A, Either<B, C>>`.
#[derive(Clone, Debug, PartialEq)]
pub enum Either<A, B> {
    /// A callback of `A`.
    First(A),
    /// A callback of `B`, or a command neither lists.
    Second(B),
}

impl<A: Events, B: Events> Events for Either<A, B> {
    fn facts(command: &str) -> Option<CallbackFacts> {
        A::facts(command).or_else(|| B::facts(command))
    }

    fn parse(command: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
        match A::facts(command) {
            Some(_) => A::parse(command, body).map(Either::First),
            None => B::parse(command, body).map(Either::Second),
        }
    }

    fn path_facts(path: &str) -> Option<CallbackFacts> {
        A::path_facts(path).or_else(|| B::path_facts(path))
    }

    fn parse_path(path: &str, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
        match A::parse_path(path, body) {
            Some(parsed) => Some(parsed.map(Either::First)),
            None => B::parse_path(path, body).map(|parsed| parsed.map(Either::Second)),
        }
    }
}

impl<A: serde::Serialize, B: serde::Serialize> serde::Serialize for Either<A, B> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Either::First(a) => a.serialize(serializer),
            Either::Second(b) => b.serialize(serializer),
        }
    }
}

/// The `Events`, `From` (one per body) and `Serialize` (the body as received) impls of a family's
/// event enum, from its name and each variant with its body struct (which implements
/// [`Callback`]): `events!(DeskEvent; SessionEventNotify(SessionEventNotifyEvent));`. The enum
/// has an `Unknown { command, body }` variant for the commands the spec does not list.
#[allow(unused_macros)] // a spec need not have callbacks
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! events {
    ($name:ident; $($variant:ident($body:ident)),* $(,)?) => {
        impl super::support::Events for $name {
            fn facts(command: &str) -> Option<super::support::CallbackFacts> {
                $(if super::support::is_command::<$body>(command) {
                    return Some(<$body as super::support::Callback>::FACTS);
                })*
                None
            }
            fn parse(command: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
                $(if super::support::is_command::<$body>(command) {
                    return serde_json::from_slice(body).map(Self::$variant);
                })*
                super::support::unknown_event(command, body).map(|(command, body)| Self::Unknown { command, body })
            }
            fn path_facts(path: &str) -> Option<super::support::CallbackFacts> {
                $(if super::support::is_path::<$body>(path) {
                    return Some(<$body as super::support::Callback>::FACTS);
                })*
                None
            }
            fn parse_path(path: &str, body: &[u8]) -> Option<Result<Self, serde_json::Error>> {
                $(if super::support::is_path::<$body>(path) {
                    return Some(serde_json::from_slice(body).map(Self::$variant));
                })*
                let _ = body;
                None
            }
        }
        $(impl From<$body> for $name {
            fn from(event: $body) -> Self {
                Self::$variant(event)
            }
        })*
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(event) => serde::Serialize::serialize(event, serializer),)*
                    Self::Unknown { body, .. } => serde::Serialize::serialize(body, serializer),
                }
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use events;

/// The serde of generated structs, which `wire_struct!` expands for each: what derived
/// `Serialize`/`Deserialize` impls do (same wire, same errors: `missing field`, `duplicate
/// field`, `unknown field`), with the per-field work in the generic functions here, so that each
/// generated struct compiles to a few lines instead of a derived field visitor and two visitors.
pub mod wire {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, MapAccess, SeqAccess};
    use serde::ser::SerializeStruct;

    /// Reads a field name (or index) as the index of a struct's field; `None` for a field to
    /// skip, an `unknown field` error instead when the struct denies unknown fields.
    #[derive(Clone, Copy, Debug)]
    pub struct FieldKey {
        /// The wire names of the struct's fields, in order.
        pub fields: &'static [&'static str],
        /// Whether a field not in `fields` is an error (`deny_unknown_fields`).
        pub deny_unknown: bool,
    }

    impl<'de> de::DeserializeSeed<'de> for FieldKey {
        type Value = Option<usize>;

        fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
            deserializer.deserialize_identifier(self)
        }
    }

    impl<'de> de::Visitor<'de> for FieldKey {
        type Value = Option<usize>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("field identifier")
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<usize>, E> {
            match usize::try_from(value).ok().filter(|i| *i < self.fields.len()) {
                Some(i) => Ok(Some(i)),
                None if self.deny_unknown => {
                    let expected = format!("field index 0 <= i < {}", self.fields.len());
                    Err(E::invalid_value(de::Unexpected::Unsigned(value), &expected.as_str()))
                }
                None => Ok(None),
            }
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<usize>, E> {
            match self.fields.iter().position(|f| *f == value) {
                Some(i) => Ok(Some(i)),
                None if self.deny_unknown => Err(E::unknown_field(value, self.fields)),
                None => Ok(None),
            }
        }

        fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Option<usize>, E> {
            match self.fields.iter().position(|f| f.as_bytes() == value) {
                Some(i) => Ok(Some(i)),
                None if self.deny_unknown => Err(E::unknown_field(&String::from_utf8_lossy(value), self.fields)),
                None => Ok(None),
            }
        }
    }

    /// A generated struct as its serde sees it: the facts `wire_struct!` gives, so that the
    /// generic [`serialize`] and [`deserialize`] here do what derived impls would, and each
    /// struct adds only its tables and a non-generic [`Struct::finish`].
    pub trait Struct: Sized {
        /// The struct's name, for `expecting` and `serialize_struct`.
        const NAME: &'static str;
        /// The wire names of its fields, in order.
        const FIELDS: &'static [&'static str];
        /// For each field, whether it is required (a sequence that ends before it is an error).
        const REQUIRED: &'static [bool];
        /// Whether a field not in `FIELDS` is an error (`deny_unknown_fields`).
        const DENY_UNKNOWN: bool;
        /// Where its fields are read into: one `Option` per field, grouped in tuples (see
        /// [`Slots`]).
        type Slots: Slots;
        /// The struct from what was read, or the wire name of the first required field absent.
        fn finish(slots: Self::Slots) -> Result<Self, &'static str>;
    }

    /// What a struct's fields are read into: `Option<T>` for one field, and tuples (up to 16)
    /// of slots for several, nested as the struct's `wire_struct!` groups them.
    pub trait Slots: Sized {
        /// How many fields these slots hold.
        const LEN: usize;
        /// Slots with nothing read yet.
        fn empty() -> Self;
        /// Reads the value of field `index` (counted in these slots) from the map; `name` is its
        /// wire name, for a `duplicate field` error.
        fn read<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            name: &'static str,
            map: &mut A,
        ) -> Result<(), A::Error>;
        /// Reads the fields in order from a sequence until it ends; how many were read.
        fn read_seq<'de, A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<usize, A::Error>;
    }

    impl<T: de::DeserializeOwned> Slots for Option<T> {
        const LEN: usize = 1;

        fn empty() -> Self {
            None
        }

        fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, name: &'static str, map: &mut A) -> Result<(), A::Error> {
            if self.is_some() {
                return Err(<A::Error as de::Error>::duplicate_field(name));
            }
            *self = Some(map.next_value()?);
            Ok(())
        }

        fn read_seq<'de, A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<usize, A::Error> {
            *self = seq.next_element()?;
            Ok(usize::from(self.is_some()))
        }
    }

    impl Slots for () {
        const LEN: usize = 0;

        fn empty() -> Self {}

        fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, _: &'static str, map: &mut A) -> Result<(), A::Error> {
            skip(map)
        }

        fn read_seq<'de, A: SeqAccess<'de>>(&mut self, _: &mut A) -> Result<usize, A::Error> {
            Ok(0)
        }
    }

    /// What a struct's fields are written from: [`Always`] or [`SkipNone`] for one field, and
    /// tuples (up to 16) of them for several, grouped as its [`Slots`] are.
    pub trait Fields {
        /// How many fields these are.
        const LEN: usize;
        /// How many entries they add to the serialised struct.
        fn count(&self) -> usize;
        /// Writes them; `names` are the wire names from the first of them on.
        fn write<S: SerializeStruct>(&self, state: &mut S, names: &[&'static str]) -> Result<(), S::Error>;
    }

    /// A field always written (a required one, or a nullable one: `null` when `None`).
    pub struct Always<'a, T>(pub &'a T);

    /// An optional field: written when `Some`, skipped when `None`.
    pub struct SkipNone<'a, T>(pub &'a Option<T>);

    impl<T: serde::Serialize> Fields for Always<'_, T> {
        const LEN: usize = 1;

        fn count(&self) -> usize {
            1
        }

        fn write<S: SerializeStruct>(&self, state: &mut S, names: &[&'static str]) -> Result<(), S::Error> {
            state.serialize_field(names[0], self.0)
        }
    }

    impl<T: serde::Serialize> Fields for SkipNone<'_, T> {
        const LEN: usize = 1;

        fn count(&self) -> usize {
            usize::from(self.0.is_some())
        }

        fn write<S: SerializeStruct>(&self, state: &mut S, names: &[&'static str]) -> Result<(), S::Error> {
            if self.0.is_some() { state.serialize_field(names[0], self.0) } else { state.skip_field(names[0]) }
        }
    }

    impl Fields for () {
        const LEN: usize = 0;

        fn count(&self) -> usize {
            0
        }

        fn write<S: SerializeStruct>(&self, _: &mut S, _: &[&'static str]) -> Result<(), S::Error> {
            Ok(())
        }
    }

    /// `Slots` and `Fields` of a tuple: each element in turn, over consecutive fields.
    macro_rules! tuples {
        ($(($($t:ident $i:tt),+))*) => {$(
            impl<$($t: Slots),+> Slots for ($($t,)+) {
                const LEN: usize = 0 $(+ $t::LEN)+;

                fn empty() -> Self {
                    ($($t::empty(),)+)
                }

                fn read<'de, A: MapAccess<'de>>(&mut self, mut index: usize, name: &'static str, map: &mut A) -> Result<(), A::Error> {
                    $(
                        if index < $t::LEN {
                            return self.$i.read(index, name, map);
                        }
                        index -= $t::LEN;
                    )+
                    let _ = index;
                    skip(map)
                }

                fn read_seq<'de, A: SeqAccess<'de>>(&mut self, seq: &mut A) -> Result<usize, A::Error> {
                    let mut read = 0;
                    $(
                        let got = self.$i.read_seq(seq)?;
                        read += got;
                        if got < $t::LEN {
                            return Ok(read);
                        }
                    )+
                    Ok(read)
                }
            }

            impl<$($t: Fields),+> Fields for ($($t,)+) {
                const LEN: usize = 0 $(+ $t::LEN)+;

                fn count(&self) -> usize {
                    0 $(+ self.$i.count())+
                }

                #[allow(unused_assignments)]
                fn write<S: SerializeStruct>(&self, state: &mut S, mut names: &[&'static str]) -> Result<(), S::Error> {
                    $(
                        self.$i.write(state, names)?;
                        names = &names[$t::LEN..];
                    )+
                    Ok(())
                }
            }
        )*};
    }

    tuples! {
        (T0 0)
        (T0 0, T1 1)
        (T0 0, T1 1, T2 2)
        (T0 0, T1 1, T2 2, T3 3)
        (T0 0, T1 1, T2 2, T3 3, T4 4)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13, T14 14)
        (T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9, T10 10, T11 11, T12 12, T13 13, T14 14, T15 15)
    }

    /// Serialises struct `T` from its fields, as a derived impl would.
    pub fn serialize<S: serde::Serializer, T: Struct, F: Fields>(serializer: S, fields: F) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct(T::NAME, fields.count())?;
        fields.write(&mut state, T::FIELDS)?;
        state.end()
    }

    /// Deserialises struct `T`, as a derived impl would (same errors).
    pub fn deserialize<'de, D: de::Deserializer<'de>, T: Struct>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
    }

    /// The visitor of struct `T`: a map of its fields, or a sequence of them in order.
    struct StructVisitor<T>(PhantomData<T>);

    impl<'de, T: Struct> de::Visitor<'de> for StructVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
            let mut slots = T::Slots::empty();
            let read = slots.read_seq(&mut seq)?;
            if let Some(at) = T::REQUIRED.iter().skip(read).position(|required| *required) {
                let expected = format!("struct {} with {} elements", T::NAME, T::FIELDS.len());
                return Err(<A::Error as de::Error>::invalid_length(read + at, &expected.as_str()));
            }
            T::finish(slots).map_err(<A::Error as de::Error>::missing_field)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let key = FieldKey { fields: T::FIELDS, deny_unknown: T::DENY_UNKNOWN };
            let mut slots = T::Slots::empty();
            while let Some(index) = map.next_key_seed(key)? {
                match index {
                    Some(i) => slots.read(i, T::FIELDS[i], &mut map)?,
                    None => skip(&mut map)?,
                }
            }
            T::finish(slots).map_err(<A::Error as de::Error>::missing_field)
        }
    }

    /// Skips the value of a field the struct does not have.
    pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<de::IgnoredAny>().map(|_| ())
    }

    /// How `wire_struct!` writes a field of each kind.
    pub mod write {
        use super::{Always, SkipNone};

        /// A required field: always written.
        pub fn required<T>(value: &T) -> Always<'_, T> {
            Always(value)
        }

        /// An optional field: skipped when `None`.
        pub fn optional<T>(value: &Option<T>) -> SkipNone<'_, T> {
            SkipNone(value)
        }

        /// A nullable field: always written, `null` when `None`.
        pub fn nullable<T>(value: &T) -> Always<'_, T> {
            Always(value)
        }
    }

    /// How `wire_struct!` takes a field of each kind from its slot once the input is read.
    pub mod take {
        /// A required field: its value, or its wire name when absent (`missing field`).
        pub fn required<T>(slot: Option<T>, name: &'static str) -> Result<T, &'static str> {
            slot.ok_or(name)
        }

        /// An optional field: `None` when absent.
        pub fn optional<T>(slot: Option<Option<T>>, _: &'static str) -> Result<Option<T>, &'static str> {
            Ok(slot.flatten())
        }

        /// A nullable field: `None` when absent or `null`.
        pub fn nullable<T>(slot: Option<Option<T>>, _: &'static str) -> Result<Option<T>, &'static str> {
            Ok(slot.flatten())
        }
    }
}

/// `serde::Serialize` and `serde::Deserialize` of a generated struct, as derived ones would be,
/// from its name, whether it denies unknown fields, and its fields in groups of at most 16, each
/// field as `kind(rust_name: Type, "WireName")` (kind: `required`, `optional` or `nullable`, see
/// [`wire`]). The impls call the generic [`wire::serialize`] and [`wire::deserialize`]; what the
/// struct adds is its [`wire::Struct`] tables and `finish`. Invoked from a module beside
/// `support`: `wire_struct!(Item deny; {required(name: String, "Name"), optional(kind:
/// Option<Kind>, "Kind")});`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! wire_struct {
    (@deny deny) => { true };
    (@deny) => { false };
    (@required required) => { true };
    (@required $kind:ident) => { false };
    (@slots) => { () };
    (@slots { $($kind:ident($field:ident: $ty:ty, $wire:literal)),* } $($rest:tt)*) => {
        (($(Option<$ty>,)*), super::support::wire_struct!(@slots $($rest)*))
    };
    (@pattern) => { () };
    (@pattern { $($kind:ident($field:ident: $ty:ty, $wire:literal)),* } $($rest:tt)*) => {
        (($($field,)*), super::support::wire_struct!(@pattern $($rest)*))
    };
    (@fields $this:ident) => { () };
    (@fields $this:ident { $($kind:ident($field:ident: $ty:ty, $wire:literal)),* } $($rest:tt)*) => {
        (
            ($(super::support::wire::write::$kind(&$this.$field),)*),
            super::support::wire_struct!(@fields $this $($rest)*),
        )
    };
    ($name:ident $($deny:ident)?; $({ $($kind:ident($field:ident: $ty:ty, $wire:literal)),* $(,)? })*) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let this = self;
                let fields = super::support::wire_struct!(@fields this $({ $($kind($field: $ty, $wire)),* })*);
                super::support::wire::serialize::<S, Self, _>(serializer, fields)
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                super::support::wire::deserialize(deserializer)
            }
        }
        impl super::support::wire::Struct for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($($wire),*),*];
            const REQUIRED: &'static [bool] = &[$($(super::support::wire_struct!(@required $kind)),*),*];
            const DENY_UNKNOWN: bool = super::support::wire_struct!(@deny $($deny)?);
            type Slots = super::support::wire_struct!(@slots $({ $($kind($field: $ty, $wire)),* })*);
            fn finish(slots: Self::Slots) -> Result<Self, &'static str> {
                let super::support::wire_struct!(@pattern $({ $($kind($field: $ty, $wire)),* })*) = slots;
                Ok(Self { $($($field: super::support::wire::take::$kind($field, $wire)?,)*)* })
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use wire_struct;

/// The [`Envelope`] impl of a generated response struct: its name, its code field, its message
/// field (or `_` when it has none) and the code meaning success, read through
/// [`envelope_fields::CodeField`] and [`envelope_fields::MessageField`]. Invoked from a module beside
/// `support`: `envelope!(SendResponse; error_code, error_info; 0);`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! envelope {
    ($name:ident; $code:ident, _; $success:literal) => {
        super::support::envelope!(@impl $name; $code; $success; |_this| "");
    };
    ($name:ident; $code:ident, $message:ident; $success:literal) => {
        super::support::envelope!(@impl $name; $code; $success; |this| {
            super::support::envelope_fields::MessageField::text(&this.$message)
        });
    };
    (@impl $name:ident; $code:ident; $success:literal; |$this:ident| $message:expr) => {
        impl super::support::Envelope for $name {
            fn code(&self) -> Option<i64> {
                super::support::envelope_fields::CodeField::code(&self.$code)
            }
            fn message(&self) -> &str {
                let $this = self;
                $message
            }
            fn is_success(&self) -> bool {
                !super::support::envelope_fields::CodeField::given(&self.$code) || self.code() == Some($success)
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use envelope;

/// The `Validate` impl of a generated struct: its required fields with rules, then (after `;`)
/// its optional ones, each as `(rust_name, "WireName", rule, ..)`; an optional field's rules are
/// checked when it is given. A rule is a function of [`rules`] and its arguments after the value,
/// as one tuple: `str(min, max, &[forbidden, ..])`, `int(min, max)`, `items(min, max)`,
/// `known()`, `each_known()`, `nested()`. Invoked from a module beside `support`:
/// `validate!(Item; (name, "Name", str(None, Some(64), &[])); (kind, "Kind", known()));`.
/// A struct's own impls come from [`struct_impls!`], which checks the same rules.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! validate {
    ($name:ident;
     $(($rf:ident, $rw:literal $(, $rr:ident $ra:tt)+)),*;
     $(($of:ident, $ow:literal $(, $or:ident $oa:tt)+)),* $(,)?) => {
        impl super::support::Validate for $name {
            #[allow(unused_variables)]
            fn validate_at(&self, path: &str, errors: &mut Vec<super::support::ValidationError>) {
                $(super::support::struct_impls!(@check (self, path, errors) required $rf $rw $(, $rr $ra)+);)*
                $(super::support::struct_impls!(@check (self, path, errors) optional $of $ow $(, $or $oa)+);)*
            }
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use validate;

/// The impls of a generated struct from its one field list: its serde (by [`wire_struct!`]),
/// the setters of its optional fields, and, when asked for after the name, `new` (taking the
/// required fields) and `Validate` (by each field's rules). The input is the struct's name,
/// `deny` when it denies unknown fields, then after `;` the parts asked for (`new`, `validate`),
/// then after `;` its fields in groups of at most 16, each as
/// `kind(rust_name: Type, "WireName", arg, rule, ..)`:
/// - `kind` is `required`, `optional` or `nullable` (see [`wire`]); `Type` is the value's type,
///   without the `Option` of a field that is not required;
/// - `arg` says what `new` and the setter take: `text` (`impl Into<String>`) or `value` (`Type`);
/// - each rule is a function of [`rules`] and its arguments after the value, as one tuple:
///   `str(min, max, &[forbidden, ..])`, `int(min, max)`, `items(min, max)`, `known()`,
///   `each_known()`, `nested()`; an optional field's rules are checked when it is given.
///
/// Invoked from a module beside `support`: `struct_impls!(Item; new, validate; {required(name:
/// String, "Name", text, str(None, Some(64), &[])), optional(kind: Kind, "Kind", value,
/// known())});`.
#[allow(unused_macros)] // a spec need not have every kind of item
#[cfg_attr(feature = "exported-macros", macro_export)]
macro_rules! struct_impls {
    (@full required $ty:ty) => { $ty };
    (@full $kind:ident $ty:ty) => { Option<$ty> };
    // The parts asked for, one at a time, each given the whole field list as one token tree.
    (@parts $name:ident $fields:tt) => {};
    (@parts $name:ident $fields:tt $part:ident $(, $rest:ident)*) => {
        super::support::struct_impls!(@part $part $name $fields);
        super::support::struct_impls!(@parts $name $fields $($rest),*);
    };
    (@part new $name:ident
     [$({ $($kind:ident($field:ident: $ty:ty, $wire:literal, $arg:ident $(, $r:ident $a:tt)*)),* })*]) => {
        super::support::struct_impls!(@new $name [] [] $($($kind $arg $field $ty,)*)*);
    };
    (@part validate $name:ident
     [$({ $($kind:ident($field:ident: $ty:ty, $wire:literal, $arg:ident $(, $r:ident $a:tt)*)),* })*]) => {
        impl super::support::Validate for $name {
            #[allow(unused_variables)]
            fn validate_at(&self, path: &str, errors: &mut Vec<super::support::ValidationError>) {
                $($(super::support::struct_impls!(@check (self, path, errors) $kind $field $wire $(, $r $a)*);)*)*
            }
        }
    };
    // `new`: the required fields become its parameters, one at a time.
    (@new $name:ident [$($param:tt)*] [$($init:tt)*]) => {
        #[allow(dead_code)] // a spec's own code need not build every struct
        impl $name {
            #[doc = concat!("A `", stringify!($name), "` with its required fields; set the others with the methods named after them.")]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($param)*) -> Self {
                Self { $($init)* }
            }
        }
    };
    (@new $name:ident [$($param:tt)*] [$($init:tt)*] required $arg:ident $field:ident $ty:ty, $($rest:tt)*) => {
        super::support::struct_impls!(@new $name
            [$($param)* $field: super::support::struct_impls!(@arg $arg $ty),]
            [$($init)* $field: super::support::struct_impls!(@take $arg $field),]
            $($rest)*);
    };
    (@new $name:ident [$($param:tt)*] [$($init:tt)*] $kind:ident $arg:ident $field:ident $ty:ty, $($rest:tt)*) => {
        super::support::struct_impls!(@new $name [$($param)*] [$($init)* $field: None,] $($rest)*);
    };
    // What `new` and a setter take for a field (`text`: any text; `value`: the value), and how
    // they store what they were given.
    (@arg text $ty:ty) => { impl Into<String> };
    (@arg value $ty:ty) => { $ty };
    (@take text $field:ident) => { $field.into() };
    (@take value $field:ident) => { $field };
    (@setter required $arg:ident $field:ident $ty:ty, $wire:literal) => {};
    (@setter $kind:ident $arg:ident $field:ident $ty:ty, $wire:literal) => {
        #[doc = concat!("Sets `", $wire, "`.")]
        #[must_use]
        pub fn $field(mut self, $field: super::support::struct_impls!(@arg $arg $ty)) -> Self {
            self.$field = Some(super::support::struct_impls!(@take $arg $field));
            self
        }
    };
    (@check ($this:ident, $path:ident, $errors:ident) $kind:ident $field:ident $wire:literal) => {};
    (@check ($this:ident, $path:ident, $errors:ident) required $field:ident $wire:literal $(, $r:ident $a:tt)+) => {{
        let value = &$this.$field;
        $(super::support::rules::$r($errors, $path, $wire, value, $a);)+
    }};
    (@check ($this:ident, $path:ident, $errors:ident) $kind:ident $field:ident $wire:literal $(, $r:ident $a:tt)+) => {
        if let Some(value) = &$this.$field {
            $(super::support::rules::$r($errors, $path, $wire, value, $a);)+
        }
    };
    ($name:ident $($deny:ident)?; $($part:ident),*;
     $({ $($kind:ident($field:ident: $ty:ty, $wire:literal, $arg:ident $(, $r:ident $a:tt)*)),* $(,)? })*) => {
        super::support::wire_struct!($name $($deny)?; $({ $($kind($field: super::support::struct_impls!(@full $kind $ty), $wire)),* })*);
        super::support::struct_impls!(@parts $name [$({ $($kind($field: $ty, $wire, $arg $(, $r $a)*)),* })*] $($part),*);
        #[allow(dead_code)] // a spec's own code need not set every field
        impl $name {
            $($(super::support::struct_impls!(@setter $kind $arg $field $ty, $wire);)*)*
        }
    };
}
#[allow(unused_imports)]
#[cfg(not(feature = "exported-macros"))]
pub(crate) use struct_impls;
