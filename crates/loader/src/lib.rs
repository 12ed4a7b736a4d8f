//! The ccapi spec: YAML files with source spans → validation → an intermediate representation.
//!
//! ```no_run
//! let loaded = ccapi_loader::load_dir(std::path::Path::new("spec"));
//! match loaded.api {
//!     Some(api) => println!("{} operations", api.operations().count()),
//!     None => eprintln!("{}", loaded.diagnostics.render(&loaded.sources)),
//! }
//! ```

pub mod diagnostic;
pub mod instance;
pub mod ir;
mod load;
pub mod naming;
mod reader;
pub mod source;
pub mod synthetic;
pub mod yaml;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use load::{Loaded, load_dir, load_sources, modules_of};
pub use source::Sources;
