//! The log lines a test's own code writes, captured: a `tracing` subscriber, set as the default
//! of the current thread for as long as the capture lives, writing into a buffer. Shared by the
//! log tests of several crates (included with `#[path]`); each such test runs in a test binary of
//! its own, since `tracing` caches which call sites are enabled process-wide.

use std::sync::{Arc, Mutex};

/// Where the lines go.
#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures this thread's log lines at `level` and above until dropped.
pub struct CapturedLogs {
    buf: Buf,
    _guard: tracing::subscriber::DefaultGuard,
}

impl CapturedLogs {
    /// Starts capturing.
    pub fn start(level: tracing::Level) -> Self {
        let buf = Buf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt().with_max_level(level).with_writer(move || writer.clone()).finish();
        Self { buf, _guard: tracing::subscriber::set_default(subscriber) }
    }

    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.buf.0.lock().unwrap().clone()).unwrap()
    }
}
