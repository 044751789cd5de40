"""The Dokumente view: letter templates, preview, letters as PDF, attendance and certificates."""

import json
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, choose, click, wait


def open_documents(app):
    click(app, "nav-documents")
    editor = wait(app).until(EC.visibility_of_element_located(by_testid("template-editor")))
    wait(app).until(lambda s: editor.get_attribute("value").strip() != "")
    return editor


def type_into(app, editor, text: str) -> None:
    """Types as a person would; WebKitWebDriver puts the caret at the end of the text."""
    click(app, editor)
    editor.send_keys(text)


def text_of(app, element) -> str:
    # SVG text is read through the DOM: WebDriver's visible text skips some SVG nodes.
    return app.execute_script("return arguments[0].textContent", element)


def test_edited_template_is_previewed_and_generated_as_pdf(app, tmp_path):
    editor = open_documents(app)
    type_into(app, editor, "Sonnenblume ")
    wait(app).until(lambda s: "ungespeichert" in s.find_element(*by_testid("template-state")).text)
    assert not app.find_elements(*by_testid("template-error"))

    person = app.find_element(*by_testid("preview-person"))
    chosen = app.execute_script(
        "return arguments[0].options[arguments[0].selectedIndex].text", person
    )
    full_name = chosen.split(" – ")[0]
    last_name = full_name.split(" ")[-1]

    click(app, "preview-button")
    preview = wait(app).until(EC.visibility_of_element_located(by_testid("preview")))
    wait(app).until(lambda s: "Sonnenblume" in text_of(s, preview))
    assert last_name in text_of(app, preview)
    screenshot(app, "documents-preview")

    out = tmp_path / "briefe" / "zusagen.pdf"
    field = app.find_element(*by_testid("letter-out"))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(out))
    click(app, "letter-generate")
    written = wait(app).until(EC.visibility_of_element_located(by_testid("written")))
    assert str(out) in written.text
    assert out.exists()

    text = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Sonnenblume" in text
    assert last_name in text
    history = wait(app).until(EC.visibility_of_element_located(by_testid("history")))
    assert "zusagen.pdf" in history.text
    screenshot(app, "documents-generated")

    # The letter is in the person's own history, in the Bewerbungen view.
    click(app, "nav-applications")
    search = wait(app).until(EC.visibility_of_element_located(by_testid("applications-search")))
    search.send_keys(full_name)
    wait(app).until(
        lambda s: s.find_element(*by_testid("applications-count")).get_attribute("data-shown") == "1"
    )
    click(app, "row-open")
    sent = wait(app).until(EC.visibility_of_element_located(by_testid("detail-document")))
    assert sent.get_attribute("data-kind") == "zusage"
    assert "zusagen.pdf" in sent.text


def test_saved_template_stays_after_switching_views(app):
    editor = open_documents(app)
    type_into(app, editor, "Gänseblümchen ")
    click(app, "template-save")
    wait(app).until(EC.visibility_of_element_located(by_testid("template-message")))
    click(app, "nav-overview")
    editor = open_documents(app)
    assert "Gänseblümchen" in editor.get_attribute("value")
    assert "eigene Vorlage" in app.find_element(*by_testid("template-state")).text

    click(app, "template-reset")
    wait(app).until(lambda s: "Gänseblümchen" not in editor.get_attribute("value"))


def test_unknown_placeholder_shows_the_german_error_next_to_the_editor(app):
    editor = open_documents(app)
    type_into(app, editor, "{{ vornahme }} ")
    error = wait(app).until(EC.visibility_of_element_located(by_testid("template-error")))
    assert error.get_attribute("data-code") == "documents.unknown_placeholder"
    assert "Unbekannter Platzhalter „vornahme“" in error.text
    screenshot(app, "documents-unknown-placeholder")

    # Saving is refused the same way.
    click(app, "template-save")
    assert "eigene Vorlage" not in app.find_element(*by_testid("template-state")).text


def attendance_rows(app) -> dict[str, str]:
    """Name → application id of every row in the attendance table."""
    table = wait(app).until(EC.visibility_of_element_located(by_testid("attendance-table")))
    rows = {}
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        name = row.find_element(By.CSS_SELECTOR, "td").text
        rows[name] = row.get_attribute("data-testid").removeprefix("attendance-row-")
    return rows


def checkbox(app, application_id: str, day: int):
    return app.find_element(*by_testid(f"attendance-{application_id}-{day}"))


def choose_module(app, number: int) -> None:
    choose(app, "attendance-module").select_by_value(str(number))
    wait(app).until(
        lambda s: s.find_element(*by_testid("attendance-module")).get_attribute("value")
        == str(number)
    )


