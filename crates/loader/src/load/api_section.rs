//! The `api` section: the spec's name, title, version and description.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn api_header(&mut self, node: &'n Node) -> Option<(String, String, String, String)> {
        let o = self.r.obj(
            node,
            "the `api` section",
            &["name", "title", "version", "description", "license"],
            &["name", "title", "version", "description"],
        )?;
        let name = self.r.opt_string(&o, "name", "the `api` section");
        let title = self.r.opt_string(&o, "title", "the `api` section");
        let description = self.r.opt_string(&o, "description", "the `api` section");
        let version = o.get("version").and_then(|v| {
            let text = v.scalar_text();
            let ok = text.split('.').count() == 3 && text.split('.').all(|p| p.parse::<u64>().is_ok());
            if !ok {
                let d = self.r.error(v.span, format!("`{text}` is not a semver version"));
                d.help = Some("write MAJOR.MINOR.PATCH, e.g. `0.1.0`".into());
            }
            ok.then_some(text)
        });
        Some((name?, title?, version?, description?))
    }

    /// The `api` section's optional `license`: an SPDX expression (`MIT OR Apache-2.0`).
    pub(super) fn api_license(&mut self, node: &'n Node) -> Option<String> {
        let Value::Map(entries) = &node.value else { return None };
        let (_, v) = entries.iter().find(|(k, _)| k.scalar_text() == "license")?;
        let text = self.r.string(v, "the `api` section's `license`")?;
        let spdx = |w: &str| {
            matches!(w, "AND" | "OR" | "WITH") || w.chars().all(|c| c.is_ascii_alphanumeric() || ".-+()".contains(c))
        };
        if text.trim().is_empty() || !text.split_whitespace().all(spdx) {
            let d = self.r.error(v.span, format!("`{text}` is not an SPDX licence expression"));
            d.help = Some("write SPDX identifiers joined by AND / OR, e.g. `MIT OR Apache-2.0`".into());
            return None;
        }
        Some(text)
    }
}
