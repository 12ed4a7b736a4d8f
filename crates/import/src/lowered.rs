//! The draft lowered to the IR by the spec's own loader (its YAML loaded beside the spec's shared
//! parts), and the page's samples checked against it by the spec's own instance checker
//! ([`ccapi_loader::instance`]), each finding placed at the draft field it concerns, so that the
//! importer can repair the draft (a `null` the table does not allow, a value a listed enum lacks)
//! and mark a sample that breaks the page's own rules.

use ccapi_loader::Severity;
use ccapi_loader::instance::{self, Violation};
use ccapi_loader::ir::{Api, Field, Operation, TypeId, TypeKind};
use serde_json::Value as Json;

use crate::draft::{Draft, TypeKindDraft};
use crate::emit;
use crate::examples::{body_fields, dir_place};
use crate::page::Dir;
use crate::spec::Spec;

/// A draft's definitions in the IR.
#[derive(Debug)]
pub struct Lowered {
    api: Api,
    /// The draft's operation id.
    id: String,
}

/// One finding of the instance checker on a sample, at its place in the draft.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Draft place of the field it concerns (`request.fields.from`,
    /// `types.Message.fields.MsgBody`), when the draft has that field.
    pub place: Option<String>,
    /// Wire name of the top-level field it is under (empty for the whole body).
    pub top: String,
    /// What the checker found.
    pub violation: Violation,
}

impl Lowered {
    /// Lowers the draft's definitions (without its examples and field examples, which are what is
    /// checked); the error is the first problem, located, when they do not load beside the spec.
    pub fn new(draft: &Draft, spec: &Spec) -> Result<Lowered, String> {
        let mut defs = draft.clone();
        defs.op.examples.clear();
        defs.op.unreadable.clear();
        let structs = defs.types.iter_mut().filter_map(|t| match &mut t.kind {
            TypeKindDraft::Struct { fields } => Some(fields),
            TypeKindDraft::Enum { .. } => None,
        });
        for fields in structs.chain([&mut defs.op.request.fields, &mut defs.op.response.fields]) {
            // Without its samples, a `documented` rule would be one no sample breaks.
            fields.iter_mut().for_each(|f| {
                f.example = None;
                f.documented_min_length = None;
                f.documented_max_length = None;
            });
        }
        let loaded = spec.load_draft(&emit::yaml(&defs, None));
        match loaded.api {
            Some(api) => Ok(Lowered { api, id: draft.id() }),
            None => {
                let first = loaded.diagnostics.items.iter().find(|d| d.severity == Severity::Error);
                Err(first.map_or_else(
                    || "no diagnostic".to_string(),
                    |d| format!("{}: {}", d.location(&loaded.sources), d.message),
                ))
            }
        }
    }

    fn op(&self) -> Option<&Operation> {
        self.api.operations().find(|o| o.id == self.id)
    }

    /// Checks a request or response body.
    pub fn body(&self, draft: &Draft, dir: Dir, body: &Json) -> Vec<Finding> {
        let Some(op) = self.op() else { return Vec::new() };
        let ty = if dir == Dir::Request { op.request } else { op.response };
        instance::check_type(&self.api, ty, body)
            .into_iter()
            .map(|v| Finding { place: place_of(draft, dir, &v.path), top: top_of(&v), violation: v })
            .collect()
    }

    /// Checks one value of the draft field at `place` (`request.fields.x`, `types.T.fields.x`);
    /// empty when it fits, or when the lowering lacks the field.
    pub fn value(&self, place: &str, v: &Json) -> Vec<Violation> {
        self.field(place).map(|f| instance::check_field(&self.api, f, v)).unwrap_or_default()
    }

    /// The IR field of a draft place.
    fn field(&self, place: &str) -> Option<&Field> {
        let op = self.op()?;
        let (owner, wire) = place.rsplit_once(".fields.")?;
        let id = match owner {
            "request" => op.request,
            "response" => op.response,
            t => {
                let name = t.strip_prefix("types.")?;
                let at = self.api.types.iter().position(|d| d.module == op.family && d.name == name)?;
                TypeId(at)
            }
        };
        match &self.api.ty(id).kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == wire),
            _ => None,
        }
    }
}

