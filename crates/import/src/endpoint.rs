//! The operation's endpoint and header facts: path, method, the URL parameters the auth scheme
//! carries, the call description and the call frequency limit.

use crate::page::{HeadingKind, Page, is_chrome};
use crate::rx::{lower, rx, squash};
use crate::table::{Col, Table};

/// What the page says about the endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Endpoint {
    /// Every path found, first the most trusted (URL sections, then "Request API" rows, then any URL).
    pub paths: Vec<String>,
    /// The method, if stated.
    pub method: Option<String>,
    /// URL query parameters named on the page (from the sample URL and the parameter table).
    pub query: Vec<String>,
    /// Whether the page lists regional domains (a `xxxxxx` row or a domain-name parameter).
    pub domains: bool,
    /// Header parameters (a table of `Authorization`, `x-app-key`, ...).
    pub headers: Vec<String>,
}

/// Whether a parameter name is an HTTP header (`Authorization`, `x-app-key`, `Content-Type`).
pub fn is_header_name(name: &str) -> bool {
    let l = lower(name);
    l == "authorization" || l.contains('-') && !l.contains('/') || l.starts_with("x-")
}

/// Reads the endpoint from the page's URLs, method lines and parameter tables.
pub fn read(page: &Page, tables: &[Table]) -> Endpoint {
    let mut e = Endpoint::default();
    let url_sections: Vec<std::ops::Range<usize>> = page
        .headings
        .iter()
        .filter(|h| matches!(h.kind, HeadingKind::Url | HeadingKind::Method))
        .map(|h| page.section_after(h.line))
        .collect();
    let in_url_section = |l: usize| url_sections.iter().any(|r| r.contains(&l));
    let in_table = |l: usize| tables.iter().any(|t| (t.start..t.end).contains(&l));
    let mut trusted = Vec::new();
    let mut others = Vec::new();
    for l in page.start..page.end {
        let line = page.lines[l].trim();
        if in_table(l) || line.starts_with('{') || line.starts_with('"') {
            continue;
        }
        if let Some(c) = rx!(r"^(GET|POST|PUT|PATCH|DELETE)(?:\s+(\S+))?$").captures(line)
            && (in_url_section(l) || c.get(2).is_some())
        {
            e.method.get_or_insert_with(|| c.get(1).map_or("", |m| m.as_str()).to_string());
        }
        for (path, query) in urls(line) {
            let list = if in_url_section(l) { &mut trusted } else { &mut others };
            list.push(path);
            for q in query {
                if !e.query.contains(&q) {
                    e.query.push(q);
                }
            }
        }
    }
    let mut from_tables = Vec::new();
    for t in tables.iter().filter(|t| t.has(Col::Name) && !t.has(Col::Type) && !t.has(Col::Code)) {
        for r in &t.rows {
            let Some(name) = r.name.as_deref() else { continue };
            // The protocol's row (`https | The request protocol is HTTPS, and the request method
            // is POST.`) is no URL parameter; it may state the method.
            if matches!(lower(name).as_str(), "https" | "http") {
                if let Some(c) =
                    rx!(r"request method is (get|post|put|patch|delete)\b").captures(&lower(&r.description))
                {
                    e.method.get_or_insert_with(|| c[1].to_ascii_uppercase());
                }
                continue;
            }
            if rx!(r"^/?[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)+$").is_match(name) {
                from_tables.push(if name.starts_with('/') { name.to_string() } else { format!("/{name}") });
            } else if rx!(r"^x{3,}$").is_match(name) || lower(&r.description).contains("domain name") {
                e.domains = true;
            } else if !e.query.contains(&name.to_string()) {
                e.query.push(name.to_string());
            }
        }
    }
    for t in tables.iter().filter(|t| t.has(Col::Name) && t.has(Col::Type)) {
        let names: Vec<&str> = t.rows.iter().filter_map(|r| r.name.as_deref()).collect();
        if !names.is_empty() && names.iter().all(|n| is_header_name(n)) {
            e.headers.extend(names.iter().map(|n| n.to_string()));
        }
    }
    for p in trusted.into_iter().chain(from_tables).chain(others) {
        if !e.paths.contains(&p) {
            e.paths.push(p);
        }
    }
    e
}

