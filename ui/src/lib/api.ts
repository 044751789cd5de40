// The only module that talks to the Rust side. Every command returns typed values
// generated from Rust (src/bindings), and every failure becomes an `AppError`.
import { invoke, type Channel } from "@tauri-apps/api/core";
import type { Applied } from "../bindings/Applied";
import type { ApplicationForm } from "../bindings/ApplicationForm";
import type { Difference } from "../bindings/Difference";
import type { FieldProblem } from "../bindings/FieldProblem";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { StatusPlan } from "../bindings/StatusPlan";
import type { BulkStatusChange } from "../bindings/BulkStatusChange";
import type { ColumnAssignment } from "../bindings/ColumnAssignment";
import type { ColumnMapping } from "../bindings/ColumnMapping";
import type { ImportReport } from "../bindings/ImportReport";
import type { ApplicationRow } from "../bindings/ApplicationRow";
import type { BalanceReport } from "../bindings/BalanceReport";
import type { Candidate } from "../bindings/Candidate";
import type { Lock } from "../bindings/Lock";
import type { Module } from "../bindings/Module";
import type { ModuleAttendance } from "../bindings/ModuleAttendance";
import type { Progress } from "../bindings/Progress";
import type { Overview } from "../bindings/Overview";
import type { Proposal } from "../bindings/Proposal";
import type { Quota } from "../bindings/Quota";
import type { SelectionOptions } from "../bindings/SelectionOptions";
import type { Status } from "../bindings/Status";
import type { TandemBoard } from "../bindings/TandemBoard";
import type { PairKey } from "../bindings/PairKey";
import type { TandemsConfirmed } from "../bindings/TandemsConfirmed";
import type { TrackRole } from "../bindings/TrackRole";
import type { Fellow } from "../bindings/Fellow";
import type { FellowEntry } from "../bindings/FellowEntry";
import type { ModuleCheck } from "../bindings/ModuleCheck";
import type { ModuleForm } from "../bindings/ModuleForm";
import type { ModuleSaved } from "../bindings/ModuleSaved";
import type { Problem } from "../bindings/Problem";
import type { Programme } from "../bindings/Programme";
import type { ProgrammeSummary } from "../bindings/ProgrammeSummary";
import type { Settings } from "../bindings/Settings";
import type { Promotion } from "../bindings/Promotion";

/** What the core sends for every error: a stable code and a German message. */
export interface AppError {
  code: string;
  message: string;
}

// The Dokumente view's and the shell's types, generated from the Rust types by ts-rs
// (ui/src/bindings) and re-exported so the views keep importing them from here.
export type { AppInfo } from "../bindings/AppInfo";
export type { BackupInfo } from "../bindings/BackupInfo";
export type { DatabaseProblem } from "../bindings/DatabaseProblem";
export type { DocumentRecord } from "../bindings/DocumentRecord";
export type { FilePurpose } from "../bindings/FilePurpose";
export type { LetterKind } from "../bindings/LetterKind";
export type { LetterSummary } from "../bindings/LetterSummary";
export type { LetterTemplate } from "../bindings/LetterTemplate";
export type { ListKind } from "../bindings/ListKind";
export type { Placeholder } from "../bindings/Placeholder";
export type { Recipient } from "../bindings/Recipient";
export type { WrittenFile } from "../bindings/WrittenFile";
export type { Column } from "../bindings/Column";
export type { ColumnChoice } from "../bindings/ColumnChoice";
export type { ExportedFile } from "../bindings/ExportedFile";
export type { ListFormat } from "../bindings/ListFormat";
export type { ListSettings } from "../bindings/ListSettings";
export type { MailDrafts } from "../bindings/MailDrafts";
export type { MailTemplate } from "../bindings/MailTemplate";
import type { ColumnChoice } from "../bindings/ColumnChoice";
import type { ExportedFile } from "../bindings/ExportedFile";
import type { ListFormat } from "../bindings/ListFormat";
import type { ListSettings } from "../bindings/ListSettings";
import type { MailDrafts } from "../bindings/MailDrafts";
import type { MailTemplate } from "../bindings/MailTemplate";
import type { AppInfo } from "../bindings/AppInfo";
import type { Auskunft } from "../bindings/Auskunft";
import type { Shred } from "../bindings/Shred";
import type { RetentionCandidate } from "../bindings/RetentionCandidate";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { DatabaseProblem } from "../bindings/DatabaseProblem";
import type { DocumentRecord } from "../bindings/DocumentRecord";
import type { FilePurpose } from "../bindings/FilePurpose";
import type { LetterKind } from "../bindings/LetterKind";
import type { LetterSummary } from "../bindings/LetterSummary";
import type { LetterTemplate } from "../bindings/LetterTemplate";
import type { ListKind } from "../bindings/ListKind";
import type { Placeholder } from "../bindings/Placeholder";
import type { Recipient } from "../bindings/Recipient";
import type { WrittenFile } from "../bindings/WrittenFile";

