//! Backups and restore through the command table, as the UI calls them; the backup taken
//! before a schema migration; the errors for a damaged or held file.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use trastienda_api::{dispatch, App, AppConfig};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(AppConfig::at(dir.path().join("data")));
    (dir, app)
}

fn ok(app: &App, cmd: &str, args: Value) -> Value {
    dispatch(app, cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args}: {e:?}"))
}

fn err(app: &App, cmd: &str, args: Value) -> Value {
    match dispatch(app, cmd, args.clone()) {
        Ok(v) => panic!("{cmd} {args} should fail, gave {v}"),
        Err(e) => serde_json::to_value(e).unwrap(),
    }
}

fn new_company(app: &App) -> Value {
    ok(
        app,
        "create_company",
        json!({"name": "Prueba, S.L.", "tax_id": "B12345674", "country": "ES", "address": "",
               "fiscal_year_start_month": 1, "currency": "EUR", "language": "es", "template": "es-pymes"}),
    )
}

fn post(app: &App, description: &str) -> Value {
    let year = chrono::Utc::now().format("%Y");
    ok(
        app,
        "post_entry",
        json!({"date": format!("{year}-01-15"), "description": description, "lines": [
            {"account": "5720001", "debit": "100.00", "credit": ""},
            {"account": "700", "debit": "", "credit": "100.00"}]}),
    )
}

fn descriptions(app: &App) -> Vec<String> {
    ok(app, "list_entries", json!({}))["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["description"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn restore_round_trip_keeps_the_current_file_aside() {
    let (_d, app) = app();
    let info = new_company(&app);
    post(&app, "before the backup");
    let backup = ok(&app, "backup_now", json!({}));
    assert_eq!(backup["reason"], "manual");
    assert_eq!(backup["entries"], 1);
    assert_eq!(backup["company"], "Prueba, S.L.");
    let progress = ok(&app, "backup_progress", json!({}));
    assert_eq!(progress["active"], false);
    assert!(progress["pages_total"].as_u64().unwrap() > 0);
    assert_eq!(progress["pages_done"], progress["pages_total"]);

    post(&app, "after the backup");
    assert_eq!(descriptions(&app).len(), 2);
    let listed = ok(&app, "list_backups", json!({}));
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["path"] == backup["path"]));

    let restored = ok(&app, "restore_backup", json!({"path": backup["path"]}));
    assert_eq!(restored["company"]["path"], info["path"]);
    assert_eq!(descriptions(&app), vec!["before the backup"]);
    let aside = PathBuf::from(restored["aside"].as_str().unwrap());
    assert!(aside.is_file());
    // The file kept aside still has the entry the restore took away.
    let app2 = App::new(AppConfig::at(_d.path().join("data2")));
    ok(&app2, "open_company", json!({"path": aside}));
    assert_eq!(descriptions(&app2).len(), 2);
    ok(&app2, "close_company", json!({}));
    // The restored company works on: it posts and verifies.
    post(&app, "after the restore");
    assert_eq!(descriptions(&app).len(), 2);
    // Its change log says it was restored, from which backup and where the old file went.
    let log = ok(&app, "audit_log", json!({"action": "restore"}));
    assert_eq!(log["total"], 1);
    assert_eq!(log["rows"][0]["before"], restored["aside"]);
    assert!(log["rows"][0]["after"]
        .as_str()
        .unwrap()
        .ends_with(".trastienda"));
    assert_eq!(ok(&app, "verify_audit_log", json!({}))["ok"], true);
}

