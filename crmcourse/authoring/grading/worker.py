"""The program that runs inside the sandbox: execute one notebook, report what its checks hand over.

Started by the grader as ``python -I -m crmcourse.authoring.grading.worker CONFIG_JSON`` with the
notebook (nbformat 4 JSON, outputs already cleared) on standard input. It writes the notebook's
only copy into ``$TMPDIR/work`` (the sandbox's private ``/tmp``), runs it in a fresh ``python3`` kernel with nbclient and a time
limit, and writes one JSON line per event on its standard output (the grader's channel):

* ``{"t": "answer", "p": {...}}`` — an answer a check displayed (``ANSWER_MIME``);
* ``{"t": "error", "ename": "ValueError"}`` — a cell raised;
* ``{"t": "done", "status": "ok" | "timeout" | "dead" | "failed", "dropped": bool}`` — the end.

Outputs are counted, never kept (every output counts against the output cap, check records
included). Nothing here is trusted by the grader: the notebook's code runs beside this program
and can forge or stop these lines; the grader only takes answers from them and judges those
itself.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from crmcourse._startup import skip_unused_iri_checker

__all__ = ["main", "MAX_ANSWER_LINE", "ANSWER_BUDGET"]

#: Longest answer event passed on (bytes of JSON); the grader drops longer lines too.
MAX_ANSWER_LINE = 4_100_000
#: Bytes of answer events passed on per notebook.
ANSWER_BUDGET = 32_000_000
#: Error events passed on per notebook.
MAX_ERRORS = 1000


class Channel:
    """One JSON object per line on a private duplicate of standard output."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.answer_bytes = 0
        self.errors = 0

    def send(self, event: dict) -> None:
        data = json.dumps(event, ensure_ascii=False, allow_nan=False, default=str).encode("utf-8") + b"\n"
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]


def _client_class():
    from nbclient import NotebookClient

    from crmcourse.checks.transfer import ANSWER_MIME

    class CountingClient(NotebookClient):
        """Counts every output against the cap, passes answers and errors on, keeps nothing."""

        channel: Channel
        output_limit = 5_000_000
        output_bytes = 0
        dropped = False

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content") or {}
            try:
                size = len(json.dumps(content, default=str))
            except (TypeError, ValueError, RecursionError):
                size = self.output_limit + 1
            self.output_bytes += size
            if self.output_bytes > self.output_limit:
                self.dropped = True
            if msg.get("msg_type") == "error" and self.channel.errors < MAX_ERRORS:
                self.channel.errors += 1
                self.channel.send({"t": "error", "ename": str(content.get("ename", ""))[:80]})
            data = content.get("data")
            payload = data.get(ANSWER_MIME) if isinstance(data, dict) else None
            if isinstance(payload, dict) and size <= MAX_ANSWER_LINE:
                if self.channel.answer_bytes + size <= ANSWER_BUDGET:
                    self.channel.answer_bytes += size
                    self.channel.send({"t": "answer", "p": payload})
                else:
                    self.dropped = True
            return None  # nothing is kept: the grader needs the answers, not the outputs

    return CountingClient


def main(argv: list[str] | None = None) -> int:
    """Run the notebook given on standard input as the JSON config in ``argv[0]`` says; returns 0."""
    argv = sys.argv[1:] if argv is None else argv
    config = json.loads(argv[0])
    channel = Channel(os.dup(1))
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (1, 2):  # the kernel inherits these: its own prints must not reach the channel
        os.dup2(devnull, fd)
    raw = sys.stdin.buffer.read()
    skip_unused_iri_checker()  # ~1 s of a graded notebook's start-up (crmcourse._startup)
    status, detail = "ok", ""
    client = None
    try:
        import nbformat
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
        work = Path(os.environ.get("TMPDIR") or "/tmp") / "work"
        work.mkdir(parents=True, exist_ok=True)
        (work / config["name"]).write_bytes(raw)  # the copy the notebook sees beside it
        timeout = int(config["timeout"])
        deadline: list[float] = []  # the clock starts with the first cell, once the kernel is up

        def cell_timeout(cell) -> int:
            if not deadline:
                deadline.append(time.monotonic() + timeout)
            return max(1, int(deadline[0] - time.monotonic()))

        client = _client_class()(
            nb, timeout=timeout, kernel_name="python3", allow_errors=True, record_timing=False,
            store_widget_state=False, shutdown_kernel="immediate", resources={"metadata": {"path": str(work)}},
            timeout_func=cell_timeout,
        )
        client.channel = channel
        client.output_limit = int(config["output_limit"])
        try:
            client.execute()
        except CellTimeoutError:
            status = "timeout"
        except DeadKernelError:
            status = "dead"
    except Exception as exc:  # nbclient or kernel trouble: report the kind, not the text
        status, detail = "failed", type(exc).__name__
    channel.send({"t": "done", "status": status, "detail": detail,
                  "dropped": bool(client is not None and client.dropped)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
