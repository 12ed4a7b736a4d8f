//! `ccapi listen`: receives the vendors' callbacks on any path, checks them like a bot would
//! (`CCAPI_SDKAPPID`, and `Sign`/`RequestTime` when `CCAPI_CALLBACK_TOKEN` is set), and prints each
//! accepted, first-seen callback as one JSON line on stdout: `{"command": ..., "event": <body>}`.
//! Rejections and duplicates go to stderr only. Every accepted or duplicate callback is answered
//! `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`, unless `--reply COMMAND=@file.json` gives
//! that command a synchronous reply.
//!
//! What identifies a delivery and whether the vendor waits for the reply come from the models'
//! catalogue (the spec): Desk events are told apart by the query's `RequestID`, bot messages by
//! `MsgKey`, other callbacks by the body's SHA-256; a synchronous command (`ChatBot.OnAssignHuman`)
//! is answered when the reply is ready. `--reply` makes any command synchronous, one the spec does
//! not list included.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use ccapi_receiver::{
    CallbackFacts, CallbackToken, DedupKey, Delivery, Outcome, RawEvent, Received, Receiver, ReceiverConfig, Rejection,
    Reply,
};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::config;
use crate::exit::Exit;

/// The callback token; when set, `Sign` and `RequestTime` are required and checked.
pub const CALLBACK_TOKEN: &str = "CCAPI_CALLBACK_TOKEN";

/// The `listen` subcommand.
pub fn command() -> Command {
    Command::new("listen")
        .about("Receive callbacks on any path; print each accepted one as a JSON line {\"command\", \"event\"}")
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("P")
                .value_parser(value_parser!(u16))
                .default_value("8081")
                .help("The port (0: any free port)"),
        )
        .arg(
            Arg::new("bind")
                .long("bind")
                .value_name("ADDR")
                .value_parser(value_parser!(IpAddr))
                .default_value("127.0.0.1")
                .help("The address to listen on"),
        )
        .arg(
            Arg::new("reply")
                .long("reply")
                .value_name("COMMAND=@FILE")
                .action(ArgAction::Append)
                .help("Answer COMMAND synchronously with the JSON object in FILE (the trio defaults to OK, 0, \"\")"),
        )
        .after_help(format!(
            "Environment:\n  {}\n      the app's own SDKAppID: a callback for another app is refused (401)\n  {CALLBACK_TOKEN}\n      \
the callback token: when set, Sign and RequestTime are required and checked; when unset, signatures are not checked",
            config::SDKAPPID
        ))
}

/// `--reply COMMAND=@FILE` values: command → reply.
fn replies(m: &ArgMatches) -> Result<HashMap<String, Reply>, Exit> {
    let mut out = HashMap::new();
    for given in m.get_many::<String>("reply").into_iter().flatten() {
        let Some((command, source)) = given.split_once('=') else {
            return Err(Exit::usage(format!("--reply {given}: expected COMMAND=@FILE")));
        };
        let text = match source.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| Exit::usage(format!("--reply {command}: cannot read {path}: {e}")))?,
            None => source.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Exit::usage(format!("--reply {command}: {source} is not valid JSON: {e}")))?;
        let reply = Reply::from_json(&value).ok_or_else(|| {
            Exit::usage(format!(
                "--reply {command}: not a reply object (ActionStatus OK|FAIL, ErrorCode integer, ErrorInfo string)"
            ))
        })?;
        out.insert(command.to_string(), reply);
    }
    Ok(out)
}

/// The facts of a command: the catalogue's (the spec's dedup keys, `RequestID` for Desk events,
/// `MsgKey` for bot messages; whether the vendor waits for the reply), made synchronous when
/// `--reply` gives it a reply; `None` (asynchronous, the body digest) for a command neither names.
fn facts(replies: &HashMap<String, Reply>, command: &str) -> Option<CallbackFacts> {
    const DIGEST: &[DedupKey] = &[DedupKey::BodyDigest];
    let replied = replies.contains_key(command);
    match ccapi_models::catalog::callback_facts(command) {
        Some(known) => Some(CallbackFacts { synchronous: known.synchronous || replied, ..known }),
        None => replied.then_some(CallbackFacts { synchronous: true, dedup: DIGEST }),
    }
}

