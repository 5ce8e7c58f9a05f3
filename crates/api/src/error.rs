//! The one error shape every front end sees: `{code, message, problems}`. `code` is a stable
//! enum the UI branches on and translates; `message` is English, for logs and the CLI.

use serde::Serialize;
use trastienda_core::Problem;
use trastienda_store::StoreError;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    NoCompanyOpen,
    Unbalanced,
    Immutable,
    AccountHasPostings,
    Duplicate,
    InvalidTaxId,
    UnknownCommand,
    Io,
    Database,
    Internal,
    /// The company file failed its check on open; `problems[0].params.backup` names the
    /// latest good backup, when there is one.
    Damaged,
    /// Another process holds the company file (`problems[0].params`: pid, host, user, app).
    InUse,
    /// The company file is encrypted and no password was given (`problems[0].params.path`).
    PasswordRequired,
    /// The password given does not open the file (`problems[0].params.path`); nothing changed.
    WrongPassword,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProblemDto {
    pub code: String,
    pub field: Option<String>,
    pub row: Option<u32>,
    pub message: String,
    pub params: std::collections::BTreeMap<String, String>,
}

impl From<&Problem> for ProblemDto {
    fn from(p: &Problem) -> ProblemDto {
        ProblemDto {
            code: p.code.as_str().to_string(),
            field: p.field.clone(),
            row: p.row,
            message: p.message.clone(),
            params: p.params.iter().cloned().collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub problems: Vec<ProblemDto>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// Every problem found, each with its position. The code is `unbalanced` when that is
    /// the only kind of problem, so the UI can say so directly.
    pub fn from_problems(problems: &[Problem]) -> ApiError {
        let code = if !problems.is_empty()
            && problems
                .iter()
                .all(|p| p.code == trastienda_core::ProblemCode::Unbalanced)
        {
            ErrorCode::Unbalanced
        } else if problems
            .iter()
            .all(|p| p.code == trastienda_core::ProblemCode::InvalidTaxId)
            && !problems.is_empty()
        {
            ErrorCode::InvalidTaxId
        } else {
            ErrorCode::Validation
        };
        ApiError {
            code,
            message: problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("; "),
            problems: problems.iter().map(ProblemDto::from).collect(),
        }
    }

    /// Points the (first) problem at `field`, for the form to mark it.
    pub fn with_field(mut self, field: &str) -> ApiError {
        if let Some(p) = self.problems.first_mut() {
            p.field = Some(field.to_string());
        }
        self
    }

    pub fn no_company() -> ApiError {
        ApiError::new(ErrorCode::NoCompanyOpen, "no company is open")
    }

    pub fn io(what: &str, e: std::io::Error) -> ApiError {
        ApiError::new(ErrorCode::Io, format!("{what}: {e}"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let message = e.to_string();
        match e {
            StoreError::Invalid(problems) => {
                let mut err = ApiError::from_problems(&problems);
                if problems
                    .iter()
                    .all(|p| p.code == trastienda_core::ProblemCode::Duplicate)
                {
                    err.code = ErrorCode::Duplicate;
                }
                err
            }
            StoreError::NotFound(_) => ApiError::new(ErrorCode::NotFound, message),
            StoreError::AccountHasPostings(_) => {
                ApiError::new(ErrorCode::AccountHasPostings, message)
            }
            StoreError::AlreadyReversed(_) | StoreError::Immutable(_) => {
                ApiError::new(ErrorCode::Immutable, message)
            }
            StoreError::AlreadyExists(_) => ApiError::new(ErrorCode::Duplicate, message),
            StoreError::NotACompanyFile(_)
            | StoreError::MigrationChanged { .. }
            | StoreError::MigrationFailed(_)
            | StoreError::TooNew { .. } => ApiError::new(ErrorCode::Database, message),
            StoreError::Io(_) => ApiError::new(ErrorCode::Io, message),
            StoreError::BackupFailed(_) => ApiError::new(ErrorCode::Database, message),
            StoreError::PasswordRequired(ref path) | StoreError::WrongPassword(ref path) => {
                let code = match e {
                    StoreError::PasswordRequired(_) => ErrorCode::PasswordRequired,
                    _ => ErrorCode::WrongPassword,
                };
                let mut err = ApiError::new(code, message.clone());
                err.problems.push(ProblemDto {
                    code: "password".into(),
                    field: Some("password".into()),
                    row: None,
                    message,
                    params: [("path".to_string(), path.display().to_string())].into(),
                });
                err
            }
            StoreError::Damaged { ref path, .. } => {
                let mut e = ApiError::new(ErrorCode::Damaged, message.clone());
                e.problems.push(ProblemDto {
                    code: "damaged".into(),
                    field: None,
                    row: None,
                    message,
                    params: [("path".to_string(), path.display().to_string())].into(),
                });
                e
            }
            StoreError::InUse {
                pid,
                ref host,
                ref user,
                ref app,
                ref since,
            } => {
                let mut e = ApiError::new(ErrorCode::InUse, message.clone());
                e.problems.push(ProblemDto {
                    code: "in_use".into(),
                    field: None,
                    row: None,
                    message,
                    params: [
                        ("pid".to_string(), pid.to_string()),
                        ("host".to_string(), host.clone()),
                        ("user".to_string(), user.clone()),
                        ("app".to_string(), app.clone()),
                        ("since".to_string(), since.clone()),
                    ]
                    .into(),
                });
                e
            }
            StoreError::Sqlite(ref s) => {
                let text = s.to_string();
                if text.contains("immutable") {
                    ApiError::new(ErrorCode::Immutable, message)
                } else {
                    ApiError::new(ErrorCode::Database, message)
                }
            }
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> ApiError {
        ApiError::new(ErrorCode::Validation, format!("bad arguments: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trastienda_core::ProblemCode;

    /// The JSON shape of an error is what the UI relies on: pin it.
    #[test]
    fn error_json_shape_is_pinned() {
        let p = Problem::new(ProblemCode::Unbalanced, "the entry is unbalanced by 12.00")
            .field("lines")
            .param("difference", "12.00");
        let e = ApiError::from_problems(&[p]);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"code":"unbalanced","message":"lines: the entry is unbalanced by 12.00","problems":[{"code":"unbalanced","field":"lines","row":null,"message":"the entry is unbalanced by 12.00","params":{"difference":"12.00"}}]}"#
        );
        let nc = serde_json::to_string(&ApiError::no_company()).unwrap();
        assert_eq!(
            nc,
            r#"{"code":"no_company_open","message":"no company is open","problems":[]}"#
        );
    }
}