#[test]
fn opening_and_closing_make_backups_and_rotation_applies_the_settings() {
    let (d, app) = app();
    let info = new_company(&app);
    let path = info["path"].as_str().unwrap().to_string();
    ok(&app, "close_company", json!({}));
    let dir = d.path().join("data/backups/prueba-s-l");
    let names = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    assert_eq!(names(&dir).len(), 1);
    assert!(
        names(&dir)[0].ends_with("-close.trastienda"),
        "{:?}",
        names(&dir)
    );
    // The first open of the day backs up only when the day has none yet.
    std::fs::remove_dir_all(&dir).unwrap();
    ok(&app, "open_company", json!({"path": path}));
    assert!(names(&dir)[0].ends_with("-daily.trastienda"));
    ok(&app, "open_company", json!({"path": path}));
    assert_eq!(names(&dir).len(), 1);
    // Keep one a day: several backups today leave the newest.
    for _ in 0..3 {
        ok(&app, "backup_now", json!({}));
    }
    assert_eq!(names(&dir).len(), 1);
    assert!(
        names(&dir)[0].ends_with("-manual.trastienda"),
        "{:?}",
        names(&dir)
    );
    // Another folder.
    let other = d.path().join("external disk");
    let s = ok(
        &app,
        "set_backup_settings",
        json!({"folder": other, "keep_daily": 3, "keep_weekly": 0, "keep_monthly": 0}),
    );
    assert_eq!(s["is_default"], false);
    assert_eq!(ok(&app, "backup_settings", json!({}))["keep_daily"], 3);
    ok(&app, "backup_now", json!({}));
    assert_eq!(names(&other.join("prueba-s-l")).len(), 1);
    assert_eq!(
        err(
            &app,
            "set_backup_settings",
            json!({"folder": "relative", "keep_daily": 1, "keep_weekly": 0, "keep_monthly": 0})
        )["code"],
        "validation"
    );
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A company file as the first release wrote it (schema 1), with one entry.
fn schema_1_file(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", 0x5452_5354)
        .unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let (_, name, sql) = trastienda_store::MIGRATIONS[0];
    conn.execute_batch(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
         sha256 TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
    conn.execute(
        "INSERT INTO schema_migrations VALUES (1, ?1, ?2, '2025-01-01T00:00:00+00:00')",
        [name, &sha256_hex(sql)],
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO company VALUES (1, 'Vieja SL', 'B12345674', 'ES', '', 1, 'EUR', 'es',
                                     'es-pymes', '2025-01-01T00:00:00+00:00');
         INSERT INTO accounts (id, code, name, kind) VALUES
            (1, '5720001', 'Banco', 'asset'), (2, '700', 'Ventas', 'income');
         BEGIN;
         INSERT INTO postings VALUES (1, 1, 1, '2025-05-02', '', 1000), (1, 2, 2, '2025-05-02', '', -1000);
         INSERT INTO entries VALUES (1, 2025, 1, '2025-05-02', 'Venta', 'normal', NULL, 2, 1000, 'x');
         COMMIT;",
    )
    .unwrap();
}

#[test]
fn a_migration_leaves_a_pre_migration_backup_of_the_old_file() {
    let (d, app) = app();
    let path = d.path().join("vieja.trastienda");
    schema_1_file(&path);
    let before = std::fs::read(&path).unwrap();
    assert_eq!(
        trastienda_store::pending_migrations(&path, None).unwrap(),
        (2..=trastienda_store::MIGRATIONS.len() as u32).collect::<Vec<u32>>()
    );
    ok(&app, "open_company", json!({"path": path}));
    assert!(trastienda_store::pending_migrations(&path, None)
        .unwrap()
        .is_empty());
    let dir = d.path().join("data/backups/vieja");
    let migration: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-migration.trastienda"))
        .collect();
    assert_eq!(migration.len(), 1, "{dir:?}");
    let info = trastienda_store::backup::backup_info(&migration[0], None).unwrap();
    assert_eq!(info.schema_version, 1);
    assert_eq!(info.entries, 1);
    assert_eq!(info.company_name, "Vieja SL");
    // The backup holds the same database the old file did.
    let conn = rusqlite::Connection::open(&migration[0]).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    drop(before);
    // Later backups of the upgraded file rotate; the pre-migration one stays.
    for _ in 0..3 {
        ok(&app, "backup_now", json!({}));
    }
    assert!(migration[0].is_file());
}

/// A migration that fails leaves the pre-migration backup and the original file as they
/// were: here the old file holds a posting to an account that does not exist (written with
/// foreign keys off), which the upgrade's foreign-key check refuses.
#[test]
fn a_failed_migration_leaves_the_backup_and_the_original_file_intact() {
    let (d, app) = app();
    let path = d.path().join("rota.trastienda");
    schema_1_file(&path);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        conn.execute_batch(
            "BEGIN;
             INSERT INTO postings VALUES (2, 1, 1, '2025-06-01', '', 500), (2, 2, 99, '2025-06-01', '', -500);
             INSERT INTO entries VALUES (2, 2025, 2, '2025-06-01', 'Huérfana', 'normal', NULL, 2, 500, 'x');
             COMMIT;",
        )
        .unwrap();
    }
    let e = err(&app, "open_company", json!({"path": path}));
    assert_eq!(e["code"], "database", "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("foreign key"),
        "the refusal says why: {e}"
    );
    // The original is still a schema-1 file with both entries, and still needs upgrading.
    assert_eq!(
        trastienda_store::pending_migrations(&path, None).unwrap(),
        (2..=trastienda_store::MIGRATIONS.len() as u32).collect::<Vec<u32>>()
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (entries, versions): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM schema_migrations)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((entries, versions), (2, 1));
    let has_years: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'fiscal_years'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(has_years, 0, "nothing of the failed migration stayed");
    drop(conn);
    // And the backup taken before it is there, verified, with the same two entries.
    let dir = d.path().join("data/backups/rota");
    let backups: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-migration.trastienda"))
        .collect();
    assert_eq!(backups.len(), 1, "{dir:?}");
    let info = trastienda_store::backup::backup_info(&backups[0], None).unwrap();
    assert_eq!((info.schema_version, info.entries), (1, 2));
}

#[test]
fn a_damaged_file_names_the_latest_good_backup_and_a_held_one_names_its_holder() {
    let (d, app) = app();
    let info = new_company(&app);
    let path = PathBuf::from(info["path"].as_str().unwrap());
    post(&app, "x");
    let backup = ok(&app, "backup_now", json!({}));
    ok(&app, "close_company", json!({}));
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096..len.min(4096 * 8)] {
        *b = 0x5a;
    }
    std::fs::write(&path, bytes).unwrap();
    let e = err(&app, "open_company", json!({"path": path}));
    assert_eq!(e["code"], "damaged", "{e}");
    let good = e["problems"][0]["params"]["backup"].as_str().unwrap();
    // The close backup is newer than the manual one; either is good.
    assert!(good.contains("prueba-s-l-"), "{good} vs {}", backup["path"]);
    let damaged = std::fs::read(&path).unwrap();

    // One click puts that backup in place of the damaged file, which is kept aside as it was.
    let restored = ok(&app, "restore_latest_backup", json!({"path": path}));
    assert_eq!(restored["company"]["path"], info["path"]);
    assert_eq!(descriptions(&app), vec!["x"]);
    let aside = PathBuf::from(restored["aside"].as_str().unwrap());
    assert_eq!(std::fs::read(&aside).unwrap(), damaged);
    let log = ok(&app, "audit_log", json!({"action": "restore"}));
    assert_eq!(log["total"], 1);
    // The company now open is sound: this is not the way to restore it.
    let e = err(&app, "restore_latest_backup", json!({"path": path}));
    assert_eq!(e["code"], "validation");
    ok(&app, "close_company", json!({}));
    // A file with no backups at all says so.
    let lone = d.path().join("lone.trastienda");
    std::fs::write(&lone, b"not even sqlite").unwrap();
    let e = err(&app, "restore_latest_backup", json!({"path": lone}));
    assert_eq!(e["code"], "not_found");

    // Held by another live process on this host.
    let other = d.path().join("held.trastienda");
    std::fs::copy(&path, &other).unwrap();
    let holder = trastienda_store::lock::LockOwner {
        pid: 1,
        ..trastienda_store::lock::LockOwner::current("trastienda desktop", "2026-01-01T10:00:00Z")
    };
    std::fs::write(trastienda_store::lock::lock_path(&other), holder.to_text()).unwrap();
    let e = err(&app, "open_company", json!({"path": other}));
    assert_eq!(e["code"], "in_use", "{e}");
    assert_eq!(e["problems"][0]["params"]["pid"], "1");
    assert!(e["message"].as_str().unwrap().contains("pid 1"));
}

