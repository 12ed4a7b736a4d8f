//! The intermediate representation: a validated, resolved spec.
//!
//! Every decision the emitters need is made here (Rust names, which module a type lives in, the
//! full list of error codes of an operation, the envelope fields of a response), so that no
//! emitter re-derives one and all of them agree.

use serde_json::Value as Json;

/// The models module that holds what the families share: servers, auth schemes, shared error
/// sets and the spec's top-level types.
pub const COMMON_MODULE: &str = "common";

/// The whole API.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Short name (`ccapi`).
    pub name: String,
    /// Human title.
    pub title: String,
    /// Semver version of the spec; published schema `$id`s carry it.
    pub version: String,
    /// What the API is.
    pub description: String,
    /// The licence of the published description (an SPDX expression, `MIT OR Apache-2.0`), if
    /// the spec states one.
    pub license: Option<String>,
    /// Base URLs.
    pub servers: Vec<Server>,
    /// Auth schemes.
    pub auth: Vec<AuthScheme>,
    /// Response envelopes.
    pub envelopes: Vec<Envelope>,
    /// Shared error code tables.
    pub error_sets: Vec<ErrorSet>,
    /// Every named type, whatever its module.
    pub types: Vec<TypeDef>,
    /// API families and their operations.
    pub families: Vec<Family>,
    /// How the app checks that a callback comes from the vendor (`callback_auth`), indexed by
    /// [`CallbackAuthId`].
    pub callback_auth: Vec<CallbackAuthScheme>,
}

/// Where requests go.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// Key in the spec (`tencent-im`).
    pub key: String,
    /// Rust name of its region enum (`TencentImRegion`), used when it has regions.
    pub region_enum: String,
    /// Rust name of the static describing it to the runtime (`TENCENT_IM_SERVER`).
    pub static_name: String,
    /// Rust name of the client builder's method setting its base URL (`my_api_endpoint`), used
    /// when it is a template (each deployment has its own URL).
    pub endpoint_method: String,
    /// What it is.
    pub description: String,
    /// Regional domains, or empty when the server is a template.
    pub regions: Vec<Region>,
    /// The region used when none is chosen.
    pub default_region: Option<String>,
    /// A URL template such as `https://{domain}`.
    pub template: Option<String>,
    /// An example URL for the template.
    pub example: Option<String>,
}

/// One region of a server.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Key used on the command line and in the environment (`silicon-valley`).
    pub key: String,
    /// Rust variant name (`SiliconValley`).
    pub rust_name: String,
    /// Human title.
    pub title: String,
    /// Primary base URL.
    pub primary: String,
    /// Backup base URL.
    pub backup: Option<String>,
}

/// The kind of an auth scheme, which decides how the client obtains its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// Tencent IM's UserSig in query parameters (`kind: tencent_usersig`).
    TencentUserSig,
    /// Headers (or query parameters) whose values the caller provides as they are (`kind: headers`).
    Headers,
    /// The ccmessaging token flow (`kind: ccmessaging_token`): an access token from the app key
    /// and secret (tokenByAkSk), then a token per conversation (applyToken), sent in headers.
    CcmessagingToken,
}

impl AuthKind {
    /// Every kind, with its name in the spec format.
    pub const ALL: &'static [(AuthKind, &'static str)] = &[
        (AuthKind::TencentUserSig, "tencent_usersig"),
        (AuthKind::Headers, "headers"),
        (AuthKind::CcmessagingToken, "ccmessaging_token"),
    ];

    /// The kind's name in the spec format (`tencent_usersig`).
    pub fn spec_name(self) -> &'static str {
        AuthKind::ALL.iter().find(|(k, _)| *k == self).map(|(_, n)| *n).unwrap_or_default()
    }

    /// Its variant name in the runtime's `AuthKind` (`TencentUserSig`).
    pub fn rust_name(self) -> &'static str {
        match self {
            AuthKind::TencentUserSig => "TencentUserSig",
            AuthKind::Headers => "Headers",
            AuthKind::CcmessagingToken => "CcmessagingToken",
        }
    }
}

/// What the value of an auth parameter is, decided from its kind and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthRole {
    /// The application's id (Tencent `sdkappid`).
    AppId,
    /// The administrator account (Tencent `identifier`).
    Identifier,
    /// The signature computed from the secret key (Tencent `usersig`).
    UserSig,
    /// A fresh random unsigned 32-bit number per request (Tencent `random`).
    Random,
    /// A value fixed by the spec (`const`; Tencent `contenttype=json`).
    Fixed(String),
    /// A value the caller provides as it is (`x-api-key` of a `headers` scheme).
    Given,
    /// `Bearer` and the access token of the token flow (ccmessaging `Authorization`).
    BearerAccessToken,
    /// The app key of the token flow (ccmessaging `x-app-key`).
    AppKey,
    /// The per-conversation token of the token flow (ccmessaging `ccmessaging-token`).
    ConversationToken,
}

