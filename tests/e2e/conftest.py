"""Fixtures for driving the real Kohorte window.

tauri-driver (port 4444, or KOHORTE_E2E_PORT) forwards WebDriver calls to
WebKitWebDriver (the next port), which starts the app binary. Both ports must accept
connections before a session is created, or sessions flake (the WebKit driver starts
late).
"""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig

from ui import painted

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
APP = TARGET / "debug" / "kohorte-app"
CLI = TARGET / "debug" / "kohorte"
ARTIFACTS = TARGET / "e2e"


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} did not open within {timeout} s")


def kohorte(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), "--db", str(db), *args], check=True, capture_output=True, text=True
    )


# Two worktrees on one machine would share one driver on the default ports and refuse
# each other's sessions; KOHORTE_E2E_PORT moves a run to its own pair of ports.
PORT = int(os.environ.get("KOHORTE_E2E_PORT", "4444"))
NATIVE_PORT = PORT + 1


@pytest.fixture(scope="session")
def driver_server():
    driver_bin = shutil.which("tauri-driver") or str(Path.home() / ".cargo/bin/tauri-driver")
    proc = subprocess.Popen(
        [driver_bin, "--port", str(PORT), "--native-port", str(NATIVE_PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(PORT)
        wait_for_port(NATIVE_PORT)
        yield f"http://127.0.0.1:{PORT}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture()
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite"
    kohorte(db, "demo")
    return db


@pytest.fixture()
def app(driver_server, demo_db):
    """A Kohorte window on a fresh demo database."""
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability(
        "tauri:options", {"application": str(APP), "args": ["--db", str(demo_db)]}
    )
    # The address goes to both: without command_executor, selenium dials port 4444.
    session = webdriver.Remote(
        command_executor=driver_server,
        options=options,
        client_config=ClientConfig(remote_server_addr=driver_server),
    )
    session.implicitly_wait(0)
    session.demo_db = demo_db
    # Every test starts on a painted window with the app's own fonts in place.
    painted(session)
    try:
        yield session
    finally:
        session.quit()


@pytest.fixture()
def status_json():
    def read(db: Path) -> dict:
        return json.loads(kohorte(db, "status", "--json").stdout)

    return read


def screenshot(session, name: str) -> None:
    """Keeps a picture of what the test saw (target/e2e, never committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    painted(session)
    session.save_screenshot(str(ARTIFACTS / f"{name}.png"))
