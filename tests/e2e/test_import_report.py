"""The import panel says what happens to every row, before and after the import, and
names problem rows by person as well as by number."""

import json

from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, click, wait

HEADER = "Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad;Telefon\r\n"


def test_the_import_names_every_row_and_what_happened_to_it(app, tmp_path):
    listed = json.loads(kohorte(app.demo_db, "list", "--json").stdout)
    demo = next(a for a in listed if not a["late"])
    rows = (
        HEADER
        + "16.09.2025 09:41;Anna;Weber;anna@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Führung;\r\n"
        + "17.09.2025 10:00;Cem;Aydin;cem@halle.de;Stadt Halle;Preußen;kreisfreie Stadt;Change;\r\n"
        + "02.10.2025 10:00;Ben;Kurz;ben@koeln.de;Stadt Köln;NRW;kreisfreie Stadt;Change;\r\n"
        # The demo applicant again, with a new phone number: a duplicate to merge.
        + f"30.09.2025 23:00;{demo['first_name']};{demo['last_name']};{demo['email']};"
        + "Stadt Köln;NRW;kreisfreie Stadt;Change;0171 99\r\n"
    )
    path = tmp_path / "formular.csv"
    path.write_text(rows, encoding="utf-8")

    click(app, "nav-applications")
    click(app, "import-open")
    field = wait(app).until(EC.visibility_of_element_located(by_testid("import-path")))
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(path))
    click(app, "import-preview")
    wait(app).until(EC.visibility_of_element_located(by_testid("import-report")))

    # The preview names the invalid row by person, and lists every row.
    invalid = app.find_element(*by_testid("import-invalid-row"))
    assert invalid.get_attribute("data-row") == "3"
    assert "Cem Aydin, cem@halle.de" in invalid.text
    late = app.find_element(*by_testid("import-late-list"))
    assert "Zeile 4 (Ben Kurz, ben@koeln.de)" in late.text
    summary = app.find_element(*by_testid("import-summary"))
    assert "Zeile 3 (Cem Aydin, cem@halle.de)" in summary.text
    click(app, app.find_element(*by_testid("import-row-results")).find_element("css selector", "summary"))
    fates = {
        r.get_attribute("data-row"): r.get_attribute("data-fate")
        for r in app.find_elements(*by_testid("import-row-result"))
    }
    assert fates == {"2": "new", "3": "invalid", "4": "new", "5": "duplicate"}
    screenshot(app, "import-preview-rows")

    click(app, "import-skip-invalid")
    click(app, "import-merge-duplicates")
    click(app, "import-preview")
    name = f"{demo['first_name']} {demo['last_name']}"
    wait(app).until(
        lambda s: s.find_element(*by_testid("import-summary")).text
        == (
            f"4 Zeilen: 2 neue Bewerbungen, 1 Duplikat zum Zusammenführen (mit {name}), "
            "1 ungültige Zeile wird übersprungen – Zeile 3 (Cem Aydin, cem@halle.de), "
            "1 Zeile nach der Frist eingegangen."
        )
    )
    click(app, "import-commit")
    result = wait(app).until(EC.visibility_of_element_located(by_testid("import-result")))
    assert result.text == (
        f"4 Zeilen: 2 neue Bewerbungen importiert, 1 Duplikat zusammengeführt (mit {name}), "
        "1 ungültige Zeile übersprungen – Zeile 3 (Cem Aydin, cem@halle.de), "
        "1 Zeile nach der Frist eingegangen."
    ), result.text
    click(app, app.find_element(*by_testid("import-row-results")).find_element("css selector", "summary"))
    merged = app.find_element("css selector", '[data-testid="import-row-result"][data-row="5"]')
    assert merged.get_attribute("data-fate") == "merged"
    assert f"zusammengeführt mit der Bewerbung von {name}" in merged.text
    screenshot(app, "import-result-rows")

    emails = {a["email"] for a in json.loads(kohorte(app.demo_db, "list", "--json").stdout)}
    assert {"anna@koeln.de", "ben@koeln.de"} <= emails and "cem@halle.de" not in emails
