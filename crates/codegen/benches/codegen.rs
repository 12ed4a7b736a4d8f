//! Generation time per spec size, to see that it grows linearly.
//!
//! `cargo bench -p ccapi-codegen --bench codegen` builds synthetic specs of 10, 100 and 1,000
//! operations (`ccapi_loader::synthetic`), then times loading (parse + validate + lower) and
//! generating (tokens + prettyplease + schemas) separately, taking the median of several runs. It
//! prints the time per operation and the marginal time per added operation between consecutive
//! sizes (which leaves out the fixed cost of the shared modules): marginal costs that stay about
//! the same from size to size mean linear growth.

use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f());
        out.push(start.elapsed());
    }
    median(out)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes: &[usize] = if quick { &[10, 100] } else { &[10, 100, 1000] };
    println!("{:>6} {:>10} {:>12} {:>12} {:>18}", "ops", "load ms", "generate ms", "total µs/op", "marginal µs/op");
    let mut prev: Option<(usize, f64)> = None;
    for &n in sizes {
        let text = ccapi_loader::synthetic::spec_text(n);
        let runs = if n >= 1000 { 3 } else { 7 };
        let load = || {
            let mut sources = ccapi_loader::Sources::default();
            sources.add("synth.yaml", text.clone());
            ccapi_loader::load_sources(sources).api.expect("the synthetic spec is valid")
        };
        let api = load();
        let t_load = time(runs, load);
        let t_gen = time(runs, || ccapi_codegen::generate(&api).expect("generates"));
        let total = (t_load + t_gen).as_secs_f64() * 1e6;
        let marginal =
            prev.map(|(pn, pt)| format!("{:.1}", (total - pt) / (n - pn) as f64)).unwrap_or_else(|| "-".into());
        println!(
            "{n:>6} {:>10.2} {:>12.2} {:>12.1} {marginal:>18}",
            t_load.as_secs_f64() * 1e3,
            t_gen.as_secs_f64() * 1e3,
            total / n as f64,
        );
        prev = Some((n, total));
    }
}
