//! Tables of a page saved from a browser, in the three shapes browsers produce:
//!
//! - one cell per line (`Field` / `Type` / `Required` / `Description`, then the rows' cells);
//! - one cell per line, each ending in `|` (a cell may run over several lines until its `|`);
//! - one row per line, cells separated by `|` (`SessionId | String | Required | ... |`);
//! - one row per line, cells separated by spaces (read by [`crate::spaced`]).
//!
//! A table starts at a run of header cells (`Field`, `Parameter`, `Type`, `Required`, `Error
//! Code`, ...). Where rows are not one per line, they are told apart by what their cells look
//! like: a row starts with a number (`1.1`), a field name followed by a type word, or an error
//! code; a description runs until the next row starts. A row may lack a cell (a container
//! parameter without a type): cells are matched to columns by what they look like.

use crate::page::Page;
use crate::rx::{lower, rx};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// A row number (`1`, `1.2`).
    Number,
    /// A field or parameter name.
    Name,
    /// A type word (`String`, `Integer`, `Array`).
    Type,
    /// Whether the field is required (`Required`, `Optional.`, `Yes`, `No`).
    Required,
    /// Free text.
    Description,
    /// An error code.
    Code,
    /// A default value.
    Default,
    /// An example value.
    Example,
}

/// One row, by column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// Line of its first cell.
    pub line: usize,
    /// Row number (`1.2`).
    pub number: Option<String>,
    /// Field, parameter name.
    pub name: Option<String>,
    /// Type word as written.
    pub ty: Option<String>,
    /// Required-ness as written.
    pub required: Option<String>,
    /// Description (cells of several lines joined with `\n`).
    pub description: String,
    /// Error code.
    pub code: Option<String>,
    /// Default value as written.
    pub default: Option<String>,
    /// Example value as written.
    pub example: Option<String>,
}

/// A table: its columns and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Line of its first header cell.
    pub start: usize,
    /// One past its last line.
    pub end: usize,
    /// Columns, in order.
    pub columns: Vec<Col>,
    /// Rows, in order.
    pub rows: Vec<Row>,
}

impl Table {
    /// Whether it has a column of this kind.
    pub fn has(&self, col: Col) -> bool {
        self.columns.contains(&col)
    }
}

/// The column kind of a header cell's text.
pub fn column_kind(text: &str) -> Option<Col> {
    let l = lower(text.trim());
    let l = l.trim_end_matches(['.', ':']).trim();
    Some(match l {
        "no" | "#" | "serial no" | "seq" | "s/n" => Col::Number,
        "field" | "parameter" | "parameter name" | "name" | "field name" | "param" | "key" | "element" => Col::Name,
        "type" | "data type" | "value type" => Col::Type,
        "required" | "mandatory" | "mandatory or not" | "attribute" | "property" | "required or not"
        | "is required" | "required/optional" | "m/o" => Col::Required,
        "description" | "remarks" | "remark" | "meaning" | "notes" | "explanation" | "value description" => {
            Col::Description
        }
        "error code" | "code" | "return code" | "status code" => Col::Code,
        "default" | "default value" => Col::Default,
        "example" | "example value" => Col::Example,
        // `Description of Meaning`, `Meaning of the Code`: a description column named at length.
        _ if rx!(r"^(description|meaning|explanation) of( [a-z]+){1,3}$").is_match(l) => Col::Description,
        _ => return None,
    })
}

/// The header cells of a line, if every cell on it is a header word.
pub fn header_cells(line: &str) -> Option<Vec<Col>> {
    let t = line.trim();
    if t.is_empty() || is_separator(t) {
        return None;
    }
    let cells: Vec<&str> = t.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
    if cells.is_empty() {
        return None;
    }
    cells.iter().map(|c| column_kind(c)).collect()
}

