//! Einstellungen and the Module view: programmes (switch, create, copy, remove the
//! demo), settings with tracks and fellow municipalities, modules with agenda. Each
//! command is one line over the core; errors cross as `{code, message}`.

use std::path::PathBuf;

use kohorte::audit::AuditField;
use kohorte::documents::{DocumentError, LetterKind};
use kohorte::model::Programme;
use kohorte::programme::{
    Fellow, FellowEntry, ModuleCheck, ModuleForm, Problem, ProgrammeError, ProgrammeSummary,
    Settings, check_settings as check,
};
use kohorte::selection::SelectionOptions;
use kohorte::service::{ModuleSaved, WrittenFile};
use kohorte::store::ImageSlot;
use kohorte::waitlist::Promotion;
use kohorte::{Error, Kohorte};
use tauri::State;
use uuid::Uuid;

#[tauri::command(async)]
pub fn programmes(k: State<'_, Kohorte>) -> Result<Vec<ProgrammeSummary>, Error> {
    k.programmes()
}

#[tauri::command(async)]
pub fn select_programme(k: State<'_, Kohorte>, id: Uuid) -> Result<Programme, Error> {
    k.select_programme(id)
}

/// A new programme from defaults, or as the next round of `from`.
#[tauri::command(async)]
pub fn create_programme(
    k: State<'_, Kohorte>,
    name: String,
    from: Option<Uuid>,
) -> Result<Programme, Error> {
    k.create_programme(&name, from)
}

/// "Demo ansehen" on an empty file; refused once the file holds a programme.
#[tauri::command(async)]
pub fn create_demo(k: State<'_, Kohorte>) -> Result<Programme, Error> {
    k.create_demo(false)
}

#[tauri::command(async)]
pub fn remove_demo(k: State<'_, Kohorte>) -> Result<(), Error> {
    k.remove_demo()
}

/// Whether the Übersicht shows the first-start card (until dismissed in this file).
#[tauri::command(async)]
pub fn intro_pending(k: State<'_, Kohorte>) -> Result<bool, Error> {
    k.intro_pending()
}

#[tauri::command(async)]
pub fn dismiss_intro(k: State<'_, Kohorte>) -> Result<(), Error> {
    k.dismiss_intro()
}

#[tauri::command(async)]
pub fn settings(k: State<'_, Kohorte>) -> Result<Settings, Error> {
    k.settings()
}

/// The problems of a settings form while it is typed; pure, so it answers at once.
#[tauri::command]
pub fn check_settings(settings: Settings) -> Vec<Problem> {
    check(&settings)
}

#[tauri::command(async)]
pub fn save_settings(k: State<'_, Kohorte>, settings: Settings) -> Result<Settings, Error> {
    k.save_settings(&settings)
}

/// Undoes the newest saved change of the settings or of a module; says which.
#[tauri::command(async)]
pub fn undo_settings_change(k: State<'_, Kohorte>) -> Result<String, Error> {
    k.undo_settings_change()
        .map(|field: AuditField| field.label())
}

#[tauri::command(async)]
pub fn fellows(k: State<'_, Kohorte>) -> Result<Vec<Fellow>, Error> {
    k.fellows()
}

#[tauri::command(async)]
pub fn add_fellow(k: State<'_, Kohorte>, fellow: FellowEntry) -> Result<Vec<Fellow>, Error> {
    k.add_fellows(std::slice::from_ref(&fellow))
}

#[tauri::command(async)]
pub fn remove_fellow(k: State<'_, Kohorte>, municipality_id: Uuid) -> Result<Vec<Fellow>, Error> {
    k.remove_fellow(municipality_id)
}

#[tauri::command(async)]
pub fn import_fellows(k: State<'_, Kohorte>, path: PathBuf) -> Result<Vec<Fellow>, Error> {
    k.import_fellows(&path)
}

#[tauri::command(async)]
pub fn module_forms(k: State<'_, Kohorte>) -> Result<Vec<ModuleForm>, Error> {
    k.module_forms()
}

#[tauri::command(async)]
pub fn check_module(k: State<'_, Kohorte>, module: ModuleForm) -> Result<ModuleCheck, Error> {
    k.check_module(&module)
}

#[tauri::command(async)]
pub fn save_module(k: State<'_, Kohorte>, module: ModuleForm) -> Result<ModuleSaved, Error> {
    k.save_module(&module)
}

/// Reads a PNG or JPEG from disk as the letterhead logo or the signature.
#[tauri::command(async)]
pub fn set_programme_image(
    k: State<'_, Kohorte>,
    slot: String,
    path: Option<PathBuf>,
) -> Result<(), Error> {
    let slot = image_slot(&slot)?;
    let bytes = match path {
        Some(path) => Some(
            std::fs::read(&path).map_err(|e| ProgrammeError::Unreadable {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?,
        ),
        None => None,
    };
    k.set_programme_image(slot, bytes.as_deref())
}

/// Whether the programme has the image, for the form's "entfernen" button.
#[tauri::command(async)]
pub fn has_programme_image(k: State<'_, Kohorte>, slot: String) -> Result<bool, Error> {
    Ok(k.programme_image(image_slot(&slot)?)?.is_some())
}

fn image_slot(slot: &str) -> Result<ImageSlot, Error> {
    match slot {
        "logo" => Ok(ImageSlot::Logo),
        "signature" => Ok(ImageSlot::Signature),
        _ => Err(ProgrammeError::NotAnImage.into()),
    }
}

/// Who would move up from the waitlist into open places; changes nothing.
#[tauri::command(async)]
pub fn waitlist_promotion(k: State<'_, Kohorte>) -> Result<Promotion, Error> {
    k.waitlist_promotion(&SelectionOptions::default())
}

/// Gives the proposed people their Zusage (undoable like any status change) and writes
/// their letters, one PDF each, into `letters`.
#[tauri::command(async)]
pub fn promote_from_waitlist(
    k: State<'_, Kohorte>,
    letters: PathBuf,
) -> Result<(Promotion, Vec<WrittenFile>), DocumentError> {
    let (promotion, _) = k.promote_from_waitlist(&SelectionOptions::default())?;
    let ids: Vec<Uuid> = promotion.promoted.iter().map(|e| e.id).collect();
    if ids.is_empty() {
        return Ok((promotion, Vec::new()));
    }
    let files = k.write_letters_to(LetterKind::Zusage, &ids, &letters, false)?;
    Ok((promotion, files))
}
