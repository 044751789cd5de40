"""The Ausgewogenheit view: map, charts and the selection assistant in the real window."""

import json

from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, click, wait


def cli_json(db, *args):
    return json.loads(kohorte(db, *args, "--json").stdout)


def selected_by_state(report: dict, track) -> dict[str, int]:
    scope = next(s for s in report["scopes"] if s["track"] == track)
    states = next(d for d in scope["dimensions"] if d["dimension"] == "state")
    return {v["value"]: v["selected"] for v in states["values"]}


def open_balance(app):
    click(app, "nav-balance")
    wait(app).until(EC.visibility_of_element_located(by_testid("balance-map")))


def map_states(app) -> dict[str, tuple[int, str]]:
    paths = app.find_elements(*by_testid("map-state"))
    return {
        p.get_attribute("data-code"): (int(p.get_attribute("data-selected")), p.get_attribute("fill"))
        for p in paths
    }


def test_map_shows_the_sixteen_states_coloured_as_the_cli_counts(app):
    report = cli_json(app.demo_db, "balance")
    open_balance(app)

    for key, track in (("fuehrung", "fuehrung"), ("both", None)):
        click(app, f"scope-{key}")
        expected = selected_by_state(report, track)
        wait(app).until(
            lambda s: {c: n for c, (n, _) in map_states(s).items()} == expected
        )
        shown = map_states(app)
        assert len(shown) == 16 and all(code.startswith("DE-") for code in shown)
        coloured = {code for code, (n, _) in shown.items() if n > 0}
        assert coloured, "the demo has Zusagen in at least one state"
        blank = {fill for code, (n, fill) in shown.items() if n == 0}
        assert len(blank) <= 1
        assert all(shown[code][1] not in blank for code in coloured)

    # Hovering a state lists its applicants.
    code = max(shown, key=lambda c: shown[c][0])
    path = app.find_element(By.CSS_SELECTOR, f'[data-testid="map-state"][data-code="{code}"]')
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", path)
    ActionChains(app).move_to_element(path).perform()
    info = wait(app).until(EC.visibility_of_element_located(by_testid("map-info-state")))
    assert info.text
    assert app.find_elements(*by_testid("map-info-person"))

    # The other dimensions are bar charts with the same counts as the CLI.
    scope = next(s for s in report["scopes"] if s["track"] is None)
    regions = next(d for d in scope["dimensions"] if d["dimension"] == "region")
    chart = app.find_element(*by_testid("dimension-region"))
    for value in regions["values"]:
        if value["applicants"] == 0:
            continue
        row = chart.find_element(By.CSS_SELECTOR, f'[data-value="{value["value"]}"]')
        assert int(row.get_attribute("data-selected")) == value["selected"]
    screenshot(app, "balance-map")


def test_assistant_proposes_and_applies_a_cohort(app, status_json):
    db = app.demo_db
    before = status_json(db)
    expected = cli_json(db, "select")
    open_balance(app)

    click(app, "propose")
    wait(app).until(EC.visibility_of_element_located(by_testid("proposal")))
    for track in expected["tracks"]:
        card = app.find_element(*by_testid(f"proposal-track-{track['track']}"))
        rows = card.find_elements(*by_testid("proposal-selected"))
        assert [r.get_attribute("data-id") for r in rows] == [e["id"] for e in track["selected"]]
        reasons = [r.find_element(*by_testid("entry-reason")).text for r in rows]
        assert all(reasons), "every proposed person has a reason"
        waitlist = card.find_elements(*by_testid("proposal-waitlist"))
        assert [r.get_attribute("data-id") for r in waitlist] == [e["id"] for e in track["waitlist"]]
    changes = app.find_elements(*by_testid("change"))
    assert len(changes) == len(expected["changes"]) > 0
    app.execute_script("arguments[0].scrollIntoView()", app.find_element(*by_testid("proposal")))
    screenshot(app, "balance-proposal")

    click(app, "apply")
    message = wait(app).until(EC.visibility_of_element_located(by_testid("assistant-message")))
    assert str(len(expected["changes"])) in message.text

    # The file now holds the proposal: statuses changed, and a new proposal changes nothing.
    after = status_json(db)
    assert after != before
    for track in expected["tracks"]:
        counts = next(t for t in after["tracks"] if t["role"] == track["track"])["by_status"]
        assert counts["zugesagt"] == len(track["selected"])
    assert cli_json(db, "select")["changes"] == []
    # The figures in the view follow at once.
    report = cli_json(db, "balance")
    scope = next(s for s in report["scopes"] if s["track"] == "fuehrung")
    wait(app).until(lambda s: s.find_element(*by_testid("scope-selected")).text == str(scope["selected"]))
    app.execute_script("window.scrollTo(0, 0); document.querySelector('main').scrollTo(0, 0)")
    screenshot(app, "balance-applied")

    # Rückgängig restores the statuses from before.
    click(app, "undo")
    wait(app).until(lambda s: "Rückgängig" in s.find_element(*by_testid("assistant-message")).text)
    assert status_json(db) == before