/// The header cells at the end of a line of prose they are glued to
/// (`…specific to this API:Error Code | Description |`): at least two header words, the first
/// right after a sentence's end.
pub fn glued_header(line: &str) -> Option<Vec<Col>> {
    let t = line.trim();
    if !t.contains('|') {
        return None;
    }
    t.char_indices()
        .filter(|(_, c)| matches!(c, '.' | ':' | '：'))
        .map(|(at, c)| &t[at + c.len_utf8()..])
        .find_map(|rest| header_cells(rest).filter(|c| c.len() >= 2 && rest.trim_end().ends_with('|')))
}

/// A Markdown-style separator row (`---|---|---`).
fn is_separator(t: &str) -> bool {
    t.contains('-') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// Whether a cell's text looks like the content of a column.
pub fn fits(col: Col, text: &str) -> bool {
    let t = text.trim();
    match col {
        Col::Number => rx!(r"^\d+(\.\d+)*\.?$").is_match(t),
        // `Yes`, `Optional` are required-ness cells, never a field's name.
        Col::Name => {
            t.len() <= 100 && rx!(r"^[A-Za-z_@$][A-Za-z0-9_.\-/#@$\[\]]*$").is_match(t) && !is_required_word(t)
        }
        Col::Type => is_type_word(t),
        Col::Required => is_required_word(t),
        Col::Code => rx!(r"^-?\d{1,18}$").is_match(t),
        Col::Description | Col::Default | Col::Example => true,
    }
}

/// A type word as vendors write it (`String`, `Integer`, `Array`, `Array of String`, `String[]`).
pub fn is_type_word(t: &str) -> bool {
    let l = lower(t.trim());
    // `Array of String`, `Array of Message objects`, but not a description such as `Number of
    // members` or `List of returned messages`.
    rx!(r"^(string|str|integer|int|int32|int64|uint32|uint64|uint|long|number|float|double|boolean|bool|array|list|object|json|jsonobject|jsonarray|map|struct|date|datetime)(\[\]|<[a-z0-9 ]+>| array)?$")
        .is_match(&l)
        || rx!(r"^(array|list) of (strings?|integers?|ints?|numbers?|longs?|booleans?|objects?|[a-z][a-z0-9_]* objects?)$")
            .is_match(&l)
}

/// A required-ness word (`Required`, `Optional.`, `Yes`, `No`, `Mandatory`).
pub fn is_required_word(t: &str) -> bool {
    let l = lower(t.trim());
    let l = l.trim_end_matches('.').trim();
    matches!(
        l,
        "required"
            | "optional"
            | "yes"
            | "no"
            | "mandatory"
            | "y"
            | "n"
            | "m"
            | "o"
            | "true"
            | "false"
            | "conditional"
            | "conditionally required"
            | "-"
    )
}

/// One cell of a table whose rows are not one per line.
#[derive(Clone, Debug)]
struct Cell {
    line: usize,
    text: String,
}

/// Every table in the page's content.
pub fn find(page: &Page) -> Vec<Table> {
    let lines = &page.lines;
    let mut out = Vec::new();
    let mut i = page.start;
    while i < page.end {
        let Some(first) = header_cells(&lines[i]).or_else(|| glued_header(&lines[i])) else {
            // A header of space-separated words, rows one per line (`UserID String Required ...`).
            match crate::spaced::table(page, i) {
                Some(t) => {
                    i = t.end.max(i + 1);
                    push_if_table(&mut out, t);
                }
                None => i += 1,
            }
            continue;
        };
        if first.len() >= 2 && lines[i].contains('|') {
            let (table, next) = pipe_rows(page, i, first);
            push_if_table(&mut out, table);
            i = next.max(i + 1);
            continue;
        }
        // A run of header cells, one per line (possibly each ending in `|`).
        // Cells may be separated by blank lines (`No.`, blank, `Parameter`, blank, ...).
        let mut columns = first;
        let mut j = i + 1;
        let mut blank_separated = false;
        while j < page.end {
            let t = lines[j].trim();
            if is_separator(t) {
                j += 1;
                continue;
            }
            let (t, at) = match (t.is_empty(), next_filled(page, j)) {
                (true, Some(n)) => (lines[n].trim(), n),
                _ => (t, j),
            };
            match header_cells(t) {
                Some(c) if c.len() == 1 && !columns.contains(&c[0]) => {
                    blank_separated |= at != j;
                    columns.extend(c);
                    j = at + 1;
                }
                _ => break,
            }
        }
        if columns.len() < 2 {
            i += 1;
            continue;
        }
        let piped = lines[i].trim_end().ends_with('|');
        let (cells, next) = if piped { pipe_cells(page, j) } else { line_cells(page, j, blank_separated) };
        let rows = segment(&columns, &cells);
        push_if_table(&mut out, Table { start: i, end: next, columns, rows });
        i = next.max(i + 1);
    }
    out
}

fn push_if_table(out: &mut Vec<Table>, t: Table) {
    if (t.has(Col::Name) || t.has(Col::Code)) && !t.rows.is_empty() {
        out.push(t);
    }
}

/// The next non-blank line after blank line `j`, if it comes after one or two blank lines.
fn next_filled(page: &Page, j: usize) -> Option<usize> {
    (j + 1..(j + 3).min(page.end)).find(|&n| !page.lines[n].trim().is_empty())
}

/// Whether line `j` starts another table's header run (its cells may be blank-separated).
fn starts_header(page: &Page, j: usize) -> bool {
    let next = match page.lines.get(j + 1) {
        Some(l) if l.trim().is_empty() => next_filled(page, j + 1).map(|n| &page.lines[n]),
        other => other,
    };
    header_cells(&page.lines[j]).is_some() && next.is_some_and(|l| header_cells(l).is_some() || is_separator(l.trim()))
}

/// A table caption (`Table 3 ReqBody parameters`): it ends the table before it.
fn is_caption(t: &str) -> bool {
    rx!(r"^Table \d+\b").is_match(t)
}

/// Whether a line starts a JSON sample rather than a table cell.
fn starts_json(t: &str) -> bool {
    t.starts_with('{') || t.starts_with('[') && !t.starts_with("[]")
}

/// Cells one per line, until a blank line (of cells separated by blank lines: two, or a blank
/// line before the end), a heading, a caption, a sample, or another table.
fn line_cells(page: &Page, from: usize, blank_separated: bool) -> (Vec<Cell>, usize) {
    let mut cells = Vec::new();
    let mut j = from;
    while j < page.end {
        let t = page.lines[j].trim();
        if t.is_empty() {
            match next_filled(page, j) {
                Some(n) if blank_separated && !page.is_heading(n) => {
                    j = n;
                    continue;
                }
                _ => break,
            }
        }
        if page.is_heading(j) || starts_json(t) || starts_header(page, j) || is_caption(t) {
            break;
        }
        cells.push(Cell { line: j, text: t.to_string() });
        j += 1;
    }
    (cells, j)
}

/// Cells ending in `|`, a cell running over lines until its `|`.
fn pipe_cells(page: &Page, from: usize) -> (Vec<Cell>, usize) {
    let mut cells = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut j = from;
    let mut end = from;
    while j < page.end {
        let raw = page.lines[j].trim();
        if is_separator(raw) && pending.is_empty() {
            j += 1;
            end = j;
            continue;
        }
        if raw.ends_with('|') {
            // Another table's header ends this one; lines pending before it were not cells.
            if starts_header(page, j) {
                break;
            }
            let body = raw.strip_suffix('|').unwrap_or(raw);
            let mut parts: Vec<&str> = body.split('|').collect();
            let first_part = if parts.is_empty() { "" } else { parts.remove(0) };
            let line = pending.first().map_or(j, |p| p.0);
            let mut text: Vec<String> = pending.drain(..).map(|p| p.1).collect();
            text.push(first_part.trim().to_string());
            cells.push(Cell { line, text: text.join("\n").trim().to_string() });
            for p in parts {
                cells.push(Cell { line: j, text: p.trim().to_string() });
            }
            j += 1;
            end = j;
            continue;
        }
        if raw.is_empty() || page.is_heading(j) || starts_json(raw) || pending.len() >= 5 {
            break;
        }
        pending.push((j, raw.to_string()));
        j += 1;
    }
    (cells, end)
}

/// Rows one per line, cells separated by `|`.
fn pipe_rows(page: &Page, header: usize, columns: Vec<Col>) -> (Table, usize) {
    let mut rows = Vec::new();
    let mut j = header + 1;
    while j < page.end {
        let t = page.lines[j].trim();
        if is_separator(t) {
            j += 1;
            continue;
        }
        if !t.contains('|') || starts_json(t) || header_cells(t).is_some_and(|c| c.len() >= 2) {
            break;
        }
        let inner = t.strip_prefix('|').unwrap_or(t);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<Cell> = inner.split('|').map(|c| Cell { line: j, text: c.trim().to_string() }).collect();
        rows.extend(fill(&columns, &cells, &|k| k == 0));
        j += 1;
    }
    (Table { start: header, end: j, columns, rows }, j)
}

/// Splits a stream of cells into rows.
fn segment(columns: &[Col], cells: &[Cell]) -> Vec<Row> {
    let strict = |c: Col| matches!(c, Col::Number | Col::Name | Col::Code | Col::Type | Col::Required);
    let starts = |k: usize| -> bool {
        let Some(c0) = columns.first() else { return false };
        if !cells.get(k).is_some_and(|c| fits(*c0, &c.text)) || !strict(*c0) {
            return false;
        }
        match columns.get(1) {
            Some(c1) if strict(*c1) && *c1 != Col::Required => cells.get(k + 1).is_some_and(|c| fits(*c1, &c.text)),
            _ => true,
        }
    };
    fill(columns, cells, &starts)
}

/// Fills rows from cells: `starts(k)` says whether cell `k` starts a row.
fn fill(columns: &[Col], cells: &[Cell], starts: &dyn Fn(usize) -> bool) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut k = 0;
    while k < cells.len() {
        if !starts(k) {
            k += 1;
            continue;
        }
        let first = k;
        let mut row = Row { line: cells[k].line, ..Row::default() };
        let at_boundary = |k: usize| k >= cells.len() || (k > first && starts(k));
        for (ci, col) in columns.iter().enumerate() {
            if at_boundary(k) {
                break;
            }
            let text = cells[k].text.clone();
            let last = ci + 1 == columns.len();
            match col {
                Col::Description | Col::Default | Col::Example if last => {
                    let mut parts = Vec::new();
                    while !at_boundary(k) {
                        parts.push(cells[k].text.clone());
                        k += 1;
                    }
                    set(&mut row, *col, parts.join("\n").trim().to_string());
                }
                Col::Type => {
                    let next_fits = columns.get(ci + 1).is_some_and(|n| *n != Col::Description && fits(*n, &text));
                    if fits(Col::Type, &text) || !next_fits {
                        set(&mut row, *col, text);
                        k += 1;
                    }
                }
                Col::Required | Col::Name | Col::Number | Col::Code => {
                    if fits(*col, &text) {
                        set(&mut row, *col, text);
                        k += 1;
                    }
                }
                _ => {
                    set(&mut row, *col, text);
                    k += 1;
                }
            }
        }
        // Cells left before the next row belong to its description.
        let mut extra = Vec::new();
        while !at_boundary(k) {
            extra.push(cells[k].text.clone());
            k += 1;
        }
        if !extra.is_empty() {
            let joined = extra.join("\n");
            row.description =
                if row.description.is_empty() { joined } else { format!("{}\n{joined}", row.description) };
        }
        if k == first {
            k += 1;
        }
        rows.push(row);
    }
    rows
}

