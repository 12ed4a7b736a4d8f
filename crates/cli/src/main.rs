//! `ccapi`: call the contact-centre chat APIs from the command line.
//!
//! - `ccapi call <operation-id> --data <JSON | @file | -> [--all] [--dry-run]`
//! - `ccapi stream <operation-id> --data <JSON without the chunk field>` (the text from stdin)
//! - `ccapi usersig --identifier ID [--expire SECONDS]`
//! - `ccapi fake [--port P]`
//! - `ccapi listen [--port P] [--bind ADDR] [--reply COMMAND=@FILE]`
//! - `ccapi list` (the operations, then the callbacks), `ccapi help <operation-id | callback command> [--codes]`
//!
//! Exit codes: see [`exit`].

#![forbid(unsafe_code)]

mod catalog;
mod config;
mod exit;
mod input;
mod listen;
mod ops;
mod suggest;

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use tokio::runtime::Runtime;

use crate::exit::Exit;
use ccapi_models::catalog::OperationDoc;

const ENVIRONMENT: &str = "\
Environment:
  CCAPI_SDKAPPID, CCAPI_IDENTIFIER, CCAPI_SECRET_KEY
      the Tencent app, its admin account and its secret key (Desk and chatbot operations)
  CCAPI_REGION      {regions}
  CCAPI_ENDPOINT    a base URL instead of the region's, e.g. http://127.0.0.1:8080
  CCAPI_CCM_ENDPOINT, CCAPI_CCM_APP_KEY, CCAPI_CCM_APP_SECRET
      the ccmessaging deployment's base URL (for every operation on its server), app key
      and app secret (the tokens are fetched)
  CCAPI_CCM_ACCESS_TOKEN, CCAPI_CCM_TOKEN
      ready ccmessaging tokens, used instead of the app secret
  CCAPI_REDIS_URL, CCAPI_FLEET_SIZE
      a Redis that a fleet of processes shares the rate limits through, e.g.
      redis://127.0.0.1:6379/0, and how many processes share the app (while Redis is down,
      each takes that share of a limit)

Exit codes:
  0  success
  1  the vendor returned an error code
  2  bad usage, invalid JSON, unknown operation, missing configuration, or a request that
     breaks the spec (nothing is sent)
  3  transport failure, HTTP error, undecodable response, or credentials not obtained";

/// The environment and exit codes, for the help texts: the regions and the auth variables come
/// from the models' statics.
fn environment() -> String {
    let mut regions = Vec::new();
    for server in ccapi_models::SERVERS.iter().filter(|s| !s.regions.is_empty()) {
        let keys: Vec<&str> = server.regions.iter().map(|r| r.key).collect();
        let default = server.default_region().map(|r| format!(" (default {})", r.key)).unwrap_or_default();
        regions.push(format!("{}{default}", keys.join(", ")));
    }
    let mut text = ENVIRONMENT.replace("{regions}", &regions.join("; "));
    let given: Vec<&ccapi_models::support::AuthParam> = ccapi_models::AUTH_SCHEMES
        .iter()
        .flat_map(|a| a.params.iter())
        .filter(|p| p.role == ccapi_models::support::AuthRole::Given)
        .collect();
    if !given.is_empty() {
        let lines: Vec<String> =
            given.iter().map(|p| format!("  {}\n      the value of `{}`", p.env, p.name)).collect();
        text = text.replace("\n\nExit codes:", &format!("\n{}\n\nExit codes:", lines.join("\n")));
    }
    text
}

fn operation_arg() -> Arg {
    Arg::new("operation")
        .value_name("OPERATION_ID")
        .required(true)
        .help("The operation, e.g. desk.get_session_state (see `ccapi list`)")
}

/// `ccapi fake`, when the CLI is built with the fake (feature `fake`, on by default).
fn fake_command() -> Option<Command> {
    #[cfg(feature = "fake")]
    return Some(
        Command::new("fake")
            .about("Run the fake vendors on 127.0.0.1 until Ctrl-C")
            .long_about(
                "Run the fake Desk, chatbot and ccmessaging APIs on 127.0.0.1 until Ctrl-C; prints \
`listening on http://127.0.0.1:PORT` on stdout.\n\nIts credentials are CCAPI_SDKAPPID, CCAPI_IDENTIFIER, \
CCAPI_SECRET_KEY, CCAPI_CCM_APP_KEY and CCAPI_CCM_APP_SECRET when set, else the ccapi-fake defaults.\n\n\
With --callback-url it delivers callbacks there, signed with CCAPI_CALLBACK_TOKEN when set; drive it with \
POST /_fake/user-message {\"from\",\"to\",\"text\"}, /_fake/sessions {\"SessionId\",\"ClientUserId\",\
\"CustomerServiceId\"}, /_fake/sessions/ID/messages {\"text\"} and /_fake/sessions/ID/transfer.",
            )
            .arg(
                Arg::new("callback-url")
                    .long("callback-url")
                    .value_name("URL")
                    .help("Deliver callbacks to this http:// URL (e.g. what `ccapi listen` prints)"),
            )
            .arg(
                Arg::new("port")
                    .long("port")
                    .value_name("P")
                    .value_parser(value_parser!(u16))
                    .default_value("0")
                    .help("The port (0: any free port)"),
            ),
    );
    #[cfg(not(feature = "fake"))]
    None
}

