//! Names the draft shares with the spec: a type of a new operation named like one its family
//! already has (`Message`, `Order`) would be a duplicate when the draft is dropped beside the spec,
//! so it is renamed after the operation (`TransferToHumanPriority`), with a TODO to reuse the
//! family's type if it is the same.

use ccapi_loader::naming::pascal;

use crate::draft::{Draft, TypeKindDraft};
use crate::rx::rx;
use crate::spec::Spec;

/// Renames the draft's types that clash with its family's types in `spec`, when the operation is
/// new (for one the spec has, the draft is compared with it, names included).
pub fn rename_types(d: &mut Draft, spec: &Spec) {
    let api = spec.api();
    let id = d.id();
    if api.operations().any(|o| o.id == id) {
        return;
    }
    let fam = d.family.key.clone();
    let taken = |name: &str| api.types.iter().any(|t| t.module == fam && t.name == name);
    let prefix = pascal(&d.op.name);
    let clashing: Vec<String> = d.types.iter().map(|t| t.name.clone()).filter(|n| taken(n)).collect();
    for old in clashing {
        let mut new = format!("{prefix}{old}");
        while taken(&new) || d.ty(&new).is_some() {
            new.push('2');
        }
        rename(d, &old, &new);
        d.todo(
            format!("types.{new}"),
            format!(
                "the family `{fam}` has a type `{old}` already, so this one is `{new}`: if they are the same, use `{old}` and delete this one"
            ),
        );
    }
}

/// Renames a draft type and every reference to it (field types, TODO places).
fn rename(d: &mut Draft, old: &str, new: &str) {
    let word = rx!(r"[A-Za-z0-9_]+");
    let swap = |ty: &mut String| {
        *ty = word
            .replace_all(ty, |c: &regex::Captures<'_>| if &c[0] == old { new.to_string() } else { c[0].to_string() })
            .into_owned();
    };
    for t in &mut d.types {
        if t.name == old {
            t.name = new.to_string();
        }
        if let TypeKindDraft::Struct { fields } = &mut t.kind {
            fields.iter_mut().for_each(|f| swap(&mut f.ty));
        }
    }
    d.op.request.fields.iter_mut().chain(d.op.response.fields.iter_mut()).for_each(|f| swap(&mut f.ty));
    let (from, to) = (format!("types.{old}"), format!("types.{new}"));
    for t in &mut d.todos {
        if t.place == from || t.place.starts_with(&format!("{from}.")) {
            t.place = format!("{to}{}", &t.place[from.len()..]);
        }
    }
}