/** How the window follows a long job: the id `cancelJob` takes, and progress. */
export interface Watch {
  job: string;
  onProgress: Channel<Progress>;
}

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    "code" in value &&
    "message" in value
  );
}

// What the launch probe already reported (each once per start).
const probed = new Set<string>();
const probeOn = () => Boolean((window as { __KOHORTE_LAUNCH_PROBE__?: boolean }).__KOHORTE_LAUNCH_PROBE__);
// Moments of the start the page noted for the probe (name, Unix time in ms).
const marks: [string, number][] = [];
const now = () => performance.timeOrigin + performance.now();

/** What the page's loading took, from the browser's own timings: when the navigation
 *  started and the document arrived and was parsed (scripts/bench_launch.py prints them
 *  in the launch breakdown). WebKit keeps no resource timings for the app's own
 *  protocol, so the bundle and fonts show only through the page's own marks. */
function loadingMarks(): [string, number][] {
  const origin = performance.timeOrigin;
  const out: [string, number][] = [["navigation", origin]];
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    out.push(["document", origin + nav.responseEnd], ["parsed", origin + nav.domInteractive]);
  }
  return out;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isAppError(error)) throw error;
    // Tauri's own failures arrive as plain strings; give them the same shape.
    throw { code: "app.internal", message: String(error) } satisfies AppError;
  }
}

