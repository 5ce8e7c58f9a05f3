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

/// Opens the native Save (`save`) or Open dialog here, in Rust, and grants the api the path
/// the user picked: the web side never names a path the api will write to or open. Resolves
/// to the path, or null when the dialog was cancelled.
#[tauri::command]
async fn choose_file(
    window: tauri::Window,
    shell: tauri::State<'_, Shell>,
    save: bool,
    file_name: Option<String>,
    filter_name: Option<String>,
    extensions: Vec<String>,
) -> Result<Option<String>, Value> {
    use tauri_plugin_dialog::DialogExt;
    let app = Arc::clone(&shell.0);
    let mut dialog = window.dialog().file().set_parent(&window);
    if let Some(name) = file_name {
        dialog = dialog.set_file_name(name);
    }
    if !extensions.is_empty() {
        let exts: Vec<&str> = extensions.iter().map(String::as_str).collect();
        dialog = dialog.add_filter(filter_name.unwrap_or_default(), &exts);
    }
    // The blocking dialog runs on a worker thread, never on the GTK main thread.
    let picked = tauri::async_runtime::spawn_blocking(move || {
        if save {
            dialog.blocking_save_file()
        } else {
            dialog.blocking_pick_file()
        }
    })
    .await
    .map_err(|e| internal_error(&format!("the dialog failed: {e}")))?;
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|e| internal_error(&format!("the dialog gave no file path: {e}")))?;
    app.grant_path(&path);
    Ok(Some(path.display().to_string()))
}

/// The api's error shape, for the rare failures that happen in the shell itself.
fn internal_error(message: &str) -> Value {
    json!({ "code": "internal", "message": message, "problems": [] })
}

fn main() {
    let mut config = AppConfig::platform_default(cfg!(debug_assertions));
    // Company files open only where the Open dialog picked them (or from the recent list).
    config.confine_paths = true;
    let app = App::new(config);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Shell(Arc::new(app)))
        .invoke_handler(tauri::generate_handler![call, choose_file])
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
