"""Long work in the background: 1,000 letters while the coordinator goes on working."""

import json
import sqlite3
import subprocess

from selenium.webdriver.remote.file_detector import UselessFileDetector

from conftest import kohorte
from ui import by_testid, click, type_into, wait

PEOPLE = 1_000


def thousand_zusagen(db, tmp_path) -> int:
    """Imports 1,000 applicants and gives each a Zusage, as the CLI would."""
    lines = ["Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad"]
    for i in range(PEOPLE):
        track = "Führung" if i % 2 else "Change"
        lines.append(
            f"16.09.2025 09:41;Jörg{i:04d};Müßig{i:04d};j{i:04d}@brief.example;"
            f"Gemeinde {i % 200};Sachsen;kreisangehörige Gemeinde;{track}"
        )
    path = tmp_path / "tausend.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    kohorte(db, "import", str(path))
    ids = [a["id"] for a in json.loads(kohorte(db, "list", "--json").stdout)
           if a["email"].endswith("@brief.example")]
    assert len(ids) == PEOPLE
    for status in ("in_pruefung", "zugesagt"):
        kohorte(db, "set-status", *ids, status)
    return len([a for a in json.loads(kohorte(db, "list", "--json").stdout) if a["status"] == "zugesagt"])


def documents_recorded(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM document").fetchone()[0]


def start_letters(app, out) -> None:
    click(app, "nav-documents")
    wait(app).until(lambda s: s.find_element(*by_testid("template-editor")).get_attribute("value").strip())
    with app.file_detector_context(UselessFileDetector):
        type_into(app, "letter-out", str(out))
    click(app, "letter-generate")


def sidebar_job(app) -> dict | None:
    """The sidebar's letter job as the window shows it, or None when none runs."""
    return app.execute_script(
        """const bar = document.querySelector('[data-testid="sidebar-jobs"] [data-testid="job-letters-bar"]');
           return bar ? {done: Number(bar.dataset.done), total: Number(bar.dataset.total)} : null;"""
    )


def test_the_window_works_on_while_a_thousand_letters_are_written(app, tmp_path):
    zusagen = thousand_zusagen(app.demo_db, tmp_path)
    app.refresh()
    out = tmp_path / "tausend.pdf"
    start_letters(app, out)
    wait(app).until(lambda s: sidebar_job(s) is not None, "the job shows in the sidebar")

    # Another view opens and shows its figures while the letters are being written.
    click(app, "nav-overview")
    wait(app).until(lambda s: s.find_element(*by_testid("programme-name")).is_displayed())
    seen = []

    def progressed(s):
        job = sidebar_job(s)
        if job is None:
            return True
        seen.append((job["done"], job["total"]))
        return len(set(seen)) >= 3

    wait(app, 120).until(progressed)
    distinct = sorted(set(seen))
    assert len(distinct) >= 3, f"progress seen in the Übersicht: {distinct}"
    # Before the job's first report the bar knows no total yet (0 of 0); every letter
    # laid out (done = total) is still progress: the file is saved after it.
    assert all(done == total == 0 or 0 <= done <= total == zusagen for done, total in distinct), distinct

    # The result arrives, and the Dokumente view shows it when the coordinator comes back.
    wait(app, 180).until(lambda s: sidebar_job(s) is None, "the letters were not finished")
    click(app, "nav-documents")
    written = wait(app).until(lambda s: s.find_element(*by_testid("written")))
    assert str(out) in written.text
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split(":")[1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= zusagen
    assert documents_recorded(app.demo_db) == zusagen


def test_cancelled_letters_leave_no_file_and_no_record(app, tmp_path):
    thousand_zusagen(app.demo_db, tmp_path)
    app.refresh()
    out = tmp_path / "abgebrochen.pdf"
    start_letters(app, out)
    wait(app).until(lambda s: sidebar_job(s) is not None)
    click(app, "job-letters-cancel")
    note = wait(app, 60).until(
        lambda s: s.find_element(*by_testid("job-letters-cancelled")),
        "the window shows no cancel note",
    )
    assert "nichts geschrieben" in note.text
    assert not app.find_elements(*by_testid("generate-error"))
    assert not out.exists()
    assert list(tmp_path.glob(".kohorte-*")) == [], "no half-written file stays behind"
    assert documents_recorded(app.demo_db) == 0
