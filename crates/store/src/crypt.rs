//! Encryption at rest, per company and optional: SQLCipher (rusqlite's bundled SQLCipher, its
//! default settings: AES-256, a per-file random salt, PBKDF2-HMAC-SHA512 key derivation and an
//! HMAC on every page). A plain company file starts with SQLite's header; an encrypted one
//! starts with its salt, so whether a file needs a password is read from its first bytes
//! before SQLite touches it. Every connection the store opens comes from `open_raw` (keyed, when
//! the file is encrypted, by `connect`).
//!
//! Setting, changing or removing the password (`Company::change_password`) writes a new file
//! with `sqlcipher_export`, checks it, and swaps it in while the one-writer lock is held; a
//! failure at any step leaves the current file as it was.

use crate::{Company, Result, StoreError, APPLICATION_ID};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A company's password. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

/// The shortest password accepted for a new or changed password.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest (a pasted document is a mistake, not a password).
pub const MAX_PASSWORD_CHARS: usize = 1024;

impl Password {
    /// Any non-empty text; a password being set is checked with `check_new`.
    pub fn new(text: impl Into<String>) -> Option<Password> {
        let text = text.into();
        (!text.is_empty()).then_some(Password(text))
    }

    /// A password the user is setting: at least `MIN_PASSWORD_CHARS` characters, not all
    /// spaces. Returns why not, for a message.
    pub fn check_new(text: &str) -> std::result::Result<Password, String> {
        if text.trim().is_empty() {
            return Err("the password is empty".into());
        }
        let n = text.chars().count();
        if n < MIN_PASSWORD_CHARS {
            return Err(format!(
                "the password needs at least {MIN_PASSWORD_CHARS} characters"
            ));
        }
        if n > MAX_PASSWORD_CHARS {
            return Err(format!(
                "the password is longer than {MAX_PASSWORD_CHARS} characters"
            ));
        }
        Ok(Password(text.to_string()))
    }

    /// Compares with `other` in time that does not depend on where they first differ.
    pub fn matches(&self, other: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), other.as_bytes());
        let mut diff = a.len() ^ b.len();
        for i in 0..a.len().max(b.len()) {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            diff |= usize::from(x ^ y);
        }
        diff == 0
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// SQLCipher 4's default page size: an encrypted company file is a whole number of pages.
const CIPHER_PAGE: u64 = 4096;

/// Whether the file at `path` is an encrypted company file (read from its first bytes).
/// A missing or empty file is not; a file that is neither plain SQLite nor a whole number of
/// SQLCipher pages is refused as not a company file.
pub fn is_encrypted(path: &Path) -> Result<bool> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(StoreError::io(&format!("reading {}", path.display()), e)),
    };
    let len = f
        .metadata()
        .map_err(|e| StoreError::io(&format!("reading {}", path.display()), e))?
        .len();
    if len == 0 {
        return Ok(false);
    }
    let mut head = [0u8; 16];
    if f.read_exact(&mut head).is_err() {
        return Err(StoreError::NotACompanyFile(path.to_path_buf()));
    }
    if &head == PLAIN_HEADER {
        return Ok(false);
    }
    if len < CIPHER_PAGE || len % CIPHER_PAGE != 0 {
        return Err(StoreError::NotACompanyFile(path.to_path_buf()));
    }
    Ok(true)
}

/// Opens `path` with `flags`, keyed with `key` when the file is encrypted (a key given for a
/// plain file is not used). An encrypted file without a key is `PasswordRequired`; one whose
/// key does not open it is `WrongPassword`, and nothing has been written to it.
pub(crate) fn connect(path: &Path, flags: OpenFlags, key: Option<&Password>) -> Result<Connection> {
    let encrypted = is_encrypted(path)?;
    let conn = open_raw(path, flags)?;
    quiet(&conn);
    if encrypted {
        let Some(key) = key else {
            return Err(StoreError::PasswordRequired(path.to_path_buf()));
        };
        apply_key(&conn, key)?;
        let probe = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        });
        match probe {
            Ok(_) => {}
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
                return Err(StoreError::WrongPassword(path.to_path_buf()))
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(conn)
}

/// Lets SQLCipher finish initialising before any connection the store uses is opened.
/// SQLite marks itself initialised before it runs SQLCipher's extra init, which registers
/// `sqlcipher_export` for the connections opened after it: a second thread opening a
/// connection in that moment got one without the function ("no such function:
/// sqlcipher_export" when its password was then set — a test failed so now and then). The
/// first connection is opened here, once, while every other caller waits.
fn sqlcipher_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        let _ = Connection::open_in_memory();
    });
}

/// Opens a database file as it is, unkeyed: every connection the store opens comes from here
/// (through `connect`, or directly for a file being created), after SQLCipher is ready.
pub(crate) fn open_raw(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    sqlcipher_ready();
    Connection::open_with_flags(path, flags)
}

