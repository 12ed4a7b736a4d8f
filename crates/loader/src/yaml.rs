//! A YAML tree that keeps the byte span of every node and every mapping key.
//!
//! Built from `saphyr-parser` events rather than a generic YAML value so that duplicate keys are
//! seen (a hash map would silently keep the last one) and every node can be pointed at.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile};

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// One YAML node.
#[derive(Clone, Debug)]
pub struct Node {
    /// Where the node is.
    pub span: Span,
    /// What it holds.
    pub value: Value,
}

/// The value of a YAML node.
#[derive(Clone, Debug)]
pub enum Value {
    /// `null`, `~` or an empty value.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (quoted, or plain text that is no other scalar).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order, duplicates kept (the validator reports them).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// What kind of node this is, for messages ("a mapping", "a string", ...).
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }

    /// The string value, if this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The node as JSON (mapping keys as strings).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.scalar_text(), v.to_json())).collect()),
        }
    }

    /// The text of a scalar (used for mapping keys such as `20001:` or `OK:`).
    pub fn scalar_text(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Str(s) => s.clone(),
            Value::Seq(_) => "[...]".into(),
            Value::Map(_) => "{...}".into(),
        }
    }
}

/// Parses one file into its root node; a syntax error becomes a diagnostic.
pub fn parse(file: &SourceFile) -> Result<Node, Box<Diagnostic>> {
    let mut builder = Builder { file, stack: Vec::new(), root: None };
    let mut parser = Parser::new_from_str(&file.text);
    loop {
        match parser.next_event() {
            None => break,
            Some(Err(err)) => {
                let at = file.byte_of_char(err.marker().index());
                let message = format!("this file is not valid YAML: {}", err.info());
                // A `{...}` or `[...]` opened on an earlier line and still open was most likely
                // never closed: the parser only notices lines later, so point at the opening.
                if let Some(open) = builder.open_flow()
                    && file.line_col(open).0 < file.line_col(at).0
                {
                    let (opening, closing) = if file.text[open..].starts_with('{') { ('{', '}') } else { ('[', ']') };
                    return Err(Box::new(
                        Diagnostic::error(file.id, open..open + 1, message)
                            .label(format!("this `{opening}` is not closed on its line"))
                            .related(file.id, at..at, "the YAML parser stopped here")
                            .help(format!(
                                "close it with `{closing}`, and quote any value that contains `,`, `:`, `{{` or `}}`"
                            )),
                    ));
                }
                // The parser reports a tab after it, at the first character it cannot indent.
                let line_start = file.text[..at].rfind('\n').map_or(0, |i| i + 1);
                if let Some(tab) = file.text[line_start..at].rfind('\t').map(|i| line_start + i)
                    && err.info().contains("tabs")
                {
                    return Err(Box::new(
                        Diagnostic::error(file.id, tab..tab + 1, message)
                            .label("a tab")
                            .help("indent with spaces: YAML does not allow tabs in indentation"),
                    ));
                }
                return Err(Box::new(
                    Diagnostic::error(file.id, at..at, message)
                        .label("the YAML parser stopped here")
                        .help("fix the YAML syntax (indentation, quotes, a `:` after each key)"),
                ));
            }
            Some(Ok((event, span))) => {
                let span = Span {
                    file: file.id,
                    start: file.byte_of_char(span.start.index()),
                    end: file.byte_of_char(span.end.index()),
                };
                builder.event(event, span)?;
            }
        }
    }
    Ok(builder.root.unwrap_or(Node { span: Span { file: file.id, start: 0, end: 0 }, value: Value::Map(Vec::new()) }))
}

enum Open {
    Seq(Span, Vec<Node>),
    Map(Span, Vec<(Node, Node)>, Option<Node>),
}

struct Builder<'a> {
    file: &'a SourceFile,
    stack: Vec<Open>,
    root: Option<Node>,
}

impl Builder<'_> {
    /// The byte offset of the innermost collection still open, if it is a flow one (`{` or `[`).
    fn open_flow(&self) -> Option<usize> {
        let start = match self.stack.last()? {
            Open::Seq(span, _) | Open::Map(span, _, _) => span.start,
        };
        self.file.text[start..].starts_with(['{', '[']).then_some(start)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Box<Diagnostic>> {
        match event {
            Event::Scalar(text, style, _, tag) => {
                let value = if style == ScalarStyle::Plain && tag.is_none() {
                    plain_scalar(&text)
                } else {
                    Value::Str(text.into_owned())
                };
                self.push(Node { span, value });
            }
            Event::SequenceStart(..) => self.stack.push(Open::Seq(span, Vec::new())),
            Event::MappingStart(..) => self.stack.push(Open::Map(span, Vec::new(), None)),
            Event::SequenceEnd => {
                if let Some(Open::Seq(start, items)) = self.stack.pop() {
                    let span = Span { end: span.end.max(start.end), ..start };
                    self.push(Node { span, value: Value::Seq(items) });
                }
            }
            Event::MappingEnd => {
                if let Some(Open::Map(start, entries, _)) = self.stack.pop() {
                    let span = Span { end: span.end.max(start.end), ..start };
                    self.push(Node { span, value: Value::Map(entries) });
                }
            }
            Event::Alias(_) => {
                return Err(Box::new(
                    Diagnostic::error(self.file.id, span.range(), "YAML aliases are not supported in the spec")
                        .label("alias used here")
                        .help("write the value out in full; every definition must stand where it applies"),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
    }
}

/// Resolves a plain scalar as YAML 1.2's core schema does.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::Int(i);
    }
    let numeric = text.trim_start_matches(['-', '+']).chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.');
    if numeric && let Ok(f) = text.parse::<f64>() {
        return Value::Float(f);
    }
    Value::Str(text.to_owned())
}
