use std::path::PathBuf;
use trastienda_core::Problem;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("{} already exists", .0.display())]
    AlreadyExists(PathBuf),
    #[error("{} is not a Trastienda company file", .0.display())]
    NotACompanyFile(PathBuf),
    #[error("migration {version} ({name}) was changed after it shipped; the company file was not touched")]
    MigrationChanged { version: u32, name: String },
    #[error("the company file was written by a newer Trastienda (schema {found}, this one knows {known})")]
    TooNew { found: u32, known: u32 },
    #[error("the company file could not be brought up to date: {0}; it was not changed")]
    MigrationFailed(String),
    #[error("account {0} has postings and cannot be deleted; deactivate it instead")]
    AccountHasPostings(String),
    #[error("entry {0} was already reversed")]
    AlreadyReversed(i64),
    #[error("{}", problems_text(.0))]
    Invalid(Vec<Problem>),
    #[error("posted entries are immutable: {0}")]
    Immutable(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(String),
    #[error("{} is damaged ({detail})", .path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "the company file is in use by {app} (pid {pid} on {host}, user {user}, since {since})"
    )]
    InUse {
        pid: u32,
        host: String,
        user: String,
        app: String,
        since: String,
    },
    #[error("{} is encrypted: its password is needed to open it", .0.display())]
    PasswordRequired(PathBuf),
    #[error("the password does not open {}; nothing was changed", .0.display())]
    WrongPassword(PathBuf),
    #[error("the backup failed its check and was deleted: {0}")]
    BackupFailed(String),
}

fn problems_text(p: &[Problem]) -> String {
    p.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

impl StoreError {
    pub fn io(what: &str, e: std::io::Error) -> StoreError {
        StoreError::Io(format!("{what}: {e}"))
    }

    pub fn invalid(p: Problem) -> StoreError {
        StoreError::Invalid(vec![p])
    }
}
