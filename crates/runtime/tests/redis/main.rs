//! The Redis backends (feature `redis`) against a real `redis-server`, one per test (a free port on
//! 127.0.0.1, a temporary directory, killed on drop), so that the tests run in parallel.

mod dedup;
mod limiter;
mod server;
