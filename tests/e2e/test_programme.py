"""A real programme year in the real window: set up from an empty file, a module date
fixed and seen in the Übersicht and in a Zusage, several programmes side by side."""

import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, choose, click, type_into, wait

NAME = "Lernpfad Führung & Change 2027"


@pytest.fixture()
def demo_db(tmp_path: Path) -> Path:
    """Overrides conftest's: these tests start on a new, empty file."""
    return tmp_path / "neu.sqlite"


def text(app, testid: str) -> str:
    return wait(app).until(EC.visibility_of_element_located(by_testid(testid))).text


def replace_text(app, testid: str, value: str) -> None:
    field = type_into(app, testid, Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE, value, Keys.TAB)


def create_programme(app) -> None:
    wait(app).until(EC.visibility_of_element_located(by_testid("welcome")))
    screenshot(app, "programme-welcome")
    type_into(app, "welcome-name", NAME)
    click(app, "welcome-create")
    wait(app).until(lambda s: text(s, "programme-name") == NAME)


def test_a_programme_is_set_up_from_an_empty_file(app, tmp_path):
    create_programme(app)
    assert not app.find_elements(*by_testid("demo-banner"))

    click(app, "nav-settings")
    replace_text(app, "settings-organiser-name", "Landesjugendamt Nord")
    replace_text(app, "settings-signatory-name", "Dr. Karla Nommensen")
    replace_text(app, "settings-signatory-role", "Referatsleitung")
    replace_text(app, "settings-venue", "Tagungshaus am Westensee")
    # A wrong value is named next to its field and cannot be saved.
    replace_text(app, "track-change-free", "20")
    problem = text(app, "problem-tracks.change.free_places")
    assert "(20)" in problem and "(16)" in problem
    assert not app.find_element(*by_testid("settings-save")).is_enabled()
    replace_text(app, "track-change-free", "5")
    wait(app).until(lambda s: not s.find_elements(*by_testid("problem-tracks.change.free_places")))
    # This programme takes late applications: the assistant starts from that (below).
    click(app, "settings-accept-late")
    click(app, "settings-save")
    assert text(app, "settings-message") == "Gespeichert."

    # A fellow municipality by hand.
    type_into(app, "fellow-name", "Landkreis Görlitz")
    choose(app, "fellow-state").select_by_visible_text("Sachsen")
    click(app, "fellow-add-submit")
    wait(app).until(lambda s: text(s, "fellows-count") == "1 Fellow-Kommune")
    screenshot(app, "programme-settings")

    click(app, "nav-modules")
    replace_text(app, "module-1-start", "16.03.2027")
    # Two days by default: the end follows the start.
    wait(app).until(
        lambda s: s.find_element(*by_testid("module-1-end")).get_attribute("value") == "17.03.2027"
    )
    click(app, "module-1-save")
    assert text(app, "module-1-saved") == "Modul 1 gespeichert."
    screenshot(app, "programme-modules")

    click(app, "nav-overview")
    assert text(app, "overview-module-1-dates") == "16.03.2027 – 17.03.2027"
    places = app.find_element(*by_testid("track-change")).find_element(*by_testid("free-places"))
    assert places.get_attribute("textContent") == "5"

    # An applicant with a Zusage (through the CLI beside the window), then her letter.
    form = tmp_path / "formular.csv"
    form.write_text(
        "Vorname;Nachname;E-Mail;Straße;PLZ;Ort;Kommune;Bundesland;Art der Kommune;Lernpfad;Eingang\n"
        "Ilse;Brandt;ilse@kiel.example;Fleethörn 9;24103;Kiel;Landeshauptstadt Kiel;"
        "Schleswig-Holstein;kreisfreie Stadt;Change;10.01.2027 10:00\n",
        encoding="utf-8",
    )
    kohorte(app.demo_db, "import", str(form))
    listed = kohorte(app.demo_db, "list", "--json").stdout
    import json

    (row,) = json.loads(listed)
    kohorte(app.demo_db, "set-status", row["id"], "in_pruefung")
    kohorte(app.demo_db, "set-status", row["id"], "zugesagt")
    app.refresh()
    click(app, "nav-documents")
    out = tmp_path / "zusage.pdf"
    field = wait(app).until(EC.visibility_of_element_located(by_testid("letter-out")))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(out))
    click(app, "letter-generate")
    wait(app).until(EC.visibility_of_element_located(by_testid("written")))
    letter = subprocess.run(
        ["pdftotext", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "Landesjugendamt Nord",
        "Dr. Karla Nommensen",
        "Modul 1 „Auftakt“: 16.–17. März 2027",
        "Tagungshaus am Westensee",
        "Ilse Brandt",
    ):
        assert expected in letter, f"{expected!r} missing in the Zusage:\n{letter}"

    click(app, "nav-balance")
    wait(app).until(lambda s: s.find_element(*by_testid("include-late")).is_selected())


def test_the_demo_sits_beside_a_real_programme_and_goes_again(app):
    wait(app).until(EC.visibility_of_element_located(by_testid("welcome")))
    click(app, "welcome-demo")
    wait(app).until(EC.visibility_of_element_located(by_testid("demo-banner")))
    demo_name = text(app, "programme-name")

    click(app, "nav-settings")
    type_into(app, "new-programme-name", "Runde 2027")
    choose(app, "new-programme-from").select_by_visible_text(demo_name)
    click(app, "new-programme-create")
    wait(app).until(lambda s: "Runde 2027" in text(s, "settings-message"))
    assert not app.find_elements(*by_testid("demo-banner")), "the copy is real data"

    click(app, "nav-overview")
    assert text(app, "programme-name") == "Runde 2027"
    assert text(app, "applications-total") == "0"

    # The sidebar switches every view to the other programme.
    choose(app, "programme-switch").select_by_visible_text(f"{demo_name} (Demo)")
    wait(app).until(lambda s: text(s, "programme-name") == demo_name)
    assert text(app, "applications-total") == "42"
    wait(app).until(EC.visibility_of_element_located(by_testid("demo-banner")))

    click(app, "nav-settings")
    app.execute_script("window.confirm = () => true")
    click(app, "remove-demo")
    switch = wait(app).until(EC.visibility_of_element_located(by_testid("programme-switch")))
    wait(app).until(lambda s: [o.text for o in choose(s, "programme-switch").options] == ["Runde 2027"])
    assert not app.find_elements(*by_testid("demo-banner"))
    assert switch.is_displayed()
