//! Automatic and manual backups of the open company, restore, and the warnings about where a
//! company file sits. Backups go to `<folder>/<company file stem>/` (folder from settings,
//! default `<data dir>/backups`), named `<stem>-YYYYMMDD-HHMMSS-<reason>.trastienda`:
//! `migration` before a schema migration, `daily` on the first open of a day, `close` when the
//! company is closed, `manual` from "Back up now". Rotation runs after each (pre-migration
//! backups are never rotated away).

use crate::app::App;
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use chrono::Timelike;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use trastienda_core::{Problem, ProblemCode};
use trastienda_store::backup::{self as store_backup, Keep};
use trastienda_store::Password;
use trastienda_store::{BackupInfo, Company, StoreError};

type R<T> = Result<T, ApiError>;

/// The remembered backup settings (in settings.json).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct BackupPrefs {
    #[serde(default)]
    pub folder: Option<String>,
    #[serde(default = "seven")]
    pub keep_daily: u32,
    #[serde(default = "four")]
    pub keep_weekly: u32,
    #[serde(default = "twelve")]
    pub keep_monthly: u32,
}

fn seven() -> u32 {
    7
}
fn four() -> u32 {
    4
}
fn twelve() -> u32 {
    12
}

impl Default for BackupPrefs {
    fn default() -> BackupPrefs {
        BackupPrefs {
            folder: None,
            keep_daily: 7,
            keep_weekly: 4,
            keep_monthly: 12,
        }
    }
}

impl BackupPrefs {
    fn keep(&self) -> Keep {
        Keep {
            daily: self.keep_daily,
            weekly: self.keep_weekly,
            monthly: self.keep_monthly,
        }
    }
}

/// The progress of the backup running now, readable while it holds the company.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    active: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

fn base_folder(app: &App) -> (PathBuf, bool) {
    match app.settings().backups.folder.clone() {
        Some(f) if !f.trim().is_empty() => (PathBuf::from(f.trim()), false),
        _ => (app.config.data_dir.join("backups"), true),
    }
}

fn stem(company_path: &Path) -> String {
    company_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("company")
        .to_string()
}

/// Where the backups of the company file at `company_path` go.
pub fn backup_dir(app: &App, company_path: &Path) -> PathBuf {
    base_folder(app).0.join(stem(company_path))
}

/// A free backup file name for `reason` at the app's now, or a second after the newest
/// backup in the folder when that is later: names sort in the order backups were made.
fn next_name(app: &App, company_path: &Path, reason: &str) -> PathBuf {
    let dir = backup_dir(app, company_path);
    let stem = stem(company_path);
    let now = app.now().naive_utc();
    let mut at = now.with_nanosecond(0).unwrap_or(now);
    if let Some((_, newest, _)) = named_backups(&dir).first() {
        if *newest >= at {
            at = *newest + chrono::Duration::seconds(1);
        }
    }
    loop {
        let p = dir.join(store_backup::backup_file_name(&stem, at, Some(reason)));
        if !p.exists() {
            return p;
        }
        at += chrono::Duration::seconds(1);
    }
}

/// Backs up the open company now (with progress), then rotates its folder.
pub fn backup_company(app: &App, c: &Company, reason: &str) -> R<BackupInfo> {
    let dest = next_name(app, c.path(), reason);
    let p = &app.backup_progress;
    p.done.store(0, Ordering::Relaxed);
    p.total.store(0, Ordering::Relaxed);
    p.active.store(true, Ordering::Relaxed);
    let r = c.backup_to(&dest, |done, total| {
        p.done.store(done, Ordering::Relaxed);
        p.total.store(total, Ordering::Relaxed);
    });
    p.active.store(false, Ordering::Relaxed);
    let info = r?;
    rotate(app, c.path())?;
    Ok(info)
}

/// Deletes what rotation says of the company's backup folder (never pre-migration backups,
/// never files not named as backups).
pub fn rotate(app: &App, company_path: &Path) -> R<Vec<PathBuf>> {
    let dir = backup_dir(app, company_path);
    let keep = app.settings().backups.keep();
    let mut found = Vec::new();
    for (path, at, reason) in named_backups(&dir) {
        if reason.as_deref() != Some("migration") {
            found.push((path, at));
        }
    }
    let gone = store_backup::rotation_deletes(&found, keep);
    for p in &gone {
        std::fs::remove_file(p).map_err(|e| ApiError::io("deleting an old backup", e))?;
    }
    Ok(gone)
}