def test_ticked_attendance_gives_certificates_with_exactly_the_attended_modules(app, tmp_path):
    open_documents(app)
    card = app.find_element(*by_testid("attendance"))
    app.execute_script("arguments[0].scrollIntoView({block: 'start'})", card)
    rows = attendance_rows(app)
    assert len(rows) >= 2, rows
    name = next(n for n in rows if any(c in n for c in "äöüßÄÖÜ"))
    person = rows[name]

    # Module 1: the person on both days.
    for day in (1, 2):
        box = checkbox(app, person, day)
        click(app, box)
        wait(app).until(lambda s, d=day: checkbox(s, person, d).is_selected())
    wait(app).until(
        lambda s: s.find_element(*by_testid("attendance-count-2")).text
        == f"1 von {len(rows)} anwesend"
    )

    # Module 2: everyone on day 1, then the person unticked again: absent from module 2.
    choose_module(app, 2)
    wait(app).until(lambda s: not checkbox(s, person, 1).is_selected())
    click(app, "attendance-all-1")
    wait(app).until(lambda s: checkbox(s, person, 1).is_selected())
    assert all(checkbox(app, i, 1).is_selected() for i in rows.values())
    click(app, checkbox(app, person, 1))
    wait(app).until(lambda s: not checkbox(s, person, 1).is_selected())
    wait(app).until(
        lambda s: s.find_element(*by_testid("attendance-count-1")).text
        == f"{len(rows) - 1} von {len(rows)} anwesend"
    )
    wait(app).until(
        lambda s: s.find_element(*by_testid("attendance-table")).get_attribute("aria-busy") != "true"
    )
    # WebKit's screenshot can show the frame before the last update: let it paint first.
    app.execute_async_script(
        "const done = arguments[0];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
    )
    screenshot(app, "documents-attendance")

    # What the window shows is what is stored.
    stored = json.loads(kohorte(app.demo_db, "attendance", "--module", "2", "--json").stdout)
    present = {r["application_id"]: r["present"] for r in stored["rows"]}
    assert present[person] == [False, False]
    assert sum(p[0] for p in present.values()) == len(rows) - 1

    out = tmp_path / "bescheinigungen.pdf"
    field = app.find_element(*by_testid("certificates-out"))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(out))
    click(app, "certificates-generate")
    written = wait(app).until(EC.visibility_of_element_located(by_testid("certificates-written")))
    assert str(out) in written.text
    assert f"{len(rows)} Dokumente" in written.text
    screenshot(app, "documents-certificates")

    pages = int(
        next(
            line.split(":")[1]
            for line in subprocess.run(
                ["pdfinfo", str(out)], check=True, capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(p), "-l", str(p), str(out), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for p in range(1, pages + 1)
    ]
    # The person's history names the certificate in German, not by its stored key.
    click(app, "nav-applications")
    search = wait(app).until(EC.visibility_of_element_located(by_testid("applications-search")))
    search.send_keys(name.split(" ")[-1])
    wait(app).until(lambda s: s.find_element(*by_testid("applications-count")).get_attribute("data-shown") == "1")
    click(app, "row-open")
    sent = wait(app).until(
        lambda s: s.find_element(By.CSS_SELECTOR, '[data-testid="detail-document"][data-kind="teilnahmebescheinigung"]')
    )
    assert "Teilnahmebescheinigung: " in sent.text, sent.text

    own = next(t for t in texts if name in t)
    assert "Teilnahmebescheinigung" in own
    assert "Modul 1:" in own
    assert "Modul 2" not in own
    others = [t for t in texts if name not in t]
    assert len(others) == len(rows) - 1
    assert all("Modul 2:" in t and "Modul 1" not in t for t in others)


def test_certificates_without_attendance_show_the_german_error(app, tmp_path):
    open_documents(app)
    field = app.find_element(*by_testid("certificates-out"))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    out = tmp_path / "keine.pdf"
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(out))
    click(app, "certificates-generate")
    error = wait(app).until(EC.visibility_of_element_located(by_testid("certificates-error")))
    assert error.get_attribute("data-code") == "documents.no_attendance"
    assert "noch keine Anwesenheit erfasst" in error.text
    assert not out.exists()


def test_choosing_a_letter_kind_chooses_who_gets_it(app):
    open_documents(app)
    status = app.find_element(*by_testid("letter-status"))
    assert status.get_attribute("value") == "zugesagt"
    for kind, who in [("absage", "abgesagt"), ("warteliste", "warteliste"), ("zusage", "zugesagt")]:
        click(app, f"kind-{kind}")
        wait(app).until(lambda s: s.find_element(*by_testid("letter-status")).get_attribute("value") == who)