/// The paths and query parameter names of the URLs on a line. The host may be a placeholder with
/// spaces (`https://Domain name/apiaccess/...`).
fn urls(line: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for m in rx!(r"https?://").find_iter(line) {
        // A link of the documentation source (`[Error Codes](https://...)`) is a reference.
        if line[..m.start()].ends_with("](") {
            continue;
        }
        let rest = &line[m.end()..];
        let Some(slash) = rest.find('/') else { continue };
        let host = &rest[..slash];
        if host.len() > 60 || host.contains(['(', ')', ',', ';']) || host.trim() != host {
            continue;
        }
        let after = &rest[slash..];
        let end = after.find(|c: char| c.is_whitespace() || c == '?' || c == '#' || c == ')').unwrap_or(after.len());
        let path = sentence_cut(&after[..end]).trim_end_matches(['.', ',']).to_string();
        if path.matches('/').count() < 2 {
            continue;
        }
        let mut query = Vec::new();
        if after[end..].starts_with('?') {
            let q = &after[end + 1..];
            let q = q.split(char::is_whitespace).next().unwrap_or("");
            for pair in q.split('&') {
                let name = pair.split('=').next().unwrap_or("").trim();
                if !name.is_empty() {
                    query.push(name.to_string());
                }
            }
        }
        out.push((path, query));
    }
    out
}

/// A path with the next sentence glued to it (`/apiaccess/ccmessaging/doLeaveMessage.For example,`)
/// ends at the full stop: a `.` in the last segment followed by a capital letter starts a sentence,
/// not a file extension.
fn sentence_cut(path: &str) -> &str {
    let last = path.rfind('/').map_or(0, |i| i + 1);
    match rx!(r"\.[A-Z]").find(&path[last..]) {
        Some(m) => &path[..last + m.start()],
        None => path,
    }
}

/// The call description: the text of the first non-empty description section.
pub fn description(page: &Page, tables: &[Table]) -> Option<String> {
    let in_table = |l: usize| tables.iter().any(|t| (t.start..t.end).contains(&l));
    for h in page.headings.iter().filter(|h| h.kind == HeadingKind::Description) {
        let text: Vec<String> = page
            .section_after(h.line)
            .filter(|l| !in_table(*l))
            .map(|l| page.lines[l].trim().to_string())
            .filter(|t| !t.is_empty() && !is_chrome(t))
            .collect();
        if !text.is_empty() {
            return Some(squash(&text.join(" ")));
        }
    }
    None
}

/// The documented calls per second, and the sentence saying so.
pub fn rate_limit(page: &Page) -> Option<(u32, String)> {
    for h in page.headings.iter().filter(|h| h.kind == HeadingKind::Frequency) {
        let text: Vec<&str> =
            page.section_after(h.line).map(|l| page.lines[l].trim()).filter(|t| !t.is_empty()).collect();
        let text = text.join(" ");
        let l = lower(&text);
        if let Some(c) =
            rx!(r"(\d{1,9})\s*(?:times|calls|requests|queries)?\s*(?:/|per)\s*(?:second|sec|s)\b").captures(&l)
            && let Some(n) = c.get(1).and_then(|m| m.as_str().parse().ok())
        {
            return Some((n, format!("The page's \"{}\": {}", h.text, squash(&text))));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths() {
        let u = urls("https://console.tim.qq.com/v4/desk_http_svc/x?sdkappid=8&usersig=xxx");
        assert_eq!(u, vec![("/v4/desk_http_svc/x".into(), vec!["sdkappid".into(), "usersig".into()])]);
        let u = urls(
            "https://Domain name/apiaccess/ccmessaging/send (For example, the domain name is https://service.besclouds.com.)",
        );
        assert_eq!(u, vec![("/apiaccess/ccmessaging/send".into(), vec![])]);
        let u = urls("https://Domain Name/apiaccess/ccmessaging/doLeaveMessage.For example,the domain name is x.");
        assert_eq!(u, vec![("/apiaccess/ccmessaging/doLeaveMessage".into(), vec![])]);
    }

    #[test]
    fn headers() {
        assert!(is_header_name("Authorization"));
        assert!(is_header_name("x-app-key"));
        assert!(!is_header_name("From_Account"));
    }
}