type Named = (PathBuf, chrono::NaiveDateTime, Option<String>);

fn named_backups(dir: &Path) -> Vec<Named> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Named> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let (at, reason) = store_backup::parse_backup_name(&name)?;
            Some((e.path(), at, reason))
        })
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse(b.1));
    out
}

/// Opens the company file at `path` for the app: a backup first when its schema is about to
/// be migrated, quick_check and the lock (store), then the day's first backup.
pub fn open_for_app(app: &App, path: &Path, password: Option<&Password>) -> R<Company> {
    // Reopening the open company: let go of it first, so its lock is ours to take again.
    {
        let mut slot = app.company_slot();
        if slot.as_ref().is_some_and(|c| same_file(c.path(), path)) {
            *slot = None;
        }
    }
    let company = open_for_cli(app, path, password)?;
    let today = app.today();
    let had_today = named_backups(&backup_dir(app, path))
        .iter()
        .any(|(_, at, _)| at.date() == today);
    if !had_today {
        if let Err(e) = backup_company(app, &company, "daily") {
            eprintln!("trastienda: the daily backup failed: {e}");
        }
    }
    Ok(company)
}

/// Opens the company file at `path`: a backup first when its schema is about to be migrated
/// (no open if that fails), then the store's open (quick_check, lock, migrations). A damaged
/// file's error names the latest good backup.
pub fn open_for_cli(app: &App, path: &Path, password: Option<&Password>) -> R<Company> {
    if path.is_file() {
        if let Ok(pending) = trastienda_store::pending_migrations(path, password) {
            // A file with no migrations at all is not a company file: open() says so.
            if !pending.is_empty() && pending.len() < trastienda_store::MIGRATIONS.len() {
                let dest = next_name(app, path, "migration");
                store_backup::backup_file(path, password, &dest, |_, _| {}).map_err(|e| {
                    ApiError::new(
                        ErrorCode::Database,
                        format!("the backup before upgrading the file failed, so it was not opened: {e}"),
                    )
                })?;
            }
        }
    }
    match Company::open_with_password(path, password, app.now()) {
        Ok(mut c) => {
            crate::invoice_pdf::install_archiver(&mut c);
            Ok(c)
        }
        Err(e @ StoreError::Damaged { .. }) => Err(damaged_error(app, path, password, e)),
        Err(e) => Err(e.into()),
    }
}

/// The damaged-file error, naming the latest good backup when there is one.
fn damaged_error(app: &App, path: &Path, password: Option<&Password>, e: StoreError) -> ApiError {
    let mut err = ApiError::from(e);
    if let Some(good) = latest_good_backup(app, path, password) {
        let good = good.display().to_string();
        err.message = format!("{}; the latest good backup is {good}", err.message);
        if let Some(p) = err.problems.first_mut() {
            p.params.insert("backup".into(), good);
        }
    }
    err
}

/// The newest backup of the company that passes `integrity_check`.
/// (Keyed with `password` when the backups are encrypted.)
pub fn latest_good_backup(
    app: &App,
    company_path: &Path,
    password: Option<&Password>,
) -> Option<PathBuf> {
    named_backups(&backup_dir(app, company_path))
        .into_iter()
        .map(|(p, ..)| p)
        .find(|p| store_backup::check_integrity(p, password).is_ok())
}

