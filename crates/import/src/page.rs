//! The page as lines: where its content starts and ends, its section headings, title and date.
//!
//! A page saved from a browser carries the site's navigation before the content and feedback
//! widgets after it, often in another language. The content starts at the page title (the line
//! before the "last updated" block, or before the first section heading) and ends at the first
//! closing section ("API Debugging Tool", "References", "Feedback").

use crate::rx::{lower, rx, squash};
use crate::table;

/// Whether a part of the page is about the request or the response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// The request body.
    Request,
    /// The response body.
    Response,
}

/// What a section heading introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingKind {
    /// What the call does.
    Description,
    /// The request URL or URI.
    Url,
    /// The HTTP method.
    Method,
    /// A table of fields or parameters, for the request or the response when the heading says.
    Fields(Option<Dir>),
    /// Sample bodies, of the request or the response when the heading says.
    Samples(Option<Dir>),
    /// Error codes.
    Errors,
    /// The call frequency limit.
    Frequency,
    /// The end of the content (debugging tool, references, feedback).
    End,
}

/// A section heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// Line index.
    pub line: usize,
    /// What it introduces.
    pub kind: HeadingKind,
    /// Its text.
    pub text: String,
}

/// A page split into lines, with its content range and headings.
#[derive(Clone, Debug)]
pub struct Page {
    /// Every line, trailing whitespace removed.
    pub lines: Vec<String>,
    /// First line of the content.
    pub start: usize,
    /// One past the last line of the content.
    pub end: usize,
    /// The page title, if one was found.
    pub title: Option<String>,
    /// The "last updated" stamp (`2025-04-07 11:23:20`), if shown.
    pub updated: Option<String>,
    /// Section headings inside the content, in order.
    pub headings: Vec<Heading>,
}

