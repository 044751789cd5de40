#!/usr/bin/env bash
# Installs the built package, checks what it put on the machine, starts the installed
# window under Xvfb on a new database and writes a letter with the installed command
# line, both from a directory far from the repository; then removes the package and
# every package its installation pulled in, so the machine is left as it was.
#   tests/package/test_deb.sh PATH/TO/Kohorte_<version>_amd64.deb
# Needs root (or sudo), apt, xvfb-run, xwininfo (x11-utils), pdftotext/pdffonts
# (poppler-utils) and python3: scripts/system-deps.sh test installs them.
set -euo pipefail
deb="$(realpath "${1:?Aufruf: tests/package/test_deb.sh PAKET.deb}")"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

fail() { echo "FEHLER: $*" >&2; exit 1; }
installed() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | awk '$1 == "ii" { print $2 }' | sort; }

dpkg-query -W -f='${Status}' kohorte 2>/dev/null | grep -q "install ok installed" \
  && fail "das Paket kohorte ist schon installiert; der Test würde es entfernen"

work="$(mktemp -d)"
before="$work/before.txt"
installed >"$before"
cleanup() {
  status=$?
  # Remove kohorte and exactly what its installation added (e.g. xdg-utils), nothing else.
  added="$(installed | comm -13 "$before" - | tr '\n' ' ')"
  if [ -n "$added" ]; then
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq $added >/dev/null
  fi
  # `apt-get remove` may leave the package known to dpkg (config-files): purge that too.
  dpkg-query -W kohorte >/dev/null 2>&1 && $sudo dpkg --purge kohorte >/dev/null
  if [ -n "$(installed | comm -3 "$before" -)" ]; then
    echo "FEHLER: die Paketliste ist nach dem Test anders als vorher:" >&2
    installed | comm -3 "$before" - >&2
    status=1
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

echo "== Installieren: $deb"
# Without recommends: the test adds only what the package needs, and removes it again.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$deb" >/dev/null

echo "== Dateien des Pakets"
files="$(dpkg -L kohorte)"
for path in /usr/bin/kohorte-app /usr/bin/kohorte /usr/share/applications/Kohorte.desktop \
  /usr/share/icons/hicolor/32x32/apps/kohorte-app.png \
  /usr/share/icons/hicolor/128x128/apps/kohorte-app.png \
  /usr/share/icons/hicolor/256x256/apps/kohorte-app.png \
  /usr/share/doc/kohorte/LICENSE-Liberation-OFL.txt; do
  grep -qx "$path" <<<"$files" || fail "$path fehlt im Paket"
  [ -e "$path" ] || fail "$path wurde nicht installiert"
done
desktop=/usr/share/applications/Kohorte.desktop
grep -qx 'Name=Kohorte' "$desktop" || fail "Name im Starter falsch"
grep -qx 'Exec=kohorte-app' "$desktop" || fail "Exec im Starter falsch"
grep -qx 'Categories=Office;' "$desktop" || fail "Kategorie im Starter falsch"
grep -q '^Comment=Bewerbungen' "$desktop" || fail "deutscher Kommentar fehlt im Starter"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$desktop" || fail "der Starter ist ungültig"
fi
version="$(dpkg-query -W -f='${Version}' kohorte)"
[ "$version" = "$(basename "$deb" | cut -d_ -f2)" ] || fail "Version $version passt nicht zum Dateinamen"

# Far from the repository: a fresh HOME in the temp dir, working directory there too,
# so nothing can be found beside the binary that the package does not bring.
mkdir -p "$work/home"
cd "$work"
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share"

echo "== Kommandozeile: Demo und Zusagen als PDF"
kohorte --db "$work/demo.sqlite" demo >/dev/null
kohorte --db "$work/demo.sqlite" letters --kind zusage --out "$work/zusagen.pdf" --merged >/dev/null
text="$(pdftotext "$work/zusagen.pdf" -)"
grep -q "Lernpfad Führung & Change" <<<"$text" || fail "der Brief enthält den Programmnamen nicht"
pdffonts "$work/zusagen.pdf" | grep -q "LiberationSans" || fail "die Schrift ist nicht eingebettet"

echo "== Fenster unter Xvfb auf einer neuen Datei"
db="$work/neu.sqlite"
xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" bash -c '
  set -euo pipefail
  kohorte-app --db "$1" >"$2/app.log" 2>&1 &
  app=$!
  # The main window: titled Kohorte and at least the minimum size (960x600), not one
  # of the small helper windows GTK also names after the program.
  kohorte_id() {
    python3 -c '"'"'import sqlite3,sys; print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("PRAGMA application_id").fetchone()[0])'"'"' "$1" 2>/dev/null || true
  }
  window() {
    xwininfo -root -tree | awk '"'"'/"Kohorte": / { split($(NF-1), g, /[x+]/); if (g[1] >= 960 && g[2] >= 600) { print; exit } }'"'"'
  }
  for _ in $(seq 1 120); do
    # Tauri opens the window before the setup hook has opened the database.
    if [ -n "$(window)" ] && [ "$(kohorte_id "$1")" = "$((0x4B4F4852))" ]; then
      echo "Fenster: $(window)"
      kill "$app"; wait "$app" 2>/dev/null || true
      exit 0
    fi
    kill -0 "$app" 2>/dev/null || { echo "das Programm hat sich beendet:" >&2; cat "$2/app.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "kein Fenster „Kohorte“ auf einer Kohorte-Datenbank erschienen:" >&2; cat "$2/app.log" >&2
  kill "$app"; exit 1
' _ "$db" "$work"
[ -f "$db" ] || fail "die neue Datenbank wurde nicht angelegt"
app_id="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA application_id").fetchone()[0])' "$db")"
[ "$app_id" = "$((0x4B4F4852))" ] || fail "die neue Datei ist keine Kohorte-Datenbank (application_id $app_id)"

echo "== Entfernen"
DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq kohorte >/dev/null
[ ! -e /usr/bin/kohorte-app ] || fail "/usr/bin/kohorte-app ist nach dem Entfernen noch da"
echo "Paket-Test bestanden."
