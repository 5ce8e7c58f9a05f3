//! Build script of the desktop shell. `tauri.conf.json` sits at the repository root (the
//! package root), so tauri-build finds it; the capabilities live in `src-tauri/capabilities/`
//! and are named here. The web UI in `ui/dist` is embedded by `generate_context!`, which only
//! runs when this crate recompiles: watching `ui/dist` makes a rebuilt UI reach the binary.
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=ui/dist");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes)
        .expect("tauri-build failed (is ui/dist built? run scripts/setup.sh)");
}
