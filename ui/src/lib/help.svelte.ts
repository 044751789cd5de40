// Which view's help is open (F1 or a view's "?" button), and where the focus returns to
// when it closes. The shell shows the one help dialog; every view only opens it.
import { tick } from "svelte";
import type { ViewId } from "./i18n";

export const help = $state<{ view: ViewId | null }>({ view: null });

let returnFocus: HTMLElement | null = null;

export function openHelp(view: ViewId) {
  if (help.view === null && document.activeElement instanceof HTMLElement) {
    returnFocus = document.activeElement;
  }
  help.view = view;
}

export async function closeHelp() {
  help.view = null;
  const back = returnFocus;
  returnFocus = null;
  await tick();
  // The element is gone when the dialog moved to another view: then that view's "?".
  const target = back?.isConnected ? back : document.querySelector<HTMLElement>('[data-testid="help-button"]');
  target?.focus();
}
