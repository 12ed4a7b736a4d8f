//! The spec a page is imported against: its families' conventions decide the draft's family
//! header, and `--merge` compares the draft with its operations.

use std::path::Path;

use ccapi_spec::Loaded;
use ccapi_spec::ir::Api;

/// A loaded spec, ready to import pages against.
#[derive(Clone, Debug)]
pub struct Spec {
    api: Api,
}

impl Spec {
    /// The spec of a load; the error is the rendered diagnostics when it did not load.
    pub fn new(loaded: Loaded) -> Result<Spec, String> {
        let api = loaded.into_result().map_err(|e| format!("the spec does not load:\n{e}"))?;
        Ok(Spec { api })
    }

    /// Loads the spec in `dir` (see [`ccapi_spec::load_dir`]).
    pub fn load_dir(dir: &Path) -> Result<Spec, String> {
        Spec::new(ccapi_spec::load_dir(dir))
    }

    /// Its IR.
    pub fn api(&self) -> &Api {
        &self.api
    }
}
