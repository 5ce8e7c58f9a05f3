//! The application's state, shared by every front end: where company files live, the
//! remembered settings (language, recent companies), and the company that is open.

use crate::dto::{Lang, RecentCompany};
use crate::error::{ApiError, ErrorCode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use trastienda_store::Company;

#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Where settings.json and the companies/ folder live.
    pub data_dir: PathBuf,
    pub debug: bool,
    /// A fixed clock for tests and reproducible demos; None reads the system clock.
    pub fixed_now: Option<DateTime<Utc>>,
    /// The desktop: company files are opened only where the user picked them in the native
    /// dialog (or from the recent list). `serve` has no dialog, so there the path is typed.
    pub confine_paths: bool,
}

impl AppConfig {
    /// The platform data directory (e.g. ~/.local/share/trastienda on Linux); debug builds
    /// use a separate folder so development never touches real books. The environment
    /// variable TRASTIENDA_DATA_DIR overrides both.
    pub fn platform_default(debug: bool) -> AppConfig {
        let data_dir = std::env::var_os("TRASTIENDA_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                let app = if debug {
                    "trastienda-debug"
                } else {
                    "trastienda"
                };
                directories::ProjectDirs::from("es", "Trastienda", app)
                    .map(|d| d.data_dir().to_path_buf())
            })
            .unwrap_or_else(|| PathBuf::from(".trastienda"));
        AppConfig {
            data_dir,
            debug,
            fixed_now: None,
            confine_paths: false,
        }
    }

    pub fn at(data_dir: impl Into<PathBuf>) -> AppConfig {
        AppConfig {
            data_dir: data_dir.into(),
            debug: cfg!(debug_assertions),
            fixed_now: None,
            confine_paths: false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Settings {
    #[serde(default)]
    pub language: Lang,
    #[serde(default)]
    pub recent: Vec<RecentEntry>,
    #[serde(default)]
    pub backups: crate::backups::BackupPrefs,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct RecentEntry {
    pub path: String,
    pub name: String,
    pub last_opened: String,
}

pub struct App {
    pub(crate) config: AppConfig,
    company: Mutex<Option<Company>>,
    settings: Mutex<Settings>,
    pub(crate) backup_progress: crate::backups::Progress,
    /// Paths the user picked in a native dialog (the desktop grants them): where a file may
    /// be saved, or which company may be opened when paths are confined.
    granted: Mutex<std::collections::HashSet<PathBuf>>,
}

const MAX_RECENT: usize = 10;

impl App {
    pub fn new(config: AppConfig) -> App {
        let settings = std::fs::read(config.data_dir.join("settings.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        App {
            config,
            company: Mutex::new(None),
            settings: Mutex::new(settings),
            granted: Mutex::new(Default::default()),
            backup_progress: Default::default(),
        }
    }

    /// Records that the user picked `path` in a native dialog.
    pub fn grant_path(&self, path: &Path) {
        self.granted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_path_buf());
    }

    /// Whether `path` was picked in a dialog; `once` uses the grant up (a save).
    pub(crate) fn granted(&self, path: &Path, once: bool) -> bool {
        let mut g = self.granted.lock().unwrap_or_else(|p| p.into_inner());
        if once {
            g.remove(path)
        } else {
            g.contains(path)
        }
    }

    /// Whether a company file may be opened from `path`: anywhere when paths are not confined
    /// (serve: the user typed it); on the desktop only where a dialog picked it, or a file the
    /// app itself listed (recent companies).
    pub(crate) fn may_open(&self, path: &Path) -> bool {
        !self.config.confine_paths
            || self.granted(path, false)
            || self
                .settings()
                .recent
                .iter()
                .any(|r| Path::new(&r.path) == path)
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.config.fixed_now.unwrap_or_else(Utc::now)
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    pub fn companies_dir(&self) -> PathBuf {
        self.config.data_dir.join("companies")
    }

    pub(crate) fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn save_settings(&self, s: &Settings) -> Result<(), ApiError> {
        std::fs::create_dir_all(&self.config.data_dir)
            .map_err(|e| ApiError::io("creating the data folder", e))?;
        let tmp = self.config.data_dir.join("settings.json.tmp");
        let json = serde_json::to_vec_pretty(s)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        std::fs::write(&tmp, json).map_err(|e| ApiError::io("writing settings", e))?;
        std::fs::rename(&tmp, self.config.data_dir.join("settings.json"))
            .map_err(|e| ApiError::io("writing settings", e))
    }

    pub(crate) fn company_slot(&self) -> MutexGuard<'_, Option<Company>> {
        self.company.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the open company, or fails with `no_company_open`.
    pub fn with_company<T>(
        &self,
        f: impl FnOnce(&mut Company) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut slot = self.company_slot();
        match slot.as_mut() {
            Some(c) => f(c),
            None => Err(ApiError::no_company()),
        }
    }

    /// Makes `company` the open one and puts it first among the recent companies.
    pub fn set_company(&self, mut company: Company) -> Result<(), ApiError> {
        company.set_actor(actor());
        // Texts still to read (old payslips moved into the archive): a few seconds at most
        // now, the rest the next time.
        if let Err(e) = crate::doctext::index_pending_within(
            &mut company,
            Some(std::time::Duration::from_secs(3)),
        ) {
            eprintln!("trastienda: reading the text of archived documents failed: {e}");
        }
        crate::invoice_pdf::install_archiver(&mut company);
        let name = company.settings()?.name;
        let path = absolute(company.path());
        let previous = self.company_slot().replace(company);
        if let Some(old) = previous {
            crate::backups::on_close(self, &old);
        }
        let mut s = self.settings().clone();
        s.recent.retain(|r| r.path != path);
        s.recent.insert(
            0,
            RecentEntry {
                path,
                name,
                last_opened: self.now().to_rfc3339(),
            },
        );
        s.recent.truncate(MAX_RECENT);
        self.save_settings(&s)?;
        *self.settings() = s;
        Ok(())
    }

    /// Closes the open company, backing it up first (best effort).
    pub fn close_company(&self) {
        let previous = self.company_slot().take();
        if let Some(old) = previous {
            crate::backups::on_close(self, &old);
        }
    }

    pub(crate) fn recent(&self) -> Vec<RecentCompany> {
        self.settings()
            .recent
            .iter()
            .map(|r| RecentCompany {
                path: r.path.clone(),
                name: r.name.clone(),
                last_opened: r.last_opened.clone(),
                exists: Path::new(&r.path).is_file(),
            })
            .collect()
    }
}

/// Who this app instance is, as the audit log records it: user, host and process.
pub fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "user".into());
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{user}@{host} (pid {})", std::process::id())
}

pub(crate) fn absolute(p: &Path) -> String {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}
