//! The receivers as axum routers: every path and method goes to the receiver, the body read up
//! to the receiver's cap.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, Response, StatusCode, header};

use ccapi_support::{Acknowledge, Callback};

use crate::dedup::DedupStore;
use crate::events::Events;
use crate::inbound::{Inbound, Outbound};
use crate::push::{PushHandler, PushReceiver, push_outbound};
use crate::receiver::{Handler, Received, Receiver, outbound};
use crate::rejection::Rejection;

/// A router that answers every request with `receiver`.
pub fn router<E: Events, H: Handler<E>, D: DedupStore>(receiver: Arc<Receiver<E, H, D>>) -> Router {
    router_with(receiver, |_| {})
}

/// A router that answers every request with `receiver` and shows `observe` each result (accepted,
/// duplicate or refused) before answering, e.g. to print it.
pub fn router_with<E: Events, H: Handler<E>, D: DedupStore>(
    receiver: Arc<Receiver<E, H, D>>,
    observe: impl Fn(&Result<Received, Rejection>) + Clone + Send + Sync + 'static,
) -> Router {
    Router::new().fallback(move |request: Request<Body>| {
        let (receiver, observe) = (Arc::clone(&receiver), observe.clone());
        async move {
            let result = receive(&receiver, request).await;
            observe(&result);
            respond(outbound(&result))
        }
    })
}

/// A push receiver as a router: every path and method goes to `receiver` (a path that is not the
/// push's is refused with 404), answered in the push's reply shape.
pub fn push_router<C, H, D>(receiver: Arc<PushReceiver<C, H, D>>) -> Router
where
    C: Callback + serde::de::DeserializeOwned + Send + 'static,
    C::Reply: Acknowledge,
    H: PushHandler<C>,
    D: DedupStore,
{
    Router::new().fallback(move |request: Request<Body>| {
        let receiver = Arc::clone(&receiver);
        async move {
            let result = match inbound(request, receiver.config().max_body).await {
                Ok(inbound) => receiver.receive(&inbound).await,
                Err(too_large) => Err(too_large),
            };
            if let Err(r) = &result {
                tracing::info!(callback = C::ID, status = r.status(), reason = %r, "push refused");
            }
            respond(push_outbound::<C>(&result))
        }
    })
}

/// The delivery as the receivers take it, the body read up to `limit` bytes.
async fn inbound(request: Request<Body>, limit: usize) -> Result<Inbound, Rejection> {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, limit).await else {
        return Err(Rejection::TooLarge { limit });
    };
    Ok(Inbound {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        body: bytes.to_vec(),
    })
}

async fn receive<E: Events, H: Handler<E>, D: DedupStore>(
    receiver: &Receiver<E, H, D>,
    request: Request<Body>,
) -> Result<Received, Rejection> {
    let inbound = inbound(request, receiver.config().max_body).await?;
    let result = receiver.receive(&inbound).await;
    if let Err(r) = &result {
        tracing::info!(status = r.status(), reason = %r, "callback refused");
    }
    result
}

fn respond(out: Outbound) -> Response<Body> {
    let mut response = Response::new(Body::from(out.body));
    *response.status_mut() = StatusCode::from_u16(out.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static(Outbound::CONTENT_TYPE));
    response
}
