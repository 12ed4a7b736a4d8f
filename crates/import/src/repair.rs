//! Repairs sample JSON where the fix is unambiguous: `//` and `/* */` comments removed, a bare
//! key quoted, `...` placeholders for more entries left out, a trailing comma dropped, a missing
//! opening or closing brace restored. Anything else is left for a person.

use serde_json::Value as Json;

use crate::rx::squash;

/// One repair made to a sample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repair {
    /// Comments removed (their texts).
    Comments(Vec<String>),
    /// Bare keys quoted.
    BareKeys(Vec<String>),
    /// Trailing commas dropped (how many).
    TrailingCommas(usize),
    /// The opening brace was missing.
    OpeningBrace,
    /// Closing brackets were missing (which).
    Closing(String),
    /// `...` placeholders for more entries or members left out (how many).
    Placeholders(usize),
}

impl Repair {
    /// What was wrong with the page's sample, in words.
    pub fn describe(&self) -> String {
        match self {
            Repair::Comments(c) => {
                let quoted: Vec<String> = c.iter().filter(|t| !t.is_empty()).map(|t| format!("\"{t}\"")).collect();
                if quoted.is_empty() {
                    "carries `//` comments".to_string()
                } else {
                    format!("carries `//` comments ({})", quoted.join(", "))
                }
            }
            Repair::BareKeys(k) => {
                let keys: Vec<String> = k.iter().map(|k| format!("`{k}`")).collect();
                format!("has unquoted keys ({})", keys.join(", "))
            }
            Repair::TrailingCommas(1) => "has a trailing comma".to_string(),
            Repair::TrailingCommas(n) => format!("has {n} trailing commas"),
            Repair::OpeningBrace => "lacks its opening brace".to_string(),
            Repair::Closing(c) => format!("lacks its closing `{c}`"),
            Repair::Placeholders(1) => "stands `...` for more entries".to_string(),
            Repair::Placeholders(n) => format!("stands `...` for more entries ({n} times)"),
        }
    }
}

/// A sample that could be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Repaired {
    /// The JSON value.
    pub value: Json,
    /// What was repaired (empty when the sample was valid JSON).
    pub repairs: Vec<Repair>,
}

impl Repaired {
    /// The erratum for an example: what the page's sample got wrong and that it was repaired.
    pub fn erratum(&self) -> Option<String> {
        if self.repairs.is_empty() {
            return None;
        }
        let what: Vec<String> = self.repairs.iter().map(Repair::describe).collect();
        Some(format!("The page's sample {}; the importer repaired it.", what.join("; ")))
    }
}

/// Reads a sample, repairing it where the fix is unambiguous; the error says why it could not.
pub fn repair(raw: &str) -> Result<Repaired, String> {
    let first = match serde_json::from_str::<Json>(raw) {
        Ok(value) => return Ok(Repaired { value, repairs: Vec::new() }),
        Err(e) => e.to_string(),
    };
    // A comment may end with the sample's closing brace (lines joined by the browser); try keeping
    // such braces first, then dropping them.
    let mut last = None;
    for keep_closers in [true, false] {
        match attempt(raw, keep_closers) {
            Ok(r) => return Ok(r),
            Err(e) => last = last.or(e),
        }
    }
    Err(last.unwrap_or(first))
}

