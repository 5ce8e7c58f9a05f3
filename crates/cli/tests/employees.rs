//! `trastienda employee import|list|export`: a CSV with a bad row fails (exit non-zero, the
//! message names the line and the column) and imports nothing; a good one is listed and
//! exported again with the same columns.

use std::path::PathBuf;
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_trastienda"))
            .args(args)
            .env("TRASTIENDA_DATA_DIR", self.path("data"))
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

const HEADER: &str = "nif,name,ss_number,birth_date,iban,contract_type,start_date,end_date,part_time_pct,group,base_salary,complement,payments,prorate_extras,irpf_pct";
const LUCIA: &str = "50123456Q,Lucía Martín Gómez,28 12345678 40,1988-04-12,ES9121000418450200051332,indefinido,2021-03-01,,100,7,1650.00,120.00,14,no,11";
const MARTA: &str = "02345678T,Marta Sánchez López,46/01234567/52,2001-06-21,,temporal,2026-06-01,2027-05-31,50,9,700.00,0,14,yes,2";

#[test]
fn import_list_and_export_employees() {
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    let company = env.path("nominas.trastienda");
    let c = company.to_str().unwrap();
    env.ok(&[
        "init",
        "--company",
        c,
        "--name",
        "Nóminas SL",
        "--tax-id",
        "B12345674",
        "--template",
        "es-pymes",
    ]);
    // Line 3 has a Social Security number whose control is wrong.
    let bad = env.path("bad.csv");
    let marta_bad = MARTA.replace("46/01234567/52", "46/01234567/53");
    std::fs::write(&bad, format!("{HEADER}\n{LUCIA}\n{marta_bad}\n")).unwrap();
    let out = env.run(&["employee", "import", "--company", c, bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 3: ss_number"), "{err}");
    let list = env.ok(&["employee", "list", "--company", c]);
    assert!(!list.contains("Lucía"), "{list}");

    let good = env.path("good.csv");
    std::fs::write(&good, format!("{HEADER}\n{LUCIA}\n{MARTA}\n")).unwrap();
    let out = env.ok(&["employee", "import", "--company", c, good.to_str().unwrap()]);
    assert!(out.contains("imported 2 employees"), "{out}");
    let list = env.ok(&["employee", "list", "--company", c]);
    assert!(list.contains("Lucía Martín Gómez") && list.contains("Marta Sánchez López"));
    assert!(list.contains("1650.00"));

    let csv = env.path("out.csv");
    env.ok(&[
        "employee",
        "export",
        "--company",
        c,
        "--out",
        csv.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.trim_start_matches('\u{feff}').starts_with(HEADER));
    assert!(text.contains("281234567840"));
    assert!(text.contains("460123456752"));
}
