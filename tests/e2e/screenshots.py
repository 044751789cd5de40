"""The guide's pictures: the demo in the real window at 1280×820, one PNG per step of the
year, saved into docs/screenshots/.

Not a test_*.py file, so the normal suite does not collect it; `scripts/screenshots.sh`
runs it by name. It still asserts what it shows: each view reached its state and each
picture is a PNG of the window's size.
"""

import struct

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import ROOT
from test_layout import resize
from ui import by_testid, click, painted, wait

OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 820

FORM_EXPORT = (
    "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad\r\n"
    "16.09.2025 09:41;Anna;Weber;anna.weber@koeln.example;Stadt Köln;NRW;kreisfreie Stadt;Führung\r\n"
    "17.09.2025 10:00;Cem;Aydin;cem.aydin@halle.example;Stadt Halle;Preußen;kreisfreie Stadt;Change\r\n"
    "18.09.2025 14:12;Ben;Kurz;ben.kurz@koeln.example;Stadt Köln;NRW;kreisfreie Stadt;Change\r\n"
)


def visible(app, testid: str):
    return wait(app).until(EC.visibility_of_element_located(by_testid(testid)))


def top(app, element, around: str | None = None) -> None:
    """Scrolls the content pane so that `element` (or its closest `around`) starts at
    its top."""
    app.execute_script(
        "const el = arguments[1] ? arguments[0].closest(arguments[1]) : arguments[0];"
        "el.scrollIntoView({block: 'start'})",
        element,
        around,
    )


def shoot(app, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    painted(app)
    path = OUT / f"{name}.png"
    app.save_screenshot(str(path))
    with path.open("rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    assert struct.unpack(">II", head[16:24]) == (WIDTH, HEIGHT), path


def view(app, name: str) -> None:
    click(app, f"nav-{name}")
    wait(app).until(
        lambda s: s.find_element(*by_testid(f"nav-{name}")).get_attribute("aria-current") == "page"
    )
    app.execute_script("document.querySelector('main').scrollTop = 0")


def test_screenshots_of_the_year(app, tmp_path):
    resize(app, WIDTH, HEIGHT)

    # First start: the workflow in three sentences above the demo's figures.
    visible(app, "intro-card")
    visible(app, "applications-total")
    shoot(app, "01-uebersicht")

    view(app, "settings")
    visible(app, "settings-form")
    shoot(app, "02-einstellungen")

    view(app, "applications")
    click(app, "import-open")
    path = tmp_path / "formular.csv"
    path.write_text(FORM_EXPORT, encoding="utf-8")
    field = visible(app, "import-path")
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(path))
    click(app, "import-preview")
    visible(app, "import-report")
    top(app, visible(app, "import-panel"))
    shoot(app, "03-import")

    # Back in the view, the import panel is closed again.
    view(app, "tandems")
    view(app, "applications")
    click(app, "row-open")
    visible(app, "detail-panel")
    wait(app).until(lambda s: s.find_elements(*by_testid("detail-edit")))
    shoot(app, "04-bewerbungen")

    view(app, "tandems")
    visible(app, "tandem-pairs")
    shoot(app, "05-tandems")

    view(app, "balance")
    visible(app, "balance-map")
    shoot(app, "06-ausgewogenheit")

    click(app, "propose")
    visible(app, "proposal")
    top(app, visible(app, "assistant"))
    shoot(app, "07-auswahl")

    view(app, "documents")
    editor = visible(app, "template-editor")
    wait(app).until(lambda s: editor.get_attribute("value").strip() != "")
    click(app, "preview-button")
    visible(app, "preview")
    top(app, app.find_element(*by_testid("preview-button")), ".card")
    shoot(app, "08-briefe")

    view(app, "modules")
    visible(app, "module-1")
    shoot(app, "09-module")

    view(app, "documents")
    top(app, visible(app, "attendance"))
    shoot(app, "10-anwesenheit")

    view(app, "export")
    visible(app, "list-card")
    shoot(app, "11-export")

    view(app, "settings")
    retention = visible(app, "retention")
    click(app, "retention-check")
    top(app, retention)
    shoot(app, "12-aufbewahrung")

    # The help of a view, as F1 opens it.
    view(app, "applications")
    ActionChains(app).send_keys(Keys.F1).perform()
    visible(app, "help-dialog")
    shoot(app, "13-hilfe")
