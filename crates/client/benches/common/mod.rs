//! What the streaming benches (`first_tokens`, `fleet`) share: their settings from the
//! environment, a model-like answer, and the percentiles they report.

use std::time::Duration;

use futures_util::Stream;
use futures_util::stream;

/// Short pieces of text a model might emit, some of them multi-byte.
const VOCAB: &[&str] = &[" the", " cat", " sat", " on", " mat", "ing", " and", " to", ", ", ". ", " é", " 日本"];

/// `name` from the environment as a number, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// An answer of `tokens` random pieces, one every 10-20 ms, and its length in characters.
pub fn answer(tokens: usize) -> (impl Stream<Item = String>, usize) {
    let pieces: Vec<(String, u64)> =
        (0..tokens).map(|_| (VOCAB[fastrand::usize(..VOCAB.len())].to_string(), fastrand::u64(10..20))).collect();
    let chars = pieces.iter().map(|(p, _)| p.chars().count()).sum();
    let source = stream::unfold(pieces.into_iter(), |mut it| async move {
        let (piece, pause) = it.next()?;
        tokio::time::sleep(Duration::from_millis(pause)).await;
        Some((piece, it))
    });
    (source, chars)
}

/// The `p`-th percentile (0..=100) of sorted values (NaN for none).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p / 100.0).round() as usize]
}

/// Median, p99 and maximum of times in seconds, and how many.
pub fn spread(mut values: Vec<f64>) -> String {
    values.sort_by(f64::total_cmp);
    format!(
        "p50 {:.3} s / p99 {:.3} s / max {:.3} s ({} messages)",
        percentile(&values, 50.0),
        percentile(&values, 99.0),
        percentile(&values, 100.0),
        values.len()
    )
}
