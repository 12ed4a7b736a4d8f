//! What an import found and doubted, counted for the person running it.

use std::fmt;

use crate::draft::{Draft, FieldDraft, Todo, TypeKindDraft};

/// Counts of what the page gave, and every doubt.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Operation id.
    pub id: String,
    /// Method and path.
    pub endpoint: String,
    /// Request fields (top level).
    pub request_fields: usize,
    /// Response fields (top level, envelope left out).
    pub response_fields: usize,
    /// Fields of nested structs.
    pub nested_fields: usize,
    /// Enum types and their number of values.
    pub enums: Vec<(String, usize)>,
    /// Constraints (limits, forbidden substrings, JSON text).
    pub constraints: usize,
    /// Defaults.
    pub defaults: usize,
    /// Private error codes.
    pub errors: usize,
    /// Of which retryable.
    pub retryable: usize,
    /// Examples.
    pub examples: usize,
    /// Examples whose samples were repaired.
    pub repaired: usize,
    /// Examples kept although they break the page's rules.
    pub breaking: usize,
    /// Samples left out.
    pub unreadable: usize,
    /// What was read but left to the family's shared parts.
    pub notes: Vec<String>,
    /// Every doubt.
    pub todos: Vec<Todo>,
}

/// Counts what a draft holds.
pub fn summarize(d: &Draft) -> Summary {
    let nested: Vec<&FieldDraft> = d
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKindDraft::Struct { fields } => Some(fields.iter()),
            TypeKindDraft::Enum { .. } => None,
        })
        .flatten()
        .collect();
    let all: Vec<&FieldDraft> =
        d.op.request.fields.iter().chain(d.op.response.fields.iter()).chain(nested.iter().copied()).collect();
    Summary {
        id: d.id(),
        endpoint: format!("{} {}", d.op.method, d.op.path),
        request_fields: d.op.request.fields.len(),
        response_fields: d.op.response.fields.len(),
        nested_fields: nested.len(),
        enums: d
            .types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKindDraft::Enum { values, .. } => Some((t.name.clone(), values.len())),
                TypeKindDraft::Struct { .. } => None,
            })
            .collect(),
        constraints: all.iter().map(|f| f.constraint_count()).sum(),
        defaults: all.iter().filter(|f| f.default.is_some()).count(),
        errors: d.op.errors.len(),
        retryable: d.op.errors.iter().filter(|e| e.retryable).count(),
        examples: d.op.examples.len(),
        repaired: d.op.examples.iter().filter(|e| e.erratum.as_deref().is_some_and(|x| x.contains("repaired"))).count(),
        breaking: d.op.examples.iter().filter(|e| !e.breaks.is_empty()).count(),
        unreadable: d.op.unreadable.len(),
        notes: d.notes.clone(),
        todos: d.todos.clone(),
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "imported `{}` ({})", self.id, self.endpoint)?;
        writeln!(
            f,
            "  fields:      {} request, {} response, {} nested",
            self.request_fields, self.response_fields, self.nested_fields
        )?;
        let enums: Vec<String> = self.enums.iter().map(|(n, v)| format!("{n} ({v})")).collect();
        writeln!(
            f,
            "  enums:       {}{}",
            self.enums.len(),
            if enums.is_empty() { String::new() } else { format!(": {}", enums.join(", ")) }
        )?;
        writeln!(f, "  constraints: {} (and {} defaults)", self.constraints, self.defaults)?;
        writeln!(f, "  error codes: {} ({} retryable)", self.errors, self.retryable)?;
        writeln!(
            f,
            "  examples:    {} ({} repaired, {} breaking the page's rules, {} left out)",
            self.examples, self.repaired, self.breaking, self.unreadable
        )?;
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        writeln!(f, "  doubts ({}, each a `# TODO:` in the draft, with its page line):", self.todos.len())?;
        for t in &self.todos {
            match t.line {
                Some(l) => writeln!(f, "    - line {l}, {}: {}", t.place, t.message)?,
                None => writeln!(f, "    - {}: {}", t.place, t.message)?,
            }
        }
        Ok(())
    }
}
