//! `Option` literals for the statics and checks the emitters write.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `Some("...")` or `None`.
pub(super) fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}

/// `Some(n)` or `None`.
pub(super) fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let lit = Literal::u64_unsuffixed(v);
            quote!(Some(#lit))
        }
        None => quote!(None),
    }
}

/// `Some(n)` (unsuffixed, read as `i128`) or `None`.
pub(super) fn opt_i128(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let lit = Literal::i128_unsuffixed(i128::from(v));
            quote!(Some(#lit))
        }
        None => quote!(None),
    }
}