/// The backup on closing: best effort (a failure is reported on stderr, the close goes on).
pub(crate) fn on_close(app: &App, c: &Company) {
    if let Err(e) = backup_company(app, c, "close") {
        eprintln!("trastienda: the backup on close failed: {e}");
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

pub(crate) fn row(info: &BackupInfo) -> BackupRow {
    BackupRow {
        path: info.path.display().to_string(),
        date: info
            .created_at
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
        reason: info.reason.clone(),
        size: info.size,
        company: info.company_name.clone(),
        tax_id: info.tax_id.clone(),
        entries: info.entries,
        invoices: info.invoices,
        employees: info.employees,
        schema_version: info.schema_version,
        encrypted: info.encrypted,
        locked: false,
    }
}

// ---- Commands ----

pub fn backup_settings(app: &App, _: NoArgs) -> R<BackupSettingsDto> {
    let (folder, is_default) = base_folder(app);
    let b = app.settings().backups.clone();
    Ok(BackupSettingsDto {
        folder: folder.display().to_string(),
        is_default,
        keep_daily: b.keep_daily,
        keep_weekly: b.keep_weekly,
        keep_monthly: b.keep_monthly,
    })
}

pub fn set_backup_settings(app: &App, a: SetBackupSettingsArgs) -> R<BackupSettingsDto> {
    use trastienda_core::{Problem, ProblemCode};
    let mut problems = Vec::new();
    for (field, n, least) in [
        ("keep_daily", a.keep_daily, 1),
        ("keep_weekly", a.keep_weekly, 0),
        ("keep_monthly", a.keep_monthly, 0),
    ] {
        if n < least || n > 1000 {
            problems.push(
                Problem::new(
                    ProblemCode::OutOfRange,
                    format!("keep between {least} and 1000 backups, not {n}"),
                )
                .field(field)
                .param("value", n),
            );
        }
    }
    let folder = a
        .folder
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty());
    if let Some(f) = &folder {
        if !Path::new(f).is_absolute() {
            problems.push(
                Problem::new(ProblemCode::OutOfRange, "give the folder's full path")
                    .field("folder")
                    .param("value", f),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::from_problems(&problems));
    }
    let mut s = app.settings().clone();
    s.backups = BackupPrefs {
        folder,
        keep_daily: a.keep_daily,
        keep_weekly: a.keep_weekly,
        keep_monthly: a.keep_monthly,
    };
    app.save_settings(&s)?;
    *app.settings() = s;
    backup_settings(app, NoArgs {})
}

pub fn backup_now(app: &App, _: NoArgs) -> R<BackupRow> {
    app.with_company(|c| Ok(row(&backup_company(app, c, "manual")?)))
}

pub fn backup_progress(app: &App, _: NoArgs) -> R<BackupProgress> {
    let p = &app.backup_progress;
    Ok(BackupProgress {
        active: p.active.load(Ordering::Relaxed),
        pages_done: p.done.load(Ordering::Relaxed),
        pages_total: p.total.load(Ordering::Relaxed),
    })
}

pub fn list_backups(app: &App, _: NoArgs) -> R<Vec<BackupRow>> {
    let (path, password) =
        app.with_company(|c| Ok((c.path().to_path_buf(), c.password().cloned())))?;
    Ok(named_backups(&backup_dir(app, &path))
        .iter()
        .filter_map(|(p, at, reason)| {
            match store_backup::backup_info(p, password.as_ref()) {
                Ok(i) => Some(row(&i)),
                // Made under another password (or none): listed, but its contents unread.
                Err(StoreError::WrongPassword(_) | StoreError::PasswordRequired(_)) => {
                    Some(BackupRow {
                        path: p.display().to_string(),
                        date: Some(at.format("%Y-%m-%d %H:%M:%S").to_string()),
                        reason: reason.clone(),
                        size: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                        company: String::new(),
                        tax_id: String::new(),
                        entries: 0,
                        invoices: None,
                        employees: None,
                        schema_version: 0,
                        encrypted: true,
                        locked: true,
                    })
                }
                Err(_) => None,
            }
        })
        .collect())
}

/// Closes the company, restores `path` over its file (the current one kept aside), reopens.
pub fn restore_backup(app: &App, a: RestoreBackupArgs) -> R<Restored> {
    let backup = PathBuf::from(a.path.trim());
    let (target, current) =
        app.with_company(|c| Ok((c.path().to_path_buf(), c.password().cloned())))?;
    // A backup made under another password needs that one; else the company's own opens it.
    let password = a.password.and_then(Password::new).or(current.clone());
    // The backup must be good before the company is let go of.
    store_backup::check_integrity(&backup, password.as_ref())?;
    *app.company_slot() = None;
    let aside = match store_backup::restore(&backup, password.as_ref(), &target, app.now()) {
        Ok(a) => a,
        Err(e) => {
            // Nothing was moved: reopen what was open.
            if let Ok(c) = Company::open_with_password(&target, current.as_ref(), app.now()) {
                let _ = app.set_company(c);
            }
            return Err(e.into());
        }
    };
    let mut company = Company::open_with_password(&target, password.as_ref(), app.now())?;
    company.set_actor(crate::app::actor());
    company.record_restore(
        &backup.display().to_string(),
        aside.as_ref().map(|p| p.display().to_string()).as_deref(),
        app.now(),
    )?;
    let info = crate::commands::company_info(&company)?;
    app.set_company(company)?;
    Ok(Restored {
        aside: aside.map(|p| p.display().to_string()),
        company: info,
    })
}

/// For a company file that failed its check on open: restores its latest good backup over it
/// (the damaged file kept aside, as any restore does) and opens the result. The backup is the
/// one this side finds, never a path from the caller; the file must be one the user may open.
pub fn restore_latest_backup(app: &App, a: RestoreLatestArgs) -> R<Restored> {
    let target = PathBuf::from(a.path.trim());
    if !app.may_open(&target) {
        return Err(ApiError::from_problems(&[Problem::new(
            ProblemCode::OutOfRange,
            "open a company file with the Open dialog or from the recent list",
        )
        .field("path")
        .param("value", a.path.trim())]));
    }
    let password = a.password.and_then(Password::new);
    {
        let slot = app.company_slot();
        if slot.as_ref().is_some_and(|c| same_file(c.path(), &target)) {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "the company is open and sound: restore a backup from the Backups screen",
            ));
        }
    }
    let backup = latest_good_backup(app, &target, password.as_ref()).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("there is no good backup of {}", target.display()),
        )
    })?;
    let lock = restore_lock(&target, app)?;
    let aside = store_backup::restore(&backup, password.as_ref(), &target, app.now())?;
    drop(lock);
    let mut company = open_for_cli(app, &target, password.as_ref())?;
    company.set_actor(crate::app::actor());
    company.record_restore(
        &backup.display().to_string(),
        aside.as_ref().map(|p| p.display().to_string()).as_deref(),
        app.now(),
    )?;
    let info = crate::commands::company_info(&company)?;
    app.set_company(company)?;
    Ok(Restored {
        aside: aside.map(|p| p.display().to_string()),
        company: info,
    })
}

