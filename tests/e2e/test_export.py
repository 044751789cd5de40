"""The Export view: the attendee list in each format, the calendar and the e-mail drafts,
written from the window and read back from the files."""

import csv
import email
import email.policy
import io
import sqlite3
import zipfile
from xml.etree import ElementTree

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, choose, click, ready, wait

LAST = "Weiß-Ölmüller"
JOB = "=HYPERLINK(\"http://evil.example\")"
DIET = "vegan\nohne Nüsse"


def tricky_person(db) -> None:
    """One confirmed applicant with what applicants type in a web form."""
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE person SET last_name = ?, job_title = ?, dietary_needs = ? WHERE id = ("
            " SELECT person_id FROM application WHERE status = 'zugesagt' ORDER BY id LIMIT 1)",
            (LAST, JOB, DIET),
        )


def open_export(app):
    click(app, "nav-export")
    wait(app).until(EC.visibility_of_element_located(by_testid("list-card")))


def set_path(app, testid: str, path) -> None:
    field = ready(app, testid)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(str(path))


def written(app, testid: str, path) -> None:
    wait(app).until(lambda s: str(path) in s.find_element(*by_testid(testid)).text)


def test_the_list_is_exported_in_each_format_and_the_choice_remembered(app, tmp_path):
    tricky_person(app.demo_db)
    open_export(app)
    click(app, "list-column-job_title")
    click(app, "list-column-dietary_needs")

    out = tmp_path / "Teilnehmende.csv"
    choose(app, "list-format").select_by_value("csv")
    set_path(app, "list-out", out)
    click(app, "list-export")
    written(app, "list-written", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";"))
    header = rows[0]
    assert header[:4] == ["Anrede", "Titel", "Vorname", "Nachname"]
    assert "Funktion" in header and "Verpflegung" in header
    mine = next(r for r in rows if LAST in r)
    assert mine[header.index("Funktion")] == "'" + JOB
    assert mine[header.index("Verpflegung")] == DIET
    assert b"\r\n" in raw

    comma = tmp_path / "liste.csv"
    choose(app, "list-format").select_by_value("csv_comma")
    set_path(app, "list-out", comma)
    click(app, "list-export")
    written(app, "list-written", comma)
    raw = comma.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert LAST in next(r for r in rows if LAST in r)

    book = tmp_path / "Teilnehmende.xlsx"
    choose(app, "list-format").select_by_value("xlsx")
    set_path(app, "list-out", book)
    click(app, "list-export")
    written(app, "list-written", book)
    with zipfile.ZipFile(book) as z:
        ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        strings = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert {"Nachname", LAST, JOB, DIET} <= set(strings)
    assert 'state="frozen"' in sheet and "<autoFilter" in sheet
    assert ready(app, "open-path").text  # "Öffnen" offered beside the file
    screenshot(app, "export-list")

    # The columns are remembered for the programme: the CLI uses them without flags.
    again = tmp_path / "again.csv"
    kohorte(app.demo_db, "export", "--format", "csv-comma", "--out", str(again))
    assert "Funktion" in again.read_text(encoding="utf-8").splitlines()[0]


def test_the_calendar_needs_dates_and_then_holds_one_event_per_module(app, tmp_path):
    open_export(app)
    out = tmp_path / "Termine.ics"
    set_path(app, "calendar-out", out)
    click(app, "calendar-export")
    error = wait(app).until(EC.visibility_of_element_located(by_testid("calendar-error")))
    assert error.get_attribute("data-code") == "export.no_dates"
    assert not out.exists()

    with sqlite3.connect(app.demo_db) as conn:
        conn.execute(
            "UPDATE module SET start_date = '2026-03-12', end_date = '2026-03-13' WHERE number = 2"
        )
    click(app, "calendar-export")
    written(app, "calendar-written", out)
    text = out.read_bytes().decode("utf-8").replace("\r\n ", "")
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20260312T100000" in lines
    assert any(line.startswith("UID:modul-") for line in lines)
    assert "SEQUENCE:0" in lines


def test_mail_drafts_are_written_per_person_with_the_letter_attached(app, tmp_path):
    open_export(app)
    click(app, "mail-kind-warteliste")
    wait(app).until(lambda s: "Warteliste" in s.find_element(*by_testid("mail-text")).get_attribute("value")
                    or "Bewerbung" in s.find_element(*by_testid("mail-text")).get_attribute("value"))
    folder = tmp_path / "entwuerfe"
    set_path(app, "mail-out", folder)
    click(app, "mail-generate")
    written(app, "mail-written", folder)
    assert "3 Entwürfe" in app.find_element(*by_testid("mail-count")).text
    drafts = sorted(folder.glob("*.eml"))
    assert len(drafts) == 3
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith("Ihre Bewerbung für den Lernpfad")
    assert "@" in message["To"]
    assert message["X-Unsent"] == "1"
    parts = [p for p in message.iter_attachments()]
    assert [p.get_content_type() for p in parts] == ["application/pdf"]
    assert parts[0].get_content().startswith(b"%PDF")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Grüßen" in body
    with sqlite3.connect(app.demo_db) as conn:
        (recorded,) = conn.execute(
            "SELECT count(*) FROM document WHERE kind = 'warteliste' AND file_name LIKE '%.eml'"
        ).fetchone()
    assert recorded == 3
    screenshot(app, "export-mail")