export const api = {
  overview: () => call<Overview>("overview"),
  applications: () => call<ApplicationRow[]>("applications"),
  dataRevision: () => call<string>("data_revision"),
  appInfo: () => call<AppInfo>("app_info"),
  /** The launch benchmark's probe (scripts/bench-app.sh): once per start, tells the
   *  shell that `what` is painted, in the frame after the next one. Only when the shell
   *  turned it on (`KOHORTE_LAUNCH_PROBE=1`); otherwise nothing is sent. */
  launchProbe: (what: string): void => {
    if (!probeOn() || probed.has(what)) return;
    probed.add(what);
    requestAnimationFrame(() => {
      marks.push(["first-frame", now()]);
      requestAnimationFrame(() => {
        const all = [...loadingMarks(), ...marks, ["painted", now()] as [string, number]];
        void call("launch_probe", { what, marks: all }).catch(() => undefined);
      });
    });
  },
  launchProbing: probeOn,
  /** Notes a moment of the start for the launch probe's breakdown (nothing when off). */
  launchMark: (what: string): void => {
    if (probeOn()) marks.push([what, now()]);
  },

  // Data safety: backups, and the screen shown when the database cannot be opened.
  backups: () => call<BackupInfo[]>("backups"),
  createBackup: () => call<BackupInfo>("create_backup"),
  /** Returns the backup the current state was kept in before the restore. */
  restoreBackup: (path: string) => call<BackupInfo>("restore_backup", { path }),
  /** Why the database could not be opened at start; `null` when it is open. */
  databaseProblem: () => call<DatabaseProblem | null>("database_problem"),
  restoreDamagedDatabase: (path: string) => call<null>("restore_damaged_database", { path }),
  /** Opens or creates another database instead of the one that could not be opened. */
  openDatabaseFile: (path: string) => call<null>("open_database_file", { path }),
  // Personal data of the person behind application `id` (DSGVO Art. 15 and 17).
  /** What a deletion would remove; nothing is removed. */
  personPreview: (id: string) => call<Shred>("person_preview", { id }),
  exportPerson: (id: string, folder: string) => call<Auskunft>("export_person", { id, folder }),
  deletePerson: (id: string) => call<Shred>("delete_person", { id }),
  anonymisePerson: (id: string) => call<Shred>("anonymise_person", { id }),
  /** Deletes the listed backups; returns how many. */
  pruneBackups: (paths: string[]) => call<number>("prune_backups", { paths }),
  retention: (months: number) => call<RetentionCandidate[]>("retention", { months }),
  /** Deletes those of `ids` the retention still proposes; returns what went. */
  applyRetention: (months: number, ids: string[]) =>
    call<Shred[]>("apply_retention", { months, ids }),

  // The system's file dialogs (each `null` when cancelled) and viewer.
  chooseFile: (purpose: FilePurpose) => call<string | null>("choose_file", { purpose }),
  chooseSavePath: (purpose: FilePurpose, suggested: string) =>
    call<string | null>("choose_save_path", { purpose, suggested }),
  chooseFolder: () => call<string | null>("choose_folder"),
  /** Opens a written PDF (or a folder of them) in the system's viewer. */
  openPath: (path: string) => call<null>("open_path", { path }),

  // Ausgewogenheit: balance report, quotas, locks and the selection assistant.
  // `scope` is a track, or `null` for both tracks together.
  balance: () => call<BalanceReport>("balance"),
  candidates: () => call<Candidate[]>("candidates"),
  quotas: () => call<Quota[]>("quotas"),
  setQuotas: (scope: TrackRole | null, quotas: Quota[]) =>
    call<null>("set_quotas", { scope, quotas }),
  importQuotas: (path: string, scope: TrackRole | null) =>
    call<Quota[]>("import_quotas", { path, scope }),
  exportQuotas: (path: string, scope: TrackRole | null) =>
    call<number>("export_quotas", { path, scope }),
  setLock: (applicationId: string, lock: Lock | null) =>
    call<null>("set_lock", { applicationId, lock }),
  proposeSelection: (options: SelectionOptions) =>
    call<Proposal>("propose_selection", { options }),
  applySelection: (options: SelectionOptions) =>
    call<[Proposal, Applied]>("apply_selection", { options }),
  /** Each reverted change as `[application id, from, to]`. */
  undoSelection: () => call<[string, Status, Status][]>("undo_selection"),

  // Bewerbungen: import from the form export, review, history.
  /** Reads the file and reports what an import would do; writes nothing. */
  /** What the import with these choices would do, writing nothing. */
  previewImport: (path: string, mapping: ColumnMapping | null, skipInvalid = false, mergeDuplicates = false) =>
    call<ImportReport>("import_applications", {
      path,
      mapping,
      options: { dry_run: true, skip_invalid: skipInvalid, merge_duplicates: mergeDuplicates },
    }),
  /** Imports all or nothing; `outcome` says whether it was refused. */
  importApplications: (
    path: string,
    mapping: ColumnMapping | null,
    skipInvalid: boolean,
    mergeDuplicates: boolean,
    watch?: Watch,
  ) =>
    call<ImportReport>("import_applications", {
      path,
      mapping,
      options: { dry_run: false, skip_invalid: skipInvalid, merge_duplicates: mergeDuplicates },
      ...watch,
    }),
  rememberedMapping: () => call<ColumnAssignment[]>("remembered_mapping"),
  /** Per status: which of `ids` a change would change, which it would skip and why. */
  statusPlans: (ids: string[]) => call<StatusPlan[]>("status_plans", { ids }),
  /** Changes those the rules allow, skips the others (reported); undoable in one step. */
  setStatus: (ids: string[], status: Status) => call<BulkStatusChange>("set_status", { ids, status }),
  undoLastChange: () => call<BulkStatusChange>("undo_last_change"),
  setScore: (id: string, score: number | null) => call<null>("set_score", { id, score }),
  reviewerNotes: (id: string) => call<string>("reviewer_notes", { id }),
  setReviewerNotes: (id: string, notes: string) => call<null>("set_reviewer_notes", { id, notes }),
  history: (id: string) => call<AuditEntry[]>("history", { id }),
  /** Every problem of the form, each with its field; empty when it can be saved.
   *  `editing` is the application being edited, `null` for a new one. */
  checkApplication: (form: ApplicationForm, editing: string | null) =>
    call<FieldProblem[]>("check_application", { form, editing }),
  /** Returns the new application's id. */
  createApplication: (form: ApplicationForm) => call<string>("create_application", { form }),
  applicationForm: (id: string) => call<ApplicationForm>("application_form", { id }),
  /** Returns what changed; each change is in the history. */
  updateApplication: (id: string, form: ApplicationForm) =>
    call<Difference[]>("update_application", { id, form }),

  // Tandems.
  tandems: () => call<TandemBoard>("tandems"),
  /** Returns the tandem's id. */
  pairTandem: (leader: string, planner: string, confirmed: boolean) =>
    call<string>("pair_tandem", { leader, planner, confirmed }),
  confirmTandem: (id: string) => call<null>("confirm_tandem", { id }),
  dissolveTandem: (id: string) => call<null>("dissolve_tandem", { id }),
  /** Confirms the pairs (shown or selected) in one step, undoable as one. */
  confirmTandems: (pairs: PairKey[]) => call<TandemsConfirmed>("confirm_tandems", { pairs }),
  /** Returns how many pairs went back to unconfirmed. */
  undoTandemConfirmation: () => call<number>("undo_tandem_confirmation"),
  // Dokumente: letter templates, preview, letters, agendas, lists and their history.
  placeholders: () => call<Placeholder[]>("placeholders"),
  letterTemplate: (kind: LetterKind) => call<LetterTemplate>("letter_template", { kind }),
  defaultLetterTemplate: (kind: LetterKind) => call<string>("default_letter_template", { kind }),
  validateTemplate: (template: string) => call<null>("validate_template", { template }),
  saveLetterTemplate: (kind: LetterKind, template: string) =>
    call<LetterTemplate>("save_letter_template", { kind, template }),
  resetLetterTemplate: (kind: LetterKind) =>
    call<LetterTemplate>("reset_letter_template", { kind }),
  recipients: (status: Status | null) => call<Recipient[]>("recipients", { status }),
  /** The letter's pages as SVG documents, laid out exactly as in the PDF. */
  previewLetter: (kind: LetterKind, template: string | null, applicationId: string) =>
    call<string[]>("preview_letter", { kind, template, applicationId }),
  /** Before a run: how many letters, who has one of this kind already, who lacks an address. */
  letterSummary: (kind: LetterKind, status: Status | null) =>
    call<LetterSummary>("letter_summary", { kind, status }),
  /** `duplex`: each letter of the merged PDF starts on an odd page; `skipWritten`: leave out
   * whoever already has a letter of this kind. */
  writeLetters: (
    kind: LetterKind,
    status: Status | null,
    template: string | null,
    out: string,
    merged: boolean,
    options: { duplex: boolean; skipWritten: boolean },
    watch?: Watch,
  ) =>
    call<WrittenFile[]>("write_letters", {
      kind,
      status,
      template,
      out,
      merged,
      duplex: options.duplex,
      skipWritten: options.skipWritten,
      ...watch,
    }),
  modules: () => call<Module[]>("modules"),
  writeAgenda: (module: number, out: string) =>
    call<WrittenFile>("write_agenda", { module, out }),
  writeList: (kind: ListKind, track: TrackRole | null, module: number | null, out: string) =>
    call<WrittenFile>("write_list", { kind, track, module, out }),
  /** The module's confirmed participants with a present flag per day. */
  attendance: (module: number) => call<ModuleAttendance>("attendance", { module }),
  /** Records all `ids` on `day` (both days if null); returns the module's attendance. */
  setAttendance: (ids: string[], module: number, day: number | null, present: boolean) =>
    call<ModuleAttendance>("set_attendance", { ids, module, day, present }),
  writeCertificates: (out: string, merged: boolean, watch?: Watch) =>
    call<WrittenFile[]>("write_certificates", { out, merged, ...watch }),
  /** Stops a running job at its next step; it writes nothing. */
  cancelJob: (id: string) => call<boolean>("cancel_job", { id }),
  documents: () => call<DocumentRecord[]>("documents"),

  // Programmes, Einstellungen and Module.
  programmes: () => call<ProgrammeSummary[]>("programmes"),
  introPending: () => call<boolean>("intro_pending"),
  dismissIntro: () => call<void>("dismiss_intro"),
  selectProgramme: (id: string) => call<Programme>("select_programme", { id }),
  /** A new programme from defaults, or as the next round of `from`; becomes current. */
  createProgramme: (name: string, from: string | null) =>
    call<Programme>("create_programme", { name, from }),
  createDemo: () => call<Programme>("create_demo"),
  removeDemo: () => call<null>("remove_demo"),
  settings: () => call<Settings>("settings"),
  checkSettings: (settings: Settings) => call<Problem[]>("check_settings", { settings }),
  saveSettings: (settings: Settings) => call<Settings>("save_settings", { settings }),
  /** Undoes the newest saved change of the settings or a module; names what it undid. */
  undoSettingsChange: () => call<string>("undo_settings_change"),
  fellows: () => call<Fellow[]>("fellows"),
  addFellow: (fellow: FellowEntry) => call<Fellow[]>("add_fellow", { fellow }),
  removeFellow: (municipalityId: string) => call<Fellow[]>("remove_fellow", { municipalityId }),
  importFellows: (path: string) => call<Fellow[]>("import_fellows", { path }),
  moduleForms: () => call<ModuleForm[]>("module_forms"),
  checkModule: (module: ModuleForm) => call<ModuleCheck>("check_module", { module }),
  saveModule: (module: ModuleForm) => call<ModuleSaved>("save_module", { module }),
  /** `path` null removes the image. */
  setProgrammeImage: (slot: "logo" | "signature", path: string | null) =>
    call<null>("set_programme_image", { slot, path }),
  hasProgrammeImage: (slot: "logo" | "signature") => call<boolean>("has_programme_image", { slot }),
  /** Who would move up from the waitlist into free places; changes nothing. */
  waitlistPromotion: () => call<Promotion>("waitlist_promotion"),
  /** Gives them the Zusage (undoable) and writes their letters into `letters`. */
  promoteFromWaitlist: (letters: string) =>
    call<[Promotion, WrittenFile[]]>("promote_from_waitlist", { letters }),
  // Export: attendee lists, calendars, e-mail drafts.
  listColumns: () => call<ColumnChoice[]>("list_columns"),
  /** The columns and filter remembered for this programme. */
  listSettings: () => call<ListSettings>("list_settings"),
  /** Writes the list and remembers `settings`. */
  exportList: (format: ListFormat, settings: ListSettings, out: string) =>
    call<ExportedFile>("export_list", { format, settings, out }),
  exportCalendar: (tentative: boolean, out: string) =>
    call<ExportedFile>("export_calendar", { tentative, out }),
  mailTemplate: (kind: LetterKind) => call<MailTemplate>("mail_template", { kind }),
  saveMailTemplate: (kind: LetterKind, template: string) =>
    call<MailTemplate>("save_mail_template", { kind, template }),
  resetMailTemplate: (kind: LetterKind) => call<MailTemplate>("reset_mail_template", { kind }),
  /** One .eml draft per person into the folder `out`; a job like the letters. */
  writeMailDrafts: (
    kind: LetterKind,
    status: Status | null,
    template: string | null,
    out: string,
    watch?: Watch,
  ) => call<MailDrafts>("write_mail_drafts", { kind, status, template, out, ...watch }),
  documentHistory: (applicationId: string) =>
    call<DocumentRecord[]>("document_history", { applicationId }),
};