/// Restores `backup` over the company file `target` (not open here; the CLI holds its lock):
/// returns where the current file was kept.
pub fn restore_file(
    app: &App,
    backup: &Path,
    password: Option<&Password>,
    target: &Path,
) -> R<Option<PathBuf>> {
    Ok(store_backup::restore(backup, password, target, app.now())?)
}

/// Sets, changes or removes the open company's password. Changing or removing it asks for
/// the current one again, so an unattended open window cannot take the file over.
pub fn set_password(app: &App, a: SetPasswordArgs) -> R<CompanyInfo> {
    app.with_company(|c| {
        if let Some(have) = c.password() {
            let given = a.current.as_deref().unwrap_or("");
            if given.is_empty() {
                return Err(ApiError::from_problems(&[Problem::new(
                    ProblemCode::Required,
                    "type the current password to change or remove it",
                )
                .field("current")]));
            }
            if !have.matches(given) {
                return Err(
                    ApiError::from(StoreError::WrongPassword(c.path().to_path_buf()))
                        .with_field("current"),
                );
            }
        }
        let new = match a.new.as_deref() {
            None | Some("") => None,
            Some(text) => Some(Password::check_new(text).map_err(|why| {
                ApiError::from_problems(&[Problem::new(ProblemCode::OutOfRange, why)
                    .field("new")
                    .param("min", trastienda_store::MIN_PASSWORD_CHARS.to_string())])
            })?),
        };
        c.change_password(new, app.now())?;
        crate::commands::company_info(c)
    })
}

/// Takes the one-writer lock of a company file that is not opened (for a restore).
pub fn restore_lock(target: &Path, app: &App) -> R<trastienda_store::lock::FileLock> {
    Ok(trastienda_store::lock::FileLock::acquire(
        target,
        trastienda_store::lock::LockOwner::current("trastienda cli", &app.now().to_rfc3339()),
    )?)
}

// ---- Where the file sits ----