/// The wire name of the top-level field a finding is under (`Messages` of `Messages[0].MsgBody`).
fn top_of(v: &Violation) -> String {
    let first = v.path.split(['.', '[']).next().unwrap_or("");
    if first.is_empty() { v.field.clone() } else { first.to_string() }
}

/// The draft place of the field at a checker path (`Messages[0].MsgBody` →
/// `types.Message.fields.MsgBody`), following the draft's struct types.
fn place_of(draft: &Draft, dir: Dir, path: &str) -> Option<String> {
    let mut fields = body_fields(draft, dir);
    let mut owner = dir_place(dir).to_string();
    let mut place = None;
    for segment in path.split('.') {
        let wire = segment.split('[').next()?;
        let f = fields.iter().find(|f| f.wire == wire)?;
        place = Some(format!("{owner}.fields.{wire}"));
        let ty = f.ty.trim_start_matches("array<").trim_end_matches('>');
        (fields, owner) = match draft.ty(ty).map(|t| &t.kind) {
            Some(TypeKindDraft::Struct { fields }) => (fields.as_slice(), format!("types.{ty}")),
            _ => (&[][..], String::new()),
        };
    }
    place
}

#[cfg(test)]
mod tests {
    use ccapi_loader::instance::Rule;
    use serde_json::json;

    use super::*;
    use crate::draft::{FieldDraft, TypeDraft};

    const PAGE: &str = "Listing Things\n\nAPI Call Description\n\nLists things.\n\n\
        Sample Request URL\n\nhttps://console.tim.qq.com/v4/desk_http_svc/list_things?sdkappid=1\n\n\
        Sample Request Packet\n\n{\"Limit\": 5, \"Order\": 1}\n\n\
        Request Packet Fields\n\nField\nType\nRequired\nDescription\n\
        Limit\nInteger\nOptional.\nNumber of things, the maximum is 100.\n\
        Order\nInteger\nOptional.\n1: Oldest first 2: Newest first\n";

    #[test]
    fn findings_are_placed_at_the_draft_fields() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
        let spec = Spec::load_dir(&dir).unwrap();
        let mut d = crate::import(PAGE, None, &spec).draft;
        let mut name = FieldDraft::new("Name", "string");
        name.max_length = Some(2);
        let kind = TypeKindDraft::Struct { fields: vec![name] };
        d.types.push(TypeDraft { name: "Thing".into(), description: "A thing.".into(), kind });
        d.op.request.fields.push(FieldDraft::new("Things", "array<Thing>"));
        let low = Lowered::new(&d, &spec).unwrap_or_else(|e| panic!("{e}"));
        let body = json!({"Limit": 101, "Order": 3, "Things": [{"Name": "abc"}], "X": 1});
        let found = low.body(&d, Dir::Request, &body);
        let got: Vec<(Option<&str>, &str, &Rule)> =
            found.iter().map(|f| (f.place.as_deref(), f.top.as_str(), &f.violation.rule)).collect();
        assert_eq!(
            got,
            [
                (Some("request.fields.Limit"), "Limit", &Rule::Constraint),
                (Some("request.fields.Order"), "Order", &Rule::NotListed(json!(3))),
                (Some("types.Thing.fields.Name"), "Things", &Rule::Constraint),
                (None, "X", &Rule::Unknown),
            ]
        );
        assert!(low.value("request.fields.Limit", &json!(100)).is_empty());
        assert_eq!(low.value("request.fields.Limit", &Json::Null)[0].rule, Rule::Null);
        assert_eq!(
            low.value("types.Thing.fields.Name", &json!("abc"))[0].message,
            "must be at most 2 characters, found 3"
        );
        assert!(low.value("request.fields.Nothing", &json!(1)).is_empty());
    }

    #[test]
    fn a_draft_that_does_not_load_says_where() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
        let spec = Spec::load_dir(&dir).unwrap();
        let mut d = crate::import(PAGE, None, &spec).draft;
        d.family.key = "elsewhere".into();
        d.family.extends = false;
        d.family.server = "nowhere".into();
        let why = Lowered::new(&d, &spec).unwrap_err();
        assert!(why.starts_with("draft.yaml:"), "{why}");
    }
}
