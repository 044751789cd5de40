"""Every view at the window's two sizes, measured as a coordinator would see it.

At 1280×820 (the window's default) and 960×600 (its minimum) no view may scroll
sideways, no control may stand past the window's right edge, a select's text must fit
its box, and text cut with an ellipsis must carry a tooltip with the whole text. The
screenshots land in target/e2e/layout-*.png, to be looked at.
"""

from conftest import kohorte, screenshot
from ui import by_testid, click, painted, wait

SIZES = [(1280, 820), (960, 600)]

# Measured in the page, in one script: what a person would call clipped or sideways.
MEASURE = r"""
const describe = (el) => {
  const id = el.dataset && el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : "";
  const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
  return `${el.tagName.toLowerCase()}${id}${cls}`;
};
const visible = (el) => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return false;
  const s = getComputedStyle(el);
  return s.visibility !== "hidden" && s.display !== "none";
};
const problems = [];
// What sticks out of a scroll container on the right: the outermost such elements.
const culprits = (box) => {
  const edge = box.getBoundingClientRect().right;
  const out = [...box.querySelectorAll("*")].filter((el) => visible(el) && el.getBoundingClientRect().right > edge + 1);
  const sticking = out.filter((el) => !out.includes(el.parentElement));
  // Nothing sticks out: then something inside is wider than its own box.
  const wide = [...box.querySelectorAll("*")].filter((el) => visible(el) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0);
  return (sticking.length ? sticking : wide.slice(-3)).slice(0, 3).map(describe).join(", ");
};
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth + 1) problems.push(`the window scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
const width = root.clientWidth;
for (const el of document.querySelectorAll("body *")) {
  if (!visible(el)) continue;
  const s = getComputedStyle(el);
  if ((s.overflowX === "auto" || s.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1)
    problems.push(`scrolls sideways: ${describe(el)} (${el.scrollWidth} > ${el.clientWidth}) because of ${culprits(el)}`);
  if (s.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1 && !el.closest("[title]"))
    problems.push(`cut without a tooltip: ${describe(el)}`);
}
for (const el of document.querySelectorAll("button, input, select, textarea, a, label")) {
  if (!visible(el)) continue;
  const r = el.getBoundingClientRect();
  if (r.right > width + 1) problems.push(`past the right edge: ${describe(el)} (right ${Math.round(r.right)} > ${width})`);
}
for (const el of document.querySelectorAll("select")) {
  if (!visible(el)) continue;
  const s = getComputedStyle(el);
  const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;
  const inner = el.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
  if (inner + 1 < parseFloat(s.fontSize)) problems.push(`text cut vertically: ${describe(el)} (${inner} < ${s.fontSize})`);
}
return [...new Set(problems)];
"""


def layout_problems(app) -> list[str]:
    painted(app)
    return app.execute_script(MEASURE)


def resize(app, width: int, height: int) -> None:
    app.set_window_rect(width=width, height=height)
    wait(app).until(
        lambda s: s.execute_script("return [window.innerWidth, window.innerHeight]")
        == [width, height],
        f"the window did not take {width}×{height}",
    )


def show_overview(app):
    wait(app).until(lambda s: s.find_element(*by_testid("programme-name")).is_displayed())


def show_applications(app):
    click(app, "nav-applications")
    wait(app).until(lambda s: s.find_elements(*by_testid("application-row")))


def show_application_detail(app):
    show_applications(app)
    click(app, "row-open")
    wait(app).until(lambda s: s.find_element(*by_testid("detail-panel")).is_displayed())
    wait(app).until(lambda s: s.find_elements(*by_testid("detail-edit")))


def show_import(app):
    show_applications(app)
    click(app, "import-open")
    wait(app).until(lambda s: s.find_element(*by_testid("import-path")).is_displayed())


def show_tandems(app):
    click(app, "nav-tandems")
    wait(app).until(lambda s: s.find_element(*by_testid("tandem-pairs")).is_displayed())


def show_balance(app):
    click(app, "nav-balance")
    wait(app).until(lambda s: s.find_element(*by_testid("balance-map")).is_displayed())


