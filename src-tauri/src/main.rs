// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc rather than glibc's malloc: with glibc, a list page's cost grew with how much the process
/// had allocated and freed before (its free lists), and serde_json allocates for every record.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    connectdesk_lib::run();
}
