//! Cold starts and memory, measured from outside: each subject's process is
//! started fresh against its own emulated Runtime API, as Lambda starts an
//! execution environment, and killed after its work.

use crate::aws::Pruner;
use crate::emulator::Emulator;
use crate::stats::{Timings, ms, print_table};
use crate::subjects::Subject;
use crate::variants;
use anyhow::Context;
use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::{Child, Command};

/// A process started under an emulator, killed when dropped.
struct Started {
    emulator: Emulator,
    child: Child,
    init: Duration,
    /// Bytes the process has logged so far, when they are counted.
    logged: Arc<AtomicU64>,
    /// The end of what it logged, shown when an invocation fails.
    log_tail: Arc<Mutex<LogTail>>,
}

/// The last bytes of a process's logs.
#[derive(Default)]
struct LogTail(VecDeque<u8>);

impl LogTail {
    const KEPT: usize = 4096;

    fn push(&mut self, bytes: &[u8]) {
        self.0.extend(bytes);
        let excess = self.0.len().saturating_sub(Self::KEPT);
        self.0.drain(..excess);
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.iter().copied().collect::<Vec<_>>()).into_owned()
    }
}

/// What to do with a process's logs: Lambda reads them off a pipe and
/// sends them to CloudWatch, which bills by the byte.
#[derive(Clone, Copy, PartialEq)]
enum Logs {
    Dropped,
    Counted,
}

async fn start(subject: &Subject, logs: Logs) -> anyhow::Result<Started> {
    let mut emulator = Emulator::start().await?;
    let output = || match logs {
        Logs::Dropped => Stdio::null(),
        Logs::Counted => Stdio::piped(),
    };
    let started_at = Instant::now();
    let mut child = Command::new(&subject.command[0])
        .args(&subject.command[1..])
        .env_clear()
        .envs(subject.env.iter().map(|(k, v)| (k, v)))
        .env("AWS_LAMBDA_RUNTIME_API", emulator.address())
        .stdout(output())
        .stderr(output())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {}", subject.command.join(" ")))?;
    let logged = Arc::new(AtomicU64::new(0));
    let log_tail = Arc::new(Mutex::new(LogTail::default()));
    if let Some(stdout) = child.stdout.take() {
        tokio::spawn(read_logs(stdout, logged.clone(), log_tail.clone()));
    }
    if let Some(stderr) = child.stderr.take() {
        tokio::spawn(read_logs(stderr, logged.clone(), log_tail.clone()));
    }
    let init = emulator.first_next().await? - started_at;
    Ok(Started {
        emulator,
        child,
        init,
        logged,
        log_tail,
    })
}

/// Reads `pipe` to its end, adding what passed to `counted` and keeping
/// its end in `tail`.
async fn read_logs(
    mut pipe: impl AsyncRead + Unpin,
    counted: Arc<AtomicU64>,
    tail: Arc<Mutex<LogTail>>,
) {
    let mut buffer = [0u8; 8192];
    while let Ok(n @ 1..) = pipe.read(&mut buffer).await {
        counted.fetch_add(n as u64, Ordering::Relaxed);
        tail.lock().expect("no reader panics").push(&buffer[..n]);
    }
}

impl Started {
    async fn invoke(&mut self, subject: &Subject, n: usize) -> anyhow::Result<Duration> {
        let (took, answer) = self.emulator.invoke(&(subject.event)(n)).await?;
        subject.expect.check(&answer).with_context(|| {
            let logs = self.log_tail.lock().expect("no reader panics").text();
            format!(
                "{} invocation {n}; the end of its logs:\n{logs}",
                subject.name
            )
        })?;
        Ok(took)
    }

    /// The process's peak resident memory, in MB.
    fn peak_memory_mb(&self) -> anyhow::Result<f64> {
        let pid = self.child.id().context("the process has exited")?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let kb: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM in /proc status")?;
        Ok(kb / 1024.0)
    }