/// What a result prints: accepted callbacks on stdout, the rest on stderr.
fn report(result: &Result<Received, Rejection>) {
    match result {
        Ok(r) if r.outcome == Outcome::Duplicate => {
            eprintln!("duplicate {} ({}): acknowledged, not handled again", r.command, r.key);
        }
        Ok(r) => {
            if r.outcome == Outcome::TimedOut {
                eprintln!("{}: no reply within the budget, answered FAIL", r.command);
            }
            let line = serde_json::json!({"command": r.command, "event": r.body});
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
        Err(e) => eprintln!("refused ({}): {e}", e.status()),
    }
}

/// Runs `ccapi listen` until Ctrl-C.
pub fn listen(m: &ArgMatches) -> Result<(), Exit> {
    let port = m.get_one::<u16>("port").copied().unwrap_or(8081);
    let bind = m.get_one::<IpAddr>("bind").copied().unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let app = config::var(config::SDKAPPID)
        .ok_or_else(|| Exit::usage(format!("{} is not set: the app's own SDKAppID", config::SDKAPPID)))?;
    let mut receiver_config = ReceiverConfig::new(app);
    match config::var(CALLBACK_TOKEN) {
        Some(token) => receiver_config = receiver_config.with_token(CallbackToken::new(token)),
        None => eprintln!("{CALLBACK_TOKEN} is not set: signatures are not checked"),
    }
    let replies = Arc::new(replies(m)?);
    let for_facts = Arc::clone(&replies);
    let for_handler = Arc::clone(&replies);
    let receiver = Receiver::new(receiver_config, move |d: Delivery<RawEvent>| {
        let reply = for_handler.get(&d.command).cloned().unwrap_or_else(Reply::ok);
        async move { reply }
    })
    .with_facts(move |command| facts(&for_facts, command));
    let app = ccapi_receiver::axum::router_with(Arc::new(receiver), report);
    let addr = SocketAddr::new(bind, port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Exit::transport(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| Exit::transport(format!("cannot listen on {addr}: {e}")))?;
        let bound = listener.local_addr().map_err(|e| Exit::transport(e.to_string()))?;
        eprintln!("listening on http://{bound} (any path)");
        tokio::select! {
            served = axum::serve(listener, app) => served.map_err(|e| Exit::transport(format!("cannot serve on {bound}: {e}"))),
            signal = tokio::signal::ctrl_c() => signal.map_err(|e| Exit::transport(format!("cannot wait for Ctrl-C: {e}"))),
        }
    });
    runtime.shutdown_background();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_come_from_the_catalogue_and_a_reply_makes_a_command_synchronous() {
        let none = HashMap::new();
        let desk = facts(&none, "Desk.SessionEventNotify").unwrap();
        assert_eq!(desk.dedup.first(), Some(&DedupKey::Query("RequestID")));
        assert!(!desk.synchronous);
        assert_eq!(facts(&none, "Bot.OnC2CMessage").unwrap().dedup.first(), Some(&DedupKey::BodyField("MsgKey")));
        assert!(facts(&none, "ChatBot.OnAssignHuman").unwrap().synchronous);
        assert_eq!(facts(&none, "Bot.OnSomethingNew"), None);
        let replies: HashMap<String, Reply> =
            [("Bot.OnC2CMessage".to_string(), Reply::ok()), ("X.New".to_string(), Reply::ok())].into();
        let c2c = facts(&replies, "Bot.OnC2CMessage").unwrap();
        assert!(c2c.synchronous && c2c.dedup.first() == Some(&DedupKey::BodyField("MsgKey")));
        assert_eq!(facts(&replies, "X.New"), Some(CallbackFacts { synchronous: true, dedup: &[DedupKey::BodyDigest] }));
    }
}
