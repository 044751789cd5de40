"""The real Kohorte window, driven as a coordinator would use it."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot


def by_testid(value: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{value}"]'


def wait(session, timeout: float = 20):
    return WebDriverWait(session, timeout, poll_frequency=0.1)


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


def test_search_narrows_the_applications_table(app, status_json):
    total = status_json(app.demo_db)["applications"]
    app.find_element(*by_testid("nav-applications")).click()
    rows = by_testid("application-row")
    wait(app).until(lambda s: len(s.find_elements(*rows)) == total)

    search = app.find_element(*by_testid("applications-search"))
    search.send_keys("Leipzig")
    wait(app).until(lambda s: len(s.find_elements(*rows)) < total)
    shown = app.find_elements(*rows)
    assert len(shown) == 2
    assert all("Leipzig" in row.text for row in shown)
    count = app.find_element(*by_testid("applications-count"))
    assert count.text == f"2 von {total} Bewerbungen"

    # Diacritics do not matter: "kruger" finds Tobias Krüger.
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys("kruger")
    wait(app).until(lambda s: len(s.find_elements(*rows)) == 1)
    assert "Krüger, Tobias" in app.find_element(*rows).text
    screenshot(app, "applications-search")

    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    wait(app).until(lambda s: len(s.find_elements(*rows)) == total)


def test_sorting_by_name_reverses_the_order(app):
    app.find_element(*by_testid("nav-applications")).click()
    rows = by_testid("application-row")
    wait(app).until(lambda s: len(s.find_elements(*rows)) > 0)
    first = app.find_element(*rows).get_attribute("data-id")
    app.find_element(*by_testid("sort-name")).click()
    wait(app).until(lambda s: s.find_element(*rows).get_attribute("data-id") != first)
    last = app.find_elements(*rows)[-1].get_attribute("data-id")
    assert last == first


def test_planned_views_say_so_honestly(app):
    for view in ["modules", "export", "settings"]:
        app.find_element(*by_testid(f"nav-{view}")).click()
        placeholder = wait(app).until(EC.visibility_of_element_located(by_testid("placeholder")))
        assert "Kommt bald" in placeholder.text
