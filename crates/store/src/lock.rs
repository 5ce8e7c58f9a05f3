//! One writer at a time: `<file>.lock` beside the company file names who holds it (pid,
//! host, user, app, since). It is created exclusively when the company is opened for writing
//! and removed when the `Company` is dropped. A lock whose process is gone on this host (a
//! crash) is stale and taken over; a live one refuses the open with `StoreError::InUse`.

use crate::{Result, StoreError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Who holds a company file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockOwner {
    pub pid: u32,
    pub host: String,
    pub user: String,
    pub app: String,
    pub since: String,
}

impl LockOwner {
    /// This process.
    pub fn current(app: &str, since: &str) -> LockOwner {
        LockOwner {
            pid: std::process::id(),
            host: host_name(),
            user: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "user".into()),
            app: app.to_string(),
            since: since.to_string(),
        }
    }

    pub fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nuser={}\napp={}\nsince={}\n",
            self.pid, self.host, self.user, self.app, self.since
        )
    }

    pub fn parse(text: &str) -> Option<LockOwner> {
        let get = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k).and_then(|r| r.strip_prefix('=')))
                .map(|v| v.trim().to_string())
        };
        Some(LockOwner {
            pid: get("pid")?.parse().ok()?,
            host: get("host")?,
            user: get("user").unwrap_or_default(),
            app: get("app").unwrap_or_default(),
            since: get("since").unwrap_or_default(),
        })
    }
}

/// The lock file of a company file: `<file>.lock`.
pub fn lock_path(company: &Path) -> PathBuf {
    let mut s = company.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// A held lock; dropping it removes the file (if it is still ours).
#[derive(Debug)]
pub struct FileLock {
    path: PathBuf,
    owner: LockOwner,
}

impl FileLock {
    /// Takes the lock of `company`, taking over a stale one.
    pub fn acquire(company: &Path, owner: LockOwner) -> Result<FileLock> {
        let path = lock_path(company);
        for _ in 0..3 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    f.write_all(owner.to_text().as_bytes())
                        .and_then(|_| f.sync_all())
                        .map_err(|e| StoreError::io("writing the lock file", e))?;
                    return Ok(FileLock { path, owner });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    match LockOwner::parse(&text) {
                        // This process already holds it (another handle in the same app).
                        Some(held) if held.host == owner.host && held.pid == owner.pid => {
                            return Ok(FileLock { path, owner: held });
                        }
                        Some(held) if held.host != owner.host || pid_alive(held.pid) => {
                            return Err(StoreError::InUse {
                                pid: held.pid,
                                host: held.host,
                                user: held.user,
                                app: held.app,
                                since: held.since,
                            });
                        }
                        // Stale (its process is gone) or unreadable (a crash while writing
                        // it): take it over.
                        _ => {
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(StoreError::io("creating the lock file", e)),
            }
        }
        Err(StoreError::Io(format!(
            "could not take the lock file {}",
            path.display()
        )))
    }

    pub fn owner(&self) -> &LockOwner {
        &self.owner
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Only remove it if it still names this process.
        let ours = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| LockOwner::parse(&t))
            .is_some_and(|o| o.pid == self.owner.pid && o.host == self.owner.host);
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The host name, as the lock file records it.
pub fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Whether process `pid` is running on this host.
pub fn pid_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        // A zombie (killed, not yet reaped) holds nothing.
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => !stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
            Err(_) => false,
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
    #[cfg(windows)]
    {
        std::process::Command::new("tasklist")
            .args(["/FI", &format!("PID eq {pid}"), "/NH"])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(&pid.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_text_round_trips() {
        let o = LockOwner::current("trastienda test", "2025-01-01T00:00:00Z");
        assert_eq!(LockOwner::parse(&o.to_text()), Some(o));
        assert_eq!(LockOwner::parse("garbage"), None);
    }

    #[test]
    fn a_live_lock_refuses_and_a_dead_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let company = dir.path().join("c.trastienda");
        let me = LockOwner::current("test", "now");
        // pid 1 is always alive.
        let other = LockOwner {
            pid: 1,
            ..me.clone()
        };
        std::fs::write(lock_path(&company), other.to_text()).unwrap();
        match FileLock::acquire(&company, me.clone()) {
            Err(StoreError::InUse { pid: 1, .. }) => {}
            r => panic!("expected in use, got {r:?}"),
        }
        // A pid that does not exist.
        let dead = LockOwner {
            pid: 0x3fff_fff0,
            ..me.clone()
        };
        std::fs::write(lock_path(&company), dead.to_text()).unwrap();
        let lock = FileLock::acquire(&company, me.clone()).unwrap();
        let on_disk = std::fs::read_to_string(lock_path(&company)).unwrap();
        assert_eq!(LockOwner::parse(&on_disk), Some(me));
        drop(lock);
        assert!(!lock_path(&company).exists());
    }
}
