//! Backups of a company file: SQLite's online backup API in steps (so a caller can show
//! progress), the copy verified by `integrity_check` before it counts; what a backup holds
//! (`backup_info`), which backups of a folder rotation deletes (`rotation_deletes`, pure), and
//! `restore`, which verifies the backup and keeps the current file aside, never overwriting it.

use crate::crypt::{apply_key, connect, Password};
use crate::{Company, Result, StoreError, APPLICATION_ID};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Pages copied per step of the backup: about 4 MB, a progress tick each.
const PAGES_PER_STEP: i32 = 1024;

/// What a backup file holds, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub company_name: String,
    pub tax_id: String,
    /// When the backup was made: from its file name (`<stem>-YYYYMMDD-HHMMSS[-reason]`),
    /// else the file's modification time.
    pub created_at: Option<NaiveDateTime>,
    /// Why it was made, from its file name (manual, daily, close, migration).
    pub reason: Option<String>,
    pub entries: i64,
    /// Issued invoices and employees, once the file has those tables (None before).
    pub invoices: Option<i64>,
    pub employees: Option<i64>,
    pub schema_version: u32,
    pub size: u64,
    /// Whether the backup is encrypted (it then opens with the company's password of the day
    /// it was made).
    pub encrypted: bool,
}

/// How many backups rotation keeps: the newest of each of the last `daily` days, `weekly`
/// ISO weeks and `monthly` months that have a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for Keep {
    fn default() -> Keep {
        Keep {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

impl Company {
    /// Copies the open company to `dest` (which must not exist) with SQLite's online backup
    /// API, calling `progress(pages_done, pages_total)` after each step; then checks the copy
    /// with `integrity_check`. A copy that fails is deleted and the call errors.
    /// A backup of an encrypted company is encrypted with the same password.
    pub fn backup_to(&self, dest: &Path, progress: impl FnMut(u64, u64)) -> Result<BackupInfo> {
        backup_connection(&self.conn, self.key.as_ref(), dest, progress)
    }
}

/// Backs up the company file at `src` without opening it for writing (and so without
/// migrating it): the pre-migration backup.
/// `key` opens an encrypted file, and the backup is encrypted with it.
pub fn backup_file(
    src: &Path,
    key: Option<&Password>,
    dest: &Path,
    progress: impl FnMut(u64, u64),
) -> Result<BackupInfo> {
    let conn = connect(
        src,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )?;
    let key = key.filter(|_| crate::crypt::is_encrypted(src).unwrap_or(false));
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    backup_connection(&conn, key, dest, progress)
}

fn backup_connection(
    src: &Connection,
    key: Option<&Password>,
    dest: &Path,
    mut progress: impl FnMut(u64, u64),
) -> Result<BackupInfo> {
    if dest.exists() {
        return Err(StoreError::AlreadyExists(dest.to_path_buf()));
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::io("creating the backup folder", e))?;
    }
    let partial = with_suffix(dest, ".partial");
    remove_db_files(&partial);
    let copied = (|| -> Result<()> {
        let mut dst = crate::crypt::open_raw(&partial, rusqlite::OpenFlags::default())?;
        if let Some(key) = key {
            apply_key(&dst, key)?;
        }
        {
            let backup = Backup::new(src, &mut dst)?;
            loop {
                let step = backup.step(PAGES_PER_STEP)?;
                let p = backup.progress();
                let total = u64::try_from(p.pagecount).unwrap_or(0);
                let left = u64::try_from(p.remaining).unwrap_or(0);
                progress(total.saturating_sub(left), total);
                match step {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Busy or locked: the source is writing; try again shortly.
                    _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        }
        // The copy is one self-contained file: no -wal beside it.
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        dst.close().map_err(|(_, e)| e)?;
        Ok(())
    })();
    if let Err(e) = copied {
        remove_db_files(&partial);
        return Err(e);
    }
    if let Err(e) = check_integrity(&partial, key) {
        remove_db_files(&partial);
        return Err(StoreError::BackupFailed(e.to_string()));
    }
    sync_file(&partial);
    std::fs::rename(&partial, dest).map_err(|e| StoreError::io("naming the backup", e))?;
    backup_info(dest, key)
}

/// Opens `path` read-only (keyed with `key` when it is encrypted) and runs
/// `PRAGMA integrity_check`; errors with what it found.
pub fn check_integrity(path: &Path, key: Option<&Password>) -> Result<()> {
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|_| StoreError::NotACompanyFile(path.to_path_buf()))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotACompanyFile(path.to_path_buf()));
    }
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| StoreError::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    if rows != ["ok"] {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: rows.join("; "),
        });
    }
    Ok(())
}

