"""Load test of the classroom hub: a class logs in at once and works through two notebooks.

    python bench/bench_classroom.py                 # 30 learners (the default class)
    python bench/bench_classroom.py --learners 5    # a quick run
    python bench/bench_classroom.py --learners 30 --module 04_segmentation/02_rfm.ipynb

What it does, on this machine only (the hub listens on 127.0.0.1; every request goes there):

1. starts JupyterHub as ``crmcourse hub`` configures it (the pinned proxy, the local spawner,
   bubblewrap when it works, a workshop code) in a temporary folder;
2. for every learner, in a thread of its own, all at once (``--ramp`` spreads the arrivals):
   logs in through the hub's login form, asks for a server and waits until it answers
   (**spawn time**), then runs ``00_start_here.ipynb`` and one module notebook cell by cell
   through the Jupyter server's REST and kernel websocket APIs (**execution time**);
3. meanwhile samples ``/proc`` once a second: the resident memory (RSS, and PSS — shared
   pages split between the processes sharing them) and the CPU time of every process of each
   learner's server (the server, its kernels, the sandbox), grouped by ``JUPYTERHUB_USER``; the
   peak memory and the CPU seconds per learner are reported, and the hub and proxy's own;
4. stops the hub and prints the figures (markdown), failures with their reasons.

Bounded: at most ``--learners`` (≤ 60) learners, and the whole run stops after ``--time-limit``
seconds (a learner still waiting then counts as a failure). Figures go into docs/classroom.md
and docs/performance.md by hand; no test asserts them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import clock  # noqa: E402

from crmcourse.authoring.hub import HubSettings, hub_command, prepare_hub  # noqa: E402
from crmcourse.authoring.hub.client import HubClientError, HubLearner  # noqa: E402
from crmcourse.authoring.hub.config import free_port  # noqa: E402
from crmcourse.authoring.lab import stop_process_tree  # noqa: E402

MAX_LEARNERS = 60
CODE = "bench-classroom"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# --------------------------------------------------------------------------- /proc
def _children_table() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree(root: int) -> list[int]:
    children, found, todo = _children_table(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; (0, 0) when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        try:
            with open(f"/proc/{pid}/statm", encoding="utf-8") as fh:
                rss = pss = int(fh.read().split()[1]) * PAGE
        except OSError:
            pass
    return rss, pss


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time one process has used so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _owner(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            for item in fh.read().split(b"\0"):
                if item.startswith(b"JUPYTERHUB_USER="):
                    return item.split(b"=", 1)[1].decode()
    except OSError:
        pass
    return None


class MemorySampler(threading.Thread):
    """Once a second: memory of each learner's process tree, and of the hub + proxy, under the hub's pid."""

    def __init__(self, hub_pid: int, interval: float = 1.0):
        super().__init__(daemon=True)
        self.hub_pid, self.interval = hub_pid, interval
        self.peak_rss: dict[str, int] = {}
        self.peak_pss: dict[str, int] = {}
        self.peak_hub = 0
        self.peak_total = 0
        self.cpu: dict[int, tuple[str | None, float]] = {}   # pid -> (owner, most CPU seconds seen)
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            rss: dict[str, int] = {}
            pss: dict[str, int] = {}
            hub = 0
            for pid in _tree(self.hub_pid):
                r, p = _memory(pid)
                owner = _owner(pid)
                self.cpu[pid] = (owner, max(self.cpu.get(pid, (owner, 0.0))[1], _cpu_seconds(pid)))
                if owner is None:
                    hub += r
                else:
                    rss[owner] = rss.get(owner, 0) + r
                    pss[owner] = pss.get(owner, 0) + p
            for owner, value in rss.items():
                self.peak_rss[owner] = max(self.peak_rss.get(owner, 0), value)
                self.peak_pss[owner] = max(self.peak_pss.get(owner, 0), pss[owner])
            self.peak_hub = max(self.peak_hub, hub)
            self.peak_total = max(self.peak_total, hub + sum(pss.values()))

    def cpu_by_owner(self) -> tuple[dict[str, float], float]:
        """CPU seconds used per learner (their server, kernels, sandbox) and by the hub + proxy."""
        per: dict[str, float] = {}
        hub = 0.0
        for owner, seconds in self.cpu.values():
            if owner is None:
                hub += seconds
            else:
                per[owner] = per.get(owner, 0.0) + seconds
        return per, hub


# --------------------------------------------------------------------------- one learner
def learner_run(base_url: str, name: str, module: str, deadline: float, result: dict) -> None:
    learner = HubLearner(base_url, name, CODE, timeout=120)
    try:
        learner.login()
        start = clock()
        learner.request_server()
        learner.start_server(timeout=max(5.0, deadline - time.monotonic()))
        result["spawn"] = clock() - start
        for key, path in (("start_here", "00_start_here.ipynb"), ("module", module)):
            run = learner.run_notebook(path, timeout=max(5.0, deadline - time.monotonic()))
            result[key] = run.seconds
            if run.errors:
                result.setdefault("errors", []).extend(f"{path}: {e}" for e in run.errors[:2])
    except (HubClientError, OSError, Exception) as exc:   # a bench reports every failure and goes on
        result["failure"] = f"{type(exc).__name__}: {str(exc)[:160]}"


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=30, help=f"simulated learners (1-{MAX_LEARNERS}; default 30)")
    parser.add_argument("--module", default="01_satisfaction/01_satisfaction_ratio.ipynb",
                        help="the module notebook each learner runs after 00_start_here")
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which learners arrive (default 0: at once)")
    parser.add_argument("--time-limit", type=float, default=900.0, help="the whole run stops after this (s)")
    parser.add_argument("--no-sandbox", action="store_true", help="learner servers without bubblewrap")
    args = parser.parse_args()
    count = max(1, min(MAX_LEARNERS, args.learners))
    names = [f"learner{i:02d}" for i in range(1, count + 1)]

    import subprocess

    with tempfile.TemporaryDirectory(prefix="crmcourse-bench-hub-") as tmp:
        port = free_port()
        settings = HubSettings(Path(tmp) / "hub", names, code=CODE, port=port, start_timeout=int(args.time_limit),
                               sandbox=False if args.no_sandbox else None, log_level="WARN")
        config, _ = prepare_hub(settings)
        sandboxed = "sandbox=" in config.read_text()
        base_url = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "hub.log", "w", encoding="utf-8")
        proc = subprocess.Popen(hub_command(config), cwd=config.parent, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = MemorySampler(proc.pid)
        results = {name: {} for name in names}
        started = clock()
        try:
            import requests

            ready_by = time.monotonic() + 120
            while True:
                try:
                    if requests.get(f"{base_url}/hub/api/", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > ready_by or proc.poll() is not None:
                    raise SystemExit("the hub did not start; see its log")
                time.sleep(0.3)
            sampler.start()
            deadline = time.monotonic() + args.time_limit
            threads = []
            for i, name in enumerate(names):
                t = threading.Thread(target=learner_run, args=(base_url, name, args.module, deadline, results[name]),
                                     daemon=True)
                threads.append(t)
                t.start()
                if args.ramp and count > 1:
                    time.sleep(args.ramp / (count - 1))
            for t in threads:
                t.join(max(0.0, deadline - time.monotonic()))
            for name, t in zip(names, threads):
                if t.is_alive():
                    results[name].setdefault("failure", f"still running at the {args.time_limit:.0f} s limit")
        finally:
            wall = clock() - started
            sampler.stop_event.set()
            stop_process_tree(proc, grace=20)
            log.close()

    spawn = [r["spawn"] for r in results.values() if "spawn" in r]
    first = [r["start_here"] for r in results.values() if "start_here" in r]
    module = [r["module"] for r in results.values() if "module" in r]
    both = [r["start_here"] + r["module"] for r in results.values() if "module" in r]
    rss = [v / 1e6 for v in sampler.peak_rss.values()]
    pss = [v / 1e6 for v in sampler.peak_pss.values()]
    cpu_per, cpu_hub = sampler.cpu_by_owner()
    cpu = list(cpu_per.values())
    failures = {n: r["failure"] for n, r in results.items() if "failure" in r}
    errors = {n: r["errors"] for n, r in results.items() if r.get("errors")}

    print(f"\n## Classroom load test: {count} learners on {os.cpu_count()} cores "
          f"({'bubblewrap sandbox' if sandboxed else 'no sandbox'}; module notebook {args.module})\n")
    print(f"wall time {wall:.0f} s; load average at the end {os.getloadavg()[0]:.1f}\n")
    print("| measure | p50 | p95 | max | n |")
    print("|---|---:|---:|---:|---:|")
    for label, values, unit in (("spawn (login → server answers)", spawn, "s"),
                                ("run 00_start_here", first, "s"), (f"run {args.module}", module, "s"),
                                ("run both notebooks", both, "s"),
                                ("peak RSS per learner server", rss, "MB"), ("peak PSS per learner server", pss, "MB"),
                                ("CPU time per learner (spawn + both runs)", cpu, "s")):
        if values:
            print(f"| {label} | {_pct(values, .5):.1f} {unit} | {_pct(values, .95):.1f} {unit} | "
                  f"{max(values):.1f} {unit} | {len(values)} |")
    print(f"\nhub + proxy peak RSS: {sampler.peak_hub / 1e6:.0f} MB; whole class peak (hub RSS + learners' PSS): "
          f"{sampler.peak_total / 1e9:.2f} GB")
    print(f"hub + proxy CPU time: {cpu_hub:.0f} s; all learners: {sum(cpu):.0f} s "
          f"(≈ {sum(cpu) / max(wall, 1e-9):.2f} cores busy on average over the run)")
    print(f"failures: {len(failures)} of {count}")
    for name, reason in sorted(failures.items()):
        print(f"  {name}: {reason}")
    if errors:
        print(f"learners whose notebook raised: {len(errors)}")
        for name, items in sorted(errors.items())[:5]:
            print(f"  {name}: {items[0]}")
    if spawn:
        print(f"\nmean spawn {statistics.mean(spawn):.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
