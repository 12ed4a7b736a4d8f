//! The ccapi generator: IR → Rust models, JSON Schemas and protocol tests.
//!
//! [`generate`] returns every generated file with its path relative to the output root; `cargo
//! xtask codegen` writes them, `--check` compares them, and the proc-macro in `ccapi-macros`
//! uses [`model_tokens`].

use std::path::PathBuf;

use ccapi_loader::ir::{Api, StructRole};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub mod catalog;
pub mod client;
pub mod consumer_fixtures;
pub mod format;
pub mod manifest;
pub mod openapi;
pub mod openapi30;
pub mod protocol;
pub mod rust;
pub mod schema;
pub mod schemas_readme;
mod support;
mod token;
pub mod vocabulary;

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output root (the workspace, or `--out DIR`).
    pub path: PathBuf,
    /// The whole content.
    pub contents: String,
}

/// Where the model crate's generated modules go, relative to the output root (its hand-written
/// `lib.rs` declares `#[rustfmt::skip] mod generated;`, so rustfmt leaves prettyplease's output alone).
pub const MODELS_SRC: &str = "crates/models/src/generated";
/// Where the published schemas go.
pub const SCHEMAS_DIR: &str = "schemas";
/// The generated protocol tests.
pub const PROTOCOL_TESTS: &str = "tests/generated/protocol.rs";

/// Every generated file, in a stable order. Same IR, same bytes.
pub fn generate(api: &Api) -> Result<Vec<GeneratedFile>, String> {
    let mut files = Vec::new();
    let modules = rust::modules(api, rust::Flavor::Crate);
    let lib_doc = format!(
        "{}, version {}: the models generated from the spec.\n\n{}\n\nEvery request type has constructors that take its required fields, \
setters for the others, and `validate()` (from [`support::Validate`]) that checks every documented constraint. \
Enums keep values the spec does not list (`Unknown`), so a new vendor value still deserializes.",
        api.title, api.version, api.description
    );
    let version = &api.version;
    let family_mods = modules.iter().map(|(m, _, _)| {
        let name = Ident::new(m, Span::call_site());
        match api.family(m) {
            Some(f) => {
                let feature = &f.key;
                quote!(#[cfg(feature = #feature)] pub mod #name;)
            }
            None => quote!(pub mod #name;),
        }
    });
    let servers = api.servers.iter().map(|s| Ident::new(&s.static_name, Span::call_site()));
    let schemes = api.auth.iter().map(|a| Ident::new(&a.static_name, Span::call_site()));
    let (title, catalog) = (&api.title, Ident::new(catalog::MODULE, Span::call_site()));
    let lib = quote! {
        #![forbid(unsafe_code)]
        // The runtime (hand-written, `crate::support`), where every generated module finds it.
        use super::support;
        #(#family_mods)*
        // The data of the hand-written `crate::catalog`.
        #[cfg(feature = "catalog")]
        pub(crate) mod #catalog;

        /// The API's title.
        pub const API_TITLE: &str = #title;

        /// The spec version these models were generated from.
        pub const SPEC_VERSION: &str = #version;

        /// Every server of the spec, in spec order.
        pub static SERVERS: &[&support::ServerDoc] = &[#(&common::#servers),*];

        /// Every auth scheme of the spec, in spec order.
        pub static AUTH_SCHEMES: &[&support::AuthDoc] = &[#(&common::#schemes),*];
    };
    files.push(GeneratedFile {
        path: PathBuf::from(MODELS_SRC).join("mod.rs"),
        contents: format::rust_file(lib, &lib_doc)?,
    });
    files.push(GeneratedFile { path: PathBuf::from(manifest::MODELS_MANIFEST), contents: manifest::models(api) });
    files.push(GeneratedFile { path: PathBuf::from(manifest::CLIENT_MANIFEST), contents: manifest::client(api) });
    for (m, doc, items) in modules {
        let contents = format::rust_file(items, &doc)?;
        files.push(GeneratedFile { path: PathBuf::from(MODELS_SRC).join(format!("{m}.rs")), contents });
    }
    for op in api.operations() {
        for role in [StructRole::Request, StructRole::Response] {
            let file = schema::schema_file(op, role);
            let value = schema::body_schema(api, op, role);
            files.push(GeneratedFile {
                path: PathBuf::from(SCHEMAS_DIR).join(file),
                contents: format::json_file(&value),
            });
        }
    }
    for cb in api.callbacks() {
        for (file, role) in [(&cb.body_schema, StructRole::CallbackBody), (&cb.reply_schema, StructRole::CallbackReply)]
        {
            files.push(GeneratedFile {
                path: PathBuf::from(SCHEMAS_DIR).join(file),
                contents: format::json_file(&schema::callback_schema(api, cb, role)),
            });
        }
    }
    files.push(GeneratedFile {
        path: PathBuf::from(SCHEMAS_DIR).join("index.json"),
        contents: format::json_file(&schema::index(api)),
    });
    files.push(GeneratedFile {
        path: PathBuf::from(SCHEMAS_DIR).join("vocabulary.json"),
        contents: format::json_file(&vocabulary::document()),
    });
    files.push(GeneratedFile {
        path: PathBuf::from(SCHEMAS_DIR).join("README.md"),
        contents: schemas_readme::page(api),
    });
    files.push(GeneratedFile {
        path: PathBuf::from(SCHEMAS_DIR).join("openapi.json"),
        contents: format::json_file(&openapi::document(api)),
    });
    files.push(GeneratedFile {
        path: PathBuf::from(client::CLIENT_SRC).join("mod.rs"),
        contents: format::rust_file(
            client::tokens(api),
            "The client's operations, generated from the spec: a handle per family with a method per operation.",
        )?,
    });
    files.push(GeneratedFile {
        path: PathBuf::from(MODELS_SRC).join(catalog::FILE),
        contents: format::rust_file(catalog::tokens(api), catalog::DOC)?,
    });
    files.push(GeneratedFile {
        path: PathBuf::from(PROTOCOL_TESTS),
        contents: format::rust_file(protocol::tokens(api), "")?,
    });
    Ok(files)
}

/// The models as one token stream of modules (`pub mod support { .. } pub mod desk { .. }`), for
/// the proc-macro.
pub fn model_tokens(api: &Api) -> TokenStream {
    let mods = rust::modules(api, rust::Flavor::Macro).into_iter().map(|(m, doc, items)| {
        let name = Ident::new(&m, Span::call_site());
        let lines = doc.lines().map(|l| format!(" {l}"));
        quote! {
            #(#[doc = #lines])*
            pub mod #name { #items }
        }
    });
    let version = &api.version;
    let support = support::embedded();
    quote! {
        /// The spec version these models were generated from.
        pub const SPEC_VERSION: &str = #version;
        #support
        #(#mods)*
    }
}

/// Directories whose every file is generated: a file there that [`generate`] does not produce is
/// stale and is removed by `cargo xtask codegen`.
pub const GENERATED_DIRS: &[&str] = &[MODELS_SRC, client::CLIENT_SRC, SCHEMAS_DIR, "tests/generated"];

/// Files inside [`GENERATED_DIRS`] that another command owns (`cargo xtask changelog` writes the
/// changelog from the spec's git history), so codegen neither checks nor removes them.
pub const OTHER_GENERATORS: &[&str] = &["schemas/CHANGELOG.md"];

/// How a file on disk differs from a fresh generation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Staleness {
    /// The file differs from what the generator produces.
    Differs(PathBuf),
    /// The generator produces the file but it is not on disk.
    Missing(PathBuf),
    /// The file is in a generated directory but the generator no longer produces it.
    Extra(PathBuf),
}

impl std::fmt::Display for Staleness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Staleness::Differs(p) => write!(f, "stale:   {}", p.display()),
            Staleness::Missing(p) => write!(f, "missing: {}", p.display()),
            Staleness::Extra(p) => write!(f, "extra:   {} (no longer generated)", p.display()),
        }
    }
}

