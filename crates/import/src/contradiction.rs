//! Pages that contradict themselves: a sample sends a string longer (or shorter) than the page's
//! own table allows (ccmessaging's 40-character `from` where the table says 1 to 24). The draft
//! never refuses what the vendor's samples send: the field's length becomes what the samples
//! need, the table's limit is kept under `documented`, and each such sample lists the field in
//! `breaks`, as the spec format says a page contradiction is recorded.

use ccapi_loader::instance::Rule;
use serde_json::Value as Json;

use crate::draft::Draft;
use crate::examples::field_at_mut;
use crate::lowered::Lowered;
use crate::page::Dir;

/// Widens the lengths of request fields that the page's own request samples break, keeping the
/// table's limits as the `documented` rule; says whether it changed anything.
pub fn accept_sample_lengths(draft: &mut Draft, low: &Lowered) -> bool {
    let mut changed = false;
    for i in 0..draft.op.examples.len() {
        let Some(request) = draft.op.examples[i].request.clone() else { continue };
        for finding in low.body(draft, Dir::Request, &request) {
            let v = &finding.violation;
            let (Rule::Constraint, Some(place)) = (&v.rule, &finding.place) else { continue };
            let Some(text) = value_at(&request, &v.path).and_then(Json::as_str) else { continue };
            let length = text.chars().count() as u64;
            let Some(field) = field_at_mut(draft, place) else { continue };
            // Measured against the table's limit, which an earlier sample may have moved under
            // `documented` already.
            let table_max = field.documented_max_length.or(field.max_length);
            let table_min = field.documented_min_length.or(field.min_length);
            let first_time = field.documented_max_length.is_none() && field.documented_min_length.is_none();
            let rule = match (table_min, table_max) {
                (_, Some(max)) if length > max => {
                    field.documented_max_length = Some(max);
                    field.max_length = field.max_length.map(|m| m.max(length));
                    format!("at most {max} characters")
                }
                (Some(min), _) if length < min => {
                    field.documented_min_length = Some(min);
                    field.min_length = field.min_length.map(|m| m.min(length));
                    format!("at least {min} characters")
                }
                _ => continue,
            };
            let example = &mut draft.op.examples[i];
            if !example.breaks.contains(&v.field) {
                example.breaks.push(v.field.clone());
                example.breaks.sort();
                let note = format!(
                    "The sample sends {length} characters in `{}`, where the page's table says {rule}: kept as \
                     sent (the field's `documented` rule holds the table's).",
                    v.path
                );
                example.erratum = Some(match example.erratum.take() {
                    Some(prev) => format!("{prev} {note}"),
                    None => note,
                });
            }
            let name = example.name.clone();
            if first_time {
                draft.todo(
                    format!("{place}.documented"),
                    format!(
                        "the page's table says {rule}, its sample `{name}` sends {length}: the samples are accepted \
                         (the length they need), the table's limit kept under `documented`, the samples marked \
                         `breaks`; check which the vendor enforces"
                    ),
                );
            }
            changed = true;
        }
    }
    changed
}

/// The value at a checker path (`from`, `Messages[0].MsgBody[1].Text`) of a body.
fn value_at<'a>(body: &'a Json, path: &str) -> Option<&'a Json> {
    let mut at = body;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            at = at.get(key)?;
        }
        for index in indexes.split(']').filter(|s| !s.is_empty()) {
            at = at.get(index.trim_start_matches('[').parse::<usize>().ok()?)?;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::value_at;
    use serde_json::json;

    #[test]
    fn paths_reach_nested_values() {
        let body = json!({"from": "x", "Messages": [{"MsgBody": [{}, {"Text": "hi"}]}]});
        assert_eq!(value_at(&body, "from"), Some(&json!("x")));
        assert_eq!(value_at(&body, "Messages[0].MsgBody[1].Text"), Some(&json!("hi")));
        assert_eq!(value_at(&body, "Messages[1]"), None);
    }
}
