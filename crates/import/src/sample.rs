//! Sample JSON bodies on a page, with the label that introduces each.
//!
//! A sample starts at a line beginning with `{` or `[`, at a line beginning with a quoted key
//! (a sample that lost its opening brace), or after a short label on the same line
//! (`Response parameters:{ ... }`). It ends where its brackets balance (strings and `//` comments
//! skipped), or, when they never do, at the first line that does not look like JSON. Two samples
//! on one line joined by `or` are alternatives of each other.

use crate::page::Page;
use crate::rx::{rx, squash};
use crate::table::Table;

/// A sample body as it appears on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// Line it starts on.
    pub line: usize,
    /// Line it ends on.
    pub end_line: usize,
    /// The text introducing it (`First invocation`, `- Scenario: Send ...`), if any.
    pub label: Option<String>,
    /// Its text, verbatim.
    pub raw: String,
    /// Whether it is an alternative to the sample before it (`{...} or {...}`).
    pub alternative: bool,
}

/// Every sample in the page's content, outside tables.
pub fn find(page: &Page, tables: &[Table]) -> Vec<Sample> {
    let in_table = |l: usize| tables.iter().any(|t| (t.start..t.end).contains(&l));
    let mut out: Vec<Sample> = Vec::new();
    let mut i = page.start;
    while i < page.end {
        if in_table(i) {
            i += 1;
            continue;
        }
        let line = &page.lines[i];
        let Some((col, same_line_label)) = start_of(line) else {
            i += 1;
            continue;
        };
        let label = same_line_label.or_else(|| label_before(page, i, &out, &in_table));
        let mut col = col;
        let mut alternative = false;
        let mut line_no = i;
        loop {
            let (end_line, end_col, _) = extent(page, line_no, col);
            let raw = text_between(&page.lines, line_no, col, end_line, end_col);
            out.push(Sample { line: line_no, end_line, label: label.clone(), raw, alternative });
            // `{...} or {...}`: an alternative on the same line.
            let rest = page.lines[end_line].get(end_col..).unwrap_or("");
            match rx!(r"^\s*(or|OR|Or|,|;)?\s*\{").find(rest) {
                Some(m) if !rest.trim().is_empty() => {
                    col = end_col + m.end() - 1;
                    line_no = end_line;
                    alternative = true;
                }
                _ => {
                    i = end_line + 1;
                    break;
                }
            }
        }
    }
    out
}

/// Where a sample starts on this line (byte column), and a label before it on the same line.
fn start_of(line: &str) -> Option<(usize, Option<String>)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    if (t.starts_with('{') && opens_object(&t[1..])) || (t.starts_with('[') && t[1..].trim_start().starts_with('{')) {
        return Some((indent, None));
    }
    if rx!(r#"^"[^"]{1,80}"\s*:"#).is_match(t) {
        return Some((indent, None));
    }
    let m = rx!(r"^([^{}\[\]]{1,80}?):\s*\{").captures(t)?;
    let brace = m.get(0)?.end() - 1;
    if opens_object(t.get(brace + 1..)?) {
        let label = m.get(1).map(|l| squash(l.as_str()))?;
        return Some((indent + brace, Some(label)));
    }
    None
}

/// Whether the text after `{` continues a JSON object (a key, `}` or the end of the line).
fn opens_object(after: &str) -> bool {
    let a = after.trim_start();
    a.is_empty() || a.starts_with(['"', '\'', '}']) || rx!(r"^[A-Za-z_]\w*\s*:").is_match(a)
}

/// The line introducing the sample at `line`: the nearest non-blank line before it, unless that is
/// a heading, a table or another sample.
fn label_before(page: &Page, line: usize, done: &[Sample], in_table: &dyn Fn(usize) -> bool) -> Option<String> {
    let mut j = line;
    while j > page.start {
        j -= 1;
        let t = page.lines[j].trim();
        if t.is_empty() {
            continue;
        }
        if page.is_heading(j) || in_table(j) || done.iter().any(|s| s.end_line >= j) || crate::page::is_chrome(t) {
            return None;
        }
        return Some(squash(t));
    }
    None
}

