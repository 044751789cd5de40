// The only module that talks to the Rust side. Every command returns typed values
// generated from Rust (src/bindings), and every failure becomes an `AppError`.
import { invoke } from "@tauri-apps/api/core";
import type { Applied } from "../bindings/Applied";
import type { ApplicationRow } from "../bindings/ApplicationRow";
import type { BalanceReport } from "../bindings/BalanceReport";
import type { Candidate } from "../bindings/Candidate";
import type { Lock } from "../bindings/Lock";
import type { Overview } from "../bindings/Overview";
import type { Proposal } from "../bindings/Proposal";
import type { Quota } from "../bindings/Quota";
import type { SelectionOptions } from "../bindings/SelectionOptions";
import type { Status } from "../bindings/Status";
import type { TrackRole } from "../bindings/TrackRole";

/** What the core sends for every error: a stable code and a German message. */
export interface AppError {
  code: string;
  message: string;
}

export interface AppInfo {
  database: string;
  version: string;
}

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    "code" in value &&
    "message" in value
  );
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
  appInfo: () => call<AppInfo>("app_info"),

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
};