/// Renames a backup as if made on `day` (YYYYMMDD), so rotation (one a day) keeps it beside
/// the ones made today.
fn as_of_day(mut row: Value, day: &str) -> Value {
    let from = PathBuf::from(row["path"].as_str().unwrap());
    let name = from.file_name().unwrap().to_str().unwrap();
    let stem = &name[..name.len() - "-YYYYMMDD-HHMMSS-manual.trastienda".len()];
    let to = from.with_file_name(format!("{stem}-{day}-120000-manual.trastienda"));
    std::fs::rename(&from, &to).unwrap();
    row["path"] = json!(to.display().to_string());
    row
}

#[test]
fn a_password_is_set_asked_for_on_open_and_kept_by_backups() {
    let (d, app) = app();
    let info = new_company(&app);
    post(&app, "secret sale");
    assert_eq!(info["encrypted"], false);
    // A short password is refused naming the field; the file stays plain.
    let e = err(&app, "set_password", json!({"new": "short"}));
    assert_eq!(e["code"], "validation");
    assert_eq!(e["problems"][0]["field"], "new");
    let plain_backup = as_of_day(ok(&app, "backup_now", json!({})), "20200101");
    assert_eq!(plain_backup["encrypted"], false);

    let set = ok(&app, "set_password", json!({"new": "una clave larga"}));
    assert_eq!(set["encrypted"], true);
    // Changing or removing it needs the current one.
    let e = err(&app, "set_password", json!({"new": "otra clave larga"}));
    assert_eq!(e["problems"][0]["field"], "current");
    let e = err(
        &app,
        "set_password",
        json!({"current": "not it at all", "new": "otra clave larga"}),
    );
    assert_eq!(e["code"], "wrong_password");
    assert_eq!(e["problems"][0]["field"], "current");

    let encrypted_backup = as_of_day(ok(&app, "backup_now", json!({})), "20200102");
    assert_eq!(encrypted_backup["encrypted"], true);
    assert_eq!(encrypted_backup["entries"], 1);
    let path = info["path"].as_str().unwrap().to_string();
    ok(&app, "close_company", json!({}));

    // Opening asks for it, refuses a wrong one, and opens with the right one.
    let e = err(&app, "open_company", json!({"path": path}));
    assert_eq!(e["code"], "password_required");
    assert_eq!(e["problems"][0]["params"]["path"], path.as_str());
    let e = err(
        &app,
        "open_company",
        json!({"path": path, "password": "una clave larg"}),
    );
    assert_eq!(e["code"], "wrong_password");
    let opened = ok(
        &app,
        "open_company",
        json!({"path": path, "password": "una clave larga"}),
    );
    assert_eq!(opened["encrypted"], true);
    assert_eq!(descriptions(&app), vec!["secret sale"]);

    // Every backup is listed: the ones made before the password as plain ones.
    let listed = ok(&app, "list_backups", json!({}));
    let rows = listed.as_array().unwrap();
    let plain = rows
        .iter()
        .find(|r| r["path"] == plain_backup["path"])
        .unwrap();
    assert_eq!(
        (plain["encrypted"].clone(), plain["locked"].clone()),
        (json!(false), json!(false))
    );
    let enc = rows
        .iter()
        .find(|r| r["path"] == encrypted_backup["path"])
        .unwrap();
    assert_eq!(enc["encrypted"], true);
    assert_eq!(enc["company"], "Prueba, S.L.");

    // After a change, a backup made under the old password is listed locked, and restoring
    // it needs that password; the company then has the backup's password.
    ok(
        &app,
        "set_password",
        json!({"current": "una clave larga", "new": "la segunda clave"}),
    );
    let listed = ok(&app, "list_backups", json!({}));
    let old = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == encrypted_backup["path"])
        .unwrap()
        .clone();
    assert_eq!(old["locked"], true);
    assert_eq!(old["company"], "");
    let e = err(&app, "restore_backup", json!({"path": old["path"]}));
    assert_eq!(e["code"], "wrong_password");
    assert_eq!(
        descriptions(&app),
        vec!["secret sale"],
        "still open after a refusal"
    );
    let restored = ok(
        &app,
        "restore_backup",
        json!({"path": old["path"], "password": "una clave larga"}),
    );
    assert_eq!(restored["company"]["encrypted"], true);
    ok(&app, "close_company", json!({}));
    let e = err(
        &app,
        "open_company",
        json!({"path": path, "password": "la segunda clave"}),
    );
    assert_eq!(e["code"], "wrong_password");
    ok(
        &app,
        "open_company",
        json!({"path": path, "password": "una clave larga"}),
    );
    // And removing it writes the file back plain.
    let removed = ok(&app, "set_password", json!({"current": "una clave larga"}));
    assert_eq!(removed["encrypted"], false);
    assert!(std::fs::read(&path)
        .unwrap()
        .starts_with(b"SQLite format 3"));
    drop(d);
}

