//! Regression: SQLite marks itself initialised before SQLCipher's extra init has registered
//! `sqlcipher_export`, so a connection opened by a second thread in that moment lacked the
//! function and setting its password failed ("no such function: sqlcipher_export"), now and
//! then, in a test process whose first connections were opened by parallel tests. Here the
//! process's very first connections are opened by several threads at once, each company
//! then encrypted. (A process of its own: only the first connections can meet the race.)

mod common;

use common::*;
use std::sync::{Arc, Barrier};
use trastienda_store::{Company, Password};

#[test]
fn companies_opened_by_threads_at_once_can_all_be_encrypted() {
    const THREADS: usize = 8;
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("empresa-{i}.trastienda"));
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let mut c = Company::create(&path, &settings(1), &chart(), now()).unwrap();
                c.change_password(Some(Password::new("correct horse").unwrap()), now())
                    .map_err(|e| format!("company {i}: {e}"))
            })
        })
        .collect();
    let failures: Vec<String> = handles
        .into_iter()
        .filter_map(|h| h.join().unwrap().err())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
}
