//! Constraint changes of one value: each found as tighter, looser, or replaced.

use std::fmt::Display;

use ccapi_loader::ir::Constraints;
use serde_json::Value as Json;

use crate::change::Kind;

/// Every constraint that differs between `old` and `new`, as a kind (tightened, loosened or
/// replaced) and the change in words, in a fixed order.
pub fn compare(old: &Constraints, new: &Constraints) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    lower_bound(&mut out, "min_length", old.min_length, new.min_length);
    upper_bound(&mut out, "max_length", old.max_length, new.max_length);
    replaceable(&mut out, "pattern", old.pattern.as_ref().map(quoted), new.pattern.as_ref().map(quoted));
    not_contains(&mut out, &old.not_contains, &new.not_contains);
    lower_bound(&mut out, "minimum", old.minimum, new.minimum);
    upper_bound(&mut out, "maximum", old.maximum, new.maximum);
    lower_bound(&mut out, "min_items", old.min_items, new.min_items);
    upper_bound(&mut out, "max_items", old.max_items, new.max_items);
    replaceable(&mut out, "const", old.const_value.as_ref().map(json), new.const_value.as_ref().map(json));
    out
}

fn quoted(s: &String) -> String {
    format!("`{s}`")
}

fn json(v: &Json) -> String {
    v.to_string()
}

/// A bound below which values are refused (`min_length`, `minimum`, `min_items`).
fn lower_bound<T: PartialOrd + Display>(out: &mut Vec<(Kind, String)>, name: &str, old: Option<T>, new: Option<T>) {
    match (old, new) {
        (None, Some(n)) => out.push((Kind::ConstraintTightened, format!("{name} {n} added"))),
        (Some(o), None) => out.push((Kind::ConstraintLoosened, format!("{name} {o} removed"))),
        (Some(o), Some(n)) if n > o => out.push((Kind::ConstraintTightened, format!("{name} raised from {o} to {n}"))),
        (Some(o), Some(n)) if n < o => out.push((Kind::ConstraintLoosened, format!("{name} lowered from {o} to {n}"))),
        _ => {}
    }
}

/// A bound above which values are refused (`max_length`, `maximum`, `max_items`).
fn upper_bound<T: PartialOrd + Display>(out: &mut Vec<(Kind, String)>, name: &str, old: Option<T>, new: Option<T>) {
    match (old, new) {
        (None, Some(n)) => out.push((Kind::ConstraintTightened, format!("{name} {n} added"))),
        (Some(o), None) => out.push((Kind::ConstraintLoosened, format!("{name} {o} removed"))),
        (Some(o), Some(n)) if n < o => out.push((Kind::ConstraintTightened, format!("{name} lowered from {o} to {n}"))),
        (Some(o), Some(n)) if n > o => out.push((Kind::ConstraintLoosened, format!("{name} raised from {o} to {n}"))),
        _ => {}
    }
}

/// A constraint whose change is neither tighter nor looser (`pattern`, `const`).
fn replaceable(out: &mut Vec<(Kind, String)>, name: &str, old: Option<String>, new: Option<String>) {
    match (old, new) {
        (None, Some(n)) => out.push((Kind::ConstraintTightened, format!("{name} {n} added"))),
        (Some(o), None) => out.push((Kind::ConstraintLoosened, format!("{name} {o} removed"))),
        (Some(o), Some(n)) if o != n => out.push((Kind::ConstraintReplaced, format!("{name} changed from {o} to {n}"))),
        _ => {}
    }
}

fn not_contains(out: &mut Vec<(Kind, String)>, old: &[String], new: &[String]) {
    let list = |items: Vec<&String>| items.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", ");
    let added: Vec<&String> = new.iter().filter(|s| !old.contains(s)).collect();
    let removed: Vec<&String> = old.iter().filter(|s| !new.contains(s)).collect();
    if !added.is_empty() {
        out.push((Kind::ConstraintTightened, format!("not_contains {} added", list(added))));
    }
    if !removed.is_empty() {
        out.push((Kind::ConstraintLoosened, format!("not_contains {} removed", list(removed))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(old: Constraints, new: Constraints) -> Vec<(Kind, String)> {
        compare(&old, &new)
    }

    #[test]
    fn nothing_changed_is_nothing() {
        let c = Constraints { max_length: Some(3), pattern: Some("^a$".into()), ..Default::default() };
        assert!(kinds(c.clone(), c).is_empty());
    }

    #[test]
    fn upper_bounds_tighten_when_lowered_or_added() {
        let max = |v| Constraints { max_length: v, ..Default::default() };
        assert_eq!(
            kinds(max(Some(10)), max(Some(5))),
            [(Kind::ConstraintTightened, "max_length lowered from 10 to 5".into())]
        );
        assert_eq!(kinds(max(None), max(Some(5)))[0].0, Kind::ConstraintTightened);
        assert_eq!(kinds(max(Some(5)), max(Some(10)))[0].0, Kind::ConstraintLoosened);
        assert_eq!(kinds(max(Some(5)), max(None))[0].0, Kind::ConstraintLoosened);
        let maximum = |v| Constraints { maximum: v, ..Default::default() };
        assert_eq!(kinds(maximum(Some(100)), maximum(Some(50)))[0].0, Kind::ConstraintTightened);
        let items = |v| Constraints { max_items: v, ..Default::default() };
        assert_eq!(kinds(items(Some(5)), items(Some(6)))[0].0, Kind::ConstraintLoosened);
    }

    #[test]
    fn lower_bounds_tighten_when_raised_or_added() {
        let min = |v| Constraints { min_length: v, ..Default::default() };
        assert_eq!(kinds(min(Some(1)), min(Some(2)))[0].0, Kind::ConstraintTightened);
        assert_eq!(kinds(min(Some(2)), min(Some(1)))[0].0, Kind::ConstraintLoosened);
        let minimum = |v| Constraints { minimum: v, ..Default::default() };
        assert_eq!(kinds(minimum(None), minimum(Some(-3)))[0], (Kind::ConstraintTightened, "minimum -3 added".into()));
        let items = |v| Constraints { min_items: v, ..Default::default() };
        assert_eq!(kinds(items(Some(1)), items(None))[0].0, Kind::ConstraintLoosened);
    }

    #[test]
    fn patterns_and_consts_are_replaced_when_changed() {
        let pat = |v: Option<&str>| Constraints { pattern: v.map(String::from), ..Default::default() };
        assert_eq!(kinds(pat(Some("^a$")), pat(Some("^b$")))[0].0, Kind::ConstraintReplaced);
        assert_eq!(kinds(pat(None), pat(Some("^b$")))[0].0, Kind::ConstraintTightened);
        assert_eq!(kinds(pat(Some("^a$")), pat(None))[0].0, Kind::ConstraintLoosened);
        let k = |v: Option<Json>| Constraints { const_value: v, ..Default::default() };
        assert_eq!(
            kinds(k(Some(Json::from("json"))), k(Some(Json::from("xml")))),
            [(Kind::ConstraintReplaced, "const changed from \"json\" to \"xml\"".into())]
        );
    }

    #[test]
    fn not_contains_items_tighten_when_added() {
        let nc =
            |v: &[&str]| Constraints { not_contains: v.iter().map(|s| s.to_string()).collect(), ..Default::default() };
        let got = kinds(nc(&[","]), nc(&[";", "|"]));
        assert_eq!(
            got,
            [
                (Kind::ConstraintTightened, "not_contains \";\", \"|\" added".into()),
                (Kind::ConstraintLoosened, "not_contains \",\" removed".into()),
            ]
        );
    }
}