impl AuthRole {
    /// Its variant name in the runtime's `AuthRole` (`AppId`; `Fixed` carries the value).
    pub fn rust_name(&self) -> &'static str {
        match self {
            AuthRole::AppId => "AppId",
            AuthRole::Identifier => "Identifier",
            AuthRole::UserSig => "UserSig",
            AuthRole::Random => "Random",
            AuthRole::Fixed(_) => "Fixed",
            AuthRole::Given => "Given",
            AuthRole::BearerAccessToken => "BearerAccessToken",
            AuthRole::AppKey => "AppKey",
            AuthRole::ConversationToken => "ConversationToken",
        }
    }
}

/// Where an auth parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthIn {
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// One parameter of an auth scheme, as the client sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthParam {
    /// Wire name (`usersig`, `x-api-key`).
    pub wire_name: String,
    /// Query or header.
    pub location: AuthIn,
    /// What its value is.
    pub role: AuthRole,
    /// Whether its value must never be printed.
    pub secret: bool,
    /// The environment variable the `ccapi` command line reads a [`AuthRole::Given`] value
    /// from: `CCAPI_AUTH_` and the name in upper case with `-` as `_` (`CCAPI_AUTH_X_API_KEY`).
    pub env: String,
    /// Its name among the OpenAPI document's security schemes (`tencent-usersig.usersig`), when
    /// it is one (a secret query parameter, or any header).
    pub security_scheme: String,
}

/// An HTTP method (an unknown one is a spec error).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
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

impl HttpMethod {
    /// Every method.
    pub const ALL: &'static [HttpMethod] =
        &[HttpMethod::Get, HttpMethod::Post, HttpMethod::Put, HttpMethod::Patch, HttpMethod::Delete];

    /// The method's name on the wire (`POST`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// The method with this wire name (upper case), if it is one.
    pub fn from_wire(name: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.iter().copied().find(|m| m.as_str() == name)
    }

    /// Its Rust variant name in the runtime's `Method` (`Post`).
    pub fn rust_name(self) -> &'static str {
        match self {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Patch => "Patch",
            HttpMethod::Delete => "Delete",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An auth scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthScheme {
    /// Key in the spec.
    pub key: String,
    /// Rust type name of its parameters (`TencentUsersigQuery`).
    pub rust_name: String,
    /// Rust name of the static describing it to the runtime (`TENCENT_USERSIG_AUTH`).
    pub static_name: String,
    /// Rust name of the struct of its query parameters (`TencentUsersigQuery`), when it has any.
    pub query_struct: String,
    /// Rust name of the struct of its headers (`CcmessagingTokenHeaders`), when it has any.
    pub headers_struct: String,
    /// How values are obtained.
    pub kind: AuthKind,
    /// What it is.
    pub description: String,
    /// Query parameters on every call.
    pub query: Vec<Field>,
    /// Headers on every call.
    pub headers: Vec<Field>,
    /// For a token applied per conversation: each field of the token request (`userId`) and the
    /// wire name of the operation's request field whose value it takes (`from`).
    pub token_subject: Vec<(String, String)>,
    /// Every parameter as the client sends it (query parameters first), with its role.
    pub params: Vec<AuthParam>,
    /// For a token flow: the operations of the spec that issue its tokens (`token_operations`).
    pub token_operations: Option<TokenOperations>,
}

/// The operations that issue the tokens of a `ccmessaging_token` scheme, resolved by the
/// loader: each is an operation of the spec with the matching [`TokenIssue`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenOperations {
    /// Id of the operation trading the app key and secret for an access token (tokenByAkSk).
    pub access: String,
    /// Id of the operation applying for a conversation's token with it (applyToken).
    pub conversation: String,
}

/// Which token an operation issues (its `token:` mapping), with the fields that carry it.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per token operation, built once: size does not matter
pub enum TokenIssue {
    /// An access token, for the app key and secret in its request.
    Access {
        /// The request's string field taking the app key.
        app_key: Field,
        /// The request's (secret) string field taking the app secret.
        app_secret: Field,
        /// The response's string field holding the access token.
        token: Field,
        /// The response's field holding the token's lifetime in seconds (an integer, or a string
        /// of digits), if any.
        lifetime: Option<Field>,
    },
    /// A conversation's token: its request's other fields are a token subject's (each scheme
    /// using it names them in `token_subject`).
    Conversation {
        /// The request's string field taking the caller's locale (`en`), if any.
        locale: Option<Field>,
        /// The response's string field holding the token.
        token: Field,
    },
}

/// A response envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// Key in the spec.
    pub key: String,
    /// What it is.
    pub description: String,
    /// Fields every response of its families carries (already part of each response type).
    pub fields: Vec<Field>,
    /// Wire name of the code field.
    pub code_field: String,
    /// Wire name of the message field.
    pub message_field: String,
    /// The code value meaning success (JSON: a number or a string).
    pub success_code: Json,
    /// Whether the code is sent as a string holding an integer (`"0"`).
    pub code_is_string: bool,
    /// What the vendor says about HTTP statuses.
    pub http: Option<String>,
    /// Documented HTTP statuses other than 200.
    pub http_statuses: Vec<HttpStatus>,
}

