//! Tables whose rows are single lines of space-separated cells, as browsers saved the vendors'
//! 2021–2022 pages:
//!
//! ```text
//! Field Type Attribute Description
//! UserID String Required Username
//! ```
//!
//! The header is a line of header words only (`Parameter Name Required Type Description`, a
//! column name may take several words); a row is a line whose leading cells fit their columns
//! (a name, a type word, a required-ness word, an error code), the last column taking the rest of
//! the line. A line that is not a row (a list item of a description, `• China: ...`) continues
//! the row before it; a list item that is a row (`• v4/svc/cmd The request API.`, a row rendered
//! after a cell's list) is one. The table ends at a blank line, a heading or a sample.

use crate::page::Page;
use crate::table::{Col, Row, Table, column_kind, fits, is_required_word, is_type_word};

/// The columns of a header line of space-separated header words (at least two, one of them a
/// name or code column), column names of several words matched longest first.
pub fn header(line: &str) -> Option<Vec<Col>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 || words.len() > 12 || line.contains('|') {
        return None;
    }
    let mut cols = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (col, used) =
            (1..=4.min(words.len() - i)).rev().find_map(|n| column_kind(&words[i..i + n].join(" ")).map(|c| (c, n)))?;
        if cols.contains(&col) {
            return None;
        }
        cols.push(col);
        i += used;
    }
    let keyed = cols.contains(&Col::Name) || cols.contains(&Col::Code);
    (cols.len() >= 2 && keyed).then_some(cols)
}

/// A list marker a browser puts before a list item (`•`, `-`, `*`), removed.
fn unbulleted(line: &str) -> &str {
    let t = line.trim();
    t.strip_prefix(['•', '-', '*', '◦', '·']).map_or(t, str::trim_start)
}

/// The cells of a line as a row of `columns`, if its leading cells fit them.
pub fn row(columns: &[Col], line: &str, at: usize) -> Option<Row> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut r = Row { line: at, ..Row::default() };
    let mut k = 0;
    for (ci, col) in columns.iter().enumerate() {
        let last = ci + 1 == columns.len();
        match col {
            Col::Description | Col::Default | Col::Example => {
                if !last {
                    return None;
                }
                let text = words[k.min(words.len())..].join(" ");
                match col {
                    Col::Description => r.description = text,
                    Col::Default => r.default = Some(text).filter(|t| !t.is_empty()),
                    _ => r.example = Some(text).filter(|t| !t.is_empty()),
                }
                k = words.len();
            }
            Col::Type => {
                // `Array of String` takes three words; a row may lack its type (a container).
                let n = (1..=3.min(words.len().saturating_sub(k)))
                    .rev()
                    .find(|n| is_type_word(&words[k..k + n].join(" ")))?;
                r.ty = Some(words[k..k + n].join(" "));
                k += n;
            }
            Col::Required => {
                let n = (1..=2.min(words.len().saturating_sub(k)))
                    .rev()
                    .find(|n| is_required_word(&words[k..k + n].join(" ")))?;
                r.required = Some(words[k..k + n].join(" "));
                k += n;
            }
            Col::Number | Col::Name | Col::Code => {
                let w = words.get(k).filter(|w| fits(*col, w))?;
                match col {
                    Col::Number => r.number = Some(w.to_string()),
                    Col::Name => r.name = Some(w.to_string()),
                    _ => r.code = Some(w.to_string()),
                }
                k += 1;
            }
        }
    }
    // A row of a name and its description has some description.
    (k == words.len() && !(columns.len() == 2 && r.description.is_empty())).then_some(r)
}

/// The table whose header is line `i`, if the line is a header and the next line a row of it.
pub fn table(page: &Page, i: usize) -> Option<Table> {
    let columns = header(&page.lines[i])?;
    let first = page.lines.get(i + 1)?;
    row(&columns, unbulleted(first), i + 1)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut j = i + 1;
    while j < page.end {
        let raw = page.lines[j].trim();
        if raw.is_empty() || page.is_heading(j) || raw.starts_with('{') || header(raw).is_some() {
            break;
        }
        match row(&columns, unbulleted(raw), j) {
            Some(r) => rows.push(r),
            None => {
                if let Some(prev) = rows.last_mut() {
                    prev.description = format!("{}\n{}", prev.description, unbulleted(raw)).trim().to_string();
                }
            }
        }
        j += 1;
    }
    Some(Table { start: i, end: j, columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_several_word_columns() {
        assert_eq!(
            header("Field Type Attribute Description"),
            Some(vec![Col::Name, Col::Type, Col::Required, Col::Description])
        );
        assert_eq!(
            header("Parameter Name Required Type Description"),
            Some(vec![Col::Name, Col::Required, Col::Type, Col::Description])
        );
        assert_eq!(header("Error Code Description"), Some(vec![Col::Code, Col::Description]));
        assert_eq!(header("Group Type ID REST API Support"), None);
        assert_eq!(header("Type Description"), None, "no name or code column");
        assert_eq!(header("The following table describes the fields"), None);
    }

    #[test]
    fn rows_and_continuations() {
        let page = Page::parse(
            "Request parameters\n\n    Parameter Description\n    https The request protocol is HTTPS.\n    xxxxxx The country/region.\n  • China: console.tim.qq.com\n  • v4/svc/kick The request API.\n    random A random integer.\n\n    Field Type Attribute Description\n    UserID String Required Username\n    Tags Array of String Optional The tags.\n    Limit Integer No Number of entries, at most 100.\n",
        );
        let i = page.lines.iter().position(|l| l.trim() == "Parameter Description").unwrap();
        let t = table(&page, i).unwrap();
        let names: Vec<&str> = t.rows.iter().filter_map(|r| r.name.as_deref()).collect();
        assert_eq!(names, ["https", "xxxxxx", "v4/svc/kick", "random"]);
        assert_eq!(t.rows[1].description, "The country/region.\nChina: console.tim.qq.com");
        let j = page.lines.iter().position(|l| l.trim().starts_with("Field Type")).unwrap();
        let t = table(&page, j).unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].required.as_deref(), Some("Required"));
        assert_eq!(t.rows[1].ty.as_deref(), Some("Array of String"));
        assert_eq!(t.rows[2].description, "Number of entries, at most 100.");
    }

    #[test]
    fn a_header_without_a_row_is_no_table() {
        let page = Page::parse("Field Type Description\nThe table below lists them.\n");
        assert!(table(&page, 0).is_none());
    }
}
