"""Speed of the release window on 10,000 applications (issue 14), measured in the page.

Run by `scripts/bench.sh window` (which builds the release app and the database), not
by `pytest tests/e2e`. Each action is started by a script inside the page and timed
there with performance.now(), from the event to the frame that shows its result (the
next animation frame in which the result is in the DOM, then the paint after it), so
WebDriver's own latency does not count:
- open: a click on "Bewerbungen" in the sidebar until the table shows its rows;
- filter: choosing a value in a filter (status, track, federal state, and back to all);
- search: each keystroke of a 9-character search typed, then erased;
- status: "Status setzen" for one selected application until its row shows the status.

    python window.py APP DB    prints one line per action: NAME median MS max MS (N: ...)
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from ui import by_testid, choose, click, painted, wait  # noqa: E402

PORT = int(os.environ.get("KOHORTE_E2E_PORT", "4444"))

# Runs ACTION, then waits frame by frame until SETTLED is true and returns the time to
# the paint after that frame (a setTimeout queued in the frame runs after its paint).
TIMED = """
const done = arguments[arguments.length - 1];
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const before = $("applications-count")?.dataset.shown;
const settled = () => (SETTLED);
const start = performance.now();
let script = -1;
ACTION;
// After every microtask the action queued (Svelte's updates): the script's share.
setTimeout(() => (script = performance.now() - start), 0);
const poll = () => {
  if (settled()) setTimeout(() => done([performance.now() - start, script]), 0);
  else if (performance.now() - start > 55000) done([-1, script]);
  else requestAnimationFrame(poll);
};
requestAnimationFrame(poll);
"""


PROFILE = """
const done = arguments[arguments.length - 1];
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
(async () => {
  const ipc = [], sort = [], fold = [];
  let rows = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    rows = await window.__TAURI_INTERNALS__.invoke("applications");
    ipc.push(performance.now() - start);
  }
  const collator = new Intl.Collator("de", { sensitivity: "base", numeric: true });
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const keys = new Map(rows.map((r) => [r.id, `${r.last_name} ${r.first_name}`]));
    [...rows].sort((a, b) => collator.compare(keys.get(a.id), keys.get(b.id)));
    sort.push(performance.now() - start);
  }
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    rows.map((r) => [r.first_name, r.last_name, r.email, r.municipality, r.state_name, r.state, r.track]
      .join(" ").toLocaleLowerCase("de").normalize("NFD").replace(/\\p{Diacritic}/gu, ""));
    fold.push(performance.now() - start);
  }
  done({ ipc: median(ipc), collate: median(sort), fold: median(fold) });
})();
"""


# The script's share of each timed action (until its updates ran), per action name.
SCRIPT: dict[str, list[float]] = {}


def timed(session, action: str, settled: str = "true", name: str = "") -> float:
    ms, script = session.execute_async_script(TIMED.replace("ACTION", action).replace("SETTLED", settled))
    if name and script >= 0:
        SCRIPT.setdefault(name, []).append(script)
    if ms < 0:
        seen = session.execute_script(
            "return [document.querySelector('[data-testid=\"bulk-error\"]')?.textContent,"
            " [...document.querySelectorAll('[data-testid=\"application-row\"]')].map((r) => r.dataset.status).join()]"
        )
        raise RuntimeError(f"did not settle: {action} (page: {seen})")
    return ms


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} did not open")


def quiet(session) -> None:
    """Lets pending work finish (the search texts are folded after a load)."""
    time.sleep(0.5)
    painted(session)


def main() -> None:
    app, db = sys.argv[1], sys.argv[2]
    driver_bin = shutil.which("tauri-driver") or str(Path.home() / ".cargo/bin/tauri-driver")
    server = subprocess.Popen(
        [driver_bin, "--port", str(PORT), "--native-port", str(PORT + 1)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(PORT)
        wait_for_port(PORT + 1)
        address = f"http://127.0.0.1:{PORT}"
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": app, "args": ["--db", db]})
        session = webdriver.Remote(
            command_executor=address, options=options, client_config=ClientConfig(remote_server_addr=address)
        )
        try:
            session.set_script_timeout(90)
            run(session)
        finally:
            session.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(session) -> None:
    wait(session, 60).until(lambda s: s.find_elements(*by_testid("view-overview")))
    painted(session)
    figures: dict[str, list[float]] = {"open": [], "filter": [], "search": []}
    rows_shown = "document.querySelector('[data-testid=\"application-row\"]') !== null"

    # Open Bewerbungen from the Übersicht, five times.
    for _ in range(5):
        click(session, "nav-overview")
        wait(session).until(lambda s: s.find_elements(*by_testid("view-overview")))
        quiet(session)
        figures["open"].append(
            timed(
                session,
                '$("nav-applications").click()',
                f'{rows_shown} && $("applications-count")?.dataset.total > 10000',
                "open",
            )
        )
    quiet(session)
    total = session.find_element(*by_testid("applications-count")).get_attribute("data-total")

    # Filters: a value, then back to all, in three facets.
    def choose_in(testid: str, value: str) -> str:
        return (
            f'(() => {{ const s = $("{testid}"); s.value = "{value}";'
            ' s.dispatchEvent(new Event("change", { bubbles: true })); })()'
        )

    for facet in ("status", "track", "state"):
        values = session.execute_script(
            f'return [...document.querySelectorAll(\'[data-testid="filter-{facet}"] option\')].map((o) => o.value)'
        )
        for value in [values[1], "", values[-1], ""]:
            figures["filter"].append(timed(session, choose_in(f"filter-{facet}", value), "true", "filter"))
            quiet(session)
    assert session.find_element(*by_testid("applications-count")).get_attribute("data-shown") == total

    # Search: typed key by key, then erased key by key.
    query = os.environ.get("BENCH_QUERY", "stadt 123")
    for _ in range(2):
        for i in range(1, len(query) + 1):
            figures["search"].append(timed(session, type_action(query[:i]), "true", "search"))
        shown = session.find_element(*by_testid("applications-count")).get_attribute("data-shown")
        assert 0 < int(shown) < int(total), shown
        for i in range(len(query) - 1, -1, -1):
            figures["search"].append(timed(session, type_action(query[:i]), "true", "search"))
        quiet(session)

    report(figures, total)
    # Status: one application selected, through the statuses the rules allow in turn.
    row = next(
        r for r in session.find_elements(*by_testid("application-row")) if r.get_attribute("data-status") == "eingegangen"
    )
    row_id = row.get_attribute("data-id")
    click(session, row.find_element(*by_testid("row-select")))
    figures["status"] = []
    for status in ("in_pruefung", "warteliste", "abgesagt", "warteliste", "abgesagt", "in_pruefung"):
        wait(session).until(
            lambda s: status in [o.get_attribute("value") for o in choose(s, "bulk-status").options]
        )
        choose(session, "bulk-status").select_by_value(status)
        wait(session).until(
            lambda s: s.find_element(*by_testid("bulk-apply")).is_enabled(), "plan ready"
        )
        figures["status"].append(
            timed(
                session,
                '$("bulk-apply").click()',
                f'document.querySelector(\'tr[data-id="{row_id}"]\')?.dataset.status === "{status}"',
                "status",
            )
        )
        quiet(session)

    # Where the time of a full reload goes, measured apart: the 10,000 rows through IPC
    # (serialised, sent, parsed), collating the names as the "Name" column does, and
    # folding every row's search text.
    profile = session.execute_async_script(PROFILE)
    print("profile " + " ".join(f"{k} {v:.0f}" for k, v in profile.items()))
    report({"status": figures["status"]}, None)
    # Not table rows (scripts/bench-app.sh reads only the names above): where the time
    # of each action went, the script's share until its updates ran, the rest painting.
    report({f"{name}-script": values for name, values in SCRIPT.items()}, None)


def report(figures: dict[str, list[float]], total) -> None:
    if total:
        print(f"rows {total}")
    for name, values in figures.items():
        print(
            f"{name} median {statistics.median(values):.0f} max {max(values):.0f}"
            f" ({len(values)}: {', '.join(f'{v:.0f}' for v in values)} ms)",
            flush=True,
        )


def type_action(text: str) -> str:
    """Sets the search field to `text` as one keystroke does (an input event)."""
    return (
        '(() => { const f = $("applications-search");'
        f" f.value = {text!r}; f.dispatchEvent(new InputEvent(\"input\", {{ bubbles: true }})); }})()"
    )


if __name__ == "__main__":
    main()
