//! A field's `default`, `example` and `const` checked against the field itself.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// A field's own `default`, `example` and `const` must be valid values of it.
    pub(super) fn check_field_values(&mut self, o: &Obj<'n>, field: &Field, fwhat: &str) {
        let values =
            [("default", &field.default), ("example", &field.example), ("const", &field.constraints.const_value)];
        for (key, val) in values {
            let (Some(val), Some(n)) = (val, o.get(key)) else { continue };
            if let Some(problem) = self.check_scalar(field, val) {
                let d = self.r.error(n.span, format!("the `{key}` of {fwhat} is invalid: {problem}"));
                d.help = Some(format!("make the `{key}` a valid value of the field"));
            }
        }
    }

    /// Checks a default or example against a field of primitive or enum type.
    pub(super) fn check_scalar(&self, f: &Field, v: &Json) -> Option<String> {
        // Only enum types are resolved at this point; other named types are checked with examples.
        if let Type::Named(id) = &f.ty {
            let def = self.types[id.0].as_ref()?;
            if let TypeKind::Enum(e) = &def.kind {
                if self.broken_enums.contains(id) {
                    return None; // its own errors say what is wrong
                }
                return (!e.values.iter().any(|x| x.value == *v)).then(|| {
                    let vals: Vec<String> = e.values.iter().map(|x| x.value.to_string()).collect();
                    format!("{v} is not one of {}", vals.join(", "))
                });
            }
            return None;
        }
        let tmp = Api {
            name: String::new(),
            title: String::new(),
            version: String::new(),
            description: String::new(),
            license: None,
            servers: vec![],
            auth: vec![],
            envelopes: vec![],
            error_sets: vec![],
            types: vec![TypeDef {
                name: "T".into(),
                rust_name: "T".into(),
                module: String::new(),
                component_name: String::new(),
                description: String::new(),
                erratum: None,
                kind: TypeKind::Struct(StructDef {
                    fields: vec![Field { required: true, holds: None, ..f.clone() }],
                    one_of: vec![],
                    role: StructRole::Nested,
                }),
            }],
            families: vec![],
            callback_auth: vec![],
        };
        let mut obj = serde_json::Map::new();
        obj.insert(f.wire_name.clone(), v.clone());
        let violations = instance::check_type(&tmp, TypeId(0), &Json::Object(obj));
        violations.first().map(|x| x.message.clone())
    }
}
