//! A field's constraints, checked against its type and against each other.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn constraints(&mut self, o: &Obj<'n>, ty: &Type, fwhat: &str) -> Constraints {
        let mut c = Constraints::default();
        self.constraints_fit_type(o, ty, fwhat);
        if *ty == Type::String {
            self.string_constraints(o, &mut c);
        }
        if let Type::Int(it) = ty {
            self.integer_constraints(o, *it, &mut c);
        }
        if matches!(ty, Type::Array(_)) {
            self.array_constraints(o, &mut c);
        }
        if let Some(n) = o.get("const") {
            c.const_value = Some(n.to_json());
        }
        c
    }

    /// Every constraint given must apply to the field's type.
    fn constraints_fit_type(&mut self, o: &Obj<'n>, ty: &Type, fwhat: &str) {
        let type_name = match ty {
            Type::String => "a string",
            Type::Int(_) => "an integer",
            Type::Array(_) => "an array",
            Type::Bool => "a boolean",
            Type::F64 => "a float",
            Type::Json => "any JSON",
            Type::Named(_) => "a named type",
        };
        let groups: [(&[&str], bool, &str); 3] = [
            (&["min_length", "max_length", "pattern", "not_contains"], *ty == Type::String, "strings"),
            (&["minimum", "maximum"], matches!(ty, Type::Int(_)), "integers"),
            (&["min_items", "max_items"], matches!(ty, Type::Array(_)), "arrays"),
        ];
        for (keys, fits_type, fits) in groups {
            for key in keys.iter().filter(|_| !fits_type) {
                let Some(n) = o.get(key) else { continue };
                let d = self.r.error(
                    o.key_span(key).unwrap_or(n.span),
                    format!("`{key}` applies to {fits}, but {fwhat} is {type_name}"),
                );
                d.label = Some("this constraint contradicts the field's type".into());
                d.help = Some(format!("remove `{key}` or change the field's `type`"));
            }
        }
    }

    fn string_constraints(&mut self, o: &Obj<'n>, c: &mut Constraints) {
        c.min_length = o.get("min_length").and_then(|n| self.r.count(n, "`min_length`"));
        c.max_length = o.get("max_length").and_then(|n| self.r.count(n, "`max_length`"));
        if let Some(n) = o.get("pattern")
            && let Some(p) = self.r.string(n, "`pattern`")
        {
            match regex::Regex::new(&p) {
                Ok(_) => c.pattern = Some(p),
                Err(e) => {
                    let msg =
                        e.to_string().lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string();
                    let d = self.r.error(n.span, format!("`pattern` is not a valid regular expression: {msg}"));
                    d.help = Some("write an ECMA-262-compatible regex, e.g. `^[0-9]+$`".into());
                }
            }
        }
        if let Some(n) = o.get("not_contains") {
            c.not_contains =
                self.r.strings(n, "`not_contains`").unwrap_or_default().into_iter().map(|s| s.value).collect();
        }
        if let (Some(a), Some(b)) = (c.min_length, c.max_length)
            && a > b
        {
            let span = o.key_span("min_length").expect("present");
            let d = self.r.error(span, format!("`min_length` {a} is greater than `max_length` {b}"));
            d.help = Some("no string could satisfy both: swap or fix them".into());
        }
    }

    fn integer_constraints(&mut self, o: &Obj<'n>, it: IntType, c: &mut Constraints) {
        c.minimum = o.get("minimum").and_then(|n| self.r.int(n, "`minimum`"));
        c.maximum = o.get("maximum").and_then(|n| self.r.int(n, "`maximum`"));
        let (lo, hi) = it.bounds();
        for (key, v) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            if let Some(v) = v
                && (i128::from(v) < lo || i128::from(v) > hi)
            {
                let span = o.get(key).expect("present").span;
                let d =
                    self.r.error(span, format!("`{key}` {v} is outside the range of `{}` ({lo} to {hi})", it.rust()));
                d.help = Some("fix the bound, or choose a wider integer type".into());
            }
        }
        if let (Some(a), Some(b)) = (c.minimum, c.maximum)
            && a > b
        {
            let span = o.key_span("minimum").expect("present");
            let d = self.r.error(span, format!("`minimum` {a} is greater than `maximum` {b}"));
            d.help = Some("no value could satisfy both: swap or fix them".into());
        }
    }

    fn array_constraints(&mut self, o: &Obj<'n>, c: &mut Constraints) {
        c.min_items = o.get("min_items").and_then(|n| self.r.count(n, "`min_items`"));
        c.max_items = o.get("max_items").and_then(|n| self.r.count(n, "`max_items`"));
        if let (Some(a), Some(b)) = (c.min_items, c.max_items)
            && a > b
        {
            let span = o.key_span("min_items").expect("present");
            let d = self.r.error(span, format!("`min_items` {a} is greater than `max_items` {b}"));
            d.help = Some("no array could satisfy both: swap or fix them".into());
        }
    }
}
