// What the Bewerbungen table works out once per row and keeps while the row stays the
// same: its folded search text and its place in a column's order. Kept at module level,
// so opening the view again or reloading after a change costs lookups, not the folding
// and collation of 10,000 rows again (each took 70 ms and more in the window).

import { api } from "./api";
import type { ApplicationRow } from "../bindings/ApplicationRow";

/** Lower case and without diacritics, so "muller" finds "Müller". */
export function fold(text: string): string {
  return text.toLocaleLowerCase("de").normalize("NFD").replace(/\p{Diacritic}/gu, "");
}

const folded = new Map<string, { raw: string; folded: string }>();

/** `fold(raw)`, remembered for the row `id` while its `raw` text stays the same. */
export function foldedText(id: string, raw: string): string {
  const known = folded.get(id);
  if (known && known.raw === raw) return known.folded;
  const text = fold(raw);
  folded.set(id, { raw, folded: text });
  return text;
}

type Ranking = { keys: Map<string, string>; rank: Map<string, number> };
const rankings = new Map<string, Ranking>();

/** Per row id, the place of its key in `collator`'s order (keys the collator deems equal
 *  share one), for the ordering called `name`. Collated again only when a key is new or
 *  changed since the last call; otherwise the last answer is still right. */
export function ranks(name: string, keyed: { id: string; key: string }[], collator: Intl.Collator): Map<string, number> {
  const last = rankings.get(name);
  if (last && keyed.every(({ id, key }) => last.keys.get(id) === key)) return last.rank;
  const distinct = [...new Set(keyed.map((k) => k.key))].sort(collator.compare);
  const place = new Map<string, number>();
  let at = 0;
  distinct.forEach((key, i) => {
    if (i > 0 && collator.compare(distinct[i - 1], key) !== 0) at = i;
    place.set(key, at);
  });
  const ranking: Ranking = {
    keys: new Map(keyed.map(({ id, key }) => [id, key])),
    rank: new Map(keyed.map(({ id, key }) => [id, place.get(key) ?? 0])),
  };
  rankings.set(name, ranking);
  return ranking.rank;
}

let kept: { revision: string; rows: ApplicationRow[] } | null = null;

/** Every application, as the table shows them. Read again only when the database changed
 *  since the last read (the core's revision says so), so opening Bewerbungen again
 *  costs one small call instead of sending 10,000 rows. */
export async function applicationRows(): Promise<ApplicationRow[]> {
  const revision = await api.dataRevision();
  if (kept?.revision === revision) return kept.rows;
  const rows = await api.applications();
  // Read after the revision: a change in between makes the next revision differ, so
  // at worst these rows are read once more, never kept stale.
  kept = { revision, rows };
  return rows;
}
