//! `trastienda-desktop`: the desktop shell. It owns the window and nothing else: the api's
//! `App` lives in Tauri state and ONE Tauri command, `call(cmd, args)`, forwards every request
//! to the api's command table (`trastienda_api::dispatch`). The UI talks to it through the same
//! generated client it uses over HTTP in `trastienda serve`.
//!
//! Architecture invariant: no business logic and no wire format here. Only this crate knows
//! Tauri; the api crate knows neither Tauri nor HTTP.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::Arc;

use serde_json::{json, Value};
use trastienda_api::{App, AppConfig};

/// The api's application state, shared with the blocking worker threads that run commands.
struct Shell(Arc<App>);

/// Runs one api command. Commands touch SQLite and may render PDFs, so they run on a blocking
/// worker thread, never on the GTK main thread: the window stays responsive.
/// Resolves to the command's JSON result; rejects with the api's error object
/// `{code, message, problems}`.
#[tauri::command]
async fn call(shell: tauri::State<'_, Shell>, cmd: String, args: Value) -> Result<Value, Value> {
    let app = Arc::clone(&shell.0);
    let outcome =
        tauri::async_runtime::spawn_blocking(move || trastienda_api::dispatch(&app, &cmd, args))
            .await
            .map_err(|join_error| internal_error(&format!("the command failed: {join_error}")))?;
    outcome.map_err(|api_error| {
        serde_json::to_value(&api_error)
            .unwrap_or_else(|e| internal_error(&format!("cannot serialize the error: {e}")))
    })
}

/// The api's error shape, for the rare failures that happen in the shell itself.
fn internal_error(message: &str) -> Value {
    json!({ "code": "internal", "message": message, "problems": [] })
}

fn main() {
    let app = App::new(AppConfig::platform_default(cfg!(debug_assertions)));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Shell(Arc::new(app)))
        .invoke_handler(tauri::generate_handler![call])
        .build(tauri::generate_context!())
        .expect("error while building the Trastienda window")
        .run(|handle, event| {
            // On exit the open company is closed: backed up, its lock released.
            if let tauri::RunEvent::Exit = event {
                use tauri::Manager;
                handle.state::<Shell>().0.close_company();
            }
        });
}
