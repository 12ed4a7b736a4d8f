//! Naming decisions: wire names to Rust names. Emitters use the results stored in the IR.

/// Words of an identifier: splits on `_`, `-`, spaces, and case changes (`TIMTextElem` →
/// `TIM`, `Text`, `Elem`; `ClientUserId` → `Client`, `User`, `Id`).
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None => false,
                Some(p) => {
                    (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                        || (p.is_ascii_uppercase()
                            && c.is_ascii_uppercase()
                            && next.is_some_and(|n| n.is_ascii_lowercase()))
                }
            };
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// `snake_case`, never a Rust keyword (a trailing `_` is added to one).
pub fn snake(s: &str) -> String {
    let mut out = words(s).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_");
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// `PascalCase` (`FILE_IMAGE` → `FileImage`, `send_stream_msg` → `SendStreamMsg`).
pub fn screaming(s: &str) -> String {
    snake(s).to_uppercase()
}

/// PascalCase of any name (`send_stream_msg` → `SendStreamMsg`).
pub fn pascal(s: &str) -> String {
    let mut out: String = words(s)
        .iter()
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        out.push('_');
    }
    out
}

/// Whether `s` is already a PascalCase Rust identifier.
pub fn is_pascal(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `s` is a snake_case identifier.
pub fn is_snake(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Rust keywords (strict and reserved) that cannot be field names.
pub fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// The closest candidate within a small edit distance, for "did you mean" hints.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_l = wrong.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong_l, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(wrong.len()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("SessionId"), "session_id");
        assert_eq!(snake("From_Account"), "from_account");
        assert_eq!(snake("ccmessaging-token"), "ccmessaging_token");
        assert_eq!(snake("mediaFileId"), "media_file_id");
        assert_eq!(snake("TIMTextElem"), "tim_text_elem");
        assert_eq!(snake("type"), "type_");
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("FILE_IMAGE"), "FileImage");
        assert_eq!(pascal("send_stream_msg"), "SendStreamMsg");
        assert_eq!(pascal("Not in session"), "NotInSession");
        assert_eq!(pascal("WaitingForAgentAnswering"), "WaitingForAgentAnswering");
        assert_eq!(pascal("OK"), "Ok");
        assert_eq!(pascal("silicon-valley"), "SiliconValley");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("strng", ["string", "bool", "u32"]), Some("string"));
        assert_eq!(suggest("Mesage", ["Message", "Order"]), Some("Message"));
        assert_eq!(suggest("zzzzzz", ["string"]), None);
    }
}