/// A documented HTTP status.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpStatus {
    /// The status code.
    pub status: u16,
    /// Vendor's description.
    pub description: String,
    /// Whether retrying may succeed.
    pub retryable: bool,
}

/// A shared error code table.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorSet {
    /// Key in the spec.
    pub key: String,
    /// Rust name of its enum (`TencentImCommonErrorCode`).
    pub rust_name: String,
    /// Rust name of the variant nesting it in an operation's error enum (`TencentImCommon`).
    pub variant_name: String,
    /// What it is.
    pub description: String,
    /// Where the table comes from.
    pub source: Option<String>,
    /// The codes, in spec order.
    pub codes: Vec<ErrorCode>,
}

/// One documented error code.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// The code.
    pub code: i64,
    /// Rust variant name.
    pub rust_name: String,
    /// Vendor's description.
    pub description: String,
    /// Whether retrying the same request may succeed.
    pub retryable: bool,
    /// Our remark, if any.
    pub note: Option<String>,
    /// Where it comes from: `None` for the operation itself, else the error set's key.
    pub from_set: Option<String>,
}

/// An API family.
#[derive(Clone, Debug, PartialEq)]
pub struct Family {
    /// Key (`desk`), also the Rust module of its types and the cargo feature enabling it.
    pub key: String,
    /// Rust name of the client's handle of its operations (`Desk`).
    pub handle_name: String,
    /// Human title.
    pub title: String,
    /// What it is.
    pub description: String,
    /// Key of its server.
    pub server: String,
    /// Key of its auth scheme (its operations' unless they name their own).
    pub auth: String,
    /// Key of its envelope (its operations' unless they name their own).
    pub envelope: String,
    /// Its operations, in spec order.
    pub operations: Vec<Operation>,
    /// Rust name of the enum of its callbacks, one variant per callback and one for unknown
    /// commands (`DeskEvent`).
    pub event_enum: String,
    /// The callbacks the vendor sends to the app, in spec order.
    pub callbacks: Vec<Callback>,
}

/// A documented rate limit.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    /// Calls per second.
    pub per_second: u32,
    /// Whom the limit applies to (`app`).
    pub scope: String,
    /// Where it is documented.
    pub source: Option<String>,
}

/// The page an operation was written from.
#[derive(Clone, Debug, PartialEq)]
pub struct DocRef {
    /// Page file or URL.
    pub page: String,
    /// Page title.
    pub title: Option<String>,
    /// The page's last-updated stamp.
    pub updated: Option<String>,
}

/// One operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// `family.name`, e.g. `desk.send_stream_msg`.
    pub id: String,
    /// Family key.
    pub family: String,
    /// Name within the family (`send_stream_msg`), also the Rust method name.
    pub name: String,
    /// PascalCase name (`SendStreamMsg`).
    pub rust_name: String,
    /// One line.
    pub summary: String,
    /// Vendor's description.
    pub description: String,
    /// Source page.
    pub docs: Option<DocRef>,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path, starting with `/`.
    pub path: String,
    /// Whether it is safe to resend after an ambiguous failure.
    pub idempotent: bool,
    /// Its rate limit (its own, else its family's).
    pub rate_limit: Option<RateLimit>,
    /// Index into [`Api::types`] of the request body struct.
    pub request: TypeId,
    /// Index into [`Api::types`] of the response body struct (envelope fields first).
    pub response: TypeId,
    /// Rust name of the error-code enum (`SendStreamMsgErrorCode`).
    pub error_enum: String,
    /// Every code it may return: its own first, then its family's sets.
    pub errors: Vec<ErrorCode>,
    /// Valid samples.
    pub examples: Vec<Example>,
    /// Invalid request shapes that must be rejected.
    pub invalid_requests: Vec<InvalidExample>,
    /// How the operation pages through a list, when it does.
    pub paging: Option<Paging>,
    /// How the operation builds one message from many calls, when it does.
    pub streaming: Option<Streaming>,
    /// How the operation is polled for a stream of items, when it is.
    pub polling: Option<Polling>,
    /// Its auth scheme's token subject, resolved: each token request field and the request
    /// field (a required string) whose value it takes.
    pub token_subject: Vec<(String, Field)>,
    /// Key of its auth scheme: its own `auth`, else its family's.
    pub auth: String,
    /// Key of its envelope: its own `envelope`, else its family's.
    pub envelope: String,
    /// The token it issues, when it is one of a token flow's operations.
    pub token: Option<TokenIssue>,
    /// Where the request's fields go: the JSON body, or (for `GET` and `DELETE`) the query string.
    pub request_in: RequestIn,
}

