// Long work the window follows (letters, certificates, imports): progress, "Abbrechen",
// and the outcome. Kept here, outside the views, so a coordinator can switch views while
// 1,000 letters are written and find the job, or its result, when coming back.
import { Channel } from "@tauri-apps/api/core";
import type { Progress } from "../bindings/Progress";
import { api, type AppError, type Watch } from "./api";

export type JobKind = "letters" | "certificates" | "import" | "mail";

export interface JobState {
  id: string;
  kind: JobKind;
  /** What the job does, in German, for the sidebar ("Zusagen schreiben"). */
  label: string;
  done: number;
  total: number;
  running: boolean;
  cancelling: boolean;
  /** What the job returned, kept for a view that was left meanwhile. */
  result: unknown;
  error: AppError | null;
}

/** The newest job of each kind (one at a time per kind: its button is disabled meanwhile). */
export const jobs: Partial<Record<JobKind, JobState>> = $state({});

let counter = 0;

/** Runs `start` as the job of `kind`, handing it the id and progress channel to pass on. */
export async function runJob<T>(
  kind: JobKind,
  label: string,
  start: (watch: Watch) => Promise<T>,
): Promise<T> {
  counter += 1;
  const id = `${kind}-${counter}`;
  jobs[kind] = { id, kind, label, done: 0, total: 0, running: true, cancelling: false, result: null, error: null };
  const current = () => (jobs[kind]?.id === id ? jobs[kind] : undefined);
  const onProgress = new Channel<Progress>();
  onProgress.onmessage = (p) => {
    const job = current();
    if (job) {
      job.done = p.done;
      job.total = p.total;
    }
  };
  try {
    const result = await start({ job: id, onProgress });
    const job = current();
    if (job) job.result = result;
    return result;
  } catch (e) {
    const job = current();
    if (job) job.error = e as AppError;
    throw e;
  } finally {
    const job = current();
    if (job) job.running = false;
  }
}

export async function cancelJob(kind: JobKind): Promise<void> {
  const job = jobs[kind];
  if (!job?.running) return;
  job.cancelling = true;
  try {
    // False when the job ended meanwhile: then there is nothing left to stop.
    await api.cancelJob(job.id);
  } catch (e) {
    job.cancelling = false;
    job.error = e as AppError;
  }
}

/** A cancelled job's error: shown as a calm note, not as a failure. */
export const wasCancelled = (e: AppError | null) => e?.code === "job.cancelled";

/** What a view shows of the last job of `kind`: whether it runs, what it returned, and
 *  why it failed (a cancel is no failure; `JobProgress` says it calmly). */
export function lastRun<T>(kind: JobKind): { running: boolean; result: T | null; failure: AppError | null } {
  const job = jobs[kind];
  return {
    running: job?.running ?? false,
    result: job && !job.running && !job.error ? (job.result as T | null) : null,
    failure: job?.error && !wasCancelled(job.error) ? job.error : null,
  };
}