def show_proposal(app):
    show_balance(app)
    click(app, "propose")
    wait(app).until(lambda s: s.find_element(*by_testid("proposal")).is_displayed())


def show_documents(app):
    click(app, "nav-documents")
    editor = wait(app).until(lambda s: s.find_element(*by_testid("template-editor")))
    wait(app).until(lambda s: editor.get_attribute("value").strip() != "")


def show_preview(app):
    show_documents(app)
    click(app, "preview-button")
    wait(app).until(lambda s: s.find_element(*by_testid("preview")).is_displayed())


def show_settings(app):
    click(app, "nav-settings")
    wait(app).until(lambda s: s.find_elements(*by_testid("backup-row")))


def show_placeholder(view):
    def show(app):
        click(app, f"nav-{view}")
        wait(app).until(lambda s: s.find_element(*by_testid("placeholder")).is_displayed())

    return show


VIEWS = {
    "overview": show_overview,
    "applications": show_applications,
    "application-detail": show_application_detail,
    "import": show_import,
    "tandems": show_tandems,
    "balance": show_balance,
    "balance-proposal": show_proposal,
    "documents": show_documents,
    "documents-preview": show_preview,
    "modules": show_placeholder("modules"),
    "export": show_placeholder("export"),
    "settings": show_settings,
}


def screenshot_pages(app, name: str, most: int = 3) -> None:
    """The view from top to bottom, one screenshot per screenful of the content pane."""
    pane = app.find_element("css selector", "main")
    height = app.execute_script("return arguments[0].clientHeight", pane)
    total = app.execute_script("return arguments[0].scrollHeight", pane)
    for page in range(min(most, -(-total // height))):
        app.execute_script("arguments[0].scrollTop = arguments[1]", pane, page * height)
        screenshot(app, f"{name}-{page + 1}")
    app.execute_script("arguments[0].scrollTop = 0", pane)


# The views whose content grows with the number of applications.
LARGE = ["overview", "applications", "application-detail", "import", "tandems", "balance-proposal"]


def measure_every_view(app, label: str, views=VIEWS) -> dict[str, list[str]]:
    found = {}
    for width, height in SIZES:
        resize(app, width, height)
        for name in views:
            show = VIEWS[name]
            click(app, "nav-overview")
            show(app)
            problems = layout_problems(app)
            if problems:
                found[f"{name} at {width}×{height}"] = problems
            screenshot_pages(app, f"layout-{label}-{name}-{width}x{height}")
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{view}:\n  " + "\n  ".join(problems) for view, problems in found.items())


def test_no_view_is_clipped_or_scrolls_sideways_with_the_demo(app):
    found = measure_every_view(app, "demo")
    assert not found, report(found)


def test_no_view_is_clipped_or_scrolls_sideways_with_ten_thousand_applications(app, tmp_path):
    lines = ["Eingang;Vorname;Nachname;E-Mail;Kommune;Bundesland;Art der Kommune;Lernpfad"]
    for i in range(10_000):
        track = "Führung" if i % 2 else "Change"
        # Long real-world names: a double name, a long municipality.
        lines.append(
            f"{1 + i % 28:02d}.10.2025 09:41;Annemarie-Luise{i:05d};"
            f"Freifrau von Hohenzollern-Sigmaringen{i:05d};a{i:05d}@beispiel.de;"
            f"Verbandsgemeinde Bad Neuenahr-Ahrweiler-Grafschaft {i % 300};"
            f"Rheinland-Pfalz;kreisangehörige Gemeinde;{track}"
        )
    path = tmp_path / "zehntausend.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    kohorte(app.demo_db, "import", str(path))
    app.refresh()
    found = measure_every_view(app, "10000", LARGE)
    assert not found, report(found)


def test_the_measure_sees_a_control_past_the_edge(app):
    """The check above can fail: a button pushed past the window's edge is reported."""
    app.execute_script(
        "const b = document.createElement('button');"
        "b.textContent = 'zu breit'; b.style.marginLeft = '3000px';"
        "document.querySelector('.content').appendChild(b);"
    )
    problems = layout_problems(app)
    assert any("past the right edge" in p for p in problems), problems
    assert any("scrolls sideways" in p for p in problems), problems
