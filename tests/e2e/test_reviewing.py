"""Reviewing in the Bewerbungen view as a coordinator works through it: reading the
application in the detail panel, bulk changes that say what they will skip, a selection
that agrees with the list, and the keyboard review."""

import json
import sqlite3
import uuid

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, choose, click, type_into, wait

MOTIVATION = (
    "Als Leitung des Jugendamts möchte ich die integrierte Jugendhilfeplanung mit der "
    "Sozialraumorientierung verbinden. "
    * 6
    + "Ein_sehr_langes_Wort_ohne_Leerzeichen_das_nirgends_umbrechen_dürfte_aber_muss"
)


def listed(db) -> list[dict]:
    return json.loads(kohorte(db, "list", "--json").stdout)


def open_applications(app) -> None:
    click(app, "nav-applications")
    count = wait(app).until(EC.visibility_of_element_located(by_testid("applications-count")))
    wait(app).until(lambda s: int(count.get_attribute("data-total")) > 0)


def row_of(app, id_: str):
    return wait(app).until(
        lambda s: s.find_element(By.CSS_SELECTOR, f'[data-testid="application-row"][data-id="{id_}"]')
    )


def keys(app, *sequence) -> None:
    """Typed into whatever has the focus, as a person at the keyboard would."""
    ActionChains(app).send_keys(*sequence).perform()


def test_the_detail_panel_shows_the_application_as_sent(app):
    target = listed(app.demo_db)[0]
    with sqlite3.connect(app.demo_db) as db:
        db.execute(
            "UPDATE application SET motivation = ?, tandem_partner_text = ?, experience_years = 7.5"
            " WHERE id = ?",
            (MOTIVATION, "Jonas Beck, Jugendhilfeplanung", uuid.UUID(target["id"]).bytes),
        )
        db.execute(
            "UPDATE person SET dietary_needs = 'vegetarisch', accessibility_needs = 'Induktionsschleife'"
            " WHERE id = (SELECT person_id FROM application WHERE id = ?)",
            (uuid.UUID(target["id"]).bytes,),
        )
    open_applications(app)
    type_into(app, "applications-search", target["email"])
    click(app, row_of(app, target["id"]).find_element(*by_testid("row-open")))
    panel = wait(app).until(EC.visibility_of_element_located(by_testid("detail-panel")))
    motivation = wait(app).until(
        lambda s: (m := s.find_element(*by_testid("detail-motivation"))).text.strip() and m
    )
    assert motivation.text.replace("\n", " ").split() == MOTIVATION.split()
    fact = lambda field: app.find_element(*by_testid(f"detail-{field}")).text  # noqa: E731
    assert "Tandem laut Bewerbung" in fact("tandem_partner")
    assert "Jonas Beck, Jugendhilfeplanung" in fact("tandem_partner")
    assert "7,5 Jahre" in fact("experience")
    assert "vegetarisch" in fact("dietary_needs")
    assert "Induktionsschleife" in fact("accessibility_needs")
    assert any(job in fact("job_title") for job in ("Leitung Jugendamt", "Jugendhilfeplanung"))

    # Nothing clipped in the 340px panel: the long text wraps, no line sticks out.
    measured = app.execute_script(
        """
        const panel = arguments[0];
        const box = panel.getBoundingClientRect();
        const out = [...panel.querySelectorAll('[data-testid="detail-application"] *')]
          .filter((el) => el.getBoundingClientRect().right > box.right - 1);
        return {sideways: panel.scrollWidth > panel.clientWidth + 1, out: out.length,
                lines: Math.round(arguments[1].getBoundingClientRect().height)};
        """,
        panel,
        motivation,
    )
    assert not measured["sideways"] and measured["out"] == 0, measured
    assert measured["lines"] > 100, "the motivation wraps over many lines"
    screenshot(app, "review-detail-application")


def tick(app, ids: list[str]) -> None:
    selected = app.find_element(*by_testid("selected-count"))
    for n, id_ in enumerate(ids, start=1):
        click(app, row_of(app, id_).find_element(*by_testid("row-select")))
        wait(app).until(lambda s: selected.get_attribute("data-count") == str(n))


def plan_is(app, change: int, skipped: int):
    plan = app.find_element(*by_testid("bulk-plan"))
    wait(app).until(
        lambda s: plan.get_attribute("data-change") == str(change)
        and plan.get_attribute("data-skipped") == str(skipped)
    )
    return plan