def test_a_quota_typed_in_the_view_is_saved_and_its_violation_shown(app):
    open_balance(app)
    chart = app.find_element(*by_testid("dimension-region"))
    row = next(r for r in chart.find_elements(*by_testid("dimension-value"))
               if int(r.get_attribute("data-selected")) > 0)
    value = row.get_attribute("data-value")
    app.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    field = row.find_element(*by_testid("quota-max"))
    field.send_keys("0", Keys.TAB)
    wait(app).until(lambda s: any(
        v.get_attribute("data-code") == "quota_max" for v in s.find_elements(*by_testid("violation"))
    ))
    # The view saves on leaving the field; wait until the file holds it.
    stored = wait(app).until(lambda s: json.loads(kohorte(app.demo_db, "quotas").stdout))
    assert {"track": "fuehrung", "dimension": "region", "value": value, "max": 0}.items() <= stored[0].items()

    # A value that is no number is refused next to the field, and nothing is stored.
    row = chart.find_element(By.CSS_SELECTOR, f'[data-value="{value}"]')
    field = row.find_element(*by_testid("quota-min"))
    field.send_keys("zwei", Keys.TAB)
    error = wait(app).until(EC.visibility_of_element_located(by_testid("quota-error")))
    assert "ganze Zahl" in error.text
    assert json.loads(kohorte(app.demo_db, "quotas").stdout) == stored


def test_assistant_keeps_stated_tandems_and_offers_the_place_options(app):
    db = app.demo_db
    expected = cli_json(db, "select")
    open_balance(app)
    click(app, "propose")
    wait(app).until(EC.visibility_of_element_located(by_testid("proposal")))

    def list_of(name):
        for kind in ("selected", "waitlist"):
            for row in app.find_elements(*by_testid(f"proposal-{kind}")):
                if row.find_element(*by_testid("entry-name")).text.endswith(name):
                    return kind
        return None

    # The demo's stated tandem (offen, not confirmed) stays one unit.
    assert list_of("Andreas Gruber") is not None
    assert list_of("Andreas Gruber") == list_of("Lena Hartmann")
    # Every separated pair is named, as the CLI names it.
    shown = [li.text for li in app.find_elements(By.CSS_SELECTOR, '[data-testid="proposal-separated"] li')]
    assert shown == [p["message"] for p in expected["separated"]]
    # The group comes first, the list of changes after it.
    group = app.find_element(*by_testid("proposal-track-fuehrung"))
    changes = app.find_element(*by_testid("proposal-changes"))
    assert app.execute_script(
        "return (arguments[0].compareDocumentPosition(arguments[1]) & 4) !== 0", group, changes
    )
    # The options reach the assistant: unlocking Zusagen gives the CLI's unlocked proposal.
    release = app.find_element(*by_testid("release-fellow-places"))
    unlock = app.find_element(*by_testid("unlock-zusagen"))
    assert release.is_selected() and not unlock.is_selected()
    click(app, "unlock-zusagen")
    click(app, "propose")
    unlocked = cli_json(db, "select", "--unlock-zusagen")
    wanted = [e["id"] for t in unlocked["tracks"] for e in t["selected"]]
    def shown_ids(s):
        try:
            return [r.get_attribute("data-id") for r in s.find_elements(*by_testid("proposal-selected"))]
        except StaleElementReferenceException:
            return None

    wait(app).until(lambda s: shown_ids(s) == wanted)
    screenshot(app, "balance-proposal-options")
