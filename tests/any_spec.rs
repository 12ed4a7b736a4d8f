//! Any spec gets a client and a CLI: a spec with `kind: headers` auth (the synthetic spec of
//! `cargo xtask synth`) generated into a copy of this workspace's layout (what `cargo xtask codegen
//! --spec DIR --out DIR` writes), then the `ccapi` of that copy built and run against a server on
//! 127.0.0.1 that checks the secret header.
//!
//! The copy holds the hand-written crates (models runtime, client runtime, CLI, UserSig, the
//! fake's manifest, which the client's dev-dependencies name, and the receiver, which the client's
//! `redis` feature names) and nothing generated: every generated file comes from the synthetic
//! spec. It builds in `target/any-spec/` so that its dependencies stay compiled from one run to
//! the next.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use ccapi_tests::root;

/// The hand-written crates the copy needs.
const CRATES: &[&str] = &[
    "crates/support",
    "crates/models",
    "crates/runtime",
    "crates/client",
    "crates/usersig",
    "crates/cli",
    "crates/fake",
    "crates/receiver",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A copy of the workspace layout with the synthetic spec generated into it.
fn generated_workspace(dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    let ws = root();
    for c in CRATES {
        copy_dir(&ws.join(c), &dir.join(c));
    }
    let manifest = std::fs::read_to_string(ws.join("Cargo.toml")).unwrap();
    let members = CRATES.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let manifest: String = manifest
        .lines()
        .map(|l| if l.starts_with("members = ") { format!("members = [{members}]") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::copy(ws.join("rustfmt.toml"), dir.join("rustfmt.toml")).unwrap();

    let spec = dir.join("spec");
    std::fs::create_dir_all(&spec).unwrap();
    std::fs::write(spec.join("synth.yaml"), ccapi_loader::synthetic::spec_text(3)).unwrap();
    let loaded = ccapi_loader::load_dir(&spec);
    let api = loaded.api.unwrap_or_else(|| panic!("{}", loaded.diagnostics.render(&loaded.sources)));
    let files = ccapi_codegen::generate(&api).expect("generates");
    ccapi_codegen::write_files(dir, &files).expect("writes");
    // Nothing of this project's spec is left in a generated directory.
    for f in ["crates/models/src/generated/desk.rs", "crates/client/src/generated/mod.rs"] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap_or_default();
        assert!(!text.contains("desk_http_svc"), "{f} still holds the project's spec");
    }
    dir.join("target")
}

/// One request the server saw: request line, headers (lower-case names), body.
#[derive(Clone, Debug)]
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// A server on 127.0.0.1 answering every request: 200 with a synthetic response when
/// `x-api-key` is `the-key`, else 401.
fn serve() -> (u16, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.trim().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
            let len = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok());
            let mut body = vec![0; len.unwrap_or(0)];
            let _ = reader.read_exact(&mut body);
            let authorized = headers.iter().any(|(k, v)| k == "x-api-key" && v == "the-key");
            let (status, answer) = if authorized {
                ("200 OK", r#"{"Code":0,"Info":"","Total":1,"Items":[{"Name":"x","Kind":2}]}"#)
            } else {
                ("401 Unauthorized", r#"{"message":"no key"}"#)
            };
            log.lock().unwrap().push(Seen {
                line: line.trim().to_string(),
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let mut out = stream;
            let _ = write!(
                out,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    (port, seen)
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

#[test]
fn a_spec_with_header_auth_gets_a_client_and_a_cli_that_call_it() {
    let dir = root().join("target/any-spec/workspace");
    generated_workspace(&dir);
    let target = root().join("target/any-spec/target");
    // The fake serves this project's vendors only, so the CLI is built without it.
    let build = cargo()
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .args(["build", "--offline", "-q", "-p", "ccapi", "--no-default-features"])
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the generated workspace does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let warnings = String::from_utf8_lossy(&build.stderr);
    assert!(!warnings.contains("warning"), "the generated code warns:\n{warnings}");
    let bin = target.join("debug/ccapi");

    let (port, seen) = serve();
    let endpoint = format!("http://127.0.0.1:{port}");
    let ccapi = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(&bin);
        cmd.env_clear().args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("ccapi runs")
    };

    // The catalogue is the synthetic spec's, and help names the variable of the secret header.
    let list = ccapi(&[], &["list"]);
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains("synth.op_0") && !list.contains("desk."), "{list}");
    let help = ccapi(&[], &["help", "synth.op_0"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("CCAPI_AUTH_X_API_KEY"));

    // Without the key: refused before anything is sent, naming the variable.
    let out = ccapi(&[("CCAPI_ENDPOINT", &endpoint)], &["call", "synth.op_0", "--data", r#"{"Id":"a"}"#]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CCAPI_AUTH_X_API_KEY"));
    assert!(seen.lock().unwrap().is_empty(), "nothing may be sent without the key");

    // With it: one call, the header sent, the typed response printed.
    let env = [("CCAPI_ENDPOINT", endpoint.as_str()), ("CCAPI_AUTH_X_API_KEY", "the-key")];
    let out = ccapi(&env, &["call", "synth.op_0", "--data", r#"{"Id":"a","Limit":5}"#]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("the-key"), "the secret shows on stderr: {stderr}");
    let response: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(response["Total"], 1);
    assert_eq!(response["Items"][0]["Kind"], 2);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].line, "POST /v1/synth/op_0 HTTP/1.1");
    assert!(seen[0].headers.contains(&("x-api-key".into(), "the-key".into())), "{seen:?}");
    let body: serde_json::Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(body, serde_json::json!({"Id": "a", "Limit": 5}));

    // A dry run shows the header redacted.
    let out = ccapi(&env, &["call", "synth.op_0", "--data", r#"{"Id":"a"}"#, "--dry-run"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("<redacted>") && !shown.contains("the-key"), "{shown}");

    // A request that breaks the spec is refused before it leaves.
    let out = ccapi(&env, &["call", "synth.op_0", "--data", r#"{"Id":"a","Limit":101}"#]);
    assert_eq!(out.status.code(), Some(2));
}