/// Where an operation's request fields are sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestIn {
    /// As a JSON object in the body (`POST`, `PUT`, `PATCH`).
    Body,
    /// As query parameters, one per field, in field order (`GET`, `DELETE`): strings as they are,
    /// numbers and booleans as their JSON text, absent optional fields left out.
    Query,
}

impl RequestIn {
    /// Where a method's request fields go (the rule is the method's, so it is decided once, here).
    pub fn of(method: HttpMethod) -> RequestIn {
        match method {
            HttpMethod::Get | HttpMethod::Delete => RequestIn::Query,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => RequestIn::Body,
        }
    }
}

/// An operation that returns a list a page at a time, by offset and page size.
#[derive(Clone, Debug, PartialEq)]
pub struct Paging {
    /// The request's integer offset field (`Offset`).
    pub offset: Field,
    /// The request's integer page-size field (`Limit`); its `maximum` is the largest page.
    pub limit: Field,
    /// The response's array field holding the page's items (`Messages`).
    pub items: Field,
    /// The response's integer field with the total number of items (`TotalCount`), if any.
    pub total: Option<Field>,
    /// Rust name of the family handle's method streaming every item (`describe_chat_messages_all`).
    pub all_method: String,
}

/// An operation called repeatedly to stream one message: the first call returns a key, every
/// later call carries it, the last one says so.
#[derive(Clone, Debug, PartialEq)]
pub struct Streaming {
    /// The request's string field with the next piece of text (`Chunk`).
    pub chunk: Field,
    /// The request's string field carrying the key on later calls (`MsgKey`).
    pub request_key: Field,
    /// The response's string field returning the key (`MsgKey`).
    pub response_key: Field,
    /// The request's field that marks the last call (`Finish`).
    pub finish: Field,
    /// The value of `finish` on the last call (`1`).
    pub finish_value: Json,
    /// Rust name of the family handle's method sending a stream of pieces
    /// (`send_stream_msg_from_stream`).
    pub from_stream_method: String,
}

/// An operation polled again and again for items (ccmessaging's `poll`): each answer holds the
/// items waiting (none: poll again later), until an item ends the session.
#[derive(Clone, Debug, PartialEq)]
pub struct Polling {
    /// The response's array field holding the items of one answer (`downlinkMessages`).
    pub items: Field,
    /// Index into [`Api::types`] of the items' struct (`DownLinkMsg`).
    pub item: TypeId,
    /// The items' scalar field whose value marks the last item (`controlType`).
    pub ends: Field,
    /// The value of `ends` on the last item (`"DISCONNECT"`).
    pub ends_value: Json,
    /// Rust name of the family handle's method polling the items as a stream (`poll_stream`).
    pub stream_method: String,
}

/// A sample request and/or response.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Identifier (snake_case), unique in its operation.
    pub name: String,
    /// What it shows.
    pub summary: Option<String>,
    /// Request body.
    pub request: Option<Json>,
    /// Response body.
    pub response: Option<Json>,
    /// What was corrected from the page.
    pub erratum: Option<String>,
    /// Wire names of request fields whose documented rule the vendor's own sample breaks (the
    /// page contradicts itself): the sample is kept verbatim and accepted by the field's enforced
    /// constraints, its table's rule being the field's [`Contradiction`]; the loader warns. (A
    /// field without one refuses the sample: see [`Api::refused_fields`].)
    pub breaks: Vec<String>,
    /// Name of the protocol test reading its request (`desk_send_stream_msg__first__request`).
    pub request_test: String,
    /// Name of the protocol test reading its response (`desk_send_stream_msg__first__response`).
    pub response_test: String,
}

/// A request that breaks a documented rule.
#[derive(Clone, Debug, PartialEq)]
pub struct InvalidExample {
    /// Identifier (snake_case).
    pub name: String,
    /// Which rule it breaks.
    pub summary: Option<String>,
    /// The body.
    pub request: Json,
    /// Wire name of the field whose rule is broken; empty for a whole-body rule.
    pub field: String,
    /// Name of the protocol test refusing it (`desk_describe_chat_messages__invalid__limit_101`).
    pub test_name: String,
}