/// Compares generated files with what is under `root`, without writing anything.
pub fn check_files(root: &std::path::Path, files: &[GeneratedFile]) -> Vec<Staleness> {
    let mut out = Vec::new();
    for f in files {
        match std::fs::read_to_string(root.join(&f.path)) {
            Ok(on_disk) if on_disk == f.contents => {}
            Ok(_) => out.push(Staleness::Differs(f.path.clone())),
            Err(_) => out.push(Staleness::Missing(f.path.clone())),
        }
    }
    for p in extra_files(root, files) {
        out.push(Staleness::Extra(p));
    }
    out
}

/// Files in [`GENERATED_DIRS`] that the generator does not produce.
pub fn extra_files(root: &std::path::Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in GENERATED_DIRS {
        let mut stack = vec![PathBuf::from(dir)];
        while let Some(rel) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(root.join(&rel)) else { continue };
            let mut entries: Vec<_> = rd.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let p = rel.join(e.file_name());
                if e.path().is_dir() {
                    stack.push(p);
                } else if !files.iter().any(|f| f.path == p)
                    && !OTHER_GENERATORS.iter().any(|o| std::path::Path::new(o) == p)
                {
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

/// Writes these generated files under `root` (only those that changed), leaving every other file
/// alone. Returns the paths written.
pub fn write_listed(root: &std::path::Path, files: &[GeneratedFile]) -> std::io::Result<Vec<PathBuf>> {
    let mut touched = Vec::new();
    for f in files {
        let path = root.join(&f.path);
        if std::fs::read_to_string(&path).is_ok_and(|s| s == f.contents) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.contents)?;
        touched.push(f.path.clone());
    }
    Ok(touched)
}

/// Writes generated files under `root` (only those that changed) and removes extra ones.
/// Returns the paths written or removed.
pub fn write_files(root: &std::path::Path, files: &[GeneratedFile]) -> std::io::Result<Vec<PathBuf>> {
    let mut touched = write_listed(root, files)?;
    for p in extra_files(root, files) {
        std::fs::remove_file(root.join(&p))?;
        // Drop directories the removal left empty (e.g. the schemas of a removed family).
        let mut dir = p.parent();
        while let Some(d) = dir.filter(|d| !GENERATED_DIRS.iter().any(|g| std::path::Path::new(g) == *d)) {
            if std::fs::remove_dir(root.join(d)).is_err() {
                break;
            }
            dir = d.parent();
        }
        touched.push(p);
    }
    Ok(touched)
}