/// Whether a line may continue a sample that has not closed yet.
fn json_ish(t: &str) -> bool {
    let t = t.trim();
    t.starts_with(['"', '{', '}', '[', ']', ',', '-'])
        || t.starts_with(|c: char| c.is_ascii_digit())
        || t.starts_with("true")
        || t.starts_with("false")
        || t.starts_with("null")
        || t.starts_with("//")
        || t.starts_with("...")
        || t.starts_with('…')
        || rx!(r"^[A-Za-z_$][\w$]*\s*:\s*\S").is_match(t)
}

/// Where the sample starting at (`line`, `col`) ends: (line, byte after its last character,
/// whether its brackets balanced).
fn extent(page: &Page, line: usize, col: usize) -> (usize, usize, bool) {
    let mut depth: i64 = 0;
    let mut opened = false;
    let mut l = line;
    let mut from = col;
    let limit = page.end.min(line + 1000);
    loop {
        let s = &page.lines[l];
        let mut in_str = false;
        let mut esc = false;
        let mut prev_slash = false;
        for (idx, ch) in s.char_indices().filter(|(i, _)| *i >= from) {
            if in_str {
                if esc {
                    esc = false;
                } else if ch == '\\' {
                    esc = true;
                } else if ch == '"' {
                    in_str = false;
                }
                continue;
            }
            match ch {
                '/' if prev_slash => break,
                '"' => in_str = true,
                '{' | '[' => {
                    depth += 1;
                    opened = true;
                }
                '}' | ']' => {
                    depth -= 1;
                    if depth < 0 || (depth == 0 && opened) {
                        return (l, idx + 1, true);
                    }
                }
                _ => {}
            }
            prev_slash = ch == '/';
        }
        // Not closed on this line: continue on the next line that looks like JSON.
        let mut n = l + 1;
        let mut blanks = 0;
        while n < limit && page.lines[n].trim().is_empty() && blanks < 2 {
            n += 1;
            blanks += 1;
        }
        if n >= limit || page.lines[n].trim().is_empty() || page.is_heading(n) || !json_ish(&page.lines[n]) {
            return (l, s.len(), false);
        }
        l = n;
        from = 0;
    }
}

fn text_between(lines: &[String], l0: usize, c0: usize, l1: usize, c1: usize) -> String {
    if l0 == l1 {
        return lines[l0].get(c0..c1).unwrap_or("").to_string();
    }
    let mut parts = vec![lines[l0].get(c0..).unwrap_or("").to_string()];
    for l in &lines[l0 + 1..l1] {
        parts.push(l.clone());
    }
    parts.push(lines[l1].get(..c1).unwrap_or("").to_string());
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(text: &str) -> Vec<Sample> {
        let page = Page::parse(text);
        find(&page, &crate::table::find(&page))
    }

    #[test]
    fn multi_line_and_labels() {
        let s =
            samples("Sample Request Packet\n\nFirst call\n{\n\"A\": 1, // one\n\"B\": \"}\"\n}\nThen\n{\"A\": 2}\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label.as_deref(), Some("First call"));
        assert_eq!(s[0].raw, "{\n\"A\": 1, // one\n\"B\": \"}\"\n}");
        assert_eq!(s[1].raw, "{\"A\": 2}");
    }

    #[test]
    fn fragment_without_opening_brace() {
        let s = samples("Sample Request\nFirst response\n\"A\": \"OK\", \"B\": 0 //note }\nNext call\n{\"C\": 1}\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].raw, "\"A\": \"OK\", \"B\": 0 //note }");
        assert_eq!(s[0].label.as_deref(), Some("First response"));
    }

    #[test]
    fn label_on_the_line_and_alternatives() {
        let s = samples("Response parameters:{ \"r\": \"0\" } or { \"r\": \"3\" }\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label.as_deref(), Some("Response parameters"));
        assert!(s[1].alternative);
        assert_eq!(s[1].raw, "{ \"r\": \"3\" }");
    }

    #[test]
    fn prose_braces_are_not_samples() {
        assert!(samples("The format is Bearer {Value of AccessToken}.\n").is_empty());
    }
}
