// Where to write documents: the system's save dialog for one file, its folder dialog
// for one file per person. `null` when the coordinator cancels.
import { api, type FilePurpose } from "./api";

export async function chooseOutput(
  folder: boolean,
  suggested: string,
  current = "",
  purpose: FilePurpose = "pdf",
): Promise<string | null> {
  if (folder) return api.chooseFolder();
  // Start where the typed path points, if anywhere; else propose the file name.
  return api.chooseSavePath(purpose, current.trim() || suggested);
}

/** The folder a written file lies in. */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? path.slice(0, cut) : path;
}