/// Index of a type in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named type.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Name in the spec (`SendStreamMsgRequest` for an operation's inline request).
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Rust module: a family key, or `common`.
    pub module: String,
    /// Its name under the OpenAPI document's `components/schemas`: for a body, the family's
    /// PascalCase name and the Rust name (`DeskSendStreamMsgRequest`); for another type, the
    /// Rust name where no other component has it, else the module's PascalCase name in front
    /// (`ChatbotFinish`), else a number behind.
    pub component_name: String,
    /// Vendor's description.
    pub description: String,
    /// What was corrected from the page.
    pub erratum: Option<String>,
    /// The shape.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// A JSON object.
    Struct(StructDef),
    /// A closed-but-extensible set of values.
    Enum(EnumDef),
    /// A tagged union.
    Union(UnionDef),
    /// A delimited text record (`name,size,fileId,ext`).
    Record(RecordDef),
}

/// A JSON object.
#[derive(Clone, Debug, PartialEq)]
pub struct StructDef {
    /// Fields in wire order.
    pub fields: Vec<Field>,
    /// Alternative groups of fields, exactly one of which must be given.
    pub one_of: Vec<OneOfGroup>,
    /// Where it is used.
    pub role: StructRole,
}

/// Whether a struct is a request body, a response body, or nested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructRole {
    /// An operation's request body.
    Request,
    /// An operation's response body.
    Response,
    /// The body of a callback the vendor sends to the app (read by the app: open, like a
    /// response).
    CallbackBody,
    /// The reply the app sends back to a callback (written by the app, like a request; the
    /// envelope's fields first).
    CallbackReply,
    /// Anything else.
    Nested,
}

/// One alternative of a `one_of`.
#[derive(Clone, Debug, PartialEq)]
pub struct OneOfGroup {
    /// Constructor name (snake_case).
    pub name: String,
    /// The title of its branch in the published schemas, unique among every schema title and
    /// component name: the struct's component name and the group's PascalCase name
    /// (`DeskGetSessionStateRequestBySession`).
    pub component_name: String,
    /// What it is for.
    pub description: String,
    /// Wire names of its fields.
    pub fields: Vec<String>,
}

/// How an enum is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumRepr {
    /// As a JSON string.
    String,
    /// As a JSON integer.
    Integer,
}

/// An enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Wire representation.
    pub repr: EnumRepr,
    /// Values, in spec order.
    pub values: Vec<EnumValue>,
}

/// One enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The wire value (a JSON string or integer).
    pub value: Json,
    /// Rust variant name.
    pub rust_name: String,
    /// What it means, in the vendor's words.
    pub description: String,
    /// What was corrected from the page.
    pub erratum: Option<String>,
}

/// A tagged union: `{"<tag>": "<variant tag>", "<content>": {...}}`.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionDef {
    /// Wire name of the tag field.
    pub tag_field: String,
    /// Wire name of the content field.
    pub content_field: String,
    /// Variants, in spec order.
    pub variants: Vec<UnionVariant>,
}

/// One union variant.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The tag value.
    pub tag: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Its schema's name in the published schemas (`$defs`, OpenAPI `components/schemas`) and
    /// its title: the union's component name and the Rust variant name (`MsgBodyElementText`),
    /// unique among every component name.
    pub component_name: String,
    /// The struct its content deserializes to.
    pub content: TypeId,
    /// What it is.
    pub description: String,
}

/// A delimited text record.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDef {
    /// Separator between parts.
    pub delimiter: String,
    /// Parts in order (types: string or integers).
    pub fields: Vec<Field>,
}

/// A field of a struct, record, or auth scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Wire name.
    pub wire_name: String,
    /// Rust field name (snake_case, never a keyword).
    pub rust_name: String,
    /// Vendor's description.
    pub description: String,
    /// Its type.
    pub ty: Type,
    /// Whether it must be present.
    pub required: bool,
    /// Whether `null` is accepted (and sent when absent).
    pub nullable: bool,
    /// Documented default.
    pub default: Option<Json>,
    /// Documented example value.
    pub example: Option<Json>,
    /// Constraints on the value.
    pub constraints: Constraints,
    /// What a string holds.
    pub holds: Option<Holds>,
    /// Rust name of the method reading what it holds, for [`Holds::Json`] (`content_json`) and
    /// [`Holds::Type`] (`content_parsed`); for [`Holds::ByField`] each case names its own.
    pub holds_accessor: Option<String>,
    /// Must never be printed.
    pub secret: bool,
    /// What was corrected from the page.
    pub erratum: Option<String>,
    /// Our remark.
    pub note: Option<String>,
    /// Where the page's own samples break the rule its table documents for this field (its
    /// `documented` mapping): the table's rule, beside [`Field::constraints`], the enforced ones
    /// that every sample keeps.
    pub contradiction: Option<Contradiction>,
}

