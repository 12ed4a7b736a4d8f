//! The spec a page is imported against: its families' conventions decide the draft's family
//! header, a draft is loaded beside the parts of its files that the families share, and
//! `--merge` compares the draft with the spec's operation.

use std::path::Path;

use ccapi_loader::ir::Api;
use ccapi_loader::yaml::{self, Value};
use ccapi_loader::{Loaded, Sources};

/// A loaded spec, ready to import pages against.
#[derive(Clone, Debug)]
pub struct Spec {
    api: Api,
    /// The spec's files without their `families` sections.
    shared: Sources,
}

impl Spec {
    /// The spec of a load; the error is the rendered diagnostics when it did not load.
    pub fn new(loaded: Loaded) -> Result<Spec, String> {
        let shared = without_families(&loaded.sources);
        let api = loaded.into_result().map_err(|e| format!("the spec does not load:\n{e}"))?;
        Ok(Spec { api, shared })
    }

    /// Loads the spec in `dir` (see [`ccapi_loader::load_dir`]).
    pub fn load_dir(dir: &Path) -> Result<Spec, String> {
        Spec::new(ccapi_loader::load_dir(dir))
    }

    /// Its IR.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// Loads a draft (a `families:` document) beside the spec's shared parts: its `api` header,
    /// servers, auth schemes, envelopes, error sets, top-level types and the headers of its
    /// families, but none of their types and operations, so that a draft extending a family may
    /// redefine one of them (a page of an operation the spec has). The draft is shown as
    /// `draft.yaml` in diagnostics.
    pub fn load_draft(&self, draft_yaml: &str) -> Loaded {
        let mut sources = self.shared.clone();
        sources.add("draft.yaml", draft_yaml);
        ccapi_loader::load_sources(sources)
    }
}

/// The keys of a family's header: what an extension (`extends: true`) takes from the family.
const HEADER_KEYS: &[&str] = &["title", "description", "server", "auth", "envelope", "error_sets", "rate_limit"];

/// Each file with its families reduced to their headers (their types, operations and anything
/// else cut out), extensions of families cut out whole, and without the auth schemes'
/// `token_operations` (they name operations of those families). A family written as a flow
/// mapping is cut out whole; a file the parser refuses is left out.
fn without_families(sources: &Sources) -> Sources {
    let mut out = Sources::default();
    for file in sources.iter() {
        let text = &file.text;
        let Ok(root) = yaml::parse(file) else { continue };
        let Value::Map(entries) = &root.value else {
            out.add(file.path.clone(), text.clone());
            continue;
        };
        if text[root.span.start..].starts_with('{') {
            if entries.iter().all(|(k, _)| k.scalar_text() != "families") {
                out.add(file.path.clone(), text.clone());
            }
            continue;
        }
        let mut cuts = token_operations(entries);
        for (i, (k, fams)) in entries.iter().enumerate() {
            if k.scalar_text() != "families" {
                continue;
            }
            let end = entries.get(i + 1).map_or(text.len(), |(next, _)| next.span.start);
            cuts.extend(family_members(text, fams, end));
        }
        cuts.sort();
        let mut kept = String::new();
        let mut from = 0;
        for (start, end) in cuts {
            if start >= from {
                kept.push_str(&text[from..start]);
                from = end;
            }
        }
        kept.push_str(&text[from..]);
        out.add(file.path.clone(), kept);
    }
    out
}

/// The byte ranges to cut from a `families` mapping ending at `end`: every family entry's
/// non-header keys, and whole entries that are extensions or flow mappings.
fn family_members(text: &str, fams: &yaml::Node, end: usize) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    let Value::Map(families) = &fams.value else { return cuts };
    for (i, (fk, fv)) in families.iter().enumerate() {
        let fam_end = families.get(i + 1).map_or(end, |(next, _)| next.span.start);
        let Value::Map(keys) = &fv.value else { continue };
        let flow = text[fv.span.start..].starts_with('{');
        if flow || keys.iter().any(|(k, _)| k.scalar_text() == "extends") {
            cuts.push((fk.span.start, fam_end));
            continue;
        }
        for (j, (k, _)) in keys.iter().enumerate() {
            if !HEADER_KEYS.contains(&k.scalar_text().as_str()) {
                cuts.push((k.span.start, keys.get(j + 1).map_or(fam_end, |(next, _)| next.span.start)));
            }
        }
    }
    cuts
}

/// The byte ranges of the `token_operations` entries of the top-level `auth` schemes (each up to
/// the scheme's next key, or the end of its value).
fn token_operations(entries: &[(yaml::Node, yaml::Node)]) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    let Some((_, auth)) = entries.iter().find(|(k, _)| k.scalar_text() == "auth") else { return cuts };
    let Value::Map(schemes) = &auth.value else { return cuts };
    for (_, scheme) in schemes {
        let Value::Map(keys) = &scheme.value else { continue };
        for (i, (k, v)) in keys.iter().enumerate() {
            if k.scalar_text() == "token_operations" {
                cuts.push((k.span.start, keys.get(i + 1).map_or(v.span.end, |(next, _)| next.span.start)));
            }
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_cut_to_their_headers() {
        let mut sources = Sources::default();
        sources.add(
            "a.yaml",
            "# head\napi: {name: a}\nfamilies:\n  x:\n    title: X\n    types: {T: {}}\n    server: s\n    operations:\n      op: {}\n  y:\n    extends: true\n    operations: {}\n# tail\nservers: {}\n",
        );
        sources.add("b.yaml", "servers: {}\n");
        sources.add("c.yaml", "{families: {x: {}}}\n");
        let shared = without_families(&sources);
        let texts: Vec<&str> = shared.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "# head\napi: {name: a}\nfamilies:\n  x:\n    title: X\n    server: s\n    servers: {}\n",
                "servers: {}\n"
            ]
        );
    }
}