/// What the backup at `path` holds, read-only (keyed with `key` when it is encrypted).
pub fn backup_info(path: &Path, key: Option<&Password>) -> Result<BackupInfo> {
    let meta = std::fs::metadata(path)
        .map_err(|_| StoreError::NotFound(format!("backup {}", path.display())))?;
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|_| StoreError::NotACompanyFile(path.to_path_buf()))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotACompanyFile(path.to_path_buf()));
    }
    let (company_name, tax_id): (String, String) = conn
        .query_row("SELECT name, tax_id FROM company WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotACompanyFile(path.to_path_buf()))?;
    let entries: i64 = conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
    let count_if_present = |table: &str| -> Result<Option<i64>> {
        let present: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if !present {
            return Ok(None);
        }
        Ok(Some(conn.query_row(
            &format!("SELECT count(*) FROM {table}"),
            [],
            |r| r.get(0),
        )?))
    };
    let invoices = count_if_present("invoices")?;
    let employees = count_if_present("employees")?;
    let schema_version: u32 = conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    let named = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(parse_backup_name);
    let created_at = named.as_ref().map(|n| n.0).or_else(|| {
        meta.modified()
            .ok()
            .map(|t| DateTime::<Utc>::from(t).naive_utc())
    });
    Ok(BackupInfo {
        path: path.to_path_buf(),
        company_name,
        tax_id,
        created_at,
        reason: named.and_then(|n| n.1),
        entries,
        invoices,
        employees,
        schema_version,
        size: meta.len(),
        encrypted: crate::crypt::is_encrypted(path)?,
    })
}

/// `<stem>-YYYYMMDD-HHMMSS[-reason].trastienda`.
pub fn backup_file_name(stem: &str, at: NaiveDateTime, reason: Option<&str>) -> String {
    let stamp = at.format("%Y%m%d-%H%M%S");
    match reason.filter(|r| !r.is_empty()) {
        Some(r) => format!("{stem}-{stamp}-{r}.trastienda"),
        None => format!("{stem}-{stamp}.trastienda"),
    }
}

/// The date and reason in a backup's file name (see `backup_file_name`).
pub fn parse_backup_name(file_name: &str) -> Option<(NaiveDateTime, Option<String>)> {
    let base = file_name.strip_suffix(".trastienda")?;
    let parts: Vec<&str> = base.split('-').collect();
    let stamp = |d: &str, t: &str| {
        (d.len() == 8 && t.len() == 6)
            .then(|| NaiveDateTime::parse_from_str(&format!("{d}{t}"), "%Y%m%d%H%M%S").ok())
            .flatten()
    };
    let n = parts.len();
    if n >= 3 {
        if let Some(at) = stamp(parts[n - 2], parts[n - 1]) {
            return Some((at, None));
        }
    }
    if n >= 4 {
        if let Some(at) = stamp(parts[n - 3], parts[n - 2]) {
            return Some((at, Some(parts[n - 1].to_string())));
        }
    }
    None
}

/// Which of `backups` (anything, with its date) rotation deletes: it keeps the newest
/// backup of each of the `keep.daily` most recent days that have one, of each of the
/// `keep.weekly` most recent ISO weeks and of each of the `keep.monthly` most recent months,
/// and always the newest of all. Returned in the order given.
pub fn rotation_deletes<T: Clone>(backups: &[(T, NaiveDateTime)], keep: Keep) -> Vec<T> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    // Newest first; ties keep the given order.
    order.sort_by(|a, b| backups[*b].1.cmp(&backups[*a].1).then(a.cmp(b)));
    let mut kept: BTreeSet<usize> = BTreeSet::new();
    if let Some(first) = order.first() {
        kept.insert(*first);
    }
    let mut bucket = |key: &dyn Fn(NaiveDate) -> (i32, u32), limit: u32| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for &i in &order {
            let k = key(backups[i].1.date());
            if seen.contains(&k) {
                continue;
            }
            if seen.len() >= limit as usize {
                break;
            }
            seen.push(k);
            kept.insert(i);
        }
    };
    bucket(&|d| (d.year(), d.ordinal()), keep.daily);
    bucket(
        &|d| {
            let w = d.iso_week();
            (w.year(), w.week())
        },
        keep.weekly,
    );
    bucket(&|d| (d.year(), d.month()), keep.monthly);
    (0..backups.len())
        .filter(|i| !kept.contains(i))
        .map(|i| backups[i].0.clone())
        .collect()
}

