//! Backups, restore, quick_check on open and the one-writer lock, through the store's API.

mod common;

use common::*;
use trastienda_store::backup::{self, backup_info, restore};
use trastienda_store::lock::{lock_path, LockOwner};
use trastienda_store::{pending_migrations, Company, EntryFilter, StoreError};

fn entry_count(c: &Company) -> u64 {
    c.list_entries(&EntryFilter::default(), 0, 1).unwrap().1
}

#[test]
fn a_backup_is_a_verified_copy_with_progress_and_info() {
    let mut f = fresh();
    for i in 0..50 {
        let e = entry(
            d(2026, 3, 1),
            &format!("e{i}"),
            &[("5720001", 100), ("700", -100)],
        );
        f.company.post_entry(&e, now()).unwrap();
    }
    let dest = f
        .dir
        .path()
        .join("b")
        .join("empresa-20260301-120000-manual.trastienda");
    let mut ticks = Vec::new();
    let info = f
        .company
        .backup_to(&dest, |done, total| ticks.push((done, total)))
        .unwrap();
    let (done, total) = *ticks.last().unwrap();
    assert!(total > 0 && done == total, "{ticks:?}");
    assert_eq!(info.entries, 50);
    assert_eq!(info.company_name, settings(1).name);
    assert_eq!(info.reason.as_deref(), Some("manual"));
    assert_eq!(info.created_at.unwrap().to_string(), "2026-03-01 12:00:00");
    assert_eq!(
        info.schema_version,
        trastienda_store::MIGRATIONS.last().unwrap().0
    );
    // One self-contained file: no -wal beside it, and no partial left.
    let names: Vec<String> = std::fs::read_dir(dest.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["empresa-20260301-120000-manual.trastienda"]);
    // It refuses to overwrite.
    assert!(f.company.backup_to(&dest, |_, _| {}).is_err());
}

#[test]
fn restore_keeps_the_current_file_aside_and_brings_the_backup_back() {
    let mut f = fresh();
    let e = entry(d(2026, 3, 1), "before", &[("5720001", 100), ("700", -100)]);
    f.company.post_entry(&e, now()).unwrap();
    let dest = f.dir.path().join("backups").join("b.trastienda");
    f.company.backup_to(&dest, |_, _| {}).unwrap();
    let e = entry(d(2026, 3, 2), "after", &[("5720001", 200), ("700", -200)]);
    f.company.post_entry(&e, now()).unwrap();
    assert_eq!(entry_count(&f.company), 2);
    let Fixture { dir, path, company } = f;
    drop(company);
    let aside = restore(&dest, None, &path, now()).unwrap().unwrap();
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("empresa.before-restore-"));
    let c = Company::open(&path, now()).unwrap();
    assert_eq!(entry_count(&c), 1);
    assert_eq!(c.verify().unwrap(), Vec::<String>::new());
    drop(c);
    let kept = Company::open(&aside, now()).unwrap();
    assert_eq!(entry_count(&kept), 2);
    drop(kept);
    // A second restore in the same second does not overwrite the first aside copy.
    let aside2 = restore(&dest, None, &path, now()).unwrap().unwrap();
    assert_ne!(aside, aside2);
    assert!(aside.exists() && aside2.exists());
    drop(dir);
}

#[test]
fn restore_refuses_a_damaged_backup_and_leaves_the_file_alone() {
    let f = fresh();
    let dest = f.dir.path().join("b.trastienda");
    f.company.backup_to(&dest, |_, _| {}).unwrap();
    damage(&dest);
    let before = std::fs::read(&f.path).unwrap();
    let r = restore(&dest, None, &f.path, now());
    assert!(
        matches!(
            r,
            Err(StoreError::Damaged { .. })
                | Err(StoreError::Sqlite(_))
                | Err(StoreError::NotACompanyFile(_))
        ),
        "{r:?}"
    );
    assert_eq!(std::fs::read(&f.path).unwrap(), before);
}

/// Overwrites the middle of a file's pages with garbage (keeping the header).
fn damage(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len.min(4096 * 6)] {
        *b = 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_file_is_refused_on_open() {
    let f = fresh();
    let Fixture { dir, path, company } = f;
    drop(company);
    damage(&path);
    match Company::open(&path, now()) {
        Err(StoreError::Damaged { .. }) => {}
        Err(other) => panic!("expected damaged, got {other}"),
        Ok(_) => panic!("a damaged file opened"),
    }
    drop(dir);
}

#[test]
fn a_second_writer_is_told_who_holds_the_file_and_a_stale_lock_is_taken_over() {
    let f = fresh();
    let Fixture { dir, path, company } = f;
    assert!(lock_path(&path).exists(), "the open company holds its lock");
    drop(company);
    assert!(
        !lock_path(&path).exists(),
        "dropping the company removes its lock"
    );

    // Held by a live process on this host (pid 1 always runs).
    let other = LockOwner {
        pid: 1,
        ..LockOwner::current("trastienda desktop", "2026-01-01T00:00:00Z")
    };
    std::fs::write(lock_path(&path), other.to_text()).unwrap();
    match Company::open(&path, now()) {
        Err(e @ StoreError::InUse { .. }) => {
            let text = e.to_string();
            assert!(
                text.contains("pid 1") && text.contains(&other.host),
                "{text}"
            );
        }
        Err(other) => panic!("expected in use, got {other}"),
        Ok(_) => panic!("a held file opened"),
    }
    // Left by a crashed process: taken over silently.
    let dead = LockOwner {
        pid: 0x3fff_fff0,
        ..other
    };
    std::fs::write(lock_path(&path), dead.to_text()).unwrap();
    let c = Company::open(&path, now()).unwrap();
    let held = LockOwner::parse(&std::fs::read_to_string(lock_path(&path)).unwrap()).unwrap();
    assert_eq!(held.pid, std::process::id());
    drop(c);
    drop(dir);
}

#[test]
fn an_up_to_date_file_has_no_pending_migrations() {
    let f = fresh();
    assert!(pending_migrations(&f.path, None).unwrap().is_empty());
    let info = backup_info(&f.path, None).unwrap();
    assert_eq!(info.entries, 0);
    assert_eq!(info.reason, None);
    assert!(backup::parse_backup_name("empresa.trastienda").is_none());
}
