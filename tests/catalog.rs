//! The models' operation catalogue (feature `catalog`, what `ccapi list` and `ccapi help` render)
//! says what the IR says: one entry per operation, in spec order, with its wire facts, fields and
//! error codes, and every type and shared table it points at is the one the IR names.

use ccapi_loader::ir::{Field, TypeKind};
use ccapi_models::catalog::{self, FieldDoc, Shape};
use ccapi_tests::workspace_api;

fn same_fields<'a>(place: &str, docs: impl IntoIterator<Item = &'a FieldDoc>, fields: &[Field]) {
    let docs: Vec<&FieldDoc> = docs.into_iter().collect();
    let doc_names: Vec<(&str, bool)> = docs.iter().map(|f| (f.name, f.required)).collect();
    let ir_names: Vec<(&str, bool)> = fields.iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(doc_names, ir_names, "{place}: wire names and required-ness");
    for (d, f) in docs.iter().zip(fields) {
        assert_eq!(d.description, f.description, "{place}.{}", f.wire_name);
    }
}

#[test]
fn every_operation_of_the_spec_has_its_entry_with_the_same_facts() {
    let api = workspace_api();
    let ids: Vec<&str> = catalog::OPERATIONS.iter().map(|o| o.facts.id).collect();
    let spec_ids: Vec<&str> = api.operations().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, spec_ids);
    for op in api.operations() {
        let doc = catalog::operation(&op.id).unwrap();
        let facts = &doc.facts;
        assert_eq!((facts.method.as_str(), facts.path), (op.method.as_str(), op.path.as_str()), "{}", op.id);
        assert_eq!(facts.idempotent, op.idempotent, "{}", op.id);
        let family = api.family(&op.family).unwrap();
        assert_eq!(facts.auth.key, op.auth, "{}", op.id);
        assert_eq!(facts.server.key, family.server, "{}", op.id);
        assert_eq!(doc.envelope.map(|e| e.key), Some(op.envelope.as_str()), "{}", op.id);
        let TypeKind::Struct(request) = &api.ty(op.request).kind else { panic!("{}: request", op.id) };
        same_fields(&format!("{}.request", op.id), doc.request, &request.fields);
        let TypeKind::Struct(response) = &api.ty(op.response).kind else { panic!("{}: response", op.id) };
        same_fields(&format!("{}.response", op.id), doc.response_fields(), &response.fields);
        let own: Vec<(i64, bool)> =
            op.errors.iter().filter(|e| e.from_set.is_none()).map(|e| (e.code, e.retryable)).collect();
        let documented: Vec<(i64, bool)> = doc.errors.iter().map(|e| (e.code, e.retryable)).collect();
        assert_eq!(documented, own, "{}: own error codes", op.id);
        for set in doc.error_sets {
            assert!(op.errors.iter().any(|e| e.from_set.as_deref() == Some(set.key)), "{}: {}", op.id, set.key);
        }
    }
}

#[test]
fn every_type_a_field_names_is_listed_with_the_ir_shape() {
    let api = workspace_api();
    for doc in catalog::OPERATIONS {
        for t in doc.types {
            let def = api
                .types
                .iter()
                // Two families may each have a type of this name: the operation's family's, else `common`'s.
                .find(|d| d.name == t.name && d.module == doc.facts.family)
                .or_else(|| api.types.iter().find(|d| d.name == t.name && d.module == "common"))
                .unwrap_or_else(|| panic!("{}: no type {}", doc.facts.id, t.name));
            match (&t.shape, &def.kind) {
                (Shape::Struct { fields, .. }, TypeKind::Struct(s)) => same_fields(t.name, *fields, &s.fields),
                (Shape::Enum { values }, TypeKind::Enum(e)) => {
                    let docs: Vec<(String, &str, &str)> =
                        values().into_iter().map(|v| (v.value, v.name, v.description)).collect();
                    let ir: Vec<(String, &str, &str)> = e
                        .values
                        .iter()
                        .map(|v| (v.value.to_string(), v.rust_name.as_str(), v.description.as_str()))
                        .collect();
                    assert_eq!(docs, ir, "{}", t.name)
                }
                (Shape::Union { variants, .. }, TypeKind::Union(u)) => {
                    assert_eq!(variants.len(), u.variants.len(), "{}", t.name)
                }
                (Shape::Record { fields, .. }, TypeKind::Record(r)) => same_fields(t.name, *fields, &r.fields),
                (shape, kind) => panic!("{}: {shape:?} against {kind:?}", t.name),
            }
        }
        for f in doc.request.iter().chain(doc.response_fields()) {
            if let Some(name) = f.type_name {
                assert!(doc.type_of(f).is_some(), "{}: {} names {name}, which is not listed", doc.facts.id, f.name);
            }
        }
    }
}
