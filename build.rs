//! Reads `tauri.conf.json` and the capabilities beside this manifest (Tauri's build step).
fn main() {
    tauri_build::build();
}