impl Page {
    /// Splits `text` and finds its content, title, date and headings.
    pub fn parse(text: &str) -> Page {
        let lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
        let mut all: Vec<Option<HeadingKind>> =
            (0..lines.len()).map(|i| if is_header_run(&lines, i) { None } else { heading_kind(&lines[i]) }).collect();
        // A "fields" heading introduces a table; directly before a sample it is the sample's label.
        for i in 0..lines.len() {
            if matches!(all[i], Some(HeadingKind::Fields(_)))
                && let Some(next) = lines[i + 1..].iter().find(|l| !l.trim().is_empty())
            {
                let t = next.trim_start();
                if t.starts_with('{') || t.starts_with('[') || rx!(r#"^"[^"]{1,80}"\s*:"#).is_match(t) {
                    all[i] = None;
                }
            }
        }
        // A "last updated" stamp: a short line with a date and time, outside any sample.
        let date_line = lines.iter().position(|l| {
            l.len() < 100 && !l.contains(['"', '{', '|']) && rx!(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}").is_match(l)
        });
        let mut title = None;
        let mut updated = None;
        let mut start = None;
        if let Some(d) = date_line {
            updated = rx!(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?").find(&lines[d]).map(|m| m.as_str().to_string());
            // The date's own paragraph is page chrome (focus mode, font size, PDF); the title is the
            // last line of the paragraph before it.
            let mut i = d;
            while i > 0 && !lines[i - 1].trim().is_empty() {
                i -= 1;
            }
            let mut j = i;
            while j > 0 && lines[j - 1].trim().is_empty() {
                j -= 1;
            }
            if j > 0 && !is_chrome(&lines[j - 1]) {
                title = Some(squash(&lines[j - 1]));
                start = Some(j - 1);
            } else {
                start = Some(d + 1);
            }
        }
        if start.is_none()
            && let Some(h) = all.iter().position(|k| matches!(k, Some(k) if *k != HeadingKind::End))
        {
            start = Some(h);
            if h > 0 && !lines[h - 1].trim().is_empty() && !is_chrome(&lines[h - 1]) && all[h - 1].is_none() {
                title = Some(squash(&lines[h - 1]));
                start = Some(h - 1);
            }
        }
        let start = start.unwrap_or_else(|| first_content_line(&lines));
        let mut headings = Vec::new();
        let mut end = lines.len();
        for (i, kind) in all.iter().enumerate().skip(start) {
            let Some(kind) = kind else { continue };
            if *kind == HeadingKind::End {
                end = i;
                break;
            }
            headings.push(Heading { line: i, kind: *kind, text: squash(&lines[i]) });
        }
        Page { lines, start, end, title, updated, headings }
    }

    /// The nearest heading at or before `line`.
    pub fn heading_before(&self, line: usize) -> Option<&Heading> {
        self.headings.iter().rev().find(|h| h.line <= line)
    }

    /// The lines of the content after the heading at `line`, up to the next heading.
    pub fn section_after(&self, line: usize) -> std::ops::Range<usize> {
        let next = self.headings.iter().find(|h| h.line > line).map_or(self.end, |h| h.line);
        (line + 1).min(next)..next
    }

    /// Whether `line` is a heading.
    pub fn is_heading(&self, line: usize) -> bool {
        self.headings.iter().any(|h| h.line == line)
    }
}

/// Without a title or heading, the content starts at the first URL, table or JSON line.
fn first_content_line(lines: &[String]) -> usize {
    lines
        .iter()
        .enumerate()
        .position(|(i, l)| {
            let t = l.trim_start();
            t.starts_with("http://")
                || t.starts_with("https://")
                || t.starts_with('{')
                || rx!(r#"^"[^"]{1,80}"\s*:"#).is_match(t)
                || is_header_run(lines, i)
        })
        .unwrap_or(0)
}

/// Whether line `i` starts a table header (a header cell followed by another).
fn is_header_run(lines: &[String], i: usize) -> bool {
    table::header_cells(&lines[i]).is_some_and(|c| c.len() >= 2)
        || (table::header_cells(&lines[i]).is_some() && lines.get(i + 1).and_then(|l| table::header_cells(l)).is_some())
}

/// Page chrome: a line without Latin letters (another script), or a known widget label.
pub fn is_chrome(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    if !t.chars().any(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    let l = lower(t);
    let l = l.trim_end_matches(['?', '.', ':']);
    const WIDGETS: &[&str] = &[
        "pdf",
        "focus mode",
        "font size",
        "mode fokus",
        "ukuran font",
        "feedback",
        "masukan",
        "was this page helpful",
        "apakah halaman ini membantu",
        "help and support",
        "bantuan dan dukungan",
        "provide feedback",
        "contact us",
    ];
    WIDGETS.contains(&l)
        || l.starts_with("last updated")
        || l.starts_with("terakhir diperbarui")
        || rx!(r"^[^a-z]*\d{4}-\d{2}-\d{2}").is_match(l)
}

/// The kind of heading `line` is, if it is one.
pub fn heading_kind(line: &str) -> Option<HeadingKind> {
    // A heading of the documentation source (`### Request packet fields`) reads as the page's.
    let t = line.trim();
    let t = match t.trim_start_matches('#') {
        rest if rest.len() < t.len() && rest.starts_with(' ') && t.len() - rest.len() <= 6 => rest.trim(),
        _ => t,
    };
    // A line ending in a colon introduces a list or a sample (`Error Code:`, `Response parameters:`).
    if t.is_empty()
        || t.len() > 60
        || t.contains('|')
        || t.starts_with(['{', '"', '-', '['])
        || t.ends_with([':', '：'])
    {
        return None;
    }
    let l = lower(t);
    let l = l.trim_end_matches([':', '.']).trim();
    let dir = |s: &str| {
        if s.contains("request") {
            Some(Dir::Request)
        } else if s.contains("response") || s.contains("return") {
            Some(Dir::Response)
        } else {
            None
        }
    };
    if rx!(r"^(api call(ing)? description|feature overview|overview|scenario|(api|function|feature|interface) description|description of the api|api description)$").is_match(l) {
        return Some(HeadingKind::Description);
    }
    if rx!(r"^(sample |example )?(request )?(url|uri)( example| sample)?$").is_match(l) {
        return Some(HeadingKind::Url);
    }
    if rx!(r"^(request |http )?method$").is_match(l) {
        return Some(HeadingKind::Method);
    }
    if rx!(r"^(sample|example) (request|response)( packet| package)?( body)?$").is_match(l)
        || rx!(r"^(request|response)( packet| package)?( body)? (example|sample)s?$").is_match(l)
        || rx!(r"^(examples?|samples?)$").is_match(l)
    {
        return Some(HeadingKind::Samples(dir(l)));
    }
    if rx!(r"^(request|response|return)( packet| package| body)? (fields|parameters|params|description|elements)$")
        .is_match(l)
        || rx!(r"^(input|output) parameters$").is_match(l)
    {
        let d = dir(l).or(if l.starts_with("input") { Some(Dir::Request) } else { Some(Dir::Response) });
        return Some(HeadingKind::Fields(d));
    }
    if rx!(r"^(error codes?|error code description|error codes? descriptions?|return codes?|private error codes?)$")
        .is_match(l)
    {
        return Some(HeadingKind::Errors);
    }
    if rx!(r"^((maximum )?call frequency( limit)?|frequency limit|rate limits?|api call frequency)$").is_match(l) {
        return Some(HeadingKind::Frequency);
    }
    if rx!(r"^(api debugging tools?|references?|related (apis|documents)|feedback|was this page helpful\??)$")
        .is_match(l)
    {
        return Some(HeadingKind::End);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(heading_kind("Request Packet Fields"), Some(HeadingKind::Fields(Some(Dir::Request))));
        assert_eq!(heading_kind("Response Fields"), Some(HeadingKind::Fields(Some(Dir::Response))));
        assert_eq!(heading_kind("Sample Request Packet"), Some(HeadingKind::Samples(Some(Dir::Request))));
        assert_eq!(heading_kind("Response Packet Body Example"), Some(HeadingKind::Samples(Some(Dir::Response))));
        assert_eq!(heading_kind("Error Code Description"), Some(HeadingKind::Errors));
        assert_eq!(heading_kind("Maximum Call Frequency"), Some(HeadingKind::Frequency));
        assert_eq!(heading_kind("References"), Some(HeadingKind::End));
        assert_eq!(heading_kind("First invocation"), None);
        assert_eq!(heading_kind("Response parameters:"), None);
        assert_eq!(heading_kind("Error Code:"), None);
        assert_eq!(heading_kind("### Request packet fields"), Some(HeadingKind::Fields(Some(Dir::Request))));
        assert_eq!(heading_kind("## API Debugging Tool"), Some(HeadingKind::End));
        assert_eq!(heading_kind("#hashtag fields"), None);
    }

    #[test]
    fn title_before_the_date_block() {
        let p = Page::parse(
            "Nav\nError Codes\nContact Us\n\nDoing Things\n\nMode fokus\nLast updated: 2025-01-02 03:04:05\n\nAPI Call Description\n\nDoes things.\n\nReferences\nError Codes\n",
        );
        assert_eq!(p.title.as_deref(), Some("Doing Things"));
        assert_eq!(p.updated.as_deref(), Some("2025-01-02 03:04:05"));
        assert_eq!(p.headings.len(), 1);
        assert_eq!(p.headings[0].kind, HeadingKind::Description);
    }

    #[test]
    fn title_before_the_first_heading() {
        let p = Page::parse("Sending a Message (send)\nScenario\nSends it.\nMethod\nPOST\n");
        assert_eq!(p.title.as_deref(), Some("Sending a Message (send)"));
        assert_eq!(p.headings.len(), 2);
    }

    #[test]
    fn a_fields_heading_before_a_sample_is_a_label() {
        let p = Page::parse("Example\n- Scenario: Send.\n{\"a\": 1}\nResponse parameters\n{\"r\": \"0\"}\n");
        assert_eq!(p.headings.len(), 1);
    }

    #[test]
    fn chrome() {
        assert!(is_chrome("포커스 모드"));
        assert!(is_chrome("Mode fokus"));
        assert!(is_chrome("Apakah halaman ini membantu?"));
        assert!(!is_chrome("Sending Stream Messages"));
    }
}
