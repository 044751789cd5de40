fn main() {
    // Declaring the app's commands makes Tauri generate one permission per command, so
    // the capability file can allow exactly those and nothing else.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "overview",
            "applications",
            "app_info",
            // Data safety: backups and the damaged-file screen (commands/safety.rs).
            "backups",
            "create_backup",
            "restore_backup",
            "database_problem",
            "restore_damaged_database",
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
            // The Bewerbungen and Tandems views (commands/review.rs).
            "import_applications",
            "remembered_mapping",
            "set_status",
            "undo_last_change",
            "set_score",
            "reviewer_notes",
            "set_reviewer_notes",
            "check_application",
            "create_application",
            "application_form",
            "update_application",
            "history",
            "tandems",
            "pair_tandem",
            "confirm_tandem",
            "dissolve_tandem",
            // The Dokumente view (commands/documents.rs).
            "placeholders",
            "letter_template",
            "default_letter_template",
            "validate_template",
            "save_letter_template",
            "reset_letter_template",
            "recipients",
            "preview_letter",
            "write_letters",
            "modules",
            "write_agenda",
            "write_list",
            "attendance",
            "set_attendance",
            "write_certificates",
            "documents",
            "document_history",
            // The system's file dialogs and viewer (commands/files.rs).
            "choose_file",
            "choose_save_path",
            "choose_folder",
            "open_path",
            // Long work in the background (commands/jobs.rs).
            "cancel_job",
        ]),
    ))
    .expect("failed to run tauri-build");
}