fn set(row: &mut Row, col: Col, text: String) {
    match col {
        Col::Number => row.number = Some(text),
        Col::Name => row.name = Some(text),
        Col::Type => row.ty = Some(text),
        Col::Required => row.required = Some(text),
        Col::Description => row.description = text,
        Col::Code => row.code = Some(text),
        Col::Default => row.default = Some(text),
        Col::Example => row.example = Some(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(text: &str) -> Vec<Table> {
        find(&Page::parse(text))
    }

    #[test]
    fn one_cell_per_line_with_multi_line_descriptions() {
        let t = tables(
            "Response Packet Fields\n\nField\nType\nDescription\nErrorCode\nInteger\nError Code:\n0: success\nNon-zero: failure\nMsgKey\nString\nThe key.\n\nNext",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[0].description, "Error Code:\n0: success\nNon-zero: failure");
        assert_eq!(t[0].rows[1].name.as_deref(), Some("MsgKey"));
    }

    #[test]
    fn piped_cells_with_a_missing_type() {
        let t = tables(
            "Request Description\nNo. |\nParameter |\nType |\nMandatory |\nDescription |\n---|---|---|---|---|\n1 |\nreqBody |\nYes |\nRequest body. |\nNo. |\nParameter |\nType |\nMandatory |\nDescription |\n---|---|---|---|---|\n1.1 |\nchannel |\nString |\nYes |\nThe channel. |\n1.2 |\ncontent |\nString |\nNo |\nExamples:\n|\nResponse Description\n",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].rows[0].name.as_deref(), Some("reqBody"));
        assert_eq!(t[0].rows[0].ty, None);
        assert_eq!(t[0].rows[0].required.as_deref(), Some("Yes"));
        assert_eq!(t[1].rows.len(), 2);
        assert_eq!(t[1].rows[1].description, "Examples:");
    }

    #[test]
    fn a_header_glued_to_prose() {
        let t = tables(
            "respectively. See the codes specific to this API:Error Code | Description |\n10002 | Internal error. Try again. |\n10004 | Invalid parameter\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].columns, [Col::Code, Col::Description]);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].description, "Invalid parameter");
        assert!(glued_header("See the API: Error Code | Descri").is_none(), "a cut header is no table");
    }

    #[test]
    fn a_description_column_named_at_length() {
        let t = tables(
            "Error code | Description of Meaning |\n10002 | System fault, please try again |\n10004 | Invalid\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].columns, [Col::Code, Col::Description]);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(column_kind("Meaning of the Code"), Some(Col::Description));
        assert_eq!(column_kind("Description of what the parameter is for here"), None);
    }

    #[test]
    fn descriptions_that_start_like_a_type_keep_the_rows() {
        let t = tables(
            "Request Fields\n\nField\nType\nRequired\nDescription\nGroupId\nString\nYes\nID of the group\nLimit\nInteger\nNo\nNumber of members to return\nMembers\nArray\nYes\nList of members to add\nSilence\nInteger\nNo\nWhether to add them silently\n\nNext",
        );
        assert_eq!(t.len(), 1);
        let names: Vec<&str> = t[0].rows.iter().filter_map(|r| r.name.as_deref()).collect();
        assert_eq!(names, ["GroupId", "Limit", "Members", "Silence"]);
        assert_eq!(t[0].rows[1].description, "Number of members to return");
        assert_eq!(t[0].rows[2].ty.as_deref(), Some("Array"));
        assert!(is_type_word("Array of String") && is_type_word("Array of MsgBody objects"));
        assert!(!is_type_word("Number of members") && !is_type_word("List of returned messages"));
    }

    #[test]
    fn cells_separated_by_blank_lines_end_at_a_caption() {
        let t = tables(
            "Request Description\n\nNo.\n\nParameter\n\nType\n\nMandatory or Not\n\nDescription\n\n1\n\nuserId\n\nString\n\nYes\n\nCustomer ID\n\n2\n\nchannel\n\nString\n\nNo\n\nChannel type\n\nTable 2 Other parameters\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].columns.len(), 5);
        let names: Vec<&str> = t[0].rows.iter().filter_map(|r| r.name.as_deref()).collect();
        assert_eq!(names, ["userId", "channel"]);
        assert_eq!(t[0].rows[1].description, "Channel type");
    }

    #[test]
    fn pipe_rows() {
        let t = tables(
            "Field | Type | Required | Description |\nLimit | Integer | Optional. | Max 100. |\nMsgBody | Array | |\n",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[0].required.as_deref(), Some("Optional."));
        assert_eq!(t[0].rows[1].ty.as_deref(), Some("Array"));
    }
}
