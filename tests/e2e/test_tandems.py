"""The Tandems view and the Übersicht in the real window: one count of tandems everywhere,
and the shown (or selected) proposals confirmed in one step and undone in one."""

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, choose, click, wait


def board(db) -> dict:
    return json.loads(kohorte(db, "tandems", "--json").stdout)


def kinds_of(element) -> dict:
    return {k: int(element.get_attribute(f"data-{k}")) for k in ("confirmed", "stated", "proposed")}


def open_tandems(app):
    click(app, "nav-tandems")
    return wait(app).until(EC.visibility_of_element_located(by_testid("tandems-count")))


def test_the_overview_counts_tandems_as_the_tandems_view_does(app):
    counts = board(app.demo_db)["counts"]
    assert counts["total"] > counts["confirmed"], counts
    total = wait(app).until(EC.visibility_of_element_located(by_testid("tandems-total")))
    assert int(total.text) == counts["total"]
    overview = kinds_of(app.find_element(*by_testid("tandems-kinds")))
    assert overview == {k: counts[k] for k in ("confirmed", "stated", "proposed")}
    screenshot(app, "overview-tandems")

    count = open_tandems(app)
    assert int(count.get_attribute("data-total")) == counts["total"]
    assert kinds_of(count) == overview
    assert count.text.startswith(f"{counts['total']} Tandems: {counts['confirmed']} bestätigt")
    assert len(app.find_elements(*by_testid("tandem-pair"))) == counts["total"]


def test_shown_or_selected_proposals_are_confirmed_at_once_and_undone(app):
    before = board(app.demo_db)["counts"]
    assert before["proposed"] >= 2, before
    open_tandems(app)

    # Only the app's proposals shown: select two of them and confirm those.
    choose(app, "tandems-kind-filter").select_by_value("proposed")
    wait(app).until(
        lambda s: len(s.find_elements(*by_testid("tandem-pair"))) == before["proposed"]
    )
    rows = app.find_elements(*by_testid("tandem-pair"))
    assert {r.get_attribute("data-kind") for r in rows} == {"proposed"}
    button = app.find_element(*by_testid("tandems-confirm-many"))
    assert int(button.get_attribute("data-count")) == before["proposed"]
    for row in rows[:2]:
        click(app, row.find_element(*by_testid("tandem-select")))
    wait(app).until(lambda s: button.get_attribute("data-count") == "2")
    assert "Ausgewählte bestätigen (2)" in button.text
    screenshot(app, "tandems-selected")
    click(app, "tandems-confirm-many")
    message = wait(app).until(EC.visibility_of_element_located(by_testid("tandems-message")))
    assert "2 Tandems bestätigt." in message.text
    after = board(app.demo_db)["counts"]
    assert (after["confirmed"], after["proposed"]) == (before["confirmed"] + 2, before["proposed"] - 2)

    # All shown at once (every kind), then undone in one step.
    choose(app, "tandems-kind-filter").select_by_value("")
    open_now = after["total"] - after["confirmed"]
    wait(app).until(lambda s: s.find_element(*by_testid("tandems-confirm-many")).get_attribute("data-count") == str(open_now))
    click(app, "tandems-confirm-many")
    wait(app).until(lambda s: f"{open_now} Tandems bestätigt." in s.find_element(*by_testid("tandems-message")).text)
    counts = board(app.demo_db)["counts"]
    assert counts["confirmed"] == counts["total"] == before["total"]
    count = app.find_element(*by_testid("tandems-count"))
    wait(app).until(lambda s: count.get_attribute("data-confirmed") == str(before["total"]))

    click(app, "tandems-undo")
    wait(app).until(lambda s: "zurückgenommen" in s.find_element(*by_testid("tandems-message")).text)
    assert board(app.demo_db)["counts"] == after
    wait(app).until(lambda s: kinds_of(s.find_element(*by_testid("tandems-count")))["proposed"] == after["proposed"])
    assert not app.find_elements(By.CSS_SELECTOR, '[data-testid="tandems-undo"]')
