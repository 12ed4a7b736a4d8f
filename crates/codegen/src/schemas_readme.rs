//! IR → `schemas/README.md`: the page for teams who consume the published schemas.

use ccapi_spec::ir::*;

/// The page.
pub fn page(_api: &Api) -> String {
    format!("<!-- {} -->\n", crate::format::NOTICE)
}