/// A page that contradicts itself: its samples send values its table forbids. The spec never
/// refuses what the vendor's own samples send, so the enforced constraints accept them; this
/// keeps what the table says, and which samples break it.
#[derive(Clone, Debug, PartialEq)]
pub struct Contradiction {
    /// The constraints as the page's table documents them (the field's `constraints` are the
    /// enforced ones, which every sample keeps).
    pub documented: Constraints,
    /// Names of the examples whose request breaks the documented rule, in spec order.
    pub samples: Vec<String>,
    /// One sentence saying both (`the page's table says 1 to 24 characters, but its own samples
    /// send 40 ...`), for the schema descriptions, the catalogue and the lint.
    pub summary: String,
}

/// The type of a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// A string.
    String,
    /// A boolean.
    Bool,
    /// An integer of the given width and signedness.
    Int(IntType),
    /// A 64-bit float.
    F64,
    /// Any JSON value.
    Json,
    /// A named type.
    Named(TypeId),
    /// An array.
    Array(Box<Type>),
}

/// An integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntType {
    /// i32
    I32,
    /// i64
    I64,
    /// u32
    U32,
    /// u64
    U64,
}

impl IntType {
    /// The Rust type name.
    pub fn rust(self) -> &'static str {
        match self {
            IntType::I32 => "i32",
            IntType::I64 => "i64",
            IntType::U32 => "u32",
            IntType::U64 => "u64",
        }
    }

    /// Smallest and largest value.
    pub fn bounds(self) -> (i128, i128) {
        match self {
            IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntType::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntType::U32 => (0, u32::MAX.into()),
            IntType::U64 => (0, u64::MAX.into()),
        }
    }
}

/// Constraints on a value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// A regular expression the whole string must match.
    pub pattern: Option<String>,
    /// Substrings that must not appear.
    pub not_contains: Vec<String>,
    /// Inclusive minimum.
    pub minimum: Option<i64>,
    /// Inclusive maximum.
    pub maximum: Option<i64>,
    /// Minimum number of items.
    pub min_items: Option<u64>,
    /// Maximum number of items.
    pub max_items: Option<u64>,
    /// The only allowed value.
    pub const_value: Option<Json>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// What a string field holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Holds {
    /// JSON text of any shape.
    Json,
    /// JSON text of a struct, or the text of a record.
    Type(TypeId),
    /// Depends on the value of another field.
    ByField {
        /// Wire name of the field deciding.
        field: String,
        /// Rust name of that field.
        rust_field: String,
        /// Cases: value of that field → what the string holds.
        cases: Vec<(EnumCase, TypeId)>,
    },
}

/// A case of [`Holds::ByField`]: the deciding value, and its Rust path if it is an enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumCase {
    /// Wire value.
    pub value: String,
    /// Rust variant of the deciding enum.
    pub rust_variant: String,
    /// Rust name of the method reading the string as this case's type (`msg_content_as_file_ref`);
    /// cases holding the same type share it.
    pub accessor: String,
}

/// Index of a callback auth scheme in [`Api::callback_auth`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CallbackAuthId(pub usize);

/// How the app can tell that a callback comes from the vendor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackAuthKind {
    /// Tencent Chat and Desk (`kind: tencent_callback_sign`): the query's app id must be the
    /// app's own, and, when callback authentication is on, `Sign` is the lowercase hex SHA-256 of
    /// the token immediately followed by `RequestTime` (the body is not covered), and
    /// `RequestTime` must be within the replay window of the receiver's clock.
    TencentCallbackSign,
    /// The vendor signs deliveries but does not publish how (`kind: verification_hook`): the
    /// receiver hands the signature to a check the app supplies.
    VerificationHook,
    /// Nothing proves where a delivery comes from (`kind: unverified`).
    Unverified,
}

impl CallbackAuthKind {
    /// Every kind, with its name in the spec format.
    pub const ALL: &'static [(CallbackAuthKind, &'static str)] = &[
        (CallbackAuthKind::TencentCallbackSign, "tencent_callback_sign"),
        (CallbackAuthKind::VerificationHook, "verification_hook"),
        (CallbackAuthKind::Unverified, "unverified"),
    ];

    /// The kind's name in the spec format (`tencent_callback_sign`).
    pub fn spec_name(self) -> &'static str {
        CallbackAuthKind::ALL.iter().find(|(k, _)| *k == self).map(|(_, n)| *n).unwrap_or_default()
    }
}

