"""Letter runs in the Dokumente view: the summary before a run, duplex printing, and
leaving out those who already have a letter of this kind."""

import sqlite3
import subprocess

from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import screenshot
from ui import by_testid, click, wait


def summary_of(app):
    return wait(app).until(EC.visibility_of_element_located(by_testid("letter-summary")))


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(l for l in info.splitlines() if l.startswith("Pages:")).split()[1])


def test_summary_before_a_run_duplex_and_leaving_out_those_written_to(app, tmp_path):
    # One confirmed person has no street and postal code on record.
    with sqlite3.connect(app.demo_db) as db:
        db.execute("UPDATE person SET street = '', postal_code = '' WHERE last_name = 'Sommer'")

    click(app, "nav-documents")
    summary = summary_of(app)
    recipients = int(summary.get_attribute("data-recipients"))
    assert recipients > 0
    assert summary.get_attribute("data-written") == "0"
    assert summary.get_attribute("data-without-address") == "1"
    assert f"{recipients} Personen erhalten eine Zusage" in summary.text
    address = app.find_element(*by_testid("letter-summary-address"))
    assert "Martina Sommer" in address.text
    assert not app.find_elements(*by_testid("letter-skip-written"))

    out = tmp_path / "zusagen-duplex.pdf"
    click(app, "letter-duplex")
    field = app.find_element(*by_testid("letter-out"))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(out))
    click(app, "letter-generate")
    wait(app).until(EC.visibility_of_element_located(by_testid("written")))
    assert out.exists()
    # Every letter starts on an odd page: the whole file has an even page count, and
    # each page with a return-address line (a letter's first) is odd.
    n = pages(out)
    assert n % 2 == 0 and n >= 2 * recipients - 2, n
    for page in range(2, n + 1, 2):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(out), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert "Musterstraße 12" not in text, f"a letter starts on page {page}"

    # After the run the summary counts everyone as written to, and offers to leave
    # them out; with all left out the run refuses and writes nothing.
    wait(app).until(
        lambda s: s.find_element(*by_testid("letter-summary")).get_attribute("data-written")
        == str(recipients)
    )
    written = app.find_element(*by_testid("letter-summary-written"))
    assert f"{recipients} Personen haben bereits eine Zusage" in written.text
    click(app, "letter-skip-written")
    wait(app).until(
        lambda s: "0 Personen erhalten" in s.find_element(*by_testid("letter-summary-count")).text
    )
    screenshot(app, "letters-summary")
    again = tmp_path / "nochmal.pdf"
    field = app.find_element(*by_testid("letter-out"))
    field.clear()
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(again))
    click(app, "letter-generate")
    error = wait(app).until(EC.visibility_of_element_located(by_testid("generate-error")))
    assert error.get_attribute("data-code") == "documents.all_written"
    assert not again.exists()
