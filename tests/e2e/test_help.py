"""Help in the real window: F1 and each view's "?" open that view's help, Esc closes it
and the focus returns; the Übersicht's first-start card shows on a new file until
"Verstanden", and not after a reload."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import screenshot
from test_layout import layout_problems, resize
from ui import by_testid, click, wait

# The sidebar's views and the title their help carries.
VIEWS = {
    "overview": "Übersicht",
    "applications": "Bewerbungen",
    "tandems": "Tandems",
    "balance": "Ausgewogenheit",
    "modules": "Module",
    "documents": "Dokumente",
    "export": "Export",
    "settings": "Einstellungen",
}


def press(app, key) -> None:
    """A key as the person types it: to whatever has the focus."""
    ActionChains(app).send_keys(key).perform()


def help_title(app) -> str:
    dialog = wait(app).until(lambda s: s.find_element(*by_testid("help-dialog")))
    wait(app).until(lambda s: dialog.is_displayed())
    return app.find_element(*by_testid("help-title")).text


def help_closed(app) -> None:
    wait(app).until(lambda s: not s.find_elements(*by_testid("help-dialog")), "help still open")


def focused_testid(app) -> str | None:
    return app.switch_to.active_element.get_attribute("data-testid")


def show(app, view: str) -> None:
    click(app, f"nav-{view}")
    wait(app).until(
        lambda s: s.find_element(*by_testid(f"nav-{view}")).get_attribute("aria-current") == "page"
    )


def test_f1_opens_the_help_of_the_current_view_and_esc_closes_it(app):
    for view, name in VIEWS.items():
        show(app, view)
        press(app, Keys.F1)
        assert help_title(app) == f"Hilfe: {name}"
        dialog = app.find_element(*by_testid("help-dialog"))
        assert dialog.get_attribute("data-view") == view
        # What the view is for and where the year goes next.
        assert len(app.find_element(*by_testid("help-purpose")).text) > 60
        assert app.find_element(*by_testid("help-next")).text.startswith("Weiter: ")
        press(app, Keys.ESCAPE)
        help_closed(app)
        # The focus is back where it was: the sidebar button just clicked.
        assert focused_testid(app) == f"nav-{view}"


def test_the_question_mark_opens_the_help_and_the_focus_returns_to_it(app):
    show(app, "tandems")
    button = wait(app).until(lambda s: s.find_element(*by_testid("help-button")))
    assert button.get_attribute("aria-label") == "Hilfe"
    click(app, button)
    assert help_title(app) == "Hilfe: Tandems"
    press(app, Keys.ESCAPE)
    help_closed(app)
    assert focused_testid(app) == "help-button"
    # Keyboard only: Enter on the focused "?" opens it again.
    press(app, Keys.ENTER)
    assert help_title(app) == "Hilfe: Tandems"
    # "Weiter: Ausgewogenheit" goes on in the year's workflow.
    click(app, "help-next")
    help_closed(app)
    wait(app).until(
        lambda s: s.find_element(*by_testid("nav-balance")).get_attribute("aria-current") == "page"
    )


def test_the_help_fits_the_smallest_window(app):
    resize(app, 960, 600)
    show(app, "documents")
    press(app, Keys.F1)
    assert help_title(app) == "Hilfe: Dokumente"
    screenshot(app, "help-960x600")
    assert layout_problems(app) == []


def test_the_first_start_card_shows_on_a_new_file_until_dismissed(app):
    overview = wait(app).until(lambda s: s.find_element(*by_testid("view-overview")))
    wait(app).until(lambda s: overview.get_attribute("data-intro") == "true")
    card = app.find_element(*by_testid("intro-card"))
    assert len(card.find_elements("css selector", "li")) == 3
    assert "Einstellungen" in card.text and "Bewerbungen" in card.text
    # The demo's figures stay in sight beside it.
    assert app.find_element(*by_testid("applications-total")).is_displayed()
    click(app, "intro-dismiss")
    wait(app).until(lambda s: not s.find_elements(*by_testid("intro-card")))

    app.refresh()
    overview = wait(app).until(lambda s: s.find_element(*by_testid("view-overview")))
    wait(app).until(lambda s: overview.get_attribute("data-intro") == "false")
    assert not app.find_elements(*by_testid("intro-card"))
