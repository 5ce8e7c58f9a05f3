//! `trastienda serve`: the built UI and the api's command table over HTTP, for a browser on
//! the same machine. Bound to 127.0.0.1 only; every command needs the random token printed
//! in the URL; requests naming another Host are refused (DNS rebinding).

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use trastienda_api::{ApiError, App, ErrorCode};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; \
    frame-src 'self' blob:; base-uri 'none'; form-action 'none'";

/// The largest command body: a bank statement comes whole, base64 in JSON (a Norma 43 file of
/// 100 000 movements is 12 MB, 16 MB as base64); axum's default of 2 MB refused anything over
/// ~15 000 lines. Documents come in chunks and need far less.
const MAX_BODY: usize = 64 * 1024 * 1024;

struct Server {
    app: App,
    token: String,
    port: u16,
}

/// The built UI: $TRASTIENDA_UI_DIR, else ui/dist above the executable, else under the
/// working folder.
pub fn find_ui_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("TRASTIENDA_UI_DIR") {
        return Some(PathBuf::from(d));
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .map(|a| a.join("ui/dist"))
        .chain(std::env::current_dir().ok().map(|d| d.join("ui/dist")))
        .find(|d| d.join("index.html").is_file())
}

/// Compares a presented token with the real one in time that does not depend on where they
/// differ, so the token cannot be guessed byte by byte from response times. (Its length is
/// public: it is always the same.)
fn same_secret(presented: &[u8], secret: &[u8]) -> bool {
    if presented.len() != secret.len() {
        return false;
    }
    presented
        .iter()
        .zip(secret)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

fn random_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("no randomness for the token: {e}"),
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound | ErrorCode::UnknownCommand => StatusCode::NOT_FOUND,
        ErrorCode::NoCompanyOpen
        | ErrorCode::Immutable
        | ErrorCode::AccountHasPostings
        | ErrorCode::Duplicate
        | ErrorCode::InUse => StatusCode::CONFLICT,
        ErrorCode::PasswordRequired | ErrorCode::WrongPassword => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Validation | ErrorCode::Unbalanced | ErrorCode::InvalidTaxId => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ErrorCode::Io | ErrorCode::Database | ErrorCode::Internal | ErrorCode::Damaged => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

fn error_response(status: StatusCode, e: &ApiError) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(e).unwrap_or_default(),
    )
        .into_response()
}

fn host_ok(headers: &HeaderMap, port: u16) -> bool {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(h) => h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"),
        None => false,
    }
}

async fn command(
    State(s): State<Arc<Server>>,
    UrlPath(cmd): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !host_ok(&headers, s.port) {
        let e = ApiError::new(ErrorCode::Validation, "requests must name host 127.0.0.1");
        return error_response(StatusCode::FORBIDDEN, &e);
    }
    let token = headers
        .get("x-trastienda-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(token, s.token.as_bytes()) {
        let e = ApiError::new(
            ErrorCode::Validation,
            "missing or wrong token; open the URL printed by `trastienda serve`",
        );
        return error_response(StatusCode::UNAUTHORIZED, &e);
    }
    let args: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    &ApiError::new(ErrorCode::Validation, format!("the body is not JSON: {e}")),
                )
            }
        }
    };
    let s2 = s.clone();
    let result =
        tokio::task::spawn_blocking(move || trastienda_api::dispatch(&s2.app, &cmd, args)).await;
    match result {
        Ok(Ok(v)) => ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response(),
        Ok(Err(e)) => error_response(status_of(e.code), &e),
        Err(e) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &ApiError::new(ErrorCode::Internal, format!("the command failed: {e}")),
        ),
    }
}

async fn check_host(
    State(s): State<Arc<Server>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if !host_ok(req.headers(), s.port) {
        return (StatusCode::FORBIDDEN, "requests must name host 127.0.0.1").into_response();
    }
    next.run(req).await
}

pub fn serve(app: App, port: u16, ui_dir: PathBuf) -> Result<(), ApiError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ApiError::io("starting the server", e))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| ApiError::io(&format!("listening on 127.0.0.1:{port}"), e))?;
        let port = listener
            .local_addr()
            .map_err(|e| ApiError::io("listening", e))?
            .port();
        let token = random_token()?;
        let state = Arc::new(Server {
            app,
            token: token.clone(),
            port,
        });
        let files = ServeDir::new(&ui_dir).fallback(ServeFile::new(ui_dir.join("index.html")));
        let router = Router::new()
            .route(
                "/api/{cmd}",
                post(command).layer(DefaultBodyLimit::max(MAX_BODY)),
            )
            .fallback_service(files)
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                check_host,
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .with_state(state);
        // A closed stdout (the caller read the URL and went away) must not stop the server.
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "Trastienda is running at http://127.0.0.1:{port}/?token={token}"
        );
        let _ = writeln!(
            out,
            "Open that address in a browser on this machine. Press Ctrl+C to stop."
        );
        let _ = out.flush();
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| ApiError::io("serving", e))
    })
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn tokens_match_only_when_equal() {
        assert!(same_secret(b"0123456789abcdef", b"0123456789abcdef"));
        assert!(!same_secret(b"0123456789abcdee", b"0123456789abcdef"));
        assert!(!same_secret(b"1123456789abcdef", b"0123456789abcdef"));
        assert!(!same_secret(b"0123456789abcde", b"0123456789abcdef"));
        assert!(!same_secret(b"", b"0123456789abcdef"));
    }
}
