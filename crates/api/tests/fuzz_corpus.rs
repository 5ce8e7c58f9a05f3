//! The fuzz targets on stable, so they cannot rot between fuzzing runs: every seed in
//! `fuzz/corpus/<target>/` and every saved crash input in `fuzz/regressions/<target>/` goes
//! through the same check the libFuzzer target runs (`fuzz/src/lib.rs`, included below),
//! which panics on any broken promise. Seeds named `ok-*` must be accepted and `bad-*`
//! refused; the journal and opening-balance seeds also go through the whole import into a
//! fresh company, which must post the `ok-*` ones and refuse the rest with every problem
//! naming a row or a field.

use chrono::{TimeZone, Utc};
use serde_json::json;
use std::path::{Path, PathBuf};
use trastienda_api::{dispatch, App, AppConfig};

#[path = "../../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use targets::{Outcome, TARGETS};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted; none when the folder does not exist.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = dir
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_target_has_seeds_and_a_libfuzzer_entry_point() {
    for (target, _) in TARGETS {
        assert!(
            inputs("corpus", target).len() >= 3,
            "fuzz/corpus/{target}/ needs seeds"
        );
        let main = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&main).unwrap_or_default();
        assert!(
            text.contains(&format!("trastienda_fuzz::{target}(data)")),
            "{} must call the shared check",
            main.display()
        );
    }
}

#[test]
fn seeds_and_saved_crashes_go_through_every_check_without_a_panic() {
    let mut tally = Vec::new();
    for (target, check) in TARGETS {
        let mut n = 0;
        for file in inputs("corpus", target)
            .into_iter()
            .chain(inputs("regressions", target))
        {
            let data = std::fs::read(&file).unwrap();
            let what = format!("{target}/{}", name(&file));
            let outcome = std::panic::catch_unwind(|| check(&data))
                .unwrap_or_else(|_| panic!("{what} panicked (see the message above)"));
            eprintln!("{what}: {outcome:?}");
            match (&outcome, name(&file)) {
                (Outcome::Refused(_), n) if n.starts_with("ok-") => {
                    panic!("{what} should be accepted: {outcome:?}")
                }
                (Outcome::Accepted(_), n) if n.starts_with("bad-") => {
                    panic!("{what} should be refused: {outcome:?}")
                }
                _ => {}
            }
            n += 1;
        }
        tally.push(format!("{target}: {n}"));
    }
    eprintln!("fuzz inputs checked: {}", tally.join(", "));
}

fn company() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = AppConfig::at(dir.path().join("data"));
    cfg.fixed_now = Some(Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap());
    let app = App::new(cfg);
    dispatch(
        &app,
        "create_company",
        json!({"name": "Semillas SL", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es",
               "template": "es-pymes"}),
    )
    .unwrap();
    (dir, app)
}

/// An import's answer: posted, or refused with problems that each name a row or a field.
fn assert_meaningful(what: &str, res: Result<String, trastienda_api::ApiError>) {
    eprintln!("{what}: {res:?}");
    match res {
        Ok(done) => assert!(
            !what.contains("/bad-"),
            "{what} should be refused, posted {done}"
        ),
        Err(e) => {
            assert!(!what.contains("/ok-"), "{what} should post: {e:?}");
            assert!(
                !e.problems.is_empty(),
                "{what}: refused without problems: {e:?}"
            );
            for p in &e.problems {
                assert!(
                    p.row.is_some_and(|r| r >= 1) || p.field.is_some(),
                    "{what}: a problem names neither row nor field: {p:?}"
                );
            }
        }
    }
}

#[test]
fn journal_seeds_import_or_are_refused_row_by_row() {
    for file in inputs("corpus", "journal_csv")
        .into_iter()
        .chain(inputs("regressions", "journal_csv"))
    {
        let (_dir, app) = company();
        let what = format!("journal_csv/{}", name(&file));
        let res = app.with_company(|c| {
            trastienda_api::import::import_journal(c, &file, true, app.now())
                .map(|r| format!("{} entries", r.entries))
        });
        assert_meaningful(&what, res);
    }
}

#[test]
fn opening_seeds_import_or_are_refused_row_by_row() {
    for file in inputs("corpus", "opening_csv")
        .into_iter()
        .chain(inputs("regressions", "opening_csv"))
    {
        let (_dir, app) = company();
        let what = format!("opening_csv/{}", name(&file));
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        let res = dispatch(
            &app,
            "import_opening_balances",
            json!({"date": "2026-01-01", "csv": text}),
        )
        .map(|v| v.to_string());
        assert_meaningful(&what, res);
    }
}
