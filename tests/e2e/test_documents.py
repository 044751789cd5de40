"""The Dokumente view: edit a letter template, preview it, generate letters as PDF."""

import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot


def by_testid(value: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{value}"]'


def wait(session, timeout: float = 20):
    return WebDriverWait(session, timeout, poll_frequency=0.1)


def open_documents(app):
    app.find_element(*by_testid("nav-documents")).click()
    editor = wait(app).until(EC.visibility_of_element_located(by_testid("template-editor")))
    wait(app).until(lambda s: editor.get_attribute("value").strip() != "")
    return editor


def type_into(editor, text: str) -> None:
    """Types as a person would; WebKitWebDriver puts the caret at the end of the text."""
    editor.click()
    editor.send_keys(text)


def text_of(app, element) -> str:
    # SVG text is read through the DOM: WebDriver's visible text skips some SVG nodes.
    return app.execute_script("return arguments[0].textContent", element)


def test_edited_template_is_previewed_and_generated_as_pdf(app, tmp_path):
    editor = open_documents(app)
    type_into(editor, "Sonnenblume ")
    wait(app).until(lambda s: "ungespeichert" in s.find_element(*by_testid("template-state")).text)
    assert not app.find_elements(*by_testid("template-error"))

    person = app.find_element(*by_testid("preview-person"))
    chosen = app.execute_script(
        "return arguments[0].options[arguments[0].selectedIndex].text", person
    )
    full_name = chosen.split(" – ")[0]
    last_name = full_name.split(" ")[-1]

    app.find_element(*by_testid("preview-button")).click()
    preview = wait(app).until(EC.visibility_of_element_located(by_testid("preview")))
    wait(app).until(lambda s: "Sonnenblume" in text_of(s, preview))
    assert last_name in text_of(app, preview)
    screenshot(app, "documents-preview")

    out = tmp_path / "briefe" / "zusagen.pdf"
    field = app.find_element(*by_testid("letter-out"))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(out))
    app.find_element(*by_testid("letter-generate")).click()
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


def test_saved_template_stays_after_switching_views(app):
    editor = open_documents(app)
    type_into(editor, "Gänseblümchen ")
    app.find_element(*by_testid("template-save")).click()
    wait(app).until(EC.visibility_of_element_located(by_testid("template-message")))
    app.find_element(*by_testid("nav-overview")).click()
    editor = open_documents(app)
    assert "Gänseblümchen" in editor.get_attribute("value")
    assert "eigene Vorlage" in app.find_element(*by_testid("template-state")).text

    app.find_element(*by_testid("template-reset")).click()
    wait(app).until(lambda s: "Gänseblümchen" not in editor.get_attribute("value"))


def test_unknown_placeholder_shows_the_german_error_next_to_the_editor(app):
    editor = open_documents(app)
    type_into(editor, "{{ vornahme }} ")
    error = wait(app).until(EC.visibility_of_element_located(by_testid("template-error")))
    assert error.get_attribute("data-code") == "documents.unknown_placeholder"
    assert "Unbekannter Platzhalter „vornahme“" in error.text
    screenshot(app, "documents-unknown-placeholder")

    # Saving is refused the same way.
    app.find_element(*by_testid("template-save")).click()
    assert "eigene Vorlage" not in app.find_element(*by_testid("template-state")).text
