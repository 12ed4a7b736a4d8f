//! The extension keywords of the published schemas (`schemas/vocabulary.json`): annotations
//! only, which never change what a schema accepts.
//!
//! A strict validator refuses keywords it does not know (Ajv's default `strict: true`); these
//! are few, documented, and listed in `schemas/vocabulary.json` so that a validator can be told
//! about them in one line (Ajv: `ajv.addVocabulary(vocabulary.keywords)`, see
//! `schemas/README.md`). Every other keyword of the schema files is JSON Schema 2020-12's own.

use serde_json::{Value as Json, json};

/// The operation a body schema belongs to (`desk.send_stream_msg`).
pub const OPERATION: &str = "x-operation";
/// The callback a body or reply schema belongs to (`desk.on_assign_human`).
pub const CALLBACK: &str = "x-callback";
/// A response schema's error codes: `[{code, description, retryable}]`.
pub const ERROR_CODES: &str = "x-error-codes";
/// An enum's Rust variant names, in the order of its `enum`.
pub const ENUM_VARNAMES: &str = "x-enum-varnames";
/// The vendor's description of each enum value, in the order of its `enum`.
pub const ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";
/// A field's documented default (what the vendor assumes when the field is absent).
pub const DEFAULT: &str = "x-default";
/// A field whose value must never be printed or logged.
pub const SECRET: &str = "x-secret";

/// Every keyword with what it means.
pub const KEYWORDS: &[(&str, &str)] = &[
    (OPERATION, "the operation a body schema belongs to (`desk.send_stream_msg`); on every body schema"),
    (
        CALLBACK,
        "the callback an event (body) or reply schema belongs to (`desk.on_assign_human`); on every callback \
         schema, whose entry in `index.json` says how it is recognised, signed and deduplicated",
    ),
    (
        ERROR_CODES,
        "the error codes an operation's response may carry, each `{code, description, retryable}`; on every \
         response schema",
    ),
    (ENUM_VARNAMES, "the names of an enum's values, in the order of its `enum` (the Rust variants' names)"),
    (ENUM_DESCRIPTIONS, "the vendor's description of each of an enum's values, in the order of its `enum`"),
    (
        DEFAULT,
        "the vendor's documented default of an optional field (what it assumes when the field is absent); \
         published as an annotation of its own, since generators turn a JSON Schema `default` into a required \
         property",
    ),
    (SECRET, "a value that must never be printed or logged (beside `writeOnly`)"),
];

/// `schemas/vocabulary.json`.
pub fn document() -> Json {
    let described: serde_json::Map<String, Json> = KEYWORDS.iter().map(|(k, d)| (k.to_string(), json!(d))).collect();
    json!({
        "$comment": crate::format::NOTICE,
        "description": "The extension keywords of the published schemas: annotations only, which never change what \
                        a schema accepts. Tell a strict validator about them, e.g. Ajv: \
                        `ajv.addVocabulary(require(\"./vocabulary.json\").keywords)`.",
        "keywords": KEYWORDS.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        "meanings": described,
    })
}
