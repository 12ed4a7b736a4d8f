//! `ccapi-example-bot`: the example bot on a callback URL.
//!
//! Environment: `CCAPI_SDKAPPID`, `CCAPI_IDENTIFIER`, `CCAPI_SECRET_KEY`, `CCAPI_ENDPOINT` (the
//! REST base URL, e.g. the fake's), `CCAPI_CALLBACK_TOKEN` (optional), `BOT_AGENTS` (comma-separated
//! agent ids for `OnAssignHuman`), `BOT_PORT` (default 8081).

use std::time::Duration;

use ccapi_example_bot::{Bot, BotConfig, serve};

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &str) -> String {
    var(name).unwrap_or_else(|| {
        eprintln!("error: {name} is not set");
        std::process::exit(2)
    })
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let config = BotConfig {
        sdk_app_id: required("CCAPI_SDKAPPID").parse().unwrap_or_else(|_| {
            eprintln!("error: CCAPI_SDKAPPID is not a number");
            std::process::exit(2)
        }),
        identifier: required("CCAPI_IDENTIFIER"),
        secret_key: required("CCAPI_SECRET_KEY"),
        endpoint: required("CCAPI_ENDPOINT"),
        callback_token: var("CCAPI_CALLBACK_TOKEN"),
        agents: var("BOT_AGENTS").map(|a| a.split(',').map(str::to_string).collect()).unwrap_or_default(),
        word_delay: Duration::from_millis(80),
    };
    let port: u16 = var("BOT_PORT").and_then(|p| p.parse().ok()).unwrap_or(8081);
    let bot = Bot::new(config).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    eprintln!("bot listening on http://{}/callback", listener.local_addr()?);
    serve(bot, listener).await
}