/// One repair attempt; the error is `None` when nothing could be repaired (the original parse
/// error then says it best).
fn attempt(raw: &str, keep_closers: bool) -> Result<Repaired, Option<String>> {
    let mut repairs = Vec::new();
    let (text, comments) = strip_comments(raw, keep_closers);
    if !comments.is_empty() {
        repairs.push(Repair::Comments(comments));
    }
    let (text, placeholders) = drop_placeholders(&text);
    if placeholders > 0 {
        repairs.push(Repair::Placeholders(placeholders));
    }
    let (mut text, keys) = quote_bare_keys(&text);
    if !keys.is_empty() {
        repairs.push(Repair::BareKeys(keys));
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('"') {
        text = format!("{{{text}");
        repairs.push(Repair::OpeningBrace);
    }
    let (without_commas, commas) = drop_trailing_commas(&text);
    text = without_commas;
    let missing = missing_closers(&text).map_err(Some)?;
    let mut commas = commas;
    if !missing.is_empty() {
        // A comma before the missing closer is trailing too.
        let t = text.trim_end();
        if let Some(stripped) = t.strip_suffix(',') {
            text = stripped.to_string();
            commas += 1;
        }
        text.push_str(&missing);
        repairs.push(Repair::Closing(missing));
    }
    if commas > 0 {
        repairs.push(Repair::TrailingCommas(commas));
    }
    if repairs.is_empty() {
        return Err(None);
    }
    let value = serde_json::from_str::<Json>(&text).map_err(|e| Some(format!("not valid JSON after repairs: {e}")))?;
    Ok(Repaired { value, repairs })
}

/// Removes `//` and `/* */` comments outside strings; returns the text and the comments' words.
fn strip_comments(raw: &str, keep_closers: bool) -> (String, Vec<String>) {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::new();
    let mut comments = Vec::new();
    let mut i = 0;
    let mut in_str = false;
    let mut esc = false;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            out.push(c);
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' || c == '\n' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            let mut j = i + 2;
            while j < chars.len() && chars[j] != '\n' {
                j += 1;
            }
            let body: String = chars[i + 2..j].iter().collect();
            let (words, closers) = split_closers(&body);
            comments.push(squash(&words));
            if keep_closers {
                out.push_str(&closers);
            }
            i = j;
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            let mut j = i + 2;
            while j + 1 < chars.len() && !(chars[j] == '*' && chars[j + 1] == '/') {
                j += 1;
            }
            let body: String = chars[(i + 2).min(j)..j].iter().collect();
            comments.push(squash(&body));
            i = (j + 2).min(chars.len());
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        out.push(c);
        i += 1;
    }
    (out, comments)
}

/// Splits a comment's text into its words and the closing brackets it ends with.
fn split_closers(body: &str) -> (String, String) {
    let trimmed = body.trim_end();
    let cut = trimmed.trim_end_matches(|c: char| c == '}' || c == ']' || c.is_whitespace());
    let closers: String = trimmed[cut.len()..].chars().filter(|c| *c == '}' || *c == ']').collect();
    (cut.to_string(), closers)
}

/// Quotes identifiers used as keys (`Finish: 1` → `"Finish": 1`).
fn quote_bare_keys(text: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut keys = Vec::new();
    let mut in_str = false;
    let mut esc = false;
    // At the start of the text, after `{` or `,`, a key may follow.
    let mut key_position = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            out.push(c);
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        if key_position && (c.is_ascii_alphabetic() || c == '_' || c == '$') {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_' || chars[j] == '$') {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let mut k = j;
            while k < chars.len() && chars[k].is_whitespace() {
                k += 1;
            }
            if chars.get(k) == Some(&':') && !matches!(word.as_str(), "true" | "false" | "null") {
                out.push('"');
                out.push_str(&word);
                out.push('"');
                keys.push(word);
                i = j;
                key_position = false;
                continue;
            }
        }
        match c {
            '"' => {
                in_str = true;
                key_position = false;
            }
            '{' | ',' => key_position = true,
            c if c.is_whitespace() => {}
            _ => key_position = false,
        }
        out.push(c);
        i += 1;
    }
    (out, keys)
}

/// Leaves out `...` (or `…`) placeholders standing for more entries or members, outside strings,
/// with the comma that separated them (`[{...}, {...}]` → `[{}, {}]`, `{"a": 1, ...}` →
/// `{"a": 1}`). A placeholder standing for a value (`"a": ...`) stays, and the sample with it.
fn drop_placeholders(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut n = 0;
    let mut in_str = false;
    let mut esc = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            out.push(c);
            i += 1;
            continue;
        }
        let len = if c == '…' {
            1
        } else if chars[i..].starts_with(&['.', '.', '.']) {
            3
        } else {
            0
        };
        let prev = out.trim_end().chars().last();
        if len > 0 && matches!(prev, Some('{' | '[' | ',') | None) {
            let mut j = i + len;
            while chars.get(j).is_some_and(|c| *c == '.') {
                j += 1;
            }
            let next = chars[j..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some(',' | '}' | ']') | None) {
                n += 1;
                // The comma after the placeholder, or else the one before it, goes with it.
                let mut k = j;
                while chars.get(k).is_some_and(|c| c.is_whitespace()) {
                    k += 1;
                }
                if chars.get(k) == Some(&',') {
                    j = k + 1;
                } else if prev == Some(',') {
                    let cut = out.trim_end().len() - 1;
                    out.truncate(cut);
                }
                i = j;
                continue;
            }
        }
        if c == '"' {
            in_str = true;
        }
        out.push(c);
        i += 1;
    }
    (out, n)
}

