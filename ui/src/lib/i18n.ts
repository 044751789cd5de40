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
  balance: {
    scopes: "Lernpfad",
    applicants: "Bewerbungen",
    inReview: "in Prüfung",
    selected: "zugesagt",
    places: (selected: number, capacity: number) => `${selected} von ${capacity} Plätzen zugesagt`,
    violations: "Verstöße",
    noViolations: "Keine Verstöße: Plätze, Fellow-Plätze, Tandems und Quoten passen.",
    map: "Karte: Zusagen nach Bundesland",
    mapHint: "Zeigen Sie auf ein Land (oder wählen Sie es mit der Tab-Taste), um die Bewerbungen zu sehen.",
    mapLegend: (max: number) => `Farbe: Zahl der Zusagen (0 bis ${max})`,
    mapCredit: "Karte: @svg-maps/germany nach MapSVG, CC BY 4.0",
    stateSummary: (applicants: number, inReview: number, selected: number) =>
      `${applicants} Bewerbungen · ${inReview} in Prüfung · ${selected} zugesagt`,
    noApplicants: "Keine Bewerbungen aus diesem Land.",
    legendApplicants: "Anteil an den Bewerbungen",
    legendInReview: "Anteil an „in Prüfung“",
    legendSelected: "Anteil an den Zusagen",
    value: "Wert",
    counts: "Bew. · Prüf. · Zus.",
    min: "min.",
    max: "max.",
    minOf: (label: string) => `Mindestens (${label})`,
    maxOf: (label: string) => `Höchstens (${label})`,
    quotaBroken: "Quote nicht eingehalten",
    quotaNotNumber: "Bitte eine ganze Zahl ab 0 eingeben (oder leer lassen).",
    quotaMinAboveMax: (min: number, max: number) =>
      `Das Minimum ${min} ist größer als das Maximum ${max}.`,
    quotaSaved: "Quote gespeichert",
    quotaFile: "Quotendatei (CSV: feature,value,min,max)",
    quotaFilePlaceholder: "/pfad/zu/quoten.csv",
    quotaFileMissing: "Bitte den Pfad einer Datei angeben.",
    importQuotas: "Quoten importieren",
    exportQuotas: "Quoten exportieren",
    imported: (n: number) => (n === 1 ? "1 Quote übernommen." : `${n} Quoten übernommen.`),
    exported: (n: number) => (n === 1 ? "1 Quote geschrieben." : `${n} Quoten geschrieben.`),
    assistant: "Auswahlassistent",
    assistantText:
      "Schlägt für beide Lernpfade die Zusagen vor: Fellow-Plätze zuerst, Tandems ganz oder gar nicht, Plätze und Quoten eingehalten, Bewertungen maximiert. Er schlägt nur vor – Sie entscheiden.",
    includeLate: "Verspätete Bewerbungen einbeziehen",
    includeWithdrawn: "Zurückgezogene Bewerbungen einbeziehen",
    includeRejected: "Abgesagte Bewerbungen einbeziehen",
    propose: "Vorschlag berechnen",
    proposing: "Wird berechnet …",
    apply: "Übernehmen",
    undo: "Rückgängig",
    proposalSelected: (n: number) => `Zusagen (${n})`,
    proposalWaitlist: (n: number) => `Warteliste (${n})`,
    proposalExcluded: (n: number) => `Nicht berücksichtigt (${n})`,
    empty: "—",
    relaxation: "Nicht alle Quoten sind erfüllbar. Kleinste Lockerung, die eine Auswahl möglich macht:",
    proposalViolations: "Der Vorschlag verletzt diese Quoten:",
    notes: "Bitte prüfen:",
    changes: (n: number) => (n === 1 ? "1 Änderung gegenüber dem aktuellen Stand" : `${n} Änderungen gegenüber dem aktuellen Stand`),
    noChanges: "Der Vorschlag entspricht dem aktuellen Stand; Übernehmen ändert nichts.",
    changeName: "Name",
    changeTrack: "Lernpfad",
    changeFrom: "bisher",
    changeTo: "neu",
    scoreTotal: (n: number) => `Summe der Bewertungen: ${n}`,
    applied: (n: number) =>
      n === 1 ? "Übernommen: 1 Status geändert." : `Übernommen: ${n} Status geändert.`,
    undone: (n: number) =>
      n === 1 ? "Rückgängig gemacht: 1 Status wiederhergestellt." : `Rückgängig gemacht: ${n} Status wiederhergestellt.`,
    lock: "Festlegung",
    lockOf: (name: string) => `Festlegung für ${name}`,
    lockNone: "vom Assistenten",
    lockIn: "immer dabei",
    lockOut: "nie dabei",
    locked: "festgelegt",
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
