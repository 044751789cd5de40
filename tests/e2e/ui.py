"""How every window test finds, clicks and types: one place, robust by construction.

A click goes to an element only once it is in view, displayed and enabled, so a test
does not depend on the window's size, the machine's speed or how tall a view happens
to be. Retried briefly when the page moves under the pointer (a list re-rendering, a
line of text appearing above the target).
"""

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 20
_MOVING = (
    ElementClickInterceptedException,
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
)


def by_testid(value: str) -> tuple[str, str]:
    return By.CSS_SELECTOR, f'[data-testid="{value}"]'


def wait(session, timeout: float = TIMEOUT):
    return WebDriverWait(session, timeout, poll_frequency=0.1, ignored_exceptions=_MOVING)


def _resolve(session, target) -> WebElement:
    """`target` is an element, a data-testid or a (By, value) locator."""
    if isinstance(target, WebElement):
        return target
    locator = by_testid(target) if isinstance(target, str) else target
    return session.find_element(*locator)


def scroll_into_view(session, element: WebElement) -> None:
    session.execute_script(
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element
    )


def ready(session, target) -> WebElement:
    """The element once it is in view, displayed and enabled."""

    def usable(s):
        element = _resolve(s, target)
        scroll_into_view(s, element)
        return element if element.is_displayed() and element.is_enabled() else False

    return wait(session).until(usable, f"{target!r} is not displayed and enabled")


def click(session, target) -> None:
    def clicked(s):
        ready(s, target).click()
        return True

    wait(session).until(clicked, f"{target!r} could not be clicked")


def type_into(session, target, *keys) -> WebElement:
    element = ready(session, target)
    element.send_keys(*keys)
    return element


def choose(session, target) -> Select:
    """A <select>, in view, ready for select_by_value / select_by_visible_text."""
    return Select(ready(session, target))


def painted(session) -> None:
    """Waits until the app's fonts are loaded and two frames are painted."""
    session.execute_async_script(
        "const done = arguments[0];"
        "document.fonts.ready.then(() =>"
        " requestAnimationFrame(() => requestAnimationFrame(() => done())));"
    )
