//! Type expressions (`string`, `array<T>`, a named type) resolved to IR types.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// Resolves a type expression.
    pub(super) fn type_ref(&mut self, node: &Node, scope: Option<&str>) -> Option<Type> {
        let text = self.r.string(node, "a type")?;
        self.parse_type(text.trim(), node.span, scope)
    }

    pub(super) fn parse_type(&mut self, text: &str, span: Span, scope: Option<&str>) -> Option<Type> {
        if let Some(inner) = text.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
            return self.parse_type(inner.trim(), span, scope).map(|t| Type::Array(Box::new(t)));
        }
        let prim = match text {
            "string" => Some(Type::String),
            "bool" => Some(Type::Bool),
            "i32" => Some(Type::Int(IntType::I32)),
            "i64" => Some(Type::Int(IntType::I64)),
            "u32" => Some(Type::Int(IntType::U32)),
            "u64" => Some(Type::Int(IntType::U64)),
            "f64" => Some(Type::F64),
            "json" => Some(Type::Json),
            _ => None,
        };
        if prim.is_some() {
            return prim;
        }
        let fam = scope.and_then(|s| self.families.iter().find(|f| f.name.value == s));
        if let Some(id) = fam.and_then(|f| f.types.get(text)).or_else(|| self.global_types.get(text)) {
            if self.slots[id.0].body.is_some() {
                let d = self.r.error(span, format!("`{text}` is an operation body and cannot be used as a field type"));
                d.help = Some("define a named type under `types` and use it in both places".into());
                return None;
            }
            return Some(Type::Named(*id));
        }
        let mut candidates: Vec<&str> = PRIMITIVES.to_vec();
        candidates.extend(self.global_types.keys().map(String::as_str));
        if let Some(f) = fam {
            candidates.extend(f.types.keys().map(String::as_str));
        }
        candidates.retain(|c| !c.ends_with("Request") && !c.ends_with("Response"));
        candidates.sort();
        let d = self.r.error(span, format!("unknown type `{text}`"));
        d.label = Some("no type has this name".into());
        d.help = Some(match suggest(text, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "use a primitive ({}), `array<T>`, or a type defined under `types`{}",
                PRIMITIVES.join(", "),
                scope.map(|s| format!(" or under family `{s}`")).unwrap_or_default()
            ),
        });
        None
    }
}
