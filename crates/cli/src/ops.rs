//! `ccapi call` and `ccapi stream`: operations reached by id through
//! [`ccapi_client::visit_operation`], so every operation of the spec works without a
//! hand-written case.

use std::cell::RefCell;
use std::rc::Rc;

use ccapi_client::{Client, OperationVisitor, PollOptions, StreamOptions};
use ccapi_models::support::{Operation, Paged, Polled, Streamed, Validate as _};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::runtime::Runtime;

use crate::exit::{self, Exit};
use crate::{config, input};
use ccapi_models::catalog::OperationDoc;

/// What `ccapi call` was asked.
#[derive(Debug)]
pub struct CallArgs {
    /// The request body.
    pub data: Value,
    /// Print every item of a paged operation.
    pub all: bool,
    /// Print the request instead of sending it.
    pub dry_run: bool,
}

/// The request body of `O` from JSON, checked against the spec.
fn request<O: Operation>(data: Value) -> Result<O::Request, Exit> {
    let request: O::Request = serde_json::from_value(data).map_err(|e| {
        Exit::usage(format!(
            "--data does not fit the request of {}: {e} (`ccapi help {}` lists its fields); nothing was sent",
            O::ID,
            O::ID
        ))
    })?;
    request.validate().map_err(|errors| exit::invalid(O::ID, &errors))?;
    Ok(request)
}

fn pretty(value: &impl serde::Serialize) -> Result<String, Exit> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Exit::transport(format!("the response could not be printed as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// `--dry-run`: the request as it would be sent, secrets redacted, nothing sent.
fn dry_run<O: Operation>(client: &Client, request: &O::Request) -> Result<(), Exit> {
    let prepared = client.prepare::<O>(request).map_err(|e| exit::from_client(O::ID, e))?;
    let headers: serde_json::Map<String, Value> =
        prepared.headers.into_iter().map(|(name, value)| (name, Value::String(value))).collect();
    let shown = json!({
        "method": prepared.method,
        "url": prepared.url,
        "headers": headers,
        "body": prepared.body,
    });
    exit::print(&pretty(&shown)?)
}

/// One call: the response, pretty-printed.
async fn call<O: Operation>(args: CallArgs) -> Result<(), Exit> {
    let request = request::<O>(args.data)?;
    let client = config::client(O::ID, O::SERVER, O::AUTH)?;
    if args.dry_run {
        return dry_run::<O>(&client, &request);
    }
    let response = client.call::<O>(&request).await.map_err(|e| exit::from_client(O::ID, e))?;
    exit::print(&pretty(&response)?)
}

/// `--all`: every item of a paged operation, one compact JSON object per line, in order.
///
/// This pages with the [`Paged`] helpers and [`Client::call`](ccapi_client::runtime::Client::call) rather than
/// [`Client::paginate`](ccapi_client::runtime::Client::paginate): `Paged::Item` has no `Serialize` bound, so a generic visitor cannot print
/// the items `paginate` yields. Each page's response is serialised instead and its items field
/// (named by the catalog) printed; the page size and the end conditions are `paginate`'s.
async fn call_all<O: Paged>(args: CallArgs) -> Result<(), Exit> {
    let request = request::<O>(args.data)?;
    let client = config::client(O::ID, O::SERVER, O::AUTH)?;
    if args.dry_run {
        return dry_run::<O>(&client, &request);
    }
    let mut items = client.paginate::<O>(request);
    while let Some(item) = items.next().await {
        let item = item.map_err(|e| exit::from_client(O::ID, e))?;
        let line = serde_json::to_string(&item)
            .map_err(|e| Exit::transport(format!("an item could not be printed as JSON: {e}")))?;
        exit::print(&format!("{line}\n"))?;
    }
    Ok(())
}

/// `--all` of a polled operation: every item, one compact JSON object per line, as it comes, until
/// the item that ends the session. A failed poll that may succeed again is reported on stderr and
/// polling goes on; a final one ends the command with its error.
async fn call_polled<O: Polled>(args: CallArgs) -> Result<(), Exit> {
    let request = request::<O>(args.data)?;
    let client = config::client(O::ID, O::SERVER, O::AUTH)?;
    if args.dry_run {
        return dry_run::<O>(&client, &request);
    }
    let mut items = client.poll_stream::<O>(request, PollOptions::default());
    while let Some(item) = items.next().await {
        match item {
            Ok(item) => {
                let line = serde_json::to_string(&item)
                    .map_err(|e| Exit::transport(format!("an item could not be printed as JSON: {e}")))?;
                exit::print(&format!("{line}\n"))?;
            }
            Err(e) if e.is_retryable() => {
                eprintln!("{}: {}; polling again", O::ID, exit::from_client(O::ID, e).message);
            }
            Err(e) => return Err(exit::from_client(O::ID, e)),
        }
    }
    Ok(())
}

/// Runs `ccapi call` for the operation it visits.
pub struct CallVisitor<'a> {
    /// The runtime the call runs on.
    pub runtime: &'a Runtime,
    /// What was asked.
    pub args: CallArgs,
}

impl OperationVisitor for CallVisitor<'_> {
    type Output = Result<(), Exit>;

    fn visit<O: Operation>(self) -> Self::Output {
        if self.args.all {
            return Err(Exit::usage(format!("--all needs a paged or polled operation; {} is neither", O::ID)));
        }
        self.runtime.block_on(call::<O>(self.args))
    }

    fn visit_paged<O: Paged>(self) -> Self::Output {
        if self.args.all {
            self.runtime.block_on(call_all::<O>(self.args))
        } else {
            self.runtime.block_on(call::<O>(self.args))
        }
    }

    fn visit_polled<O: Polled>(self) -> Self::Output {
        if self.args.all {
            self.runtime.block_on(call_polled::<O>(self.args))
        } else {
            self.runtime.block_on(call::<O>(self.args))
        }
    }
}

