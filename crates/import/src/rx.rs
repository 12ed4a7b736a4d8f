//! Regular expressions compiled once.
//!
//! The workspace builds `regex` without Unicode case folding, so patterns never use `(?i)`: callers
//! match against [`lower`]ed text, whose byte offsets are those of the original, and take captured
//! values from the original text by range.

/// A regex compiled on first use: `rx!(r"pattern")` yields a `&'static regex::Regex`.
macro_rules! rx {
    ($pat:expr) => {{
        static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        RE.get_or_init(|| $crate::rx::compile($pat))
    }};
}
pub(crate) use rx;

/// Compiles one of the importer's constant patterns (each is exercised by the unit tests).
pub(crate) fn compile(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("a constant pattern of the importer compiles")
}

/// ASCII-lowercased copy with the same byte offsets as `s`.
pub(crate) fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Whitespace runs (including line breaks) collapsed to one space, trimmed.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
