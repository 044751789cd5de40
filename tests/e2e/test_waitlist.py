"""Moving up from the waitlist in the real window: a Zusage is withdrawn, the
Bewerbungen view proposes who moves up, one action gives the Zusage and writes the
letters."""

import json

from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, click, wait


def statuses(db) -> dict[str, str]:
    return {a["id"]: a["status"] for a in json.loads(kohorte(db, "list", "--json").stdout)}


def test_a_withdrawn_place_is_filled_from_the_waitlist_with_letters(app, tmp_path):
    db = app.demo_db
    before = statuses(db)
    waiting = {i for i, s in before.items() if s == "warteliste"}
    solo = next(
        a["id"]
        for a in json.loads(kohorte(db, "list", "--json").stdout)
        if a["status"] == "zugesagt" and not a.get("tandem_id")
    )
    kohorte(db, "set-status", solo, "zurueckgezogen")
    app.refresh()

    click(app, "nav-applications")
    card = wait(app).until(EC.visibility_of_element_located(by_testid("move-up")))
    # One line until opened, so the table keeps its room.
    assert not card.find_elements(*by_testid("move-up-person"))
    click(app, "move-up-toggle")
    wait(app).until(lambda s: card.find_elements(*by_testid("move-up-person")))
    names = [p.text for p in card.find_elements(*by_testid("move-up-person"))]
    assert names, "someone is proposed"
    screenshot(app, "waitlist-move-up")

    folder = tmp_path / "nachruecker"
    field = app.find_element(*by_testid("move-up-folder"))
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    with app.file_detector_context(UselessFileDetector):
        field.send_keys(str(folder))
    click(app, "move-up-apply")
    message = wait(app).until(EC.visibility_of_element_located(by_testid("move-up-message")))
    assert "Zugesagt:" in message.text

    after = statuses(db)
    promoted = {i for i in waiting if after[i] == "zugesagt"}
    assert len(promoted) == len(names)
    assert len(list(folder.glob("*.pdf"))) == len(names)
    # Nobody else changed.
    for i, s in before.items():
        if i not in promoted and i != solo:
            assert after[i] == s
