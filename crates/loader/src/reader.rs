//! Typed access to YAML nodes that records a diagnostic for every mismatch instead of stopping.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::naming::suggest;
use crate::yaml::{Node, Span, Value};

/// A value with the place it came from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is.
    pub span: Span,
}

/// Collects diagnostics while reading.
#[derive(Default)]
pub struct Reader {
    /// Everything found so far.
    pub diags: Diagnostics,
}

/// A mapping whose keys were checked against the allowed set.
pub struct Obj<'n> {
    /// The mapping node.
    pub node: &'n Node,
    entries: Vec<(&'n Node, &'n Node)>,
}

impl<'n> Obj<'n> {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| k.scalar_text() == key).map(|(_, v)| *v)
    }

    /// The key node of `key`, if present (for pointing at it).
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries.iter().find(|(k, _)| k.scalar_text() == key).map(|(k, _)| k.span)
    }
}

impl Reader {
    /// Records an error.
    pub fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(span.file, span.range(), message));
        self.diags.items.last_mut().expect("just pushed")
    }

    /// Records a warning: the spec is usable, but says something its readers must know.
    pub fn warning(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let mut d = Diagnostic::error(span.file, span.range(), message);
        d.severity = crate::diagnostic::Severity::Warning;
        self.diags.push(d);
        self.diags.items.last_mut().expect("just pushed")
    }

    /// Entries of a mapping, reporting duplicate keys; `None` (and an error) if not a mapping.
    pub fn entries<'n>(&mut self, node: &'n Node, what: &str) -> Option<Vec<(&'n Node, &'n Node)>> {
        let Value::Map(entries) = &node.value else {
            if matches!(node.value, Value::Null) {
                return Some(Vec::new());
            }
            let found = node.kind();
            let d = self.error(node.span, format!("{what} must be a mapping, found {found}"));
            d.label = Some("expected `key: value` lines here".into());
            d.help = Some("write one `key: value` per line under it, or `{key: value, ...}`".into());
            return None;
        };
        let mut seen: Vec<(String, Span)> = Vec::new();
        let mut out = Vec::new();
        for (k, v) in entries {
            let text = k.scalar_text();
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == text) {
                let first = *first;
                let d = self.error(k.span, format!("duplicate key `{text}` in {what}"));
                d.label = Some("defined again here".into());
                d.related.push((first.file, first.range(), "first defined here".into()));
                d.help = Some(format!("remove one of the two `{text}` entries or rename one"));
                continue;
            }
            seen.push((text, k.span));
            out.push((k, v));
        }
        Some(out)
    }

    /// A mapping with a fixed set of keys; unknown keys and missing required keys are errors.
    pub fn obj<'n>(&mut self, node: &'n Node, what: &str, allowed: &[&str], required: &[&str]) -> Option<Obj<'n>> {
        let entries = self.entries(node, what)?;
        for (k, v) in &entries {
            let text = k.scalar_text();
            if !allowed.contains(&text.as_str()) {
                let help = match suggest(&text, allowed.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    // `{description: Busy, please retry.}`: the comma ended the value.
                    None if matches!(v.value, Value::Null) && text.contains(' ') => format!(
                        "inside `{{ ... }}` a comma separates entries, so `{text}` became a key: \
                         if it belongs to the previous value, quote that value (\"..., {text}\")"
                    ),
                    None => format!("the keys allowed here are: {}", allowed.join(", ")),
                };
                let d = self.error(k.span, format!("unknown key `{text}` in {what}"));
                d.label = Some("not a key of this mapping".into());
                d.help = Some(help);
            }
        }
        for key in required {
            // A misspelt key was reported above with a "did you mean": not missing twice.
            let misspelt = entries.iter().any(|(k, _)| {
                let text = k.scalar_text();
                !allowed.contains(&text.as_str()) && suggest(&text, allowed.iter().copied()) == Some(*key)
            });
            if !misspelt && !entries.iter().any(|(k, _)| k.scalar_text() == *key) {
                let d = self.error(head(node), format!("{what} is missing `{key}`"));
                d.label = Some(format!("`{key}` is required here"));
                d.help = Some(format!("add `{key}: ...` to this mapping"));
            }
        }
        Some(Obj { node, entries })
    }

    /// A string (a plain number is accepted as its text where a string is expected, e.g. names).
    pub fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                let found = node.kind();
                let d = self.error(node.span, format!("{what} must be a string, found {found}"));
                d.help = Some("quote the value: \"...\"".into());
                None
            }
        }
    }

    /// An optional string key.
    pub fn opt_string(&mut self, obj: &Obj<'_>, key: &str, what: &str) -> Option<String> {
        obj.get(key).and_then(|n| self.string(n, &format!("`{key}` of {what}")))
    }

    /// A boolean.
    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                let found = node.kind();
                let d = self.error(node.span, format!("{what} must be `true` or `false`, found {found}"));
                d.help = Some("write `true` or `false`".into());
                None
            }
        }
    }

    /// An integer.
    pub fn int(&mut self, node: &Node, what: &str) -> Option<i64> {
        match node.value {
            Value::Int(i) => Some(i),
            _ => {
                let found = node.kind();
                let d = self.error(node.span, format!("{what} must be an integer, found {found}"));
                d.help = Some("write a whole number without quotes".into());
                None
            }
        }
    }

    /// A non-negative integer.
    pub fn count(&mut self, node: &Node, what: &str) -> Option<u64> {
        let i = self.int(node, what)?;
        match u64::try_from(i) {
            Ok(u) => Some(u),
            Err(_) => {
                let d = self.error(node.span, format!("{what} must not be negative, found {i}"));
                d.help = Some("use 0 or a positive number".into());
                None
            }
        }
    }

    /// A sequence of nodes.
    pub fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                let found = node.kind();
                let d = self.error(node.span, format!("{what} must be a list, found {found}"));
                d.help = Some("write a list: `[a, b]` or one `- item` per line".into());
                None
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, node: &Node, what: &str) -> Option<Vec<Spanned<String>>> {
        let items = self.seq(node, what)?;
        let mut out = Vec::new();
        for item in items {
            if let Some(s) = self.string(item, &format!("an item of {what}")) {
                out.push(Spanned { value: s, span: item.span });
            }
        }
        Some(out)
    }
}

/// The first line of a node's span (a whole mapping is too long to underline).
pub fn head(node: &Node) -> Span {
    Span { end: node.span.start.max(node.span.start), ..node.span }
}
