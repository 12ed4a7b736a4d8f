//! A family extended from another file: `families: {desk: {extends: true, types: ...,
//! operations: ...}}` adds types and operations to the family `desk` defined elsewhere, under its
//! conventions (server, auth, envelope, error sets, rate limit), without repeating its header.
//! This is how a draft of `cargo xtask import` loads beside the spec's files.

use super::*;

/// The keys an extension may have.
const EXTENSION_KEYS: &[&str] = &["extends", "types", "operations"];

/// Whether a family entry is an extension (a mapping with an `extends` key).
pub(super) fn is_extension(node: &Node) -> bool {
    child(node, "extends").is_some()
}

impl<'r, 'n> Lowerer<'r, 'n> {
    /// Adds every extension's members to its family, once every file is collected (the family
    /// may be defined in a file read later).
    pub(super) fn apply_extensions(&mut self) {
        for def in std::mem::take(&mut self.extensions) {
            let fam = def.name.value.clone();
            let what = format!("the extension of family `{fam}`");
            let Some(o) = self.r.obj(def.node, &what, EXTENSION_KEYS, &["extends"]) else { continue };
            if let Some(n) = o.get("extends") {
                match self.r.boolean(n, "`extends`") {
                    Some(true) => {}
                    Some(false) => {
                        let d = self.r.error(n.span, format!("`extends: false` in family `{fam}`"));
                        d.help = Some("drop `extends` and give the family its header, or write `extends: true`".into());
                        continue;
                    }
                    None => continue,
                }
            }
            let Some(index) = self.families.iter().position(|f| f.name.value == fam) else {
                let known: Vec<String> = self.families.iter().map(|f| f.name.value.clone()).collect();
                let d = self.r.error(def.name.span, format!("family `{fam}` is extended but defined nowhere"));
                d.label = Some("no family has this name".into());
                d.help = Some(match suggest(&fam, known.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "define the family (with its title, description, server, auth and envelope) \
                             instead of extending it"
                        .into(),
                });
                continue;
            };
            self.collect_family_members(index, def.node);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Sources;

    const BASE: &str = "api: {name: a, title: A, version: 0.1.0, description: A.}
servers: {s: {description: S., template: 'https://{d}', example: 'https://x'}}
auth: {h: {kind: headers, description: H., headers: {X-Key: {type: string, required: true, secret: true, description: K.}}}}
envelopes: {e: {description: E., fields: {Code: {type: i64, required: true, description: C.}, Info: {type: string, required: true, description: I.}}, code_field: Code, message_field: Info, success_code: 0}}
families:
  shop:
    title: Shop
    description: Orders.
    server: s
    auth: h
    envelope: e
    operations:
      get_order:
        summary: Get.
        description: Gets.
        method: POST
        path: /v1/shop/get_order
        idempotent: true
        request: {fields: {Id: {type: string, required: true, description: The id.}}}
        response: {fields: {}}
";

    const EXTENSION: &str = "families:
  shop:
    extends: true
    types:
      Size:
        kind: enum
        description: A size.
        values: [{value: S, description: Small.}, {value: L, description: Large.}]
    operations:
      count_orders:
        summary: Count.  # TODO: check
        description: Counts.
        method: POST
        path: /v1/shop/count_orders
        idempotent: true
        request: {fields: {Size: {type: Size, description: Which size.}}}
        response: {fields: {Count: {type: u64, required: true, description: How many.}}}
";

    fn load(files: &[(&str, &str)]) -> crate::Loaded {
        let mut sources = Sources::default();
        for (name, text) in files {
            sources.add(*name, *text);
        }
        crate::load_sources(sources)
    }

    #[test]
    fn an_extension_adds_operations_and_types_under_the_family_header() {
        // Read before the family's own file, as `a-draft.yaml` would be.
        let loaded = load(&[("a-draft.yaml", EXTENSION), ("shop.yaml", BASE)]);
        let rendered = loaded.diagnostics.render(&loaded.sources);
        let api = loaded.api.unwrap_or_else(|| panic!("{rendered}"));
        let shop = api.families.iter().find(|f| f.key == "shop").unwrap();
        let ids: Vec<&str> = shop.operations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["shop.get_order", "shop.count_orders"]);
        assert_eq!(shop.operations[1].auth, "h");
        assert!(api.types.iter().any(|t| t.name == "Size" && t.module == "shop"));
        // The TODO is a warning, at its place.
        assert_eq!(loaded.diagnostics.items.len(), 1, "{rendered}");
        assert!(rendered.contains("warning: TODO: check"), "{rendered}");
        assert!(rendered.contains("a-draft.yaml:11:26"), "{rendered}");
    }

    #[test]
    fn an_extension_is_checked_like_a_family() {
        let ext = EXTENSION.replace("extends: true", "extends: true\n    server: s");
        let loaded = load(&[("shop.yaml", BASE), ("draft.yaml", &ext)]);
        let rendered = loaded.diagnostics.render(&loaded.sources);
        assert!(loaded.api.is_none());
        assert!(rendered.contains("unknown key `server` in the extension of family `shop`"), "{rendered}");
        let twice = load(&[("shop.yaml", BASE), ("draft.yaml", &EXTENSION.replace("count_orders", "get_order"))]);
        assert!(twice.api.is_none(), "an operation added twice is refused");
        let off = load(&[("shop.yaml", BASE), ("draft.yaml", &EXTENSION.replace("extends: true", "extends: false"))]);
        assert!(off.diagnostics.render(&off.sources).contains("`extends: false`"));
    }
}
