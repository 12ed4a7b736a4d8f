//! Pages that contradict themselves: a sample that sends what the page's own table forbids.
//!
//! The rule is that the spec never refuses what the vendor's own samples send, and records what
//! the table says beside it. The field's constraints are the ones enforced (they accept the
//! samples); its `documented` mapping holds the table's differing constraints; each example whose
//! request breaks them lists the fields in `breaks`. The loader checks that those samples break
//! exactly the documented rules of the fields they list and keep the enforced ones, that every
//! `documented` rule is broken by some sample, and warns once per field, at the samples.
//!
//! A `breaks` entry for a field without `documented` (how specs before this rule said it) still
//! loads, with the enforced rule refusing the sample, and a warning saying how to accept it.

use super::*;
use examples::ExampleCheck;

impl<'r, 'n> Lowerer<'r, 'n> {
    /// A field's `documented` rule (the constraints its page's table states, over the enforced
    /// ones it differs from); its samples are filled in once the examples are read.
    pub(super) fn documented(
        &mut self,
        o: &Obj<'n>,
        ty: &Type,
        enforced: &Constraints,
        wire: &str,
        fwhat: &str,
    ) -> Option<Contradiction> {
        let n = o.get("documented")?;
        let what = format!("the documented rule of {fwhat}");
        let d = self.r.obj(n, &what, CONSTRAINT_KEYS, &[])?;
        let errors = self.r.diags.error_count();
        let given = self.constraints(&d, ty, &what);
        if self.r.diags.error_count() != errors {
            return None;
        }
        let mut documented = enforced.clone();
        let has = |k: &str| d.get(k).is_some();
        if has("min_length") {
            documented.min_length = given.min_length;
        }
        if has("max_length") {
            documented.max_length = given.max_length;
        }
        if has("pattern") {
            documented.pattern = given.pattern;
        }
        if has("not_contains") {
            documented.not_contains = given.not_contains;
        }
        if has("minimum") {
            documented.minimum = given.minimum;
        }
        if has("maximum") {
            documented.maximum = given.maximum;
        }
        if has("min_items") {
            documented.min_items = given.min_items;
        }
        if has("max_items") {
            documented.max_items = given.max_items;
        }
        if has("const") {
            documented.const_value = given.const_value;
        }
        let at = o.key_span("documented").unwrap_or(n.span);
        if documented == *enforced {
            let d = self.r.error(at, format!("{what} is the rule the field already enforces"));
            d.help = Some(
                "`documented` holds what the page's table says where its samples break it: give the field \
                 the rule the samples keep, or drop `documented`"
                    .into(),
            );
            return None;
        }
        self.documented_at.push((wire.to_string(), at));
        Some(Contradiction { documented, samples: Vec::new(), summary: String::new() })
    }

    /// Checks the samples said to break documented rules, returns the fields each refuses (an
    /// old-style `breaks` of a field without `documented`, by body type and example name), and records every
    /// contradiction (its samples, its summary, a warning).
    pub(super) fn check_contradictions(
        &mut self,
        api: &mut Api,
        checks: &[ExampleCheck<'n>],
    ) -> BTreeMap<(TypeId, String), Vec<String>> {
        let documented = documented_view(api);
        let mut refused: BTreeMap<(TypeId, String), Vec<String>> = BTreeMap::new();
        // (struct, field) → the samples breaking its documented rule, in spec order.
        let mut broken: BTreeMap<(TypeId, String), Vec<&ExampleCheck<'n>>> = BTreeMap::new();
        for check in checks.iter().filter(|c| !c.breaks.is_empty()) {
            let violations = instance::check_type(&documented, check.ty(), check.value());
            self.check_breaks(check, &violations);
            for wire in &check.breaks {
                match field(api, check.ty(), wire) {
                    Some(f) if f.contradiction.is_some() => {
                        broken.entry((check.ty(), wire.clone())).or_default().push(check);
                    }
                    _ => refused.entry((check.ty(), check.example.clone())).or_default().push(wire.clone()),
                }
            }
        }
        // Old-style: one warning per refused field, at its samples.
        let mut refusing: BTreeMap<&str, Vec<&ExampleCheck<'n>>> = BTreeMap::new();
        for check in checks.iter().filter(|c| !c.breaks.is_empty()) {
            for wire in refused.get(&(check.ty(), check.example.clone())).into_iter().flatten() {
                refusing.entry(wire.as_str()).or_default().push(check);
            }
        }
        for (wire, samples) in refusing {
            let names: Vec<String> = samples.iter().map(|c| format!("`{}`", c.example)).collect();
            let mut spans = samples.iter().map(|c| c.node_at(wire).span);
            let Some(first) = spans.next() else { continue };
            let d = self.r.warning(
                first,
                format!(
                    "the published schemas and validate() refuse the `{wire}` of the page's own samples ({})",
                    names.join(", ")
                ),
            );
            d.label = Some("the vendor's sample sends this".into());
            for span in spans {
                d.related.push((span.file, span.range(), "and this one".into()));
            }
            d.help = Some(
                "never refuse what the vendor's samples send: give the field the rule the samples keep and put \
                 the table's rule under its `documented`"
                    .into(),
            );
        }
        for ((ty, wire), samples) in broken {
            let names: Vec<String> = samples.iter().map(|c| c.example.clone()).collect();
            let TypeKind::Struct(s) = &mut api.types[ty.0].kind else { continue };
            let Some(f) = s.fields.iter_mut().find(|f| f.wire_name == wire) else { continue };
            let Some(c) = &mut f.contradiction else { continue };
            c.summary = summary(&c.documented, &f.constraints, &names);
            c.samples = names;
            let mut spans = samples.iter().map(|c| c.node_at(&wire).span);
            let Some(first) = spans.next() else { continue };
            let message = format!("the page contradicts itself on `{wire}`: {}", c.summary);
            let d = self.r.warning(first, message);
            d.label = Some("a sample breaking the page's table".into());
            for span in spans {
                d.related.push((span.file, span.range(), "and this one".into()));
            }
            d.help = Some(
                "nothing to fix in the spec: the published schemas and validate() accept what the samples send, \
                 and their descriptions and `ccapi help` say what the table says; drop `documented` and `breaks` \
                 once the vendor fixes the page"
                    .into(),
            );
        }
        self.check_documented_is_broken(api);
        refused
    }

    /// Every `documented` rule must be one some sample breaks, else it is no contradiction.
    fn check_documented_is_broken(&mut self, api: &Api) {
        let mut unbroken: Vec<&str> = Vec::new();
        for t in &api.types {
            let TypeKind::Struct(s) = &t.kind else { continue };
            for f in &s.fields {
                if f.contradiction.as_ref().is_some_and(|c| c.samples.is_empty()) {
                    unbroken.push(&f.wire_name);
                }
            }
        }
        for wire in unbroken {
            let Some((_, at)) = self.documented_at.iter().find(|(w, _)| w == wire) else { continue };
            let d = self.r.error(*at, format!("no sample breaks the documented rule of field `{wire}`"));
            d.label = Some("the page does not contradict this".into());
            d.help = Some(
                "list the field in the `breaks` of each example whose request breaks the table's rule, or make \
                 the table's rule the field's own and drop `documented`"
                    .into(),
            );
        }
    }
}

/// The IR as the pages' tables document it: every contradicted field with its documented rule.
fn documented_view(api: &Api) -> Api {
    let mut out = api.clone();
    for t in &mut out.types {
        let TypeKind::Struct(s) = &mut t.kind else { continue };
        for f in &mut s.fields {
            if let Some(c) = &f.contradiction {
                f.constraints = c.documented.clone();
            }
        }
    }
    out
}

fn field<'a>(api: &'a Api, ty: TypeId, wire: &str) -> Option<&'a Field> {
    let TypeKind::Struct(s) = &api.ty(ty).kind else { return None };
    s.fields.iter().find(|f| f.wire_name == wire)
}

