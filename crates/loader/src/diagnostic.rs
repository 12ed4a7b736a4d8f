//! Problems found in a spec, rendered rustc-style with `annotate-snippets`.

use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{FileId, Sources};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The spec cannot be used.
    Error,
    /// The spec is usable but probably not what was meant.
    Warning,
}

/// One problem at one place in a spec file.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file.
    pub file: FileId,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A short label under the snippet.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Related places (e.g. the first definition of a duplicate).
    pub related: Vec<(FileId, Range<usize>, String)>,
}

impl Diagnostic {
    /// An error at `span` in `file`.
    pub fn error(file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file,
            span,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// Sets the label shown under the snippet.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points at a related place.
    pub fn related(mut self, file: FileId, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((file, span, label.into()));
        self
    }

    /// `path:line:column` of the start of the problem.
    pub fn location(&self, sources: &Sources) -> String {
        let file = sources.get(self.file);
        let (line, col) = file.line_col(self.span.start);
        format!("{}:{line}:{col}", file.path.display())
    }

    /// Renders the problem as rustc does, without colours (stable for snapshots).
    pub fn render(&self, sources: &Sources) -> String {
        let file = sources.get(self.file);
        let path = file.path.display().to_string();
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut snippet = Snippet::source(file.text.as_str())
            .path(path.as_str())
            .annotation(AnnotationKind::Primary.span(self.span.clone()).label(self.label.as_deref().unwrap_or("")));
        let mut other_files = Vec::new();
        for (rel_file, span, label) in &self.related {
            if *rel_file == self.file {
                snippet = snippet.annotation(AnnotationKind::Context.span(span.clone()).label(label.as_str()));
            } else {
                other_files.push((sources.get(*rel_file), span, label));
            }
        }
        let mut group = level.primary_title(self.message.as_str()).element(snippet);
        let other_paths: Vec<String> = other_files.iter().map(|(f, _, _)| f.path.display().to_string()).collect();
        for ((f, span, label), p) in other_files.iter().zip(&other_paths) {
            group = group.element(
                Snippet::source(f.text.as_str())
                    .path(p.as_str())
                    .annotation(AnnotationKind::Context.span((*span).clone()).label(label.as_str())),
            );
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let report: [Group<'_>; 1] = [group];
        Renderer::plain().render(&report).to_string()
    }
}

/// Every problem found in one run, in the order found (sorted by place when rendered).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    /// The problems.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Sorts by file and position, so output is stable.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| (a.file, a.span.start, &a.message).cmp(&(b.file, b.span.start, &b.message)));
        self.items.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
    }

    /// All problems rendered, followed by a count.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(sources));
            out.push_str("\n\n");
        }
        let errors = self.error_count();
        if errors > 0 {
            let _ = writeln!(out, "error: the spec has {errors} problem{}", if errors == 1 { "" } else { "s" });
        }
        out
    }
}
