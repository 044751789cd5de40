// Where a document goes when no path was typed: the system's dialog asks.
import type { AppError } from "../../lib/api";
import { chooseOutput } from "../../lib/files";

/** Asks with the save (or folder) dialog; false when the coordinator cancels it. */
export async function askOutput(
  folder: boolean,
  suggested: string,
  set: (path: string) => void,
  fail: (error: AppError) => void,
): Promise<boolean> {
  try {
    const chosen = await chooseOutput(folder, suggested);
    if (chosen === null) return false;
    set(chosen);
    return true;
  } catch (e) {
    fail(e as AppError);
    return false;
  }
}
