//! Drafts a spec operation from the text of a vendor's API reference page, as saved from a
//! browser: one table cell per line or `|`-separated rows, navigation and footers in other
//! languages, sample JSON that is sometimes invalid.
//!
//! ```
//! let spec = ccapi_import::Spec::load_dir("../../spec".as_ref()).expect("the spec loads");
//! let page = "Sending a Message (send)\nMethod\nPOST\nURI\nhttps://Domain name/apiaccess/ccmessaging/send\n";
//! let import = ccapi_import::import(page, Some("page.txt"), &spec);
//! assert_eq!(import.draft.id(), "ccmessaging.send");
//! assert!(import.yaml.contains("path: /apiaccess/ccmessaging/send"));
//! eprint!("{}", import.summary());
//! ```
//!
//! The draft is a `families:` document in the spec's format. What the page leaves open is marked
//! with a `# TODO:` comment at its place (and listed in [`draft::Draft::todos`]); the summary
//! counts what was found and lists every doubt. [`merge::merge`] shows what a page changes in an
//! operation the spec already has, classified by `ccapi-diff`.
//!
//! The readers, in order: [`page`] (content, headings, title), [`table`] with [`spaced`] (the four table
//! shapes), [`sample`] and [`repair`] (sample JSON), [`endpoint`] (path, method, auth
//! parameters), [`family`] (the spec's family of the path, and its conventions), [`fields`] with [`prose`]
//! (fields, types, enums, limits), [`examples`] with [`lowered`] (samples against the draft, by
//! the spec's own loader and instance checker), [`errors`], [`token_family`] (an auth scheme the
//! draft's family may use); then [`emit`] writes the YAML (which
//! must load beside the spec) and [`summary`] the summary.

pub mod build;
pub mod clashes;
pub mod contradiction;
pub mod draft;
pub mod emit;
pub mod endpoint;
pub mod errors;
pub mod examples;
pub mod family;
pub mod fields;
pub mod lines;
pub mod lowered;
pub mod merge;
pub mod page;
pub mod prose;
pub mod repair;
mod rx;
pub mod sample;
pub mod spaced;
pub mod spec;
pub mod summary;
pub mod table;
pub mod token_family;

pub use draft::{Draft, Todo};
pub use merge::{Merge, merge};
pub use spec::Spec;
pub use summary::Summary;

/// A page imported: the draft and its YAML.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The draft, with every doubt at its place.
    pub draft: Draft,
    /// The draft as a YAML document in the spec's format.
    pub yaml: String,
}

impl Import {
    /// What was found and doubted.
    pub fn summary(&self) -> Summary {
        summary::summarize(&self.draft)
    }
}

/// Imports the text of a vendor page against `spec`, whose families decide the draft's family and
/// its conventions; `page_name` (the file name) is recorded under `docs`. Never fails: what cannot
/// be read becomes a TODO.
pub fn import(text: &str, page_name: Option<&str>, spec: &Spec) -> Import {
    let draft = build::draft(text, page_name, spec);
    let yaml = emit::yaml(&draft, None);
    Import { draft, yaml }
}
