"""The real Kohorte window, driven as a coordinator would use it."""

import json

from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from conftest import kohorte, screenshot
from ui import by_testid, click, wait


def test_overview_shows_the_figures_the_cli_reports(app, status_json):
    expected = status_json(app.demo_db)
    name = wait(app).until(EC.visibility_of_element_located(by_testid("programme-name")))
    assert name.text == expected["programme"]
    assert app.find_element(*by_testid("demo-banner")).is_displayed()
    assert app.find_element(*by_testid("applications-total")).text == str(expected["applications"])
    days = app.find_element(*by_testid("deadline-days")).get_attribute("data-days")
    assert int(days) == expected["days_until_deadline"]

    for track in expected["tracks"]:
        card = app.find_element(*by_testid(f"track-{track['role']}"))
        assert card.get_attribute("data-name") == track["name"]
        figure = lambda id: card.find_element(*by_testid(id)).get_attribute("textContent").strip()
        assert figure("capacity") == str(track["capacity"])
        assert figure("free-places") == str(track["free_places"])
        assert figure("fellow-taken") == str(track["fellow_places_taken"])
        assert figure("free-taken") == str(track["free_places_taken"])
        for status, count in track["by_status"].items():
            assert figure(f"count-{status}") == str(count), status
    screenshot(app, "overview")


def rows_rendered(app) -> bool:
    return len(app.find_elements(*by_testid("application-row"))) > 0


def scroll_table_to_end(app) -> None:
    table = app.find_element(*by_testid("applications-scroll"))
    app.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", table)


def rendered_rows(app) -> list[dict]:
    """The rows in the page, read in one script call (rows come and go while scrolling)."""
    return app.execute_script(
        """return [...document.querySelectorAll('[data-testid="application-row"]')].map(
            (r) => ({id: r.dataset.id, index: r.getAttribute("aria-rowindex"), text: r.textContent}))"""
    )


def test_search_narrows_the_applications_table(app, status_json):
    total = status_json(app.demo_db)["applications"]
    click(app, "nav-applications")
    rows = by_testid("application-row")
    # The table renders only the rows in view; the count says how many match.
    count = wait(app).until(EC.visibility_of_element_located(by_testid("applications-count")))
    wait(app).until(lambda s: count.get_attribute("data-shown") == str(total))
    assert rows_rendered(app)

    search = app.find_element(*by_testid("applications-search"))
    search.send_keys("Leipzig")
    wait(app).until(lambda s: len(s.find_elements(*rows)) < total)
    shown = app.find_elements(*rows)
    assert len(shown) == 2
    assert all("Leipzig" in row.text for row in shown)
    assert count.text == f"2 von {total} Bewerbungen"

    # Diacritics do not matter: "kruger" finds Tobias Krüger.
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys("kruger")
    wait(app).until(lambda s: len(s.find_elements(*rows)) == 1)
    assert "Krüger, Tobias" in app.find_element(*rows).text
    screenshot(app, "applications-search")

    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    wait(app).until(lambda s: count.get_attribute("data-shown") == str(total))


def test_sorting_by_name_reverses_the_order(app):
    click(app, "nav-applications")
    rows = by_testid("application-row")
    wait(app).until(lambda s: len(s.find_elements(*rows)) > 0)
    first = app.find_element(*rows).get_attribute("data-id")
    click(app, "sort-name")
    wait(app).until(lambda s: s.find_element(*rows).get_attribute("data-id") != first)
    # Only the rows in view are rendered: the old first row is the last one at the end.
    wait(app).until(lambda s: scroll_table_to_end(s) or rendered_rows(s)[-1]["id"] == first)


def test_every_view_is_a_working_view(app):
    views = ["overview", "applications", "tandems", "balance", "modules", "settings"]
    shown = {view: f"view-{view}" for view in views} | {
        "documents": "documents-view",
        "export": "export-view",
    }
    for view, testid in shown.items():
        click(app, f"nav-{view}")
        wait(app).until(EC.visibility_of_element_located(by_testid(testid)))
        assert not app.find_elements(*by_testid("placeholder")), f"{view} is still a placeholder"


def test_ten_thousand_applications_scroll_without_a_button(app, tmp_path):
    states = ["Sachsen", "Bayern", "Hessen", "Berlin", "Bremen", "Saarland"]
    lines = ["Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad"]
    for i in range(10_000):
        track = "Führung" if i % 2 else "Change"
        lines.append(
            f"16.09.2025 09:41;Vera{i:05d};Zylka{i:05d};v{i:05d}@beispiel.de;"
            f"Gemeinde {i % 300};{states[i % 6]};kreisangehörige Gemeinde;{track}"
        )
    path = tmp_path / "zehntausend.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    kohorte(app.demo_db, "import", str(path))
    total = len(json.loads(kohorte(app.demo_db, "list", "--json").stdout))
    assert total > 10_000

    click(app, "nav-applications")
    count = wait(app).until(EC.visibility_of_element_located(by_testid("applications-count")))
    wait(app).until(lambda s: count.get_attribute("data-shown") == str(total), "rows loaded")
    rows = by_testid("application-row")
    rendered = len(app.find_elements(*rows))
    assert 0 < rendered < 100, rendered
    assert not app.find_elements(*by_testid("show-more"))

    # Sorted by name, "Zylka09999" comes last of all (after the demo's names). Scrolled
    # again on each try, as a person would: the table may still be settling its height.
    def at_end(s) -> bool:
        scroll_table_to_end(s)
        return "Zylka09999" in rendered_rows(s)[-1]["text"]

    wait(app).until(at_end)
    shown = rendered_rows(app)
    assert len(shown) < 100
    assert shown[-1]["index"] == str(total + 1)
    assert app.find_elements(*rows)[-1].is_displayed()

    # Half way down, the rows around the middle are in the page.
    table = app.find_element(*by_testid("applications-scroll"))
    app.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight / 2", table)
    wait(app).until(
        lambda s: any(abs(int(r["index"]) - total // 2) < 30 for r in rendered_rows(s))
    )
    screenshot(app, "applications-10000")
