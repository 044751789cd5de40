"""Launch time and memory of the release app next to a bare Tauri window (issue 14).

Run by scripts/bench-app.sh launch (which builds both and makes the databases), under Xvfb.
Each launch is timed from the moment the process is started to the line its page
prints once painted: Kohorte's "launch-probe: overview" (KOHORTE_LAUNCH_PROBE=1, when the
Übersicht shows its figures), the bare window's "launch-probe: page". Then, once the
processes settled, the memory of the app and every process it started (WebKitWebProcess,
WebKitNetworkProcess, the sandbox around them) is summed from /proc/PID/smaps_rollup.
The subjects take turns, so a busy moment on the machine hits all of them alike; the
first round only warms the caches (and lets Kohorte make its start-up backup).

    python3 bench_launch.py ROUNDS SETTLE_S NAME=COMMAND... [NAME=COMMAND ...]
prints per subject: "NAME launch MEDIAN_MS pss MEDIAN_MB rss MEDIAN_MB (N runs: ...)",
then the breakdown: "NAME at MARK MEDIAN_MS" for every "launch-mark: MARK UNIX_MS" line
the subject printed before its probe (the shell's main, setup and database; the page's
navigation, document, script, font faces, its mount, each IPC answer, the first frame),
in ms since the process was started, in the order they happened.
"""

import os
import select
import signal
import statistics
import subprocess
import sys
import time


def descendants(root: int) -> list[int]:
    """`root` and every process below it, from the parent ids in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory_kib(root: int) -> tuple[int, int, list[str]]:
    """(PSS, RSS) in KiB summed over `root` and its descendants, and their names."""
    pss = rss = 0
    names = []
    for pid in descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
            with open(f"/proc/{pid}/comm") as f:
                names.append(f.read().strip())
        except OSError:
            continue
    return pss, rss, names


def marks_of(output: bytes, started_unix_ms: float) -> dict[str, float]:
    """The "launch-mark:" lines, as ms since the process was started."""
    marks = {}
    for line in output.decode(errors="replace").splitlines():
        if line.startswith("launch-mark: "):
            name, _, at = line[len("launch-mark: "):].rpartition(" ")
            marks.setdefault(name, float(at) - started_unix_ms)
    return marks


def launch(command: list[str], settle: float) -> tuple[float, int, int, list[str], dict[str, float]]:
    env = dict(os.environ, KOHORTE_LAUNCH_PROBE="1")
    started_unix_ms = time.time() * 1000
    start = time.monotonic()
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        buffered = b""
        deadline = start + 60
        while b"launch-probe:" not in buffered:
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                raise RuntimeError(f"no launch probe from {command[0]}")
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if ready:
                buffered += os.read(proc.stdout.fileno(), 4096)
        elapsed = time.monotonic() - start
        time.sleep(settle)
        pss, rss, names = memory_kib(proc.pid)
        return elapsed, pss, rss, names, marks_of(buffered, started_unix_ms)
    finally:
        # The session this launch started, and nothing else.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def main() -> None:
    rounds, settle = int(sys.argv[1]), float(sys.argv[2])
    subjects = [arg.split("=", 1) for arg in sys.argv[3:]]
    results: dict[str, list[tuple[float, int, int]]] = {name: [] for name, _ in subjects}
    processes: dict[str, list[str]] = {}
    marks: dict[str, dict[str, list[float]]] = {name: {} for name, _ in subjects}
    for round_ in range(rounds + 1):
        for name, command in subjects:
            elapsed, pss, rss, names, seen = launch(command.split(), settle)
            processes[name] = names
            if round_ > 0:
                results[name].append((elapsed, pss, rss))
                for mark, at in seen.items():
                    marks[name].setdefault(mark, []).append(at)
    for name, runs in results.items():
        times = [r[0] * 1000 for r in runs]
        print(
            f"{name} launch {statistics.median(times):.0f}"
            f" pss {statistics.median(r[1] for r in runs) / 1024:.0f}"
            f" rss {statistics.median(r[2] for r in runs) / 1024:.0f}"
            f" ({len(runs)} runs: {', '.join(f'{t:.0f}' for t in times)} ms;"
            f" processes: {', '.join(sorted(processes[name]))})"
        )
    for name, seen in marks.items():
        for mark, at in sorted(seen.items(), key=lambda m: statistics.median(m[1])):
            print(f"{name} at {mark} {statistics.median(at):.0f}")


if __name__ == "__main__":
    main()