/// Restores `backup` over the company file `target` (which must not be open): verifies the
/// backup first, moves the current file (and any -wal/-shm) aside as
/// `<stem>.before-restore-YYYYMMDD-HHMMSS.trastienda`, then copies the backup into place.
/// Returns the path of the file kept aside (None when there was no current file).
/// `key` opens the backup when it is encrypted (the restored company then has its password).
pub fn restore(
    backup: &Path,
    key: Option<&Password>,
    target: &Path,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>> {
    check_integrity(backup, key)?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("creating the folder", e))?;
    let stem = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("company");
    // Into a temporary name first, so a failed copy leaves the current file untouched.
    let incoming = with_suffix(target, ".restoring");
    remove_db_files(&incoming);
    std::fs::copy(backup, &incoming).map_err(|e| StoreError::io("copying the backup", e))?;
    sync_file(&incoming);
    let aside = if target.exists() {
        let stamp = now.naive_utc().format("%Y%m%d-%H%M%S");
        let mut aside = dir.join(format!("{stem}.before-restore-{stamp}.trastienda"));
        let mut i = 2;
        while aside.exists() {
            aside = dir.join(format!("{stem}.before-restore-{stamp}-{i}.trastienda"));
            i += 1;
        }
        for suffix in ["-wal", "-shm"] {
            let side = with_suffix(target, suffix);
            if side.exists() {
                std::fs::rename(&side, with_suffix(&aside, suffix))
                    .map_err(|e| StoreError::io("moving the current file aside", e))?;
            }
        }
        std::fs::rename(target, &aside)
            .map_err(|e| StoreError::io("moving the current file aside", e))?;
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&incoming, target)
        .map_err(|e| StoreError::io("putting the backup in place", e))?;
    Ok(aside)
}

/// Whether `file_name` is a copy `restore` kept aside.
pub fn is_aside_file(file_name: &str) -> bool {
    file_name.contains(".before-restore-")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

pub(crate) fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

pub(crate) fn sync_file(path: &Path) {
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn backup_names_round_trip() {
        let t = at("2025-03-04 05:06");
        let n = backup_file_name("ferreteria-lopez-2", t, Some("daily"));
        assert_eq!(n, "ferreteria-lopez-2-20250304-050600-daily.trastienda");
        assert_eq!(parse_backup_name(&n), Some((t, Some("daily".into()))));
        let n = backup_file_name("x", t, None);
        assert_eq!(parse_backup_name(&n), Some((t, None)));
        assert_eq!(parse_backup_name("x.trastienda"), None);
        assert_eq!(parse_backup_name("x-2025-01.trastienda"), None);
    }

    #[test]
    fn rotation_keeps_newest_per_day_week_and_month() {
        // Two backups a day for 400 days.
        let start = at("2024-01-01 09:00");
        let mut all = Vec::new();
        for d in 0..400 {
            for h in [0, 8] {
                let t = start + chrono::Duration::days(d) + chrono::Duration::hours(h);
                all.push((all.len(), t));
            }
        }
        let keep = Keep::default();
        let gone = rotation_deletes(&all, keep);
        let kept: Vec<NaiveDateTime> = all
            .iter()
            .filter(|(i, _)| !gone.contains(i))
            .map(|(_, t)| *t)
            .collect();
        // The newest of each kept day is the 17:00 one; never two on a day.
        let days: BTreeSet<NaiveDate> = kept.iter().map(|t| t.date()).collect();
        assert_eq!(days.len(), kept.len());
        assert!(kept.iter().all(|t| t.format("%H").to_string() == "17"));
        // The last 7 days are all kept.
        let newest = all.last().unwrap().1;
        for d in 0..7 {
            assert!(days.contains(&(newest - chrono::Duration::days(d)).date()));
        }
        // At most 7 + 4 + 12 kept, and the 12 months reach back most of a year.
        assert!(kept.len() <= 23, "{}", kept.len());
        let oldest = kept.iter().min().unwrap();
        assert!((newest - *oldest).num_days() >= 300, "{oldest}");
        // Counts of zero keep only the newest.
        let none = Keep {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(rotation_deletes(&all, none).len(), all.len() - 1);
        assert!(rotation_deletes::<usize>(&[], keep).is_empty());
    }

    #[test]
    fn rotation_with_few_backups_deletes_nothing() {
        let all = vec![
            ("a", at("2025-01-01 10:00")),
            ("b", at("2025-01-02 10:00")),
            ("c", at("2025-01-03 10:00")),
        ];
        assert!(rotation_deletes(&all, Keep::default()).is_empty());
        let only_two = Keep {
            daily: 2,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(rotation_deletes(&all, only_two), vec!["a"]);
    }
}
