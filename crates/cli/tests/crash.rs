//! Crash safety, proved: `trastienda crash-writer` posts entries (single, reversals, batches,
//! issued invoices)
//! in a loop and is SIGKILLed at a random moment; the company file is then reopened and
//! checked. Repeated CRASH_RUNS times (default 50); `bench/crash.sh` runs it 1,000 times.
//!
//! Per run (seed s = CRASH_SEED + run, or clock-derived + run when CRASH_SEED is unset):
//! a fresh copy of a company made once by `trastienda init`; the writer started with
//! `--seed s`, its stdout going to a file; killed after 20-300 ms (drawn from s); then, on the
//! reopened file:
//!
//! 1. the writer died by SIGKILL (it never stopped on its own, which would mean an error);
//! 2. `Company::open` succeeds (WAL recovery, quick_check, the stale writer lock taken over);
//! 3. `PRAGMA integrity_check` returns exactly one row, `ok`;
//! 4. `PRAGMA foreign_key_check` returns no row;
//! 5. `Company::verify()` finds nothing (balanced, complete entries; month totals equal to
//!    their postings; cash shares; the audit log's chain);
//! 6. the trial balance is zero: over `account_totals(None, None)` debits = credits, the sum of
//!    every posting is 0, and the debits equal the sum of the entries' totals;
//! 7. the reported lines (complete lines only: a kill can cut the last one) are exactly
//!    entries 1..=r in order, and each reported entry is present with the reported total;
//! 8. the entries present are exactly ids 1..=p with r <= p <= r + MAX_PER_COMMIT (5): nothing
//!    unreported before or among the reported ones; beyond them at most the one commit in
//!    flight, whose print the kill cut off;
//! 9. entry numbers are gap-free in each fiscal year (1..=count), and every reversal points to
//!    an earlier entry with the same total;
//! 10. invoices (the writer issues some): each series' issued numbers are 1..=count and the
//!     series stands at count; every issued invoice has one register alta with its number and
//!     an entry referencing it; the register's fingerprint chain verifies.
//!
//! On failure the message names the run's seed; `CRASH_SEED=<seed> CRASH_RUNS=1` replays its
//! writer actions and kill delay (the moment the kill lands still depends on the machine).
//! CRASH_JOBS (default 2) runs that many harnesses side by side.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use trastienda_api::Company;

/// The writer's largest commit (`MAX_PER_COMMIT` in crates/cli/src/writer.rs).
const MAX_PER_COMMIT: i64 = 5;
const SIGKILL: i32 = 9;

/// SplitMix64, as in the writer: the run's seed gives its kill delay.
struct Rng(u64);
impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

#[derive(Default)]
struct Tally {
    runs: AtomicU64,
    /// Runs in which the writer had reported at least one commit before the kill.
    kills_mid_write: AtomicU64,
    entries: AtomicU64,
    /// Entries present but not reported: the kill landed between a commit and its print.
    unreported: AtomicU64,
}

#[test]
fn sigkill_never_corrupts_or_loses_a_commit() {
    let runs = env_u64("CRASH_RUNS").unwrap_or(50);
    let jobs = env_u64("CRASH_JOBS").unwrap_or(2).max(1);
    let base = env_u64("CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            % 1_000_000_000
    });
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.trastienda");
    let init = Command::new(env!("CARGO_BIN_EXE_trastienda"))
        .args(["init", "--company"])
        .arg(&template)
        .args(["--name", "Crash SL", "--tax-id", "B12345674"])
        .env("TRASTIENDA_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "init: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    let started = Instant::now();
    let tally = Tally::default();
    let next = AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let run = next.fetch_add(1, Ordering::Relaxed);
                if run >= runs {
                    break;
                }
                let seed = base.wrapping_add(run);
                if let Err(why) = crash_run(dir.path(), &template, run, seed, &tally) {
                    panic!(
                        "crash run {run} failed (replay: CRASH_SEED={seed} CRASH_RUNS=1): {why}"
                    );
                }
            });
        }
    });
    println!(
        "crash tally: runs {} kills {} (after a commit: {}) entries committed {} \
         (present but unreported: {}) failures 0 in {:.1} s (seeds {base}..{})",
        tally.runs.load(Ordering::Relaxed),
        tally.runs.load(Ordering::Relaxed),
        tally.kills_mid_write.load(Ordering::Relaxed),
        tally.entries.load(Ordering::Relaxed),
        tally.unreported.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
        base.wrapping_add(runs),
    );
}

