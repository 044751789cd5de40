"""Data safety in the window: a backup made and restored in Einstellungen, and a
damaged database answered by a screen that restores the newest good backup."""

import json
import sqlite3

from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig

from conftest import APP, kohorte
from ui import by_testid, click, painted, wait


def backups(db):
    return json.loads(kohorte(db, "backups", "--json").stdout)


def test_a_backup_is_made_listed_and_restored_in_einstellungen(app, status_json):
    db = app.demo_db
    click(app, by_testid("nav-settings"))
    wait(app).until(lambda s: s.find_elements(*by_testid("backup-row")))
    # The start backup: the file had no backup yet.
    assert [b["reason"] for b in backups(db)] == ["start"]
    click(app, by_testid("backup-create"))
    wait(app).until(lambda s: len(s.find_elements(*by_testid("backup-row"))) == 2)
    assert "Programm" in app.find_elements(*by_testid("backup-row"))[0].text
    assert "42 Bewerbungen" in app.find_elements(*by_testid("backup-row"))[0].text

    # A change after the backup, then the restore takes it back.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE application SET reviewer_notes = 'nach der Sicherung'")
    click(app, by_testid("backup-restore"))
    click(app, by_testid("restore-yes"))
    wait(app).until(lambda s: s.find_elements(*by_testid("backup-message")))
    with sqlite3.connect(db) as conn:
        changed = conn.execute(
            "SELECT count(*) FROM application WHERE reviewer_notes = 'nach der Sicherung'"
        ).fetchone()[0]
    assert changed == 0
    assert "restore" in [b["reason"] for b in backups(db)]


def test_a_damaged_database_opens_on_a_screen_that_restores_a_backup(driver_server, tmp_path):
    db = tmp_path / "kohorte.sqlite"
    kohorte(db, "demo")
    kohorte(db, "backup")
    data = bytearray(db.read_bytes())
    data[3 * 4096 : 6 * 4096] = b"\x42" * (3 * 4096)
    db.write_bytes(bytes(data))

    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": str(APP), "args": ["--db", str(db)]})
    session = webdriver.Remote(
        command_executor=driver_server,
        options=options,
        client_config=ClientConfig(remote_server_addr=driver_server),
    )
    session.implicitly_wait(0)
    try:
        painted(session)
        wait(session).until(lambda s: s.find_elements(*by_testid("database-problem")))
        screen = session.find_element(*by_testid("database-problem"))
        assert screen.get_attribute("data-code") == "store.damaged"
        assert "beschädigt" in screen.text
        click(session, by_testid("problem-restore"))
        wait(session).until(lambda s: s.find_elements(*by_testid("nav-overview")))
        assert kohorte(db, "status", "--json").returncode == 0
        assert "damaged" in [b["reason"] for b in backups(db)]
    finally:
        session.quit()


def test_a_person_is_deleted_from_the_detail_panel_after_a_confirmation(app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    db = app.demo_db
    people = json.loads(kohorte(db, "list", "--json").stdout)
    click(app, "nav-applications")
    first = wait(app).until(lambda s: s.find_element(*by_testid("application-row")))
    chosen = first.get_attribute("data-id")
    email = next(p["email"] for p in people if p["id"] == chosen)
    click(app, first.find_element(*by_testid("row-open")))
    wait(app).until(EC.visibility_of_element_located(by_testid("detail-panel")))

    click(app, "person-delete")
    listed = wait(app).until(EC.visibility_of_element_located(by_testid("person-confirm-list")))
    assert "1 Bewerbung" in listed.text
    assert "Änderungsverlauf" in listed.text
    # Cancelled, nothing goes.
    click(app, "person-confirm-no")
    assert any(p["id"] == chosen for p in json.loads(kohorte(db, "list", "--json").stdout))

    click(app, "person-delete")
    click(app, "person-confirm-yes")
    done = wait(app).until(EC.visibility_of_element_located(by_testid("person-done")))
    assert "gelöscht" in done.text
    assert not any(p["id"] == chosen for p in json.loads(kohorte(db, "list", "--json").stdout))
    assert email.encode() not in db.read_bytes()
    # The backup made before the deletion still holds the person: named, and pruned.
    click(app, "person-prune")
    wait(app).until(lambda s: "Sicherungen mit dieser Person sind gelöscht" in s.find_element(*by_testid("person-done")).text)
    click(app, "person-done-close")
    wait(app).until(lambda s: not s.find_elements(By.CSS_SELECTOR, f'[data-id="{chosen}"]'))


def test_the_window_cannot_be_navigated_to_another_origin(app):
    app.execute_script("window.__kohorte_marker = 'still here'")
    app.execute_script("window.location.href = 'https://example.org/'")
    # A round trip through the app after the attempt: the page and its state remain.
    click(app, "nav-settings")
    wait(app).until(lambda s: s.find_elements(*by_testid("data-safety")))
    assert app.execute_script("return window.__kohorte_marker") == "still here"
    assert app.current_url.startswith("tauri://localhost")


def test_retention_lists_and_deletes_only_after_a_confirmation(app):
    db = app.demo_db
    people = json.loads(kohorte(db, "list", "--json").stdout)
    fresh = [p["id"] for p in people if p["status"] == "eingegangen"][:2]
    kohorte(db, "set-status", *fresh, "in_pruefung")
    kohorte(db, "set-status", *fresh, "abgesagt")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE module SET start_date = '2022-06-01', end_date = '2022-06-02'")
    proposed = json.loads(kohorte(db, "retention", "--json").stdout)
    assert len(proposed) >= 2

    click(app, "nav-settings")
    click(app, "retention-check")
    listed = wait(app).until(lambda s: s.find_elements(*by_testid("retention-list")))
    assert len(listed[0].find_elements("css selector", "li")) == len(proposed)
    click(app, "retention-delete")
    assert len(json.loads(kohorte(db, "list", "--json").stdout)) == len(people), "not before the confirmation"
    click(app, "retention-yes")
    wait(app).until(lambda s: s.find_elements(*by_testid("retention-message")))
    assert len(json.loads(kohorte(db, "list", "--json").stdout)) == len(people) - len(proposed)
    wait(app).until(lambda s: s.find_elements(*by_testid("retention-empty")))