    async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// Init and first invocation over `runs` cold starts of each subject,
/// taken in turns so that a slow moment of the machine hits them all.
pub async fn cold_starts(subjects: &[Subject], runs: usize) -> anyhow::Result<()> {
    let mut inits = vec![Vec::new(); subjects.len()];
    let mut firsts = vec![Vec::new(); subjects.len()];
    for run in 0..runs {
        for (i, subject) in subjects.iter().enumerate() {
            let mut started = start(subject, Logs::Dropped).await?;
            firsts[i].push(started.invoke(subject, run).await?);
            inits[i].push(started.init);
            started.stop().await;
        }
    }
    let inits: Vec<Timings> = inits.into_iter().map(Timings::new).collect();
    let firsts: Vec<Timings> = firsts.into_iter().map(Timings::new).collect();
    let rows = subjects
        .iter()
        .zip(inits.iter().zip(&firsts))
        .map(|(subject, (init, first))| {
            vec![
                subject.name.clone(),
                ms(init.median_ms()),
                ms(init.percentile_ms(90.0)),
                ms(first.median_ms()),
                ms(first.percentile_ms(90.0)),
            ]
        })
        .collect::<Vec<_>>();
    print_table(
        &format!("Cold start over {runs} starts each (ms)"),
        &[
            "function",
            "init median",
            "init p90",
            "first invocation median",
            "p90",
        ],
        &rows,
    );
    print_ratios(subjects, &inits);
    print_variants(subjects, &inits, &firsts);
    Ok(())
}

/// Each variant beside the tuned build of the same function: how many
/// times the tuned figure the variant's is (for a tuning undone, above 1
/// means the tuning pays).
fn print_variants(subjects: &[Subject], inits: &[Timings], firsts: &[Timings]) {
    let index = |name: &str| subjects.iter().position(|s| s.name == name);
    let mut rows = Vec::new();
    for (i, subject) in subjects.iter().enumerate() {
        let Some((function, variant)) = variants::parse_label(&subject.name) else {
            continue;
        };
        let Some(tuned) = index(function) else {
            continue;
        };
        let ratio = |of: &[Timings]| format!("{:.2}×", of[i].median_ms() / of[tuned].median_ms());
        rows.push(vec![
            function.to_owned(),
            variant.to_owned(),
            ms(inits[i].median_ms()),
            ms(inits[tuned].median_ms()),
            ratio(inits),
            ms(firsts[i].median_ms()),
            ms(firsts[tuned].median_ms()),
            ratio(firsts),
        ]);
    }
    if rows.is_empty() {
        return;
    }
    print_table(
        "Variants beside the tuned build (medians in ms, same run)",
        &[
            "function",
            "variant",
            "init",
            "init tuned",
            "variant / tuned",
            "first invocation",
            "tuned",
            "variant / tuned",
        ],
        &rows,
    );
}

/// Each function's init against the floor's, and the Python reference's
/// against the function doing the same job.
fn print_ratios(subjects: &[Subject], inits: &[Timings]) {
    let median = |name: &str| {
        subjects
            .iter()
            .position(|s| s.name == name)
            .map(|i| inits[i].median_ms())
    };
    let Some(floor) = median("floor") else { return };
    let one_thread_floor = median("floor, one thread");
    let mut rows = Vec::new();
    for subject in subjects.iter().filter(|s| {
        !s.name.starts_with("floor")
            && !s.name.starts_with("python")
            && variants::parse_label(&s.name).is_none()
    }) {
        let Some(own) = median(&subject.name) else {
            continue;
        };
        let python = match subject.name.as_str() {
            "campaign-page" => median("python-page"),
            "submit-letter" => median("python-submit"),
            _ => None,
        };
        rows.push(vec![
            subject.name.clone(),
            format!("{:.2}×", own / floor),
            one_thread_floor.map_or("".into(), |f| format!("{:.2}×", own / f)),
            python.map_or("".into(), |p| format!("{:.0}× faster", p / own)),
        ]);
    }
    print_table(
        "Init ratios (medians, same run)",
        &[
            "function",
            "vs the empty function (target ≤ 2×)",
            "vs the empty function on one thread",
            "vs Python + boto3 (target ≥ 30×)",
        ],
        &rows,
    );
}

/// Invocations between two clearings of what they wrote.
const PRUNED_EVERY: usize = 50;

/// Peak memory of each subject over a cold start and `invocations` more.
pub async fn memory(
    subjects: &[Subject],
    invocations: usize,
    pruner: &Pruner,
) -> anyhow::Result<()> {
    let mut rows = Vec::new();
    for subject in subjects {
        let mut started = start(subject, Logs::Counted).await?;
        let mut took = Vec::with_capacity(invocations + 1);
        took.push(started.invoke(subject, 0).await?);
        // Settled after the first invocation, which logs its one-time work.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let logged_before = started.logged.load(Ordering::Relaxed);
        for n in 1..=invocations {
            took.push(started.invoke(subject, n).await?);
            if n % PRUNED_EVERY == 0 {
                pruner.prune().await?;
            }
        }
        let peak = started.peak_memory_mb()?;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let logged = started.logged.load(Ordering::Relaxed) - logged_before;
        started.stop().await;
        let took = Timings::new(took);
        rows.push(vec![
            subject.name.clone(),
            format!("{peak:.1}"),
            ms(took.median_ms()),
            ms(took.percentile_ms(99.0)),
            format!("{:.0}", logged as f64 / invocations.max(1) as f64),
        ]);
    }
    print_table(
        &format!("Peak memory over a cold start and {invocations} invocations (target < 40 MB)"),
        &[
            "function",
            "peak RSS (MB)",
            "invocation median (ms)",
            "p99 (ms)",
            "log bytes per invocation",
        ],
        &rows,
    );
    Ok(())
}
