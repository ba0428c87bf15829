//! A bare Tauri 2 app: one window, one line of HTML.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("bare-tauri could not start: {err}");
        std::process::exit(1);
    }
}