/// Documents live inside the company file, so a backup carries every one: a file attached
/// before the backup comes back with the restore, byte for byte, and one attached after goes.
#[test]
fn a_backup_carries_the_documents_and_a_restore_brings_them_back() {
    use base64::Engine;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let (_d, app) = app();
    new_company(&app);
    let add = |name: &str, bytes: &[u8]| -> i64 {
        let up = ok(
            &app,
            "document_upload_begin",
            json!({"file_name": name, "size": bytes.len()}),
        );
        ok(
            &app,
            "document_upload_chunk",
            json!({"upload_id": up["upload_id"], "offset": 0, "content_base64": b64(bytes)}),
        );
        ok(
            &app,
            "document_upload_finish",
            json!({"upload_id": up["upload_id"], "category": "legal", "title": name,
                   "doc_date": "2026-05-04", "tags": [], "notes": "", "links": []}),
        )["id"]
            .as_i64()
            .unwrap()
    };
    let kept: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let kept_id = add("escritura.bin", &kept);
    let backup = ok(&app, "backup_now", json!({}));
    let later_id = add("posterior.txt", b"attached after the backup");

    ok(&app, "restore_backup", json!({"path": backup["path"]}));
    let mut back = Vec::new();
    loop {
        let piece = ok(
            &app,
            "document_content",
            json!({"id": kept_id, "offset": back.len()}),
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(piece["content_base64"].as_str().unwrap())
            .unwrap();
        if bytes.is_empty() {
            break;
        }
        back.extend(bytes);
        if back.len() as u64 >= piece["size"].as_u64().unwrap() {
            break;
        }
    }
    assert_eq!(
        back, kept,
        "the restored document differs from the one backed up"
    );
    assert_eq!(
        err(&app, "document_get", json!({"id": later_id}))["code"],
        "not_found"
    );
    assert!(ok(&app, "documents_verify", json!(null))["failures"]
        .as_array()
        .unwrap()
        .is_empty());
}