/// Folder names (lower case) of clients that sync a folder to the cloud.
const SYNC_FOLDERS: &[(&str, &str)] = &[
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("icloud", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
    ("com~apple~clouddocs", "iCloud Drive"),
    ("cloudstorage", "a cloud storage client"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("pcloud", "pCloud"),
    ("pcloud drive", "pCloud"),
    ("mega", "MEGA"),
    ("megasync", "MEGA"),
    ("box", "Box"),
    ("box sync", "Box"),
    ("seafile", "Seafile"),
    ("tresorit", "Tresorit"),
    ("synologydrive", "Synology Drive"),
    ("yandex.disk", "Yandex Disk"),
    ("sync", "Sync.com"),
];

/// Filesystem types (as /proc/mounts names them) that are network shares.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "sshfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "davfs",
    "fuse.davfs2",
    "fuse.rclone",
    "fuse.gvfsd-fuse",
    "ncpfs",
    "lustre",
    "beegfs",
];

/// Why the file at `path` (absolute) is at risk, given the mount table (`/proc/mounts`
/// text; empty where there is none): a folder synced by a cloud client, or a network share.
pub fn location_warnings(path: &Path, mounts: &str) -> Vec<String> {
    let mut out = Vec::new();
    let text = path.display().to_string();
    if text.starts_with(r"\\") || text.starts_with("//") {
        out.push(format!(
            "The company file is on a network share ({text}); SQLite can corrupt files on network shares. Keep it on a local disk."
        ));
    }
    let mut clients: Vec<&str> = Vec::new();
    for comp in path.components() {
        let c = comp.as_os_str().to_string_lossy().to_lowercase();
        for (name, client) in SYNC_FOLDERS {
            let hit = c == *name
                || (name.len() > 4
                    && (c.starts_with(&format!("{name} ")) || c.starts_with(&format!("{name}-"))))
                || (*name == "onedrive" && c.starts_with("onedrive"))
                || (*name == "dropbox" && c.starts_with("dropbox"));
            if hit && !clients.contains(client) {
                clients.push(client);
            }
        }
    }
    for client in clients {
        out.push(format!(
            "The company file is in a folder synced by {client}; a sync client can copy it half-written and corrupt it. Keep it in a local folder and back up to the cloud instead."
        ));
    }
    // The mount the file is on: the longest mount point that is a prefix of the path.
    let best = mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_dev, point, fstype) = (f.next()?, f.next()?, f.next()?);
            Some((point.replace("\\040", " "), fstype.to_string()))
        })
        .filter(|(point, _)| path.starts_with(point))
        .max_by_key(|(point, _)| point.len());
    if let Some((point, fstype)) = best {
        if NETWORK_FS.contains(&fstype.as_str()) || fstype.starts_with("nfs") {
            out.push(format!(
                "The company file is on a network filesystem ({fstype} at {point}); SQLite can corrupt files on network shares. Keep it on a local disk."
            ));
        }
    }
    out
}

/// `location_warnings` for a real file, reading this machine's mount table.
pub fn warnings_for(path: &Path) -> Vec<String> {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    location_warnings(&abs, &mounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "/dev/sda1 / ext4 rw 0 0\n\
        server:/export /mnt/office nfs4 rw 0 0\n\
        //nas/books /mnt/nas\\040share cifs rw 0 0\n\
        me@host:/home /home/me/remote fuse.sshfs rw 0 0\n";

    #[test]
    fn local_files_have_no_warnings() {
        assert!(location_warnings(Path::new("/home/me/books/a.trastienda"), MOUNTS).is_empty());
        assert!(location_warnings(Path::new("/home/me/megabytes/a.trastienda"), MOUNTS).is_empty());
        assert!(location_warnings(Path::new("/home/me/inbox/a.trastienda"), "").is_empty());
    }

    #[test]
    fn cloud_folders_are_flagged() {
        for (p, client) in [
            ("/home/me/Dropbox/a.trastienda", "Dropbox"),
            ("/Users/me/Dropbox (Personal)/x/a.trastienda", "Dropbox"),
            ("/Users/me/OneDrive - Ferretería/a.trastienda", "OneDrive"),
            (
                "/Users/me/Library/Mobile Documents/com~apple~CloudDocs/a.trastienda",
                "iCloud Drive",
            ),
            (
                "/Users/me/Library/CloudStorage/GoogleDrive-me@x.es/My Drive/a.trastienda",
                "Google Drive",
            ),
            ("/home/me/Nextcloud/a.trastienda", "Nextcloud"),
            ("/home/me/pCloud Drive/a.trastienda", "pCloud"),
            ("/home/me/MEGA/a.trastienda", "MEGA"),
        ] {
            let w = location_warnings(Path::new(p), "");
            assert!(w.iter().any(|w| w.contains(client)), "{p}: {w:?}");
        }
    }

    #[test]
    fn network_filesystems_are_flagged() {
        for (p, fs) in [
            ("/mnt/office/books/a.trastienda", "nfs4"),
            ("/mnt/nas share/a.trastienda", "cifs"),
            ("/home/me/remote/a.trastienda", "fuse.sshfs"),
        ] {
            let w = location_warnings(Path::new(p), MOUNTS);
            assert!(w.len() == 1 && w[0].contains(fs), "{p}: {w:?}");
        }
        let w = location_warnings(Path::new(r"\\server\share\a.trastienda"), "");
        assert!(w[0].contains("network share"));
    }
}