fn crash_run(
    dir: &Path,
    template: &Path,
    run: u64,
    seed: u64,
    tally: &Tally,
) -> Result<(), String> {
    let file = dir.join(format!("run-{run}.trastienda"));
    std::fs::copy(template, &file).map_err(|e| e.to_string())?;
    let out_path = dir.join(format!("run-{run}.out"));
    let err_path = dir.join(format!("run-{run}.err"));
    let delay = Duration::from_millis(20 + Rng(seed).next_u64() % 281);
    let mut child = Command::new(env!("CARGO_BIN_EXE_trastienda"))
        .args(["crash-writer", "--company"])
        .arg(&file)
        .args(["--seed", &seed.to_string()])
        .env("TRASTIENDA_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).map_err(|e| e.to_string())?)
        .stderr(std::fs::File::create(&err_path).map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| e.to_string())?;
    std::thread::sleep(delay);
    // 1. It is still running, and dies by SIGKILL.
    if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
        return Err(format!(
            "the writer stopped on its own ({status}): {}",
            std::fs::read_to_string(&err_path).unwrap_or_default()
        ));
    }
    child.kill().map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.signal() != Some(SIGKILL) {
        return Err(format!(
            "the writer ended with {status}, not SIGKILL: {}",
            std::fs::read_to_string(&err_path).unwrap_or_default()
        ));
    }
    let printed = std::fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
    let reported = parse_reported(&printed)?;
    let present = check_file(&file, &reported)?;
    tally.runs.fetch_add(1, Ordering::Relaxed);
    if !reported.is_empty() {
        tally.kills_mid_write.fetch_add(1, Ordering::Relaxed);
    }
    tally.entries.fetch_add(present, Ordering::Relaxed);
    tally
        .unreported
        .fetch_add(present - reported.len() as u64, Ordering::Relaxed);
    for f in [&file, &out_path, &err_path] {
        let _ = std::fs::remove_file(f);
    }
    for ext in ["-wal", "-shm", ".lock"] {
        let mut p = file.clone().into_os_string();
        p.push(ext);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    Ok(())
}

/// The complete `committed <id> <cents>` lines (the text after the last newline, if any, is
/// a line the kill cut short and is ignored).
fn parse_reported(printed: &str) -> Result<Vec<(i64, i64)>, String> {
    let complete = match printed.rfind('\n') {
        Some(end) => &printed[..end],
        None => return Ok(Vec::new()),
    };
    complete
        .lines()
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["committed", id, cents] => Ok((
                    id.parse().map_err(|_| format!("bad line {line:?}"))?,
                    cents.parse().map_err(|_| format!("bad line {line:?}"))?,
                )),
                _ => Err(format!("unexpected writer output {line:?}")),
            }
        })
        .collect()
}

