//! Runs one child process and measures it: wall time, and the peak resident set size of the child
//! and the descendants it waited for (`wait4`'s resource usage of that one child, so an earlier,
//! bigger child does not leak into a later measurement as it would with `RUSAGE_CHILDREN`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run cost.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// From spawn to exit.
    pub wall: Duration,
    /// Peak resident set size, in KiB.
    pub peak_kib: u64,
}

impl Sample {
    /// Peak resident set size in MiB.
    pub fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// Runs `cmd` with its output appended to `log`; an error (naming the log and quoting its end)
/// unless it exits with 0.
pub fn run(cmd: &mut Command, log: &Path) -> Result<Sample, String> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    let err = file.try_clone().map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    let shown = format!("{cmd:?}");
    let start = Instant::now();
    let child =
        cmd.stdin(Stdio::null()).stdout(file).stderr(err).spawn().map_err(|e| format!("cannot run {shown}: {e}"))?;
    let (status, peak_kib) = wait(child.id())?;
    let wall = start.elapsed();
    if status != 0 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("{shown} failed ({status}); the end of {}:\n{}", log.display(), tail.join("\n")));
    }
    Ok(Sample { wall, peak_kib })
}

/// Waits for the child `pid`: its exit status (the signal number plus 128 when it was killed)
/// and its peak RSS in KiB.
fn wait(pid: u32) -> Result<(i32, u64), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|_| format!("process id {pid} out of range"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live locals of the right types; `pid` is our own child,
        // which nothing else waits for (std's `Child` is never waited on after this).
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("cannot wait for process {pid}: {e}"));
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    };
    let maxrss = u64::try_from(usage.ru_maxrss).unwrap_or(0);
    // Linux counts KiB; macOS counts bytes.
    let peak_kib = if cfg!(target_os = "macos") { maxrss / 1024 } else { maxrss };
    Ok((code, peak_kib))
}

/// The median of the samples' wall times and of their peaks (each on its own), `None` for none.
pub fn median(samples: &[Sample]) -> Option<Sample> {
    if samples.is_empty() {
        return None;
    }
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.peak_kib).collect();
    walls.sort();
    peaks.sort();
    Some(Sample { wall: walls[walls.len() / 2], peak_kib: peaks[peaks.len() / 2] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_measured_and_a_failure_is_an_error() {
        let dir = std::env::temp_dir().join(format!("xtask-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("log");
        let s = run(Command::new("sh").args(["-c", "echo hi"]), &log).unwrap();
        assert!(s.peak_kib > 0);
        assert!(std::fs::read_to_string(&log).unwrap().contains("hi"));
        let e = run(Command::new("sh").args(["-c", "echo broken; exit 3"]), &log).unwrap_err();
        assert!(e.contains("(3)") && e.contains("broken"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn medians() {
        let s = |ms, kib| Sample { wall: Duration::from_millis(ms), peak_kib: kib };
        let m = median(&[s(30, 1), s(10, 3), s(20, 2)]).unwrap();
        assert_eq!((m.wall, m.peak_kib), (Duration::from_millis(20), 2));
        assert!(median(&[]).is_none());
    }
}
