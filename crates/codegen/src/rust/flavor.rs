//! Where the generated models live: the checked-in crate or the proc-macro's expansion.

use proc_macro2::TokenStream;
use quote::quote;

/// Where the generated models live, which decides how they reach their runtime and `schemars`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// The checked-in model crate: `support` is its hand-written module, `schemars` impls are
    /// behind its `schemars` feature and each family module behind the family's feature.
    Crate,
    /// The proc-macro's expansion: `support` is embedded, `schemars` impls always present.
    Macro,
}

impl Flavor {
    /// `#[cfg(feature = "schemars")]` for the crate, nothing for the macro.
    pub(super) fn cfg_schemars(self) -> TokenStream {
        match self {
            Flavor::Crate => quote!(#[cfg(feature = "schemars")]),
            Flavor::Macro => TokenStream::new(),
        }
    }

    /// Items gated on `schemars` as [`Flavor::cfg_schemars`] says.
    pub(super) fn gate_schemars(self, item: TokenStream) -> TokenStream {
        let cfg = self.cfg_schemars();
        quote!(#cfg #item)
    }

    /// Attributes that only apply with `schemars` (its derive and the `serde` attributes it
    /// reads): one `cfg_attr` for the crate, each as it is for the macro.
    pub(super) fn schemars_attrs(self, attrs: &[TokenStream]) -> TokenStream {
        match (self, attrs.is_empty()) {
            (_, true) => TokenStream::new(),
            (Flavor::Crate, false) => quote!(#[cfg_attr(feature = "schemars", #(#attrs),*)]),
            (Flavor::Macro, false) => quote!(#(#[#attrs])*),
        }
    }
}
