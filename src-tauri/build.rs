fn main() {
    // Declaring the app's commands makes Tauri generate one permission per command, so
    // the capability file can allow exactly those and nothing else.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "overview",
            "applications",
            "app_info",
            // The Ausgewogenheit view (commands/balance.rs).
            "balance",
            "candidates",
            "quotas",
            "set_quotas",
            "import_quotas",
            "export_quotas",
            "set_lock",
            "propose_selection",
            "apply_selection",
            "undo_selection",
        ]),
    ))
    .expect("failed to run tauri-build");
}
