//! Doc comments: vendor text turned into valid rustdoc, and a field's documented facts.

use ccapi_loader::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = ...]` lines for a description (plus erratum and note, when present).
pub(crate) fn docs(text: &str, erratum: Option<&str>, note: Option<&str>) -> TokenStream {
    let mut lines: Vec<String> = text.lines().map(|l| format!(" {l}")).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    if let Some(e) = erratum {
        lines.push(String::new());
        lines.push(format!(" **Erratum:** {e}"));
    }
    if let Some(n) = note {
        lines.push(String::new());
        lines.push(format!(" **Note:** {n}"));
    }
    let lines = lines.into_iter().map(|l| escape_doc(&l));
    quote! { #( #[doc = #lines] )* }
}

/// Keeps vendor text valid rustdoc: markdown links (`[text](https://...)`) stay links, bare URLs
/// become autolinks (`<https://...>`), and other brackets and angle brackets are escaped so they
/// are not read as intra-doc links or HTML.
fn escape_doc(line: &str) -> String {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static URL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| regex::Regex::new(r"\[[^\]\[]*\]\(https?://[^)\s]+\)").expect("valid"));
    let url = URL.get_or_init(|| regex::Regex::new(r"https?://[^\s)<>]*[^\s)<>.,;:]").expect("valid"));
    let escape = |s: &str| s.replace('<', "&lt;").replace('>', "&gt;").replace('[', "\\[").replace(']', "\\]");
    let plain = |s: &str| {
        let mut out = String::new();
        let mut last = 0;
        for m in url.find_iter(s) {
            out.push_str(&escape(&s[last..m.start()]));
            out.push_str(&format!("<{}>", m.as_str()));
            last = m.end();
        }
        out.push_str(&escape(&s[last..]));
        out
    };
    let mut out = String::new();
    let mut last = 0;
    for m in link.find_iter(line) {
        out.push_str(&plain(&line[last..m.start()]));
        out.push_str(m.as_str());
        last = m.end();
    }
    out.push_str(&plain(&line[last..]));
    out
}

/// A field's doc: its description, then what the spec says of it (required, default, constraints, secret).
pub(super) fn field_doc(f: &Field) -> TokenStream {
    let mut text = f.description.clone();
    let mut facts = Vec::new();
    if f.required {
        facts.push("Required.".to_string());
    }
    if let Some(d) = &f.default {
        facts.push(format!("Default: `{d}`."));
    }
    let c = &f.constraints;
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) => facts.push(format!("{a} to {b} characters.")),
        (None, Some(b)) => facts.push(format!("At most {b} characters.")),
        (Some(a), None) => facts.push(format!("At least {a} characters.")),
        _ => {}
    }
    for s in &c.not_contains {
        facts.push(format!("Must not contain `{s}`."));
    }
    if let Some(p) = &c.pattern {
        facts.push(format!("Pattern: `{p}`."));
    }
    if let Some(v) = c.minimum {
        facts.push(format!("Minimum: {v}."));
    }
    if let Some(v) = c.maximum {
        facts.push(format!("Maximum: {v}."));
    }
    if let Some(v) = c.max_items {
        facts.push(format!("At most {v} items."));
    }
    if let Some(k) = &c.const_value {
        facts.push(format!("Always `{k}`."));
    }
    if f.secret {
        facts.push("Secret: never printed by `Debug`.".to_string());
    }
    if !facts.is_empty() {
        // One line after a one-line description (generated files stay short), a paragraph after
        // a longer one.
        let sep = if text.contains('\n') || text.is_empty() { "\n\n" } else { " " };
        text.push_str(&format!("{sep}{}", facts.join(" ")));
    }
    docs(text.trim_start(), f.erratum.as_deref(), f.note.as_deref())
}
