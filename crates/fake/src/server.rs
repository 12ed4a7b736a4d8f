//! The accept loop: hyper's HTTP/1 connections over a socket the fake can reset.
//!
//! `axum::serve` hides the socket, so the fake runs its own loop. Each connection's socket is
//! wrapped in [`FaultIo`]; a handler that must reset the connection sets [`ConnCtl::reset`]
//! (reached through the request's extensions) and the service then fails the request, which
//! makes hyper drop the connection without answering. [`FaultIo`] sends no FIN in that case and
//! sets a zero linger before closing, so the peer sees a TCP reset.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How long [`FakeServer::stop`](crate::FakeServer::stop) lets open connections finish.
const DRAIN: Duration = Duration::from_secs(2);

/// Per-connection switches, in each request's extensions.
#[derive(Debug, Default)]
pub(crate) struct ConnCtl {
    reset: AtomicBool,
}

impl ConnCtl {
    /// Asks for the connection to be reset instead of answering the current request.
    pub fn request_reset(&self) {
        self.reset.store(true, Ordering::SeqCst);
    }

    fn reset_requested(&self) -> bool {
        self.reset.load(Ordering::SeqCst)
    }
}

/// The error that makes hyper drop a connection without answering.
#[derive(Debug)]
struct ResetConnection;

impl std::fmt::Display for ResetConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection reset by the fake")
    }
}

impl std::error::Error for ResetConnection {}

/// A socket that can end in a TCP reset.
struct FaultIo {
    inner: TcpStream,
    ctl: Arc<ConnCtl>,
}

impl AsyncRead for FaultIo {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for FaultIo {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.ctl.reset_requested() {
            // No FIN before the reset.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

impl Drop for FaultIo {
    fn drop(&mut self) {
        if self.ctl.reset_requested() {
            // Closing with a zero linger sends RST instead of FIN.
            let _ = self.inner.set_zero_linger();
        }
    }
}

/// Accepts connections until `shutdown` turns true (or its sender is dropped), then lets the
/// open connections finish their current request for up to [`DRAIN`].
pub(crate) async fn accept_loop(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    conns.spawn(serve_connection(stream, router.clone(), shutdown.clone()));
                }
                // Out of file descriptors and the like: wait and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    break;
                }
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN, async { while conns.join_next().await.is_some() {} }).await;
    // Dropping the set aborts what is left.
}

async fn serve_connection(stream: TcpStream, router: Router, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let ctl = Arc::new(ConnCtl::default());
    let io = FaultIo { inner: stream, ctl: Arc::clone(&ctl) };
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        let ctl = Arc::clone(&ctl);
        let mut router = router.clone();
        req.extensions_mut().insert(Arc::clone(&ctl));
        async move {
            let response = match tower_service::Service::call(&mut router, req).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if ctl.reset_requested() { Err(ResetConnection) } else { Ok(response) }
        }
    });
    let conn = http1::Builder::new().serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = shutdown.changed() => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}
