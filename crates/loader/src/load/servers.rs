//! `servers`: base URLs, by region or by template.

use super::*;

impl<'r, 'n> Lowerer<'r, 'n> {
    pub(super) fn lower_servers(&mut self) -> Vec<Server> {
        let defs: Vec<_> = self.servers.iter().map(|d| (d.name.clone(), d.node)).collect();
        let mut out = Vec::new();
        for (name, node) in defs {
            let what = format!("server `{}`", name.value);
            let Some(o) = self.r.obj(
                node,
                &what,
                &["description", "default_region", "regions", "template", "example"],
                &["description"],
            ) else {
                continue;
            };
            let description = self.r.opt_string(&o, "description", &what).unwrap_or_default();
            let template = self.r.opt_string(&o, "template", &what);
            let example = self.r.opt_string(&o, "example", &what);
            let default_region = self.r.opt_string(&o, "default_region", &what);
            let regions = o.get("regions").map(|rn| self.regions(rn, &what)).unwrap_or_default();
            match (&template, regions.is_empty()) {
                (None, true) => {
                    let d = self.r.error(head(node), format!("{what} has neither `regions` nor `template`"));
                    d.help = Some("give its regional domains under `regions`, or a URL `template`".into());
                }
                (Some(_), false) => {
                    let d = self.r.error(
                        o.key_span("template").unwrap_or(name.span),
                        format!("{what} has both `regions` and `template`"),
                    );
                    d.help = Some("keep one of the two".into());
                }
                _ => {}
            }
            if let Some(dr) = &default_region
                && !regions.iter().any(|r| r.key == *dr)
            {
                let span = o.get("default_region").map_or(name.span, |n| n.span);
                let keys: Vec<&str> = regions.iter().map(|r| r.key.as_str()).collect();
                let d = self.r.error(span, format!("default region `{dr}` is not a region of {what}"));
                d.help = Some(match suggest(dr, keys.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("use one of: {}", keys.join(", ")),
                });
            }
            out.push(Server {
                region_enum: names::region_enum(&name.value),
                static_name: names::server_static(&name.value),
                endpoint_method: names::endpoint_method(&name.value),
                key: name.value,
                description,
                regions,
                default_region,
                template,
                example,
            });
        }
        out
    }

    /// A server's regional domains; two regions may not become one Rust variant.
    fn regions(&mut self, rn: &'n Node, what: &str) -> Vec<Region> {
        let mut regions: Vec<Region> = Vec::new();
        for (key, rnode) in self.r.entries(rn, &format!("the regions of {what}")).unwrap_or_default() {
            let rkey = key.scalar_text();
            let rwhat = format!("region `{rkey}`");
            let Some(ro) = self.r.obj(rnode, &rwhat, &["title", "primary", "backup"], &["title", "primary"]) else {
                continue;
            };
            let title = self.r.opt_string(&ro, "title", &rwhat).unwrap_or_default();
            let primary = self.url(&ro, "primary", &rwhat).unwrap_or_default();
            let backup = self.url(&ro, "backup", &rwhat);
            let rust_name = pascal(&rkey);
            if let Some(first) = regions.iter().find(|r: &&Region| r.rust_name == rust_name) {
                let at = self.key_span_in(rn, &first.key).unwrap_or(key.span);
                let d = self.r.error(
                    key.span,
                    format!(
                        "regions `{}` and `{rkey}` of {what} both become the Rust variant `{rust_name}`",
                        first.key
                    ),
                );
                d.related.push((at.file, at.range(), "the other region".into()));
                d.help = Some("rename one of the two regions".into());
            }
            regions.push(Region { rust_name, key: rkey, title, primary, backup });
        }
        regions
    }

    pub(super) fn url(&mut self, o: &Obj<'n>, key: &str, what: &str) -> Option<String> {
        let n = o.get(key)?;
        let s = self.r.string(n, &format!("`{key}` of {what}"))?;
        if !(s.starts_with("https://") || s.starts_with("http://")) {
            let d = self.r.error(n.span, format!("`{key}` of {what} is not a URL: `{s}`"));
            d.help = Some(format!("write the full base URL, e.g. `https://{s}`"));
        }
        Some(s)
    }
}
