//! The page line of every doubt: each place the draft fills from the page (a field's row, an error
//! code's row, a sample, the URL) is anchored at its line, and each doubt takes the line of the
//! nearest anchor of its place (`request.fields.Limit.type` → the `Limit` row); a doubt about what
//! the page does not say (no method, no title) takes the operation's line, where the page shows
//! the request URL or, without one, where its content starts. A doubt that names its line in its
//! text (`line 12: ...`) keeps that line.

use crate::draft::Draft;
use crate::rx::rx;

/// Sets the line of every doubt of the draft (1-based page lines); `operation` is the 0-based
/// line standing for the operation as a whole.
pub fn attach(d: &mut Draft, operation: usize) {
    let anchors = d.anchors.clone();
    for t in &mut d.todos {
        if let Some(c) = rx!(r"^line (\d+): ").captures(&t.message) {
            t.line = c[1].parse().ok();
            let cut = c.get(0).map_or(0, |m| m.end());
            t.message = t.message[cut..].to_string();
            continue;
        }
        if t.line.is_some() {
            continue;
        }
        let nearest = anchors
            .iter()
            .filter(|(place, _)| t.place == *place || t.place.starts_with(&format!("{place}.")))
            .max_by_key(|(place, _)| place.len());
        t.line = Some(nearest.map_or(operation, |(_, line)| *line) + 1);
    }
}

#[cfg(test)]
mod tests {
    use crate::Spec;

    #[test]
    fn every_doubt_gets_the_line_of_its_place() {
        let spec = Spec::load_dir("../../spec".as_ref()).expect("the spec loads");
        let page = "Sample request URL\nhttps://console.tim.qq.com/v4/group_open_http_svc/get_x?sdkappid=1\nRequest packet fields\nField | Type | Required | Description |\nGroupId | String | Yes | The group. |\nLimit | Integer | No | Number of members. |\n";
        let d = crate::build::draft(page, Some("p.txt"), &spec);
        assert!(d.todos.iter().all(|t| t.line.is_some()), "{:?}", d.todos);
        let limit = d.todos.iter().find(|t| t.place.starts_with("request.fields.Limit")).expect("a doubt on Limit");
        assert_eq!(limit.line, Some(6));
        let method = d.todos.iter().find(|t| t.place == "operation.idempotent").expect("a doubt on idempotency");
        assert_eq!(method.line, Some(2), "the operation's line is the URL's");
    }
}
