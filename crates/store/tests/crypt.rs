//! Encryption at rest: set, change and remove a company's password; a wrong or missing
//! password is refused with nothing changed; backups of an encrypted company stay encrypted.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use std::path::Path;
use trastienda_store::backup::{backup_info, check_integrity, restore};
use trastienda_store::lock::lock_path;
use trastienda_store::{is_encrypted, Company, EntryFilter, Password, StoreError};

fn pw(s: &str) -> Password {
    Password::new(s).unwrap()
}

fn entry_count(c: &Company) -> u64 {
    c.list_entries(&EntryFilter::default(), 0, 1).unwrap().1
}

fn file_hash(p: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(p).unwrap()).to_vec()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn post_some(c: &mut Company, n: usize) {
    for i in 0..n {
        let e = entry(
            d(2026, 3, 2),
            &format!("Venta secreta {i}"),
            &[("5720001", 1000 + i as i64), ("700", -(1000 + i as i64))],
        );
        c.post_entry(&e, now()).unwrap();
    }
}

#[test]
fn a_password_encrypts_the_file_and_only_it_opens_it() {
    let mut f = fresh();
    post_some(&mut f.company, 20);
    assert!(!f.company.is_encrypted());
    f.company
        .change_password(Some(pw("correct horse")), now())
        .unwrap();
    assert!(f.company.is_encrypted());
    // The open company goes on working on the new file.
    post_some(&mut f.company, 1);
    assert_eq!(entry_count(&f.company), 21);
    drop(f.company);

    assert!(is_encrypted(&f.path).unwrap());
    let bytes = std::fs::read(&f.path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!contains(&bytes, b"Venta secreta"), "descriptions readable");
    assert!(!contains(&bytes, "Ferretería".as_bytes()), "name readable");
    let names: Vec<String> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains(".rekey")),
        "left over: {names:?}"
    );

    let before = file_hash(&f.path);
    match Company::open(&f.path, now()) {
        Err(StoreError::PasswordRequired(p)) => assert_eq!(p, f.path),
        other => panic!("expected PasswordRequired, got {:?}", other.err()),
    }
    let wrong = Company::open_with_password(&f.path, Some(&pw("Correct horse")), now());
    match wrong {
        Err(e @ StoreError::WrongPassword(_)) => {
            assert!(e.to_string().contains("nothing was changed"), "{e}")
        }
        other => panic!("expected WrongPassword, got {:?}", other.err()),
    }
    assert_eq!(
        file_hash(&f.path),
        before,
        "a refused open changed the file"
    );
    assert!(!lock_path(&f.path).exists(), "a refused open left its lock");

    let c = Company::open_with_password(&f.path, Some(&pw("correct horse")), now()).unwrap();
    assert_eq!(entry_count(&c), 21);
    assert!(c.verify().unwrap().is_empty());
    assert_eq!(c.verify_audit().unwrap(), None, "the chain survives");
    let records = c.audit_records("company", 10).unwrap();
    assert_eq!(records[0].action, "password", "{records:?}");
    assert!(records[0].after.as_deref().unwrap().contains("encrypted"));
    drop(c);
    let r = Company::open_to_read_with_password(&f.path, Some(&pw("correct horse"))).unwrap();
    assert_eq!(entry_count(&r), 21);
}

#[test]
fn a_password_can_be_changed_and_removed() {
    let mut f = fresh();
    post_some(&mut f.company, 5);
    f.company
        .change_password(Some(pw("first one")), now())
        .unwrap();
    f.company
        .change_password(Some(pw("second one")), now())
        .unwrap();
    drop(f.company);
    assert!(matches!(
        Company::open_with_password(&f.path, Some(&pw("first one")), now()),
        Err(StoreError::WrongPassword(_))
    ));
    let mut c = Company::open_with_password(&f.path, Some(&pw("second one")), now()).unwrap();
    assert!(c.password().unwrap().matches("second one"));
    assert!(!c.password().unwrap().matches("second on"));
    c.change_password(None, now()).unwrap();
    assert!(!c.is_encrypted());
    drop(c);
    assert!(!is_encrypted(&f.path).unwrap());
    let c = Company::open(&f.path, now()).unwrap();
    assert_eq!(entry_count(&c), 5);
    let actions: Vec<String> = c
        .audit_records("", 50)
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "password")
        .map(|r| r.after.unwrap_or_default())
        .collect();
    assert_eq!(actions.len(), 3, "{actions:?}");
    assert_eq!(c.verify_audit().unwrap(), None);
}

#[test]
fn removing_a_password_the_company_does_not_have_is_refused() {
    let mut f = fresh();
    let e = f.company.change_password(None, now()).unwrap_err();
    assert!(e.to_string().contains("no password"), "{e}");
}

#[test]
fn backups_of_an_encrypted_company_stay_encrypted_and_restore() {
    let mut f = fresh();
    post_some(&mut f.company, 10);
    f.company
        .change_password(Some(pw("s3cret-pw")), now())
        .unwrap();
    let dest = f
        .dir
        .path()
        .join("b")
        .join("empresa-20260301-120000-manual.trastienda");
    let info = f.company.backup_to(&dest, |_, _| {}).unwrap();
    assert!(info.encrypted);
    assert_eq!(info.entries, 10);
    assert!(is_encrypted(&dest).unwrap());
    assert!(!contains(&std::fs::read(&dest).unwrap(), b"Venta secreta"));
    assert!(matches!(
        backup_info(&dest, None),
        Err(StoreError::PasswordRequired(_))
    ));
    assert!(matches!(
        check_integrity(&dest, Some(&pw("nope-nope"))),
        Err(StoreError::WrongPassword(_))
    ));
    post_some(&mut f.company, 3);
    drop(f.company);
    // A wrong password refuses the restore before anything moves.
    let before = file_hash(&f.path);
    assert!(restore(&dest, Some(&pw("nope-nope")), &f.path, now()).is_err());
    assert_eq!(file_hash(&f.path), before);
    let aside = restore(&dest, Some(&pw("s3cret-pw")), &f.path, now())
        .unwrap()
        .unwrap();
    assert!(
        is_encrypted(&aside).unwrap(),
        "the file kept aside stays encrypted"
    );
    let c = Company::open_with_password(&f.path, Some(&pw("s3cret-pw")), now()).unwrap();
    assert_eq!(entry_count(&c), 10);
}

#[test]
fn new_passwords_are_checked() {
    assert!(Password::check_new("short").is_err());
    assert!(Password::check_new("        ").is_err());
    assert!(Password::check_new("long enough").is_ok());
    assert!(Password::check_new(&"x".repeat(1025)).is_err());
    assert!(Password::new("").is_none());
    assert_eq!(format!("{:?}", pw("visible?")), "Password(***)");
}

#[test]
fn a_file_that_is_neither_sqlite_nor_encrypted_is_not_a_company_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.trastienda");
    std::fs::write(&p, b"just some text that is not a database").unwrap();
    assert!(matches!(
        Company::open(&p, now()),
        Err(StoreError::NotACompanyFile(_))
    ));
}