/// SQLCipher logs a failed page check (a wrong password) to stderr; the store reports it as
/// an error instead.
pub(crate) fn quiet(conn: &Connection) {
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
}

/// Keys a fresh connection (before anything reads it).
pub(crate) fn apply_key(conn: &Connection, key: &Password) -> Result<()> {
    quiet(conn);
    conn.pragma_update(None, "key", key.expose())?;
    Ok(())
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl Company {
    /// Whether the company file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The password this company was opened with (for backups of it, which stay encrypted).
    pub fn password(&self) -> Option<&Password> {
        self.key.as_ref()
    }

    /// Sets (`Some` on a plain file), changes (`Some` on an encrypted one) or removes (`None`)
    /// the company's password. The new file is written beside the current one with
    /// `sqlcipher_export`, checked with `integrity_check` and its entry count, and swapped in
    /// (`rename`, so a crash leaves either the old or the new file); the change is recorded
    /// in the audit log of the new file. On any failure the current file is left as it was.
    pub fn change_password(&mut self, new: Option<Password>, now: DateTime<Utc>) -> Result<()> {
        let path = self.path.clone();
        let next = side(&path, ".rekey");
        crate::backup::remove_db_files(&next);
        let action = match (self.key.is_some(), new.is_some()) {
            (false, true) => "set",
            (true, true) => "change",
            (true, false) => "remove",
            (false, false) => {
                return Err(StoreError::invalid(
                    trastienda_core::Problem::new(
                        trastienda_core::ProblemCode::Required,
                        "the company has no password to remove",
                    )
                    .field("password"),
                ))
            }
        };
        let entries: i64 = self
            .conn
            .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
        let exported = self.export_to(&next, new.as_ref());
        let checked = exported.and_then(|()| {
            let c = connect(
                &next,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                new.as_ref(),
            )?;
            crate::quick_check(&c, &next)?;
            let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            let copied: i64 = c.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?;
            let app_id: i32 = c.pragma_query_value(None, "application_id", |r| r.get(0))?;
            if ok != "ok" || copied != entries || app_id != APPLICATION_ID {
                return Err(StoreError::Io(format!(
                    "the re-encrypted copy did not check out ({ok}; {copied} of {entries} entries)"
                )));
            }
            Ok(())
        });
        if let Err(e) = checked {
            crate::backup::remove_db_files(&next);
            return Err(e);
        }
        crate::backup::sync_file(&next);
        // Close the current file (its WAL checkpointed and removed), swap, reopen.
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        if let Err((conn, e)) = old.close() {
            self.conn = conn;
            crate::backup::remove_db_files(&next);
            return Err(e.into());
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(side(&path, suffix));
        }
        let swapped = std::fs::rename(&next, &path)
            .map_err(|e| StoreError::io("putting the re-encrypted file in place", e));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        // Reopen whichever file is in place now (the old one if the rename failed).
        let key = if swapped.is_ok() {
            new
        } else {
            self.key.take()
        };
        let conn = connect(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key.as_ref(),
        )?;
        crate::configure(&conn)?;
        self.conn = conn;
        self.key = key;
        swapped?;
        let tx = self.conn.transaction()?;
        crate::audit::append(
            &tx,
            now,
            &self.actor,
            &crate::audit::Change {
                record: "company",
                action: "password",
                after: Some(match action {
                    "set" => "password set: the file is encrypted",
                    "change" => "password changed",
                    _ => "password removed: the file is no longer encrypted",
                }),
                ..crate::audit::Change::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Writes the whole database to `dest` keyed with `key` (plain when None).
    fn export_to(&self, dest: &Path, key: Option<&Password>) -> Result<()> {
        let dest_str = dest
            .to_str()
            .ok_or_else(|| StoreError::Io(format!("{} is not valid UTF-8", dest.display())))?;
        let key_text = key.map(Password::expose).unwrap_or("");
        // The company's connection is opened without SQLITE_OPEN_CREATE, which ATTACH inherits:
        // the (empty) file must exist first.
        std::fs::File::create(dest).map_err(|e| StoreError::io("creating the new file", e))?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rekey KEY ?2",
            rusqlite::params![dest_str, key_text],
        )?;
        let result = (|| -> Result<()> {
            // Rows go in table by table: the foreign keys hold in the source already.
            self.conn.pragma_update(None, "foreign_keys", "OFF")?;
            self.conn
                .query_row("SELECT sqlcipher_export('rekey')", [], |_| Ok(()))?;
            let version: i64 = self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?;
            self.conn
                .pragma_update(Some("rekey"), "application_id", APPLICATION_ID)?;
            self.conn
                .pragma_update(Some("rekey"), "user_version", version)?;
            Ok(())
        })();
        let fk = self.conn.pragma_update(None, "foreign_keys", "ON");
        let detached = self.conn.execute("DETACH DATABASE rekey", []);
        result?;
        fk?;
        detached?;
        Ok(())
    }
}