/// What a parameter of a callback auth scheme is to the receiver, decided from the scheme's kind
/// and the parameter's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackParamRole {
    /// The vendor's id of the app, which must be the app's own (Tencent `SdkAppid`).
    AppId,
    /// The callback's command (Tencent `CallbackCommand`; the body repeats it).
    Command,
    /// The signature of the delivery (Tencent `Sign`).
    Sign,
    /// When the delivery was signed, in Unix seconds (Tencent `RequestTime`).
    RequestTime,
    /// The signature a [`CallbackAuthKind::VerificationHook`] hands to the app's check
    /// (ccmessaging's `Authorization`).
    Signature,
    /// Documented for the app, checked by nothing (`ClientIP`, `OptPlatform`, `RequestID`).
    Info,
}

impl CallbackParamRole {
    /// Its name in the published schema index and OpenAPI document (`app_id`, `request_time`).
    pub fn key(self) -> &'static str {
        match self {
            CallbackParamRole::AppId => "app_id",
            CallbackParamRole::Command => "command",
            CallbackParamRole::Sign => "sign",
            CallbackParamRole::RequestTime => "request_time",
            CallbackParamRole::Signature => "signature",
            CallbackParamRole::Info => "info",
        }
    }
}

/// One parameter of a callback auth scheme, as the receiver reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackParam {
    /// Wire name (`SdkAppid`, `Authorization`); query names compare exactly.
    pub wire_name: String,
    /// Query or header.
    pub location: AuthIn,
    /// What it is to the receiver.
    pub role: CallbackParamRole,
    /// Whether it is always sent (`Sign` is sent only when callback authentication is on).
    pub required: bool,
    /// Its name among the OpenAPI document's security schemes (`tencent-callback-sign.Sign`), used
    /// when it carries the signature (a [`CallbackParamRole::Sign`] or
    /// [`CallbackParamRole::Signature`]); the same convention as [`AuthParam::security_scheme`].
    pub security_scheme: String,
}

impl CallbackParam {
    /// Whether it carries the delivery's signature, and so is one of the OpenAPI document's
    /// security schemes.
    pub fn is_signature(&self) -> bool {
        matches!(self.role, CallbackParamRole::Sign | CallbackParamRole::Signature)
    }
}

/// A callback auth scheme (`callback_auth`), with the query parameters and headers every
/// callback using it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackAuthScheme {
    /// Key in the spec (`tencent-callback-sign`).
    pub key: String,
    /// How deliveries are checked.
    pub kind: CallbackAuthKind,
    /// What it is, in the vendor's words.
    pub description: String,
    /// Source page.
    pub docs: Option<DocRef>,
    /// How far the signing time may be from the receiver's clock, either way, in seconds
    /// (Tencent: 60), for a kind that signs with a time.
    pub window_seconds: Option<u64>,
    /// The query parameters of every delivery (field map).
    pub query: Vec<Field>,
    /// The headers of every delivery (field map).
    pub headers: Vec<Field>,
    /// Every parameter with its role (query parameters first).
    pub params: Vec<CallbackParam>,
    /// Our remark (what the vendor leaves unsaid).
    pub note: Option<String>,
}

impl CallbackAuthScheme {
    /// The wire name of the parameter with this role, if the scheme has one.
    pub fn param(&self, role: CallbackParamRole) -> Option<&CallbackParam> {
        self.params.iter().find(|p| p.role == role)
    }
}

/// What identifies one delivery of a callback, so that a retried one is dropped.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // a few per callback, built once: size does not matter
pub enum DedupKey {
    /// A query parameter of the callback's auth scheme (Desk's `RequestID`), by wire name.
    Query(String),
    /// A top-level string field of the body (a message's `MsgKey`).
    Body(Field),
    /// The SHA-256 of the body, where the vendor names no key (always last).
    Digest,
}

