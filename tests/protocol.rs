//! Protocol tests generated from the spec's examples (see `generated/protocol.rs`); what each
//! checks is in `support/`.

mod support;

#[rustfmt::skip]
#[path = "generated/protocol.rs"]
mod generated;
