"""The Bewerbungen view's import and review, and the Tandems view, in the real window."""

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, choose, click, wait

CSV = (
    "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\r\n"
    "16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung\r\n"
    "17.09.2025 10:00;Cem;Aydin;cem@halle.de;Stadt Halle;Preußen;kreisfreie Stadt;Change\r\n"
    "18.09.2025 11:30;Ben;Kurz;ben@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Change\r\n"
)


def listed(db) -> list[dict]:
    return json.loads(kohorte(db, "list", "--json").stdout)


def open_applications(app) -> int:
    click(app, "nav-applications")
    count = wait(app).until(EC.visibility_of_element_located(by_testid("applications-count")))
    wait(app).until(lambda s: int(count.get_attribute("data-total")) > 0)
    return int(count.get_attribute("data-total"))


def test_import_through_the_window_previews_names_the_invalid_row_and_commits(app, tmp_path):
    path = tmp_path / "formular.csv"
    path.write_text(CSV, encoding="utf-8")
    before = len(listed(app.demo_db))
    assert open_applications(app) == before

    click(app, "import-open")
    field = wait(app).until(EC.visibility_of_element_located(by_testid("import-path")))
    # Typed as text: without this, Selenium would try to upload the existing file.
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(path))
    click(app, "import-preview")

    report = wait(app).until(EC.visibility_of_element_located(by_testid("import-report")))
    assert app.find_element(*by_testid("import-rows")).text == "3"
    assert app.find_element(*by_testid("import-new")).text == "2"
    assert app.find_element(*by_testid("import-invalid")).text == "1"
    invalid = app.find_element(*by_testid("import-invalid-row"))
    assert invalid.get_attribute("data-row") == "3"
    assert "Bundesland" in invalid.text and "Preußen" in invalid.text
    assert choose(app, "mapping-1").first_selected_option.text == "Vorname"
    screenshot(app, "import-preview")

    # Refused without the explicit choice, with the reason next to the button.
    click(app, "import-commit")
    wait(app).until(EC.visibility_of_element_located(by_testid("import-commit-error")))
    assert len(listed(app.demo_db)) == before
    assert report.is_displayed()

    click(app, "import-skip-invalid")
    click(app, "import-commit")
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
    status = choose(app, "filter-status")
    status.select_by_value("eingegangen")
    rows = by_testid("application-row")
    wait(app).until(
        lambda s: all(r.get_attribute("data-status") == "eingegangen" for r in s.find_elements(*rows))
    )
    chosen = [r.get_attribute("data-id") for r in app.find_elements(*rows)[:3]]
    assert len(chosen) == 3
    table = app.find_element(*by_testid("applications-scroll"))
    view = app.find_element(*by_testid("view-applications"))
    # From the view's top: ui.click scrolls the page to what it clicks, and with the
    # Nachrücken card above, the view is taller than the window.
    top = table.rect["y"] - view.rect["y"]
    selected = app.find_element(*by_testid("selected-count"))
    for n, row in enumerate(app.find_elements(*rows)[:3], start=1):
        click(app, row.find_element(*by_testid("row-select")))
        wait(app).until(lambda s: selected.get_attribute("data-count") == str(n))
    # The selection bar is always in place: ticking rows never moves the table under the
    # pointer, where the next click would land on another row.
    assert table.rect["y"] - view.rect["y"] == top

    choose(app, "bulk-status").select_by_value("in_pruefung")
    click(app, "bulk-apply")
    wait(app).until(EC.visibility_of_element_located(by_testid("bulk-message")))

    def statuses():
        return {a["id"]: a["status"] for a in listed(app.demo_db) if a["id"] in chosen}

    assert statuses() == {i: "in_pruefung" for i in chosen}
    screenshot(app, "bulk-status")

    # The detail panel shows the change in the history. (The table renders only the rows
    # in view, so the row is found by the filter of its new status.)
    choose(app, "filter-status").select_by_value("in_pruefung")
    row = wait(app).until(lambda s: s.find_element(By.CSS_SELECTOR, f'[data-id="{chosen[0]}"] [data-testid="row-open"]'))
    click(app, row)
    wait(app).until(EC.visibility_of_element_located(by_testid("detail-panel")))
    entry = wait(app).until(lambda s: s.find_element(By.CSS_SELECTOR, '[data-testid="history-entry"][data-field="status"]'))
    assert "in Prüfung" in entry.text
    screenshot(app, "detail-panel")

    click(app, "bulk-undo")
    wait(app).until(lambda s: "Rückgängig" in s.find_element(*by_testid("bulk-message")).text)
    assert statuses() == {i: "eingegangen" for i in chosen}