/// A callback: a request the vendor sends to the app.
#[derive(Clone, Debug, PartialEq)]
pub struct Callback {
    /// `family.name`, e.g. `desk.session_event_notify`.
    pub id: String,
    /// Family key.
    pub family: String,
    /// Name within the family (`session_event_notify`).
    pub name: String,
    /// PascalCase name (`SessionEventNotify`): the variant of the family's event enum, and the
    /// stem of its body (`SessionEventNotifyEvent`) and reply (`SessionEventNotifyReply`) types.
    pub rust_name: String,
    /// The `CallbackCommand` it is dispatched on (`Desk.SessionEventNotify`), when it has one.
    pub command: Option<String>,
    /// The path it is delivered to, under the app's base URL (`/webhooks/v1/messages`), for a
    /// callback dispatched by path instead of a command.
    pub path: Option<String>,
    /// One line.
    pub summary: String,
    /// Vendor's description.
    pub description: String,
    /// When the vendor sends it.
    pub trigger: Option<String>,
    /// Source page.
    pub docs: Option<DocRef>,
    /// Whether the vendor waits for the reply (its fields steer what happens next); the others
    /// are acknowledged at once and handled off the request path.
    pub synchronous: bool,
    /// How long the vendor waits for the reply, where it says.
    pub timeout_ms: Option<u64>,
    /// What identifies a delivery, in order of preference (the first present is used).
    pub dedup: Vec<DedupKey>,
    /// Its callback auth scheme: its own `auth`, else its family's `callback_auth`.
    pub auth: CallbackAuthId,
    /// Key of the envelope of its reply: its own `envelope`, else its family's.
    pub envelope: String,
    /// Index into [`Api::types`] of the body struct.
    pub body: TypeId,
    /// Index into [`Api::types`] of the reply struct (the envelope's fields first).
    pub reply: TypeId,
    /// Its name among the OpenAPI document's `webhooks`: the command, else the id.
    pub webhook: String,
    /// The published schema of its body (`desk/session_event_notify.event.json`).
    pub body_schema: String,
    /// The published schema of its reply (`desk/session_event_notify.reply.json`).
    pub reply_schema: String,
    /// Reconstructed samples.
    pub examples: Vec<CallbackExample>,
    /// Our remark (unconfirmed facts).
    pub note: Option<String>,
    /// Where the vendor's pages contradict themselves or their samples, and what the spec chose.
    pub erratum: Option<String>,
}

/// A sample delivery of a callback and/or its reply.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackExample {
    /// Identifier (snake_case), unique in its callback.
    pub name: String,
    /// What it shows.
    pub summary: Option<String>,
    /// The body the vendor sends.
    pub body: Option<Json>,
    /// The reply the app sends back.
    pub reply: Option<Json>,
    /// What was corrected from the page.
    pub erratum: Option<String>,
    /// Name of the protocol test reading its body (`desk_session_event_notify__user_message__body`).
    pub body_test: String,
    /// Name of the protocol test reading its reply (`desk_session_event_notify__user_message__reply`).
    pub reply_test: String,
}

impl Api {
    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Every operation, family by family.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.families.iter().flat_map(|f| f.operations.iter())
    }

    /// The operation with this id (`ccmessaging.apply_token`).
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations().find(|o| o.id == id)
    }

    /// The request fields whose enforced rule a sample of `op` breaks: the fields of its
    /// `breaks` without a documented rule (a spec written before the rule that samples are
    /// accepted; the loader warns). Empty for every sample the published schemas accept.
    pub fn refused_fields<'a>(&self, op: &Operation, example: &'a Example) -> Vec<&'a str> {
        let TypeKind::Struct(s) = &self.ty(op.request).kind else { return Vec::new() };
        example
            .breaks
            .iter()
            .filter(|w| !s.fields.iter().any(|f| f.wire_name == **w && f.contradiction.is_some()))
            .map(String::as_str)
            .collect()
    }

    /// The family with this key.
    pub fn family(&self, key: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.key == key)
    }

    /// The envelope with this key.
    pub fn envelope(&self, key: &str) -> Option<&Envelope> {
        self.envelopes.iter().find(|e| e.key == key)
    }

    /// The server with this key.
    pub fn server(&self, key: &str) -> Option<&Server> {
        self.servers.iter().find(|s| s.key == key)
    }

    /// The auth scheme with this key.
    pub fn auth_scheme(&self, key: &str) -> Option<&AuthScheme> {
        self.auth.iter().find(|a| a.key == key)
    }

    /// Every callback, family by family.
    pub fn callbacks(&self) -> impl Iterator<Item = &Callback> {
        self.families.iter().flat_map(|f| f.callbacks.iter())
    }

    /// The callback with this id (`desk.session_event_notify`).
    pub fn callback(&self, id: &str) -> Option<&Callback> {
        self.callbacks().find(|c| c.id == id)
    }

    /// The callback auth scheme with this id.
    pub fn callback_auth_scheme(&self, id: CallbackAuthId) -> &CallbackAuthScheme {
        &self.callback_auth[id.0]
    }

    /// Rust modules that hold types, in a stable order (`common` first, then families).
    pub fn modules(&self) -> Vec<String> {
        let mut out = vec![COMMON_MODULE.to_string()];
        out.extend(self.families.iter().map(|f| f.key.clone()));
        out
    }
}
