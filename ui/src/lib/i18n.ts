// Every German string of the UI in one place, so a second language is a second file.
import type { Status } from "../bindings/Status";
import type { TrackRole } from "../bindings/TrackRole";

export const de = {
  appName: "Kohorte",
  demoBanner:
    "Demodaten – alle Personen sind erfunden. Programmdaten nach der Ausschreibung „Lernpfad Führung“.",
  loading: "Wird geladen …",
  retry: "Erneut versuchen",
  comingSoon: "Kommt bald",
  comingSoonText: "Diese Ansicht ist geplant und folgt in einer der nächsten Versionen.",
  views: {
    overview: "Übersicht",
    applications: "Bewerbungen",
    tandems: "Tandems",
    balance: "Ausgewogenheit",
    modules: "Module",
    documents: "Dokumente",
    export: "Export",
    settings: "Einstellungen",
  },
  plannedFor: {
    tandems: "Tandems vorschlagen, bestätigen und auflösen.",
    balance: "Verteilung nach Bundesland, Region, Erfahrung und mehr – mit Karte und Auswahlassistent.",
    modules: "Termine, Orte und Tagesabläufe der drei Module pflegen.",
    documents: "Zusagen, Absagen, Agenden und Listen als PDF erzeugen.",
    export: "Teilnehmendenlisten als CSV und Excel, Termine als Kalenderdatei.",
    settings: "Veranstalter, Erfahrungsstufen, Regionen und Sicherungen.",
  },
  overview: {
    deadline: "Bewerbungsfrist",
    daysLeft: (n: number) => (n === 1 ? "noch 1 Tag" : `noch ${n} Tage`),
    today: "endet heute",
    daysSince: (n: number) => (n === 1 ? "seit 1 Tag abgelaufen" : `seit ${n} Tagen abgelaufen`),
    applications: "Bewerbungen",
    tandems: "Tandems",
    places: "Plätze",
    fellowTaken: "Fellow-Plätze vergeben",
    freeTaken: "Freie Plätze vergeben",
    ofFree: (n: number) => `von ${n}`,
    remaining: (n: number) => (n === 1 ? "1 Platz offen" : `${n} Plätze offen`),
    byStatus: "Bewerbungen nach Status",
  },
  applications: {
    search: "Suchen",
    searchPlaceholder: "Name, E-Mail, Kommune, Bundesland …",
    count: (shown: number, all: number) =>
      shown === all ? `${all} Bewerbungen` : `${shown} von ${all} Bewerbungen`,
    empty: "Keine Bewerbung passt zur Suche.",
    name: "Name",
    municipality: "Kommune",
    state: "Bundesland",
    track: "Lernpfad",
    status: "Status",
    received: "Eingang",
    late: "verspätet",
    lateTitle: "nach Ende der Bewerbungsfrist eingegangen",
    fellow: "Fellow",
    tandem: "Tandem",
  },
  database: "Datenbank",
  status: {
    eingegangen: "eingegangen",
    in_pruefung: "in Prüfung",
    zugesagt: "zugesagt",
    warteliste: "Warteliste",
    abgesagt: "abgesagt",
    zurueckgezogen: "zurückgezogen",
  } satisfies Record<Status, string>,
  trackRole: {
    fuehrung: "Führung",
    change: "Change",
  } satisfies Record<TrackRole, string>,
};

export const statusOrder: Status[] = [
  "eingegangen",
  "in_pruefung",
  "zugesagt",
  "warteliste",
  "abgesagt",
  "zurueckgezogen",
];

const dateFormat = new Intl.DateTimeFormat("de-DE", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const dateTimeFormat = new Intl.DateTimeFormat("de-DE", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "2025-09-30" → "30.09.2025" (no time zone shift: the date is taken as local). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return dateFormat.format(new Date(y, m - 1, d));
}

/** "2025-09-16T09:41:00" → "16.09.2025, 09:41" */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}