def test_tandems_view_lists_the_demo_pairs(app):
    board = json.loads(kohorte(app.demo_db, "tandems", "--json").stdout)
    assert board["pairs"], "the demo has tandems"
    click(app, "nav-tandems")
    wait(app).until(EC.visibility_of_element_located(by_testid("tandem-pairs")))
    pairs = app.find_elements(*by_testid("tandem-pair"))
    shown = {(p.get_attribute("data-leader"), p.get_attribute("data-planner")) for p in pairs}
    assert shown == {(p["leader"], p["planner"]) for p in board["pairs"]}
    unpaired = app.find_elements(*by_testid("unpaired"))
    assert len(unpaired) == len(board["unpaired"])
    screenshot(app, "tandems")


def fill(app, field: str, text: str) -> None:
    """Replaces a form field's text as a person would: select all, then type."""
    element = app.find_element(*by_testid(f"form-{field}"))
    click(app, element)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(text)


def test_a_typed_application_is_refused_for_a_bad_email_then_created(app):
    before = open_applications(app)
    click(app, "application-new")
    wait(app).until(EC.visibility_of_element_located(by_testid("application-form")))
    first = wait(app).until(EC.visibility_of_element_located(by_testid("form-salutation")))
    # The focus starts in the first field; required fields carry their mark.
    wait(app).until(lambda s: s.switch_to.active_element == first)
    # Tab stays inside the dialog: backwards from the first field to its last button,
    # forwards from there to the first field again.
    first.send_keys(Keys.SHIFT, Keys.TAB)
    cancel = app.find_element(*by_testid("form-cancel"))
    wait(app).until(lambda s: s.switch_to.active_element == cancel)
    cancel.send_keys(Keys.TAB)
    wait(app).until(lambda s: s.switch_to.active_element == first)
    label = app.find_element(By.CSS_SELECTOR, 'label[for="form-email"]')
    assert "*" in label.text
    assert "*" not in app.find_element(By.CSS_SELECTOR, 'label[for="form-phone"]').text

    choose(app, first).select_by_visible_text("Frau")
    fill(app, "first_name", "Greta")
    fill(app, "last_name", "Sommer")
    fill(app, "email", "greta(at)leipzig.de")
    fill(app, "municipality", "Stadt Leipzig")
    fill(app, "state", "Sachsen")
    choose(app, "form-track").select_by_visible_text("Change")
    fill(app, "experience", "4,5")
    # Enter in a line submits the form.
    app.find_element(*by_testid("form-experience")).send_keys(Keys.ENTER)

    error = wait(app).until(EC.visibility_of_element_located(by_testid("form-error-email")))
    assert error.text == "ungültige E-Mail-Adresse „greta(at)leipzig.de“"
    assert error.get_attribute("data-code") == "import.invalid_email"
    email = app.find_element(*by_testid("form-email"))
    assert email.get_attribute("aria-invalid") == "true"
    wait(app).until(lambda s: s.switch_to.active_element == email)
    assert len(app.find_elements(By.CSS_SELECTOR, '[data-testid^="form-error-"]')) == 1
    assert len(listed(app.demo_db)) == before, "nothing is written for a refused form"
    screenshot(app, "application-form-error")

    # Leaving the fixed field checks it again and clears its error. Waiting for that
    # keeps the click on the button: the line's removal moves the button up, and a
    # click that straddles the move is lost (seen under load).
    fill(app, "email", "greta@leipzig.de")
    app.find_element(*by_testid("form-email")).send_keys(Keys.TAB)
    wait(app).until(lambda s: not s.find_elements(*by_testid("form-error-email")))
    click(app, "form-save")
    message = wait(app).until(EC.visibility_of_element_located(by_testid("form-message")))
    assert message.text == "Bewerbung angelegt."
    assert not app.find_elements(*by_testid("application-form"))
    count = app.find_element(*by_testid("applications-count"))
    wait(app).until(lambda s: int(count.get_attribute("data-total")) == before + 1)

    created = [a for a in listed(app.demo_db) if a["email"] == "greta@leipzig.de"]
    assert len(created) == 1
    new = created[0]
    assert (new["first_name"], new["last_name"], new["status"]) == ("Greta", "Sommer", "eingegangen")
    assert (new["track_role"], new["state"], new["experience_band"]) == ("change", "DE-SN", "3–10 Jahre")

    # The new application is open in the detail panel and its row is in view.
    panel = wait(app).until(EC.visibility_of_element_located(by_testid("detail-panel")))
    assert panel.get_attribute("data-id") == new["id"]
    row = wait(app).until(
        lambda s: s.find_element(By.CSS_SELECTOR, f'[data-testid="application-row"][data-id="{new["id"]}"]')
    )
    assert row.is_displayed() and "Sommer, Greta" in row.text
    screenshot(app, "application-created")

    # Bearbeiten opens the same form, filled; Escape closes it without saving.
    click(app, "detail-edit")
    wait(app).until(lambda s: s.find_element(*by_testid("form-email")).get_attribute("value") == "greta@leipzig.de")
    assert app.find_element(*by_testid("form-state")).get_attribute("value") == "Sachsen"
    fill(app, "job_title", "Jugendamtsleitung")
    app.find_element(*by_testid("form-job_title")).send_keys(Keys.ESCAPE)
    wait(app).until(lambda s: not s.find_elements(*by_testid("application-form")))
    assert app.find_element(*by_testid("detail-panel")).is_displayed(), "Escape closes only the form"

    click(app, "detail-edit")
    wait(app).until(lambda s: s.find_element(*by_testid("form-email")).get_attribute("value") == "greta@leipzig.de")
    fill(app, "experience", "12")
    click(app, "form-save")
    wait(app).until(lambda s: s.find_element(*by_testid("form-message")).text == "1 Angabe geändert.")
    entry = wait(app).until(
        lambda s: s.find_element(By.CSS_SELECTOR, '[data-testid="history-entry"][data-field="experience"]')
    )
    assert "4,5 → 12" in entry.text
    edited = next(a for a in listed(app.demo_db) if a["id"] == new["id"])
    assert edited["experience_band"] == "über 10 Jahre"