def test_the_bulk_menu_offers_what_the_rows_allow_and_says_what_it_skips(app):
    open_applications(app)
    rendered = wait(app).until(
        lambda s: [(r.get_attribute("data-id"), r.get_attribute("data-status")) for r in s.find_elements(*by_testid("application-row"))]
    )
    received = [i for i, status in rendered if status == "eingegangen"][:2]
    reviewing = [i for i, status in rendered if status == "in_pruefung"][:1]
    assert len(received) == 2 and len(reviewing) == 1, "the demo's first rows hold both"
    chosen = received + reviewing
    table = app.find_element(*by_testid("applications-scroll"))
    view = app.find_element(*by_testid("view-applications"))
    # Measured from the view's top: ticking scrolls the page to the box (ui.click).
    top = table.rect["y"] - view.rect["y"]
    tick(app, chosen)
    assert table.rect["y"] - view.rect["y"] == top, "the plan line never moves the table"

    menu = choose(app, "bulk-status")
    wait(app).until(lambda s: "eingegangen" not in [o.get_attribute("value") for o in menu.options])
    offered = {o.get_attribute("value"): o.text for o in menu.options}
    assert offered["abgesagt"] == "abgesagt (3)", "ineligible ones are declined unreviewed"
    assert offered["zugesagt"] == "zugesagt (1)"
    assert offered["in_pruefung"] == "in Prüfung (2)"

    # Before it runs, the bar says how many a Zusage would skip and why.
    menu.select_by_value("zugesagt")
    plan = plan_is(app, 1, 2)
    skip = plan.find_element(*by_testid("bulk-plan-skip"))
    assert skip.get_attribute("data-reason") == "not_reviewed"
    assert "2 noch „eingegangen“" in skip.text
    assert plan.text == "1 ändert sich, 2 übersprungen – 2 noch „eingegangen“ (ungeprüft)"
    screenshot(app, "review-bulk-plan")

    click(app, "bulk-apply")
    message = wait(app).until(EC.visibility_of_element_located(by_testid("bulk-message")))
    assert message.text == "1 Status geändert, 2 übersprungen."
    status = {a["id"]: a["status"] for a in listed(app.demo_db)}
    assert [status[i] for i in chosen] == ["eingegangen", "eingegangen", "zugesagt"]

    # The plan follows the new statuses: all three may be declined, in one change.
    choose(app, "bulk-status").select_by_value("abgesagt")
    plan_is(app, 3, 0)
    click(app, "bulk-apply")
    wait(app).until(lambda s: s.find_element(*by_testid("bulk-message")).text == "3 Status geändert.")
    status = {a["id"]: a["status"] for a in listed(app.demo_db)}
    assert [status[i] for i in chosen] == ["abgesagt"] * 3

    click(app, "bulk-undo")
    wait(app).until(lambda s: "Rückgängig" in s.find_element(*by_testid("bulk-message")).text)
    status = {a["id"]: a["status"] for a in listed(app.demo_db)}
    assert [status[i] for i in chosen] == ["eingegangen", "eingegangen", "zugesagt"]


def test_the_selection_agrees_with_the_filtered_list_after_a_bulk_change(app):
    open_applications(app)
    choose(app, "filter-status").select_by_value("eingegangen")
    rows = by_testid("application-row")
    wait(app).until(lambda s: all(r.get_attribute("data-status") == "eingegangen" for r in s.find_elements(*rows)))
    chosen = [r.get_attribute("data-id") for r in app.find_elements(*rows)[:4]]
    tick(app, chosen)
    choose(app, "bulk-status").select_by_value("in_pruefung")
    plan_is(app, 4, 0)
    click(app, "bulk-apply")
    wait(app).until(EC.visibility_of_element_located(by_testid("bulk-message")))

    # The four left the filtered list, so they left the selection, and the bar says so.
    selected = app.find_element(*by_testid("selected-count"))
    wait(app).until(lambda s: selected.get_attribute("data-count") == "0")
    assert selected.text == "Keine ausgewählt"
    note = app.find_element(*by_testid("selection-note"))
    assert note.text == "4 nicht mehr angezeigt, daher abgewählt."
    assert not [i for i in chosen if app.find_elements(By.CSS_SELECTOR, f'[data-id="{i}"]')]
    assert not app.find_element(*by_testid("bulk-apply")).is_enabled()
    screenshot(app, "review-selection-after-bulk")

    # A new filter drops what it hides.
    choose(app, "filter-status").select_by_value("in_pruefung")
    wait(app).until(lambda s: all(r.get_attribute("data-status") == "in_pruefung" for r in s.find_elements(*rows)))
    tick(app, [r.get_attribute("data-id") for r in app.find_elements(*rows)[:2]])
    choose(app, "filter-status").select_by_value("eingegangen")
    wait(app).until(lambda s: selected.get_attribute("data-count") == "0")
    assert app.find_element(*by_testid("selection-note")).text == "2 nicht mehr angezeigt, daher abgewählt."