/// Drops commas directly before `}` or `]`.
fn drop_trailing_commas(text: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut n = 0;
    let mut in_str = false;
    let mut esc = false;
    for (i, &c) in chars.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            out.push(c);
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                n += 1;
                continue;
            }
        }
        out.push(c);
    }
    (out, n)
}

/// The closing brackets the text lacks; an error when it has too many.
fn missing_closers(text: &str) -> Result<String, String> {
    let mut stack = Vec::new();
    let mut in_str = false;
    let mut esc = false;
    for c in text.chars() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' => stack.push('}'),
            '[' => stack.push(']'),
            '}' | ']' if stack.pop() != Some(c) => return Err(format!("unbalanced `{c}`")),
            _ => {}
        }
    }
    if in_str {
        return Err("an unterminated string".into());
    }
    Ok(stack.iter().rev().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn valid_json_is_untouched() {
        let r = repair("{\"a\": 1}").unwrap();
        assert!(r.repairs.is_empty());
        assert_eq!(r.erratum(), None);
    }

    #[test]
    fn comment_swallowing_the_closing_brace_and_missing_opening_brace() {
        let r = repair("\"A\": \"OK\", \"K\": \"x\" //Returned. Keep it. }").unwrap();
        assert_eq!(r.value, json!({"A": "OK", "K": "x"}));
        assert_eq!(r.repairs, vec![Repair::Comments(vec!["Returned. Keep it.".into()]), Repair::OpeningBrace]);
    }

    #[test]
    fn bare_key_comment_and_trailing_comma() {
        let r = repair("{\n\"A\": \"x\",\nFinish: 1, //This field is 1, the end.\n}").unwrap();
        assert_eq!(r.value, json!({"A": "x", "Finish": 1}));
        assert!(r.repairs.contains(&Repair::BareKeys(vec!["Finish".into()])));
        assert!(r.repairs.contains(&Repair::TrailingCommas(1)));
    }

    #[test]
    fn missing_closing_brace() {
        let r = repair("{\"a\": [1, 2]").unwrap();
        assert_eq!(r.value, json!({"a": [1, 2]}));
        assert_eq!(r.repairs, vec![Repair::Closing("}".into())]);
    }

    #[test]
    fn urls_in_strings_are_not_comments() {
        let r = repair("{\"u\": \"https://x.y/z\", // c\n}").unwrap();
        assert_eq!(r.value, json!({"u": "https://x.y/z"}));
    }

    #[test]
    fn placeholders_for_more_entries() {
        let r = repair("{\"MsgBody\": [{ ... }, {\"MsgType\": \"TIMTextElem\"}], \"a\": 1, ...}").unwrap();
        assert_eq!(r.value, json!({"MsgBody": [{}, {"MsgType": "TIMTextElem"}], "a": 1}));
        assert_eq!(r.repairs, vec![Repair::Placeholders(2)]);
        let r = repair("{\"To\": [\"a\", …], \"s\": \"x...y\"}").unwrap();
        assert_eq!(r.value, json!({"To": ["a"], "s": "x...y"}));
        assert!(repair("{\"a\": ...}").is_err(), "a placeholder for a value is no entry");
    }

    #[test]
    fn ambiguous_samples_are_refused() {
        assert!(repair("{'a': 1}").is_err());
        assert!(repair("{\"a\": 1}}").is_err());
        assert!(repair("{\"a\": }").is_err());
    }
}
