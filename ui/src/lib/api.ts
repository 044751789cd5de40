// The only module that talks to the Rust side. Every command returns typed values
// generated from Rust (src/bindings), and every failure becomes an `AppError`.
import { invoke } from "@tauri-apps/api/core";
import type { ApplicationRow } from "../bindings/ApplicationRow";
import type { Overview } from "../bindings/Overview";

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
};
