//! `examples` and `invalid_requests` of an operation, and their checks against the IR.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn example_name(&mut self, eo: &Obj<'n>, taken: &[String]) -> Option<String> {
        let n = eo.get("name")?;
        let name = self.r.string(n, "the example's `name`")?;
        if !is_snake(&name) {
            let d = self.r.error(n.span, format!("example name `{name}` is not snake_case"));
            d.help = Some(format!("rename it `{}`; it becomes a test name", snake(&name)));
            return None;
        }
        if taken.contains(&name) {
            let d = self.r.error(n.span, format!("example name `{name}` is used twice in this operation"));
            d.help = Some("give each example its own name".into());
            return None;
        }
        Some(name)
    }
}