def test_the_keyboard_moves_through_the_table_opens_and_scores(app):
    open_applications(app)
    before = {a["id"]: a for a in listed(app.demo_db)}
    first = app.find_elements(*by_testid("application-row"))[0]
    first_id = first.get_attribute("data-id")
    # A click on a row opens it; Escape closes the panel and leaves the focus on the table.
    click(app, first.find_elements(By.TAG_NAME, "td")[2])
    wait(app).until(lambda s: s.find_element(*by_testid("detail-panel")).get_attribute("data-id") == first_id)
    keys(app, Keys.ESCAPE)
    wait(app).until(lambda s: not s.find_elements(*by_testid("detail-panel")))

    def current():
        return app.find_element(By.CSS_SELECTOR, '[data-testid="application-row"][data-current="true"]')

    keys(app, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    row = wait(app).until(lambda s: (r := current()).get_attribute("aria-rowindex") == "4" and r)
    second = row.get_attribute("data-id")
    keys(app, Keys.ENTER)
    panel = wait(app).until(lambda s: s.find_element(*by_testid("detail-panel")))
    assert panel.get_attribute("data-id") == second

    # Digits score the current row; the panel shows it.
    keys(app, "4")
    wait(app).until(lambda s: s.find_element(*by_testid("score")).get_attribute("data-score") == "4")
    assert next(a for a in listed(app.demo_db) if a["id"] == second)["score"] == 4

    # Far down the windowed table: the current row is rendered and in view, the panel follows.
    # (The table renders about 30 rows at first; the last one is far beyond them.)
    keys(app, *([Keys.ARROW_DOWN] * len(before)))
    wait(app).until(lambda s: current().get_attribute("aria-rowindex") == str(len(before) + 1))
    far = current().get_attribute("data-id")
    wait(app).until(lambda s: s.find_element(*by_testid("detail-panel")).get_attribute("data-id") == far)
    in_view = lambda: app.execute_script(  # noqa: E731
        """
        const wrap = document.querySelector('[data-testid="applications-scroll"]');
        const box = wrap.getBoundingClientRect();
        const head = wrap.querySelector("th").getBoundingClientRect();  // sticky
        const row = wrap.querySelector('[data-testid="application-row"][data-current="true"]').getBoundingClientRect();
        return {row: [row.top, row.bottom], room: [head.bottom, box.top + wrap.clientTop + wrap.clientHeight]};
        """
    )
    inside = lambda m: m["row"][0] >= m["room"][0] - 1 and m["row"][1] <= m["room"][1] + 1  # noqa: E731
    wait(app).until(lambda s: inside(in_view()), "the current row is not in view")
    keys(app, "2")
    wait(app).until(lambda s: s.find_element(*by_testid("score")).get_attribute("data-score") == "2")
    screenshot(app, "review-keyboard")

    # Typing into the notes is typing, not reviewing.
    notes = app.find_element(*by_testid("reviewer-notes"))
    click(app, notes)
    notes.send_keys("5 Jahre", Keys.ARROW_UP)
    assert notes.get_attribute("value") == "5 Jahre"
    assert app.find_element(*by_testid("score")).get_attribute("data-score") == "2"
    assert current().get_attribute("data-id") == far
    after = {a["id"]: a for a in listed(app.demo_db)}
    assert after[far]["score"] == 2
    changed = {i for i in after if after[i]["score"] != before[i]["score"]}
    assert changed <= {second, far}


def test_the_status_menu_applies_what_it_shows_after_the_offer_changed(app):
    """WebKit sends no change event when a pick lands where the previous pick stood:
    after abgesagt (third in its menu), Warteliste is third in the next menu, and the
    change must still be Warteliste, not the menu's first entry."""
    open_applications(app)
    rendered = wait(app).until(
        lambda s: [(r.get_attribute("data-id"), r.get_attribute("data-status")) for r in s.find_elements(*by_testid("application-row"))]
    )
    chosen = next(i for i, status in rendered if status == "eingegangen")
    tick(app, [chosen])
    for status in ("in_pruefung", "warteliste", "abgesagt", "warteliste", "abgesagt"):
        wait(app).until(lambda s: status in [o.get_attribute("value") for o in choose(s, "bulk-status").options])
        choose(app, "bulk-status").select_by_value(status)
        plan_is(app, 1, 0)
        click(app, "bulk-apply")
        wait(app).until(lambda s: row_of(s, chosen).get_attribute("data-status") == status, f"the row is not {status}")
        assert {a["id"]: a["status"] for a in listed(app.demo_db)}[chosen] == status