fn cli() -> Command {
    let version: &'static str = Box::leak(catalog::version().into_boxed_str());
    Command::new("ccapi")
        .version(version)
        .about("Call the contact-centre chat APIs (Tencent Desk, Tencent Chat chatbots, ccmessaging)")
        .after_help(environment())
        .disable_help_subcommand(true)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("call")
                .about("Call an operation and print its response as JSON")
                .arg(operation_arg())
                .arg(
                    Arg::new("data")
                        .long("data")
                        .short('d')
                        .value_name("JSON | @FILE | -")
                        .help("The request body: JSON text, @FILE to read a file, - to read stdin (default {})"),
                )
                .arg(
                    Arg::new("all")
                        .long("all")
                        .action(ArgAction::SetTrue)
                        .help("Paged and polled operations: print every item, one compact JSON object per line (polled: as they come, until the session ends)"),
                )
                .arg(
                    Arg::new("dry-run")
                        .long("dry-run")
                        .action(ArgAction::SetTrue)
                        .help("Print the request (method, URL, headers, body; secrets redacted) and send nothing"),
                )
                .after_help(environment()),
        )
        .subcommand(
            Command::new("stream")
                .about("Send stdin, as it arrives, as one streaming message; print {\"MsgKey\", \"calls\", \"chars\"}")
                .arg(operation_arg())
                .arg(
                    Arg::new("data")
                        .long("data")
                        .short('d')
                        .value_name("JSON | @FILE")
                        .help("The other fields of the request, without the chunk, key and finish fields"),
                )
                .after_help(environment()),
        )
        .subcommand(
            Command::new("usersig")
                .about("Print a UserSig signed with CCAPI_SDKAPPID and CCAPI_SECRET_KEY")
                .arg(
                    Arg::new("identifier")
                        .long("identifier")
                        .value_name("ID")
                        .help("The account the UserSig is for (default: CCAPI_IDENTIFIER)"),
                )
                .arg(
                    Arg::new("expire")
                        .long("expire")
                        .value_name("SECONDS")
                        .value_parser(value_parser!(u64).range(1..))
                        .default_value("86400")
                        .help("How long the UserSig is valid"),
                ),
        )
        .subcommands(fake_command())
        .subcommand(listen::command())
        .subcommand(
            Command::new("list")
                .about("List every operation (id and summary), then every callback (command or path, id and summary)"),
        )
        .subcommand(
            Command::new("help")
                .about(
                    "Show an operation's catalog entry (fields, constraints, error codes), a callback's (by its \
CallbackCommand, e.g. Bot.OnC2CMessage, or its id), or a command's help",
                )
                .arg(Arg::new("operation").value_name("OPERATION_ID | CALLBACK | COMMAND"))
                .arg(
                    Arg::new("codes")
                        .long("codes")
                        .action(ArgAction::SetTrue)
                        .help("List the shared error codes too, instead of summarising them"),
                ),
        )
}

/// The catalog entry of an operation id, or exit 2 with a suggestion.
fn lookup(id: &str) -> Result<&'static OperationDoc, Exit> {
    catalog::operation(id).ok_or_else(|| suggest::unknown_operation(id))
}

fn runtime() -> Result<Runtime, Exit> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Exit::transport(format!("cannot start the async runtime: {e}")))
}

fn string<'a>(m: &'a ArgMatches, name: &str) -> Option<&'a str> {
    m.get_one::<String>(name).map(String::as_str)
}

fn call(m: &ArgMatches) -> Result<(), Exit> {
    let op = lookup(string(m, "operation").unwrap_or_default())?;
    let args =
        ops::CallArgs { data: input::data(string(m, "data"))?, all: m.get_flag("all"), dry_run: m.get_flag("dry-run") };
    let runtime = runtime()?;
    let result = ccapi_client::visit_operation(op.facts.id, ops::CallVisitor { runtime: &runtime, args });
    runtime.shutdown_background();
    result.unwrap_or_else(|| Err(suggest::unknown_operation(op.facts.id)))
}

