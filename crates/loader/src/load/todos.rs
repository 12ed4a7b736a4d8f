//! `# TODO:` comments (what `cargo xtask import` leaves where a page left something open) are
//! warnings: a spec with TODOs loads and generates, and `check` lists each one at its place.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::source::Sources;

/// Adds a warning for every `# TODO` comment in `sources`.
pub(super) fn warn(sources: &Sources, diags: &mut Diagnostics) {
    for file in sources.iter() {
        let id = file.id;
        let mut offset = 0;
        for line in file.text.split_inclusive('\n') {
            if let Some(at) = todo_comment(line) {
                let body = line.trim_end_matches(['\n', '\r']);
                let text = body[at..].trim_start_matches('#').trim();
                let what =
                    text.trim_start_matches("TODO").trim_start_matches(|c: char| c != ':').trim_start_matches(':');
                let mut d = Diagnostic::error(id, offset + at..offset + body.len(), format!("TODO: {}", what.trim()));
                d.severity = Severity::Warning;
                d.label = Some("left open".into());
                d.help = Some("decide it, edit the spec accordingly and delete the comment".into());
                diags.push(d);
            }
            offset += line.len();
        }
    }
}

/// Where a `# TODO` comment starts on `line`: a `#` at the start or after a space, outside a
/// double- or single-quoted scalar, followed by `TODO`.
fn todo_comment(line: &str) -> Option<usize> {
    let (mut double, mut single, mut escaped) = (false, false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\\' if double && !escaped => {
                escaped = true;
                prev = c;
                continue;
            }
            '"' if !single && !escaped => double = !double,
            '\'' if !double => single = !single,
            '#' if !double && !single && prev.is_whitespace() => {
                return line[i + 1..].trim_start().starts_with("TODO").then_some(i);
            }
            _ => {}
        }
        escaped = false;
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_comments_count() {
        assert_eq!(todo_comment("# TODO: decide"), Some(0));
        assert_eq!(todo_comment("  type: i64  # TODO: u32?"), Some(13));
        assert_eq!(todo_comment("  description: \"a # TODO: in words\""), None);
        assert_eq!(todo_comment("  pattern: a#TODO"), None);
        assert_eq!(todo_comment("# a plain comment"), None);
        assert_eq!(todo_comment("  note: 'it''s # TODO'  # TODO: x"), Some(24));
    }
}
