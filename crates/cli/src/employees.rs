//! `trastienda employee list|import|export`: the employees through the api's use cases (the
//! same code and messages as the UI). Reading opens the company read-only; the import takes
//! the writer lock. The list shows salaries unless the company hides them.

use crate::{app, open, open_to_read};
use clap::Subcommand;
use std::path::PathBuf;
use trastienda_api::customers::source_name;
use trastienda_api::dto::ListEmployeesArgs;
use trastienda_api::employees;
use trastienda_api::{ApiError, ErrorCode};

#[derive(Subcommand)]
pub enum EmployeeWhat {
    /// List employees, optionally matching --query, by --status (active, terminated, all).
    List {
        #[arg(long)]
        company: PathBuf,
        /// Text in the name, NIF or job title.
        #[arg(long)]
        query: Option<String>,
        #[arg(long)]
        status: Option<String>,
    },
    /// Import employees from CSV (all or nothing; see `export` for the header).
    Import {
        #[arg(long)]
        company: PathBuf,
        csv: PathBuf,
    },
    /// Export every employee as CSV (to --out, or standard output).
    Export {
        #[arg(long)]
        company: PathBuf,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(what: EmployeeWhat) -> Result<(), ApiError> {
    match what {
        EmployeeWhat::List {
            company,
            query,
            status,
        } => {
            let c = open_to_read(&company)?;
            let l =
                employees::employee_list(&c, &ListEmployeesArgs { query, status }, app().today())?;
            println!(
                "{:>5}  {:<36} {:<10} {:<16} {:>5} {:>10} {:>6}  status",
                "id", "name", "nif", "contract", "%", "base", "irpf"
            );
            for r in &l.rows {
                println!(
                    "{:>5}  {:<36} {:<10} {:<16} {:>5} {:>10} {:>6}  {}",
                    r.id,
                    r.name,
                    r.nif,
                    r.contract_type,
                    r.part_time_pct,
                    r.base_salary.as_deref().unwrap_or("***"),
                    r.irpf_pct.as_deref().unwrap_or("-"),
                    match (&r.termination_date, &r.termination_cause) {
                        (Some(d), Some(c)) => format!("terminated {d} ({c})"),
                        _ => "active".into(),
                    }
                );
            }
        }
        EmployeeWhat::Import { company, csv } => {
            let app = app();
            let mut c = open(&app, &company)?;
            let file = std::fs::File::open(&csv)
                .map_err(|e| ApiError::io(&format!("opening {}", csv.display()), e))?;
            let r = employees::import_employees_into(
                &mut c,
                std::io::BufReader::new(file),
                &source_name(&csv),
                app.now(),
            )?;
            println!("imported {} employees", r.imported);
        }
        EmployeeWhat::Export { company, out } => {
            let c = open_to_read(&company)?;
            let bytes = employees::employees_csv(&c, app().today())?;
            match out {
                Some(path) => std::fs::write(&path, &bytes)
                    .map_err(|e| ApiError::io(&format!("writing {}", path.display()), e))?,
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
                }
            }
        }
    }
    Ok(())
}
