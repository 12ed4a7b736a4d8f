//! The operations a mistyped id may have meant.

use ccapi_client::OPERATION_IDS;

use crate::exit::Exit;

/// The edit distance between two strings (insertions, deletions, substitutions).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The ids `id` probably meant: those whose name within the family it is, else those it is part
/// of, else the closest by edit distance when close enough.
pub fn candidates(id: &str) -> Vec<&'static str> {
    let lower = id.to_ascii_lowercase();
    let by_name: Vec<&str> =
        OPERATION_IDS.iter().copied().filter(|o| o.split_once('.').is_some_and(|(_, name)| name == lower)).collect();
    if !by_name.is_empty() {
        return by_name;
    }
    if lower.len() >= 3 {
        let containing: Vec<&str> = OPERATION_IDS.iter().copied().filter(|o| o.contains(&lower)).collect();
        if !containing.is_empty() {
            return containing;
        }
    }
    let best = OPERATION_IDS.iter().map(|o| (distance(&lower, o), *o)).min();
    match best {
        Some((d, o)) if d <= (id.chars().count() / 3).max(2) => vec![o],
        _ => Vec::new(),
    }
}

/// Exit 2 for an unknown operation id, with what it may have meant.
pub fn unknown_operation(id: &str) -> Exit {
    let mut message = format!("unknown operation `{id}`");
    let found = candidates(id);
    if !found.is_empty() {
        let quoted: Vec<String> = found.iter().map(|o| format!("`{o}`")).collect();
        message.push_str(&format!("; did you mean {}?", quoted.join(" or ")));
    }
    message.push_str(" (`ccapi list` shows every operation)");
    Exit::usage(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("abc", "abc"), 0);
    }

    #[test]
    fn close_ids_are_suggested() {
        assert_eq!(candidates("desk.get_sesion_state"), ["desk.get_session_state"]);
        assert_eq!(candidates("get_session_state"), ["desk.get_session_state"]);
        assert_eq!(candidates("send_stream_msg"), ["chatbot.send_stream_msg", "desk.send_stream_msg"]);
        assert!(candidates("something.else.entirely").is_empty());
    }
}