def test_experience_filter_uses_the_balance_bands(app):
    open_applications(app)
    expected = {}
    for a in listed(app.demo_db):
        expected[a["experience_band"]] = expected.get(a["experience_band"], 0) + 1
    select = choose(app, "filter-experience")
    labels = [o.text for o in select.options[1:]]
    assert [label.rsplit(" (", 1)[0] for label in labels][:3] == ["unter 3 Jahre", "3–10 Jahre", "über 10 Jahre"]
    for option in select.options[1:]:
        band = option.get_attribute("value")
        assert option.text == f"{band} ({expected[band]})"

    select.select_by_value("über 10 Jahre")
    count = app.find_element(*by_testid("applications-count"))
    wait(app).until(lambda s: count.get_attribute("data-shown") == str(expected["über 10 Jahre"]))
    screenshot(app, "experience-filter")


def test_a_pairing_is_changed_in_the_tandems_view(app):
    board = json.loads(kohorte(app.demo_db, "tandems", "--json").stdout)
    stored = [p for p in board["pairs"] if p["id"]]
    assert stored, "the demo has stored tandems"
    old = stored[0]
    new_planner = next(u for u in board["unpaired"] if u["role"] == "change")

    click(app, "nav-tandems")
    row = wait(app).until(
        lambda s: s.find_element(By.CSS_SELECTOR, f'[data-testid="tandem-pair"][data-id="{old["id"]}"]')
    )
    click(app, row.find_element(*by_testid("tandem-change")))
    assert choose(app, "pair-leader").first_selected_option.get_attribute("value") == old["leader"]
    choose(app, "pair-planner").select_by_value(new_planner["id"])
    warning = wait(app).until(EC.visibility_of_element_located(by_testid("pair-dissolves")))
    assert old["planner_name"] in warning.text
    screenshot(app, "tandem-change")
    click(app, "pair-submit")
    message = wait(app).until(EC.visibility_of_element_located(by_testid("tandems-message")))
    assert new_planner["name"] in message.text

    after = json.loads(kohorte(app.demo_db, "tandems", "--json").stdout)
    pairs = {(p["leader"], p["planner"]): p for p in after["pairs"] if p["id"]}
    assert (old["leader"], new_planner["id"]) in pairs
    assert pairs[(old["leader"], new_planner["id"])]["confirmed"] is True
    assert (old["leader"], old["planner"]) not in pairs
    # The old planner left the stored tandem (the board may propose them again).
    assert not any(old["planner"] in (p["leader"], p["planner"]) for p in pairs.values())