fn stream(m: &ArgMatches) -> Result<(), Exit> {
    let op = lookup(string(m, "operation").unwrap_or_default())?;
    let data = match string(m, "data") {
        Some("-") => return Err(Exit::usage("stdin carries the text to stream: give --data as JSON or @FILE")),
        other => input::data(other)?,
    };
    let runtime = runtime()?;
    let result = ccapi_client::visit_operation(op.facts.id, ops::StreamVisitor { runtime: &runtime, op, data });
    // A read of stdin may still be pending after a failure: do not wait for it.
    runtime.shutdown_background();
    result.unwrap_or_else(|| Err(suggest::unknown_operation(op.facts.id)))
}

fn usersig(m: &ArgMatches) -> Result<(), Exit> {
    let identifier = match string(m, "identifier") {
        Some(id) => id.to_string(),
        None => config::var(config::IDENTIFIER)
            .ok_or_else(|| Exit::usage(format!("--identifier is required (or set {})", config::IDENTIFIER)))?,
    };
    let expire = m.get_one::<u64>("expire").copied().unwrap_or(86_400);
    let (sdkappid, key) = config::signing_key()?;
    let sig = ccapi_usersig::sign(sdkappid, &identifier, &key, ccapi_usersig::now(), expire);
    exit::print(&format!("{sig}\n"))
}

#[cfg(feature = "fake")]
fn fake(m: &ArgMatches) -> Result<(), Exit> {
    let port = m.get_one::<u16>("port").copied().unwrap_or(0);
    let mut config = config::fake()?;
    config.callback = m.get_one::<String>("callback-url").map(|url| ccapi_fake::CallbackTarget {
        url: url.clone(),
        token: config::var(listen::CALLBACK_TOKEN).map(ccapi_usersig::callback::CallbackToken::new),
    });
    let hint = format!(
        "fake credentials: {}={} {}={} {}={} (the secret key and app secret: {} and {} when set, else the ccapi-fake defaults)",
        config::SDKAPPID,
        config.sdkappid,
        config::IDENTIFIER,
        config.identifier,
        config::CCM_APP_KEY,
        config.app_key,
        config::SECRET_KEY,
        config::CCM_APP_SECRET
    );
    let addr = std::net::SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, port));
    let runtime = runtime()?;
    let result = runtime.block_on(async {
        let mut printed = Ok(());
        let serve = ccapi_fake::serve_forever(config, addr, |bound| {
            printed = exit::print(&format!("listening on http://{bound}\n"));
            eprintln!("{hint}");
            eprintln!("point the CLI at it: {}=http://{bound} {}=http://{bound}", config::ENDPOINT, config::CCM_ENDPOINT);
        });
        tokio::select! {
            served = serve => served.map_err(|e| Exit::transport(format!("cannot serve on {addr}: {e}"))),
            signal = tokio::signal::ctrl_c() => signal.map_err(|e| Exit::transport(format!("cannot wait for Ctrl-C: {e}"))),
        }?;
        printed
    });
    runtime.shutdown_background();
    result
}

fn help(m: &ArgMatches) -> Result<(), Exit> {
    let Some(target) = string(m, "operation") else {
        return exit::print(&format!("{}\n", cli().render_long_help()));
    };
    if let Some(sub) = cli().find_subcommand_mut(target) {
        return exit::print(&format!("{}\n", sub.render_long_help()));
    }
    if catalog::operation(target).is_none()
        && let Some(callback) = catalog::callback(target)
    {
        return exit::print(&catalog::help_callback(callback));
    }
    exit::print(&catalog::help(lookup(target)?, m.get_flag("codes")))
}

fn run(matches: &ArgMatches) -> Result<(), Exit> {
    match matches.subcommand() {
        Some(("call", m)) => call(m),
        Some(("stream", m)) => stream(m),
        Some(("usersig", m)) => usersig(m),
        #[cfg(feature = "fake")]
        Some(("fake", m)) => fake(m),
        Some(("listen", m)) => listen::listen(m),
        Some(("list", _)) => exit::print(&catalog::list()),
        Some(("help", m)) => help(m),
        _ => Err(Exit::usage("no command given; see `ccapi --help`")),
    }
}

fn main() -> ExitCode {
    let matches = match cli().try_get_matches() {
        Ok(m) => m,
        Err(e) => e.exit(),
    };
    let result = run(&matches);
    config::report_redis_outages();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.message.is_empty() {
                eprintln!("error: {}", e.message);
            }
            ExitCode::from(e.code)
        }
    }
}