/// Checks 2-9 of the module comment; returns how many entries the file holds.
fn check_file(file: &Path, reported: &[(i64, i64)]) -> Result<u64, String> {
    let company = Company::open(file, chrono::Utc::now()).map_err(|e| format!("reopen: {e}"))?;
    let db =
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
    let q = |e: rusqlite::Error| e.to_string();

    let integrity: Vec<String> = db
        .prepare("PRAGMA integrity_check")
        .map_err(q)?
        .query_map([], |r| r.get(0))
        .map_err(q)?
        .collect::<Result<_, _>>()
        .map_err(q)?;
    if integrity != ["ok"] {
        return Err(format!("integrity_check: {integrity:?}"));
    }
    let fk: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(q)?;
    if fk != 0 {
        return Err(format!("foreign_key_check: {fk} rows"));
    }
    let problems = company.verify().map_err(|e| e.to_string())?;
    if !problems.is_empty() {
        return Err(format!("verify: {}", problems.join("; ")));
    }

    let totals = company
        .account_totals(None, None)
        .map_err(|e| e.to_string())?;
    let debit: i64 = totals.iter().map(|t| t.debit.cents()).sum();
    let credit: i64 = totals.iter().map(|t| t.credit.cents()).sum();
    let (posting_sum, entry_totals): (i64, i64) = db
        .query_row(
            "SELECT (SELECT coalesce(sum(amount_cents), 0) FROM postings),
                    (SELECT coalesce(sum(total_cents), 0) FROM entries)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(q)?;
    if debit != credit || posting_sum != 0 || debit != entry_totals {
        return Err(format!(
            "trial balance: debits {debit}, credits {credit}, postings sum {posting_sum}, \
             entry totals {entry_totals}"
        ));
    }

    for (i, (id, _)) in reported.iter().enumerate() {
        if *id != i as i64 + 1 {
            return Err(format!("reported ids are not 1..=r in order: {reported:?}"));
        }
    }
    let entries: Vec<(i64, i64)> = db
        .prepare("SELECT id, total_cents FROM entries ORDER BY id")
        .map_err(q)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(q)?
        .collect::<Result<_, _>>()
        .map_err(q)?;
    for (i, (id, _)) in entries.iter().enumerate() {
        if *id != i as i64 + 1 {
            return Err(format!(
                "entry ids are not 1..=n: entry {id} at position {i}"
            ));
        }
    }
    for (id, cents) in reported {
        match entries.get(*id as usize - 1) {
            Some((_, present)) if present == cents => {}
            Some((_, present)) => {
                return Err(format!(
                    "entry {id} was reported with total {cents} but holds {present}"
                ))
            }
            None => {
                return Err(format!(
                    "entry {id} was reported committed ({cents} cents) but is missing; \
                     the file holds {} entries",
                    entries.len()
                ))
            }
        }
    }
    let unreported = entries.len() as i64 - reported.len() as i64;
    if unreported > MAX_PER_COMMIT {
        return Err(format!(
            "{unreported} entries beyond the {} reported; at most one commit ({MAX_PER_COMMIT}) \
             can be in flight",
            reported.len()
        ));
    }

    let gaps: i64 = db
        .query_row(
            "SELECT count(*) FROM (SELECT fiscal_year FROM entries GROUP BY fiscal_year
                                   HAVING min(number) <> 1 OR max(number) <> count(*))",
            [],
            |r| r.get(0),
        )
        .map_err(q)?;
    if gaps != 0 {
        return Err(format!(
            "{gaps} fiscal years have gaps in their entry numbers"
        ));
    }
    let bad_reversals: i64 = db
        .query_row(
            "SELECT count(*) FROM entries r LEFT JOIN entries o ON o.id = r.reverses_id
             WHERE r.reverses_id IS NOT NULL
               AND (o.id IS NULL OR o.id >= r.id OR o.total_cents <> r.total_cents
                    OR r.kind <> 'reversal')",
            [],
            |r| r.get(0),
        )
        .map_err(q)?;
    if bad_reversals != 0 {
        return Err(format!(
            "{bad_reversals} reversals do not match their original"
        ));
    }
    // 10. Invoices.
    let bad_series: i64 = db
        .query_row(
            "SELECT count(*) FROM invoice_series s
             WHERE s.last_number <> (SELECT count(*) FROM invoices i
                                     WHERE i.series_id = s.id AND i.state = 'issued')
                OR EXISTS (SELECT 1 FROM invoices i WHERE i.series_id = s.id AND i.state = 'issued'
                           GROUP BY i.series_id HAVING min(number) <> 1 OR max(number) <> count(*))",
            [],
            |r| r.get(0),
        )
        .map_err(q)?;
    if bad_series != 0 {
        return Err(format!(
            "{bad_series} invoice series have gaps in their numbers"
        ));
    }
    let unregistered: i64 = db
        .query_row(
            "SELECT count(*) FROM invoices i
             LEFT JOIN entries e ON e.id = i.entry_id
             WHERE i.state = 'issued'
               AND (e.reference IS NOT i.full_number
                    OR (SELECT count(*) FROM invoice_register r
                        WHERE r.invoice_id = i.id AND r.kind = 'alta'
                          AND r.full_number = i.full_number) <> 1)",
            [],
            |r| r.get(0),
        )
        .map_err(q)?;
    if unregistered != 0 {
        return Err(format!(
            "{unregistered} issued invoices lack their register record or their entry"
        ));
    }
    if let Some(b) = company
        .verify_invoice_register()
        .map_err(|e| e.to_string())?
    {
        return Err(format!("invoice register: {}", b.message));
    }
    Ok(entries.len() as u64)
}