/// Runs `ccapi stream` for the operation it visits.
pub struct StreamVisitor<'a> {
    /// The runtime the calls run on.
    pub runtime: &'a Runtime,
    /// The operation's catalog entry.
    pub op: &'static OperationDoc,
    /// The request template, without the chunk field.
    pub data: Value,
}

impl OperationVisitor for StreamVisitor<'_> {
    type Output = Result<(), Exit>;

    fn visit<O: Operation>(self) -> Self::Output {
        Err(Exit::usage(format!("{} is not a streamed operation; send it with `ccapi call`", O::ID)))
    }

    fn visit_streamed<O: Streamed>(self) -> Self::Output {
        self.runtime.block_on(stream::<O>(self.op, self.data))
    }
}

/// The template of a streamed message: `data` with an empty chunk, checked against the spec
/// (except the chunk, which stdin fills).
fn template<O: Streamed>(op: &OperationDoc, mut data: Value) -> Result<O::Request, Exit> {
    let Some(streaming) = &op.streaming else {
        return Err(Exit::usage(format!("the catalog has no streaming fields for {}", O::ID)));
    };
    let Some(fields) = data.as_object_mut() else {
        return Err(Exit::usage("--data must be a JSON object"));
    };
    for (field, why) in [
        (streaming.chunk, "the text comes from stdin"),
        (streaming.request_key, "the first call returns it and the later calls carry it"),
        (streaming.finish, "the last call sets it"),
    ] {
        if fields.contains_key(field) {
            return Err(Exit::usage(format!("leave {field} out of --data: {why}")));
        }
    }
    fields.insert(streaming.chunk.to_string(), Value::String(String::new()));
    let template: O::Request = serde_json::from_value(data).map_err(|e| {
        Exit::usage(format!(
            "--data does not fit the request of {}: {e} (`ccapi help {}` lists its fields); nothing was sent",
            O::ID,
            O::ID
        ))
    })?;
    if let Err(mut errors) = template.validate() {
        errors.0.retain(|e| e.path != streaming.chunk);
        if !errors.0.is_empty() {
            return Err(exit::invalid(O::ID, &errors));
        }
    }
    Ok(template)
}

/// Streams stdin as one message.
async fn stream<O: Streamed>(op: &OperationDoc, data: Value) -> Result<(), Exit> {
    let template = template::<O>(op, data)?;
    let client = config::client(O::ID, O::SERVER, O::AUTH)?;
    let read_error = Rc::new(RefCell::new(None));
    let pieces = input::stdin_pieces(Rc::clone(&read_error));
    let outcome = client.stream_message::<O, _>(&template, pieces, StreamOptions::default()).await;
    let key_field = op.streaming.as_ref().map_or("MsgKey", |s| s.response_key);
    let result = match outcome {
        Ok(o) => {
            let mut shown = serde_json::Map::new();
            shown.insert(key_field.to_string(), o.msg_key.map_or(Value::Null, Value::String));
            shown.insert("calls".into(), o.calls.into());
            shown.insert("chars".into(), o.chars.into());
            exit::print(&format!("{}\n", Value::Object(shown)))
        }
        Err(e) => {
            let mut context = format!("streaming stopped after {} call(s): {}", e.calls, e.accounting());
            if let Some(key) = &e.msg_key {
                context.push_str(&format!(" ({key_field} {key})"));
            }
            Err(exit::from_client(O::ID, e.error).context(context))
        }
    };
    let read_error = read_error.borrow_mut().take();
    match (result, read_error) {
        (Ok(()), Some(e)) => Err(Exit::usage(format!("reading stdin failed (the text read so far was sent): {e}"))),
        (result, _) => result,
    }
}