/// `the page's table says 1 to 24 characters, but its own samples (`a`, `b`) break it; accepted:
/// 1 to 40 characters`.
fn summary(documented: &Constraints, enforced: &Constraints, samples: &[String]) -> String {
    let (said, accepted) = changed(documented, enforced);
    let list: Vec<String> = samples.iter().map(|s| format!("`{s}`")).collect();
    let (them, verb) = if samples.len() == 1 { ("its own sample", "breaks") } else { ("its own samples", "break") };
    let accepted = if accepted.is_empty() { "any value of its type".to_string() } else { accepted.join(", ") };
    format!(
        "the page's table says {}, but {them} ({}) {verb} it; accepted: {accepted}",
        said.join(", "),
        list.join(", ")
    )
}

/// The phrases of the constraints that differ: as documented, and as enforced.
fn changed(a: &Constraints, b: &Constraints) -> (Vec<String>, Vec<String>) {
    let mut said = Vec::new();
    let mut accepted = Vec::new();
    let mut both = |x: Option<String>, y: Option<String>| {
        if x != y {
            said.push(x.unwrap_or_else(|| "no such rule".into()));
            accepted.extend(y);
        }
    };
    both(range(a.min_length, a.max_length, "characters"), range(b.min_length, b.max_length, "characters"));
    both(range(a.min_items, a.max_items, "items"), range(b.min_items, b.max_items, "items"));
    let limit = |c: &Constraints| match (c.minimum, c.maximum) {
        (None, None) => None,
        (Some(l), Some(h)) => Some(format!("{l} to {h}")),
        (Some(l), None) => Some(format!("at least {l}")),
        (None, Some(h)) => Some(format!("at most {h}")),
    };
    both(limit(a), limit(b));
    let pattern = |c: &Constraints| c.pattern.as_ref().map(|p| format!("matching `{p}`"));
    both(pattern(a), pattern(b));
    let without = |c: &Constraints| {
        let parts: Vec<String> = c.not_contains.iter().map(|s| format!("{s:?}")).collect();
        (!parts.is_empty()).then(|| format!("without {}", parts.join(" or ")))
    };
    both(without(a), without(b));
    let always = |c: &Constraints| c.const_value.as_ref().map(|k| format!("always {k}"));
    both(always(a), always(b));
    (said, accepted)
}

fn range(lo: Option<u64>, hi: Option<u64>, unit: &str) -> Option<String> {
    match (lo, hi) {
        (None, None) => None,
        (Some(l), Some(h)) if l == h => Some(format!("exactly {l} {unit}")),
        (Some(l), Some(h)) => Some(format!("{l} to {h} {unit}")),
        (Some(l), None) => Some(format!("at least {l} {unit}")),
        (None, Some(h)) => Some(format!("at most {h} {unit}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_both_rules() {
        let a = Constraints { min_length: Some(1), max_length: Some(24), ..Default::default() };
        let b = Constraints { max_length: Some(40), ..a.clone() };
        assert_eq!(
            summary(&a, &b, &["x".into(), "y".into()]),
            "the page's table says 1 to 24 characters, but its own samples (`x`, `y`) break it; accepted: 1 to 40 \
             characters"
        );
        let p = Constraints { pattern: Some("^[0-9]+$".into()), ..Default::default() };
        assert_eq!(
            summary(&p, &Constraints::default(), &["z".into()]),
            "the page's table says matching `^[0-9]+$`, but its own sample (`z`) breaks it; accepted: any value of \
             its type"
        );
    }
}
