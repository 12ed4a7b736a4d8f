//! IR → the manifests of the model and client crates: everything in them is fixed but the cargo
//! features, one per family (all on by default), so that a bot that talks to one family compiles
//! only that family's models and operations; `schemars` support is an opt-in feature of the models.

use ccapi_loader::ir::Api;

use crate::format::NOTICE;

/// The model crate's manifest.
pub const MODELS_MANIFEST: &str = "crates/models/Cargo.toml";
/// The client crate's manifest.
pub const CLIENT_MANIFEST: &str = "crates/client/Cargo.toml";

fn package(name: &str, description: &str) -> String {
    format!(
        "# {NOTICE}\n[package]\nname = \"{name}\"\ndescription = \"{description}\"\nversion.workspace = true\nedition.workspace = true\nlicense.workspace = true\nrust-version.workspace = true\npublish.workspace = true\n\n[lints]\nworkspace = true\n"
    )
}

/// The families' feature names as a TOML array's items: `"ccmessaging", "chatbot", "desk"`.
fn quoted_families(api: &Api) -> String {
    let quoted: Vec<String> = api.families.iter().map(|f| format!("\"{}\"", f.key)).collect();
    quoted.join(", ")
}

fn family_features(api: &Api, forward: Option<&str>) -> String {
    let keys: Vec<&str> = api.families.iter().map(|f| f.key.as_str()).collect();
    let mut out = format!(
        "\n[features]\n# One feature per API family of the spec, all on by default.\ndefault = [{}]\n",
        quoted_families(api)
    );
    for k in keys {
        match forward {
            Some(dep) => out.push_str(&format!("{k} = [\"{dep}/{k}\"]\n")),
            None => out.push_str(&format!("{k} = []\n")),
        }
    }
    out
}

/// `crates/models/Cargo.toml`.
pub fn models(api: &Api) -> String {
    let mut out = package(
        "ccapi-models",
        "Request, response, enum and error-code types of the contact-centre chat APIs, generated from the ccapi spec.",
    );
    out.push_str(&family_features(api, None));
    out.push_str("# `schemars::JsonSchema` for every type.\nschemars = [\"dep:schemars\"]\n");
    // The catalogue takes each operation's facts from its `Operation` impl, so it needs them all.
    out.push_str(&format!(
        "# The operation catalogue (`ccapi_models::catalog`): every operation's facts as static data.\ncatalog = [{}]\n",
        quoted_families(api)
    ));
    out.push_str(
        "\n[dependencies]\nccapi-support.workspace = true\nserde.workspace = true\nserde_json.workspace = true\nregex.workspace = true\nschemars = { workspace = true, optional = true }\n",
    );
    out
}

/// `crates/client/Cargo.toml`: the generated operations over the hand-written runtime
/// (`ccapi-runtime`, a dependency of its own, so that regenerating rebuilds only the operations).
pub fn client(api: &Api) -> String {
    let mut out = package(
        "ccapi-client",
        "The async client of the contact-centre chat APIs: operations generated from the spec over a small runtime.",
    );
    out.push_str(&family_features(api, Some("ccapi-models")));
    out.push_str(concat!(
        "# `ccapi_client::redis`: a rate limiter and a callback dedup store that a fleet shares through Redis.\n",
        "redis = [\"ccapi-runtime/redis\"]\n",
    ));
    out.push_str(concat!(
        "\n[dependencies]\n",
        "ccapi-models.workspace = true\n",
        "ccapi-runtime.workspace = true\n",
        "futures-util.workspace = true\n",
        "reqwest.workspace = true\n",
        "\n[dev-dependencies]\n",
        "tokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\", \"time\", \"sync\", \"test-util\"] }\n",
        "ccapi-fake.workspace = true\n",
        "serde_json.workspace = true\n",
        "fastrand.workspace = true\n",
        "tracing.workspace = true\n",
        "tracing-subscriber = { version = \"0.3\", default-features = false, features = [\"fmt\", \"std\"] }\n",
        "# The Redis backends are tested whenever the crate is.\n",
        "ccapi-client = { path = \".\", features = [\"redis\"] }\n",
        "\n[[bench]]\nname = \"client\"\nharness = false\n",
        "\n[[bench]]\nname = \"first_tokens\"\nharness = false\n",
        "\n[[bench]]\nname = \"fleet\"\nharness = false\n",
    ));
    out
}
