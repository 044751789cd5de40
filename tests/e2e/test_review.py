"""The Bewerbungen view's import and review, and the Tandems view, in the real window."""

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import kohorte, screenshot

CSV = (
    "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\r\n"
    "16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\r\n"
    "17.09.2025 10:00;Cem;Aydin;cem@halle.de;Stadt Halle;Preußen;kreisfreie Stadt;Change\r\n"
    "18.09.2025 11:30;Ben;Kurz;ben@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Change\r\n"
)


def by_testid(value: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{value}"]'


def wait(session, timeout: float = 20):
    return WebDriverWait(session, timeout, poll_frequency=0.1)


def listed(db) -> list[dict]:
    return json.loads(kohorte(db, "list", "--json").stdout)


def open_applications(app) -> int:
    app.find_element(*by_testid("nav-applications")).click()
    count = wait(app).until(EC.visibility_of_element_located(by_testid("applications-count")))
    wait(app).until(lambda s: int(count.get_attribute("data-total")) > 0)
    return int(count.get_attribute("data-total"))


def test_import_through_the_window_previews_names_the_invalid_row_and_commits(app, tmp_path):
    path = tmp_path / "formular.csv"
    path.write_text(CSV, encoding="utf-8")
    before = len(listed(app.demo_db))
    assert open_applications(app) == before

    app.find_element(*by_testid("import-open")).click()
    field = wait(app).until(EC.visibility_of_element_located(by_testid("import-path")))
    # Typed as text: without this, Selenium would try to upload the existing file.
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(path))
    app.find_element(*by_testid("import-preview")).click()

    report = wait(app).until(EC.visibility_of_element_located(by_testid("import-report")))
    assert app.find_element(*by_testid("import-rows")).text == "3"
    assert app.find_element(*by_testid("import-new")).text == "2"
    assert app.find_element(*by_testid("import-invalid")).text == "1"
    invalid = app.find_element(*by_testid("import-invalid-row"))
    assert invalid.get_attribute("data-row") == "3"
    assert "Bundesland" in invalid.text and "Preußen" in invalid.text
    assert Select(app.find_element(*by_testid("mapping-1"))).first_selected_option.text == "Vorname"
    screenshot(app, "import-preview")

    # Refused without the explicit choice, with the reason next to the button.
    app.find_element(*by_testid("import-commit")).click()
    wait(app).until(EC.visibility_of_element_located(by_testid("import-commit-error")))
    assert len(listed(app.demo_db)) == before
    assert report.is_displayed()

    app.find_element(*by_testid("import-skip-invalid")).click()
    app.find_element(*by_testid("import-commit")).click()
    result = wait(app).until(EC.visibility_of_element_located(by_testid("import-result")))
    assert "2 neue Bewerbungen" in result.text
    count = app.find_element(*by_testid("applications-count"))
    wait(app).until(lambda s: int(count.get_attribute("data-total")) == before + 2)

    search = app.find_element(*by_testid("applications-search"))
    search.send_keys("anna@koeln.de")
    wait(app).until(lambda s: len(s.find_elements(*by_testid("application-row"))) == 1)
    assert "Weber, Anna" in app.find_element(*by_testid("application-row")).text

    emails = {a["email"] for a in listed(app.demo_db)}
    assert {"anna@koeln.de", "ben@koeln.de"} <= emails
    assert "cem@halle.de" not in emails
    assert len(emails) == before + 2


def test_bulk_status_change_and_undo_reach_the_database(app):
    open_applications(app)
    status = Select(app.find_element(*by_testid("filter-status")))
    status.select_by_value("eingegangen")
    rows = by_testid("application-row")
    wait(app).until(
        lambda s: all(r.get_attribute("data-status") == "eingegangen" for r in s.find_elements(*rows))
    )
    chosen = [r.get_attribute("data-id") for r in app.find_elements(*rows)[:3]]
    assert len(chosen) == 3
    for row in app.find_elements(*rows)[:3]:
        row.find_element(*by_testid("row-select")).click()
    selected = wait(app).until(EC.visibility_of_element_located(by_testid("selected-count")))
    assert selected.get_attribute("data-count") == "3"

    Select(app.find_element(*by_testid("bulk-status"))).select_by_value("in_pruefung")
    app.find_element(*by_testid("bulk-apply")).click()
    wait(app).until(EC.visibility_of_element_located(by_testid("bulk-message")))

    def statuses():
        return {a["id"]: a["status"] for a in listed(app.demo_db) if a["id"] in chosen}

    assert statuses() == {i: "in_pruefung" for i in chosen}
    screenshot(app, "bulk-status")

    # The detail panel shows the change in the history.
    Select(app.find_element(*by_testid("filter-status"))).select_by_value("")
    row = wait(app).until(lambda s: s.find_element(By.CSS_SELECTOR, f'[data-id="{chosen[0]}"] [data-testid="row-open"]'))
    row.click()
    wait(app).until(EC.visibility_of_element_located(by_testid("detail-panel")))
    entry = wait(app).until(lambda s: s.find_element(By.CSS_SELECTOR, '[data-testid="history-entry"][data-field="status"]'))
    assert "in Prüfung" in entry.text
    screenshot(app, "detail-panel")

    app.find_element(*by_testid("bulk-undo")).click()
    wait(app).until(lambda s: "Rückgängig" in s.find_element(*by_testid("bulk-message")).text)
    assert statuses() == {i: "eingegangen" for i in chosen}


def test_tandems_view_lists_the_demo_pairs(app):
    board = json.loads(kohorte(app.demo_db, "tandems", "--json").stdout)
    assert board["pairs"], "the demo has tandems"
    app.find_element(*by_testid("nav-tandems")).click()
    wait(app).until(EC.visibility_of_element_located(by_testid("tandem-pairs")))
    pairs = app.find_elements(*by_testid("tandem-pair"))
    shown = {(p.get_attribute("data-leader"), p.get_attribute("data-planner")) for p in pairs}
    assert shown == {(p["leader"], p["planner"]) for p in board["pairs"]}
    unpaired = app.find_elements(*by_testid("unpaired"))
    assert len(unpaired) == len(board["unpaired"])
    screenshot(app, "tandems")
