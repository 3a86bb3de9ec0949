"""A learner seen from the network: log in to the hub, start the server, run a notebook, all over HTTP.

Used by the classroom tests and the load test (``bench/bench_classroom.py``), and handy to a
trainer who wants to try a hub before the class::

    learner = HubLearner("http://127.0.0.1:8000", "alice", "k7mq2-xpd4n")
    learner.login(); learner.start_server()
    run = learner.run_notebook("00_start_here.ipynb")
    run.errors, run.seconds

It speaks only the documented interfaces: the hub's login form and REST API (a token the
learner makes for themselves), the Jupyter server's contents and kernels REST API, and the
kernel's websocket channel (Jupyter messaging protocol 5). Needs ``requests`` and
``websocket-client`` (both come with the ``classroom`` extra).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import time
import uuid

__all__ = ["HubLearner", "NotebookRun", "HubClientError", "HubProcess", "start_hub"]


class HubClientError(RuntimeError):
    """The hub or a learner server did not answer as expected (the message says which step and what came back)."""


@dataclasses.dataclass
class NotebookRun:
    """One notebook run through a learner server's kernel."""

    path: str
    seconds: float = 0.0
    cells: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)   # "ename: evalue" per failing cell
    outputs: list[list[dict]] = dataclasses.field(default_factory=list)  # nbformat outputs per code cell


class HubLearner:
    """One learner's browser-less session with the hub (cookies, then an API token of their own).

    Parameters
    ----------
    base_url : str
        The hub's public address, e.g. ``http://127.0.0.1:8000``.
    name, password : str
        The learner's credentials (their password, or the workshop code).
    timeout : float
        Seconds any one HTTP request may take.
    """

    def __init__(self, base_url: str, name: str, password: str, *, timeout: float = 60):
        import requests

        self.base_url = base_url.rstrip("/")
        self.name = name
        self.password = password
        self.timeout = timeout
        self.http = requests.Session()
        self.token: str | None = None

    # ------------------------------------------------------------------ the hub
    def _check(self, response, step: str, ok=(200, 201, 202, 204)):
        if response.status_code not in ok:
            raise HubClientError(f"{self.name}: {step}: HTTP {response.status_code} {response.text[:300]}")
        return response

    def login(self) -> None:
        """Log in through the hub's login form (as a browser does), then make an API token of one's own."""
        page = self._check(self.http.get(f"{self.base_url}/hub/login", timeout=self.timeout), "open the login page")
        xsrf = self.http.cookies.get("_xsrf", path="/hub/") or self.http.cookies.get("_xsrf") or ""
        if not xsrf and page.text:
            import re

            m = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
            xsrf = m.group(1) if m else ""
        r = self.http.post(f"{self.base_url}/hub/login", data={"username": self.name, "password": self.password,
                                                                "_xsrf": xsrf},
                           allow_redirects=False, timeout=self.timeout)
        if r.status_code != 302 or "/hub/login" in r.headers.get("Location", ""):
            raise HubClientError(f"{self.name}: login refused (HTTP {r.status_code})")
        r = self.http.post(f"{self.base_url}/hub/api/users/{self.name}/tokens",
                           json={"note": "crmcourse client", "expires_in": 4 * 3600},
                           headers={"X-XSRFToken": self.http.cookies.get("_xsrf") or xsrf}, timeout=self.timeout)
        self.token = self._check(r, "make an API token").json()["token"]

    def headers(self) -> dict:
        """The ``Authorization`` header of this learner's token."""
        if self.token is None:
            raise HubClientError(f"{self.name}: not logged in")
        return {"Authorization": f"token {self.token}"}

    def hub_api(self, method: str, endpoint: str, **kwargs):
        """Call the hub's REST API (``/hub/api/<endpoint>``) with this learner's token; the response."""
        return self.http.request(method, f"{self.base_url}/hub/api/{endpoint}", headers=self.headers(),
                                 timeout=self.timeout, **kwargs)

    def start_server(self, timeout: float = 120) -> float:
        """Ask the hub for this learner's server and wait until it answers; return the seconds it took."""
        started = time.monotonic()
        r = self.hub_api("POST", f"users/{self.name}/server")
        self._check(r, "start the server", ok=(201, 202, 400))   # 400: it is already running
        while True:
            model = self._check(self.hub_api("GET", f"users/{self.name}"), "read the server state").json()
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                break
            if time.monotonic() - started > timeout:
                raise HubClientError(f"{self.name}: the server was not ready after {timeout:.0f} s")
            time.sleep(0.25)
        while True:   # the proxy route is there once the hub says ready; the server answers
            r = self.server_api("GET", "status")
            if r.status_code == 200:
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise HubClientError(f"{self.name}: the server did not answer after {timeout:.0f} s")
            time.sleep(0.25)

    def request_server(self) -> None:
        """Ask the hub to start this learner's server, without waiting (see :meth:`start_server`)."""
        self._check(self.hub_api("POST", f"users/{self.name}/server"), "start the server", ok=(201, 202, 400))

    def stop_server(self) -> None:
        """Stop this learner's server (the hub stops its kernels too)."""
        self.hub_api("DELETE", f"users/{self.name}/server")

    # ------------------------------------------------------------------ the learner's Jupyter server
    def server_url(self, user: str | None = None) -> str:
        """``<hub>/user/<name>``: where the proxy routes a learner's server."""
        return f"{self.base_url}/user/{user or self.name}"

    def server_api(self, method: str, endpoint: str, *, user: str | None = None, **kwargs):
        """Call a Jupyter server's REST API (``/user/<user>/api/<endpoint>``, default: one's own) with this token."""
        return self.http.request(method, f"{self.server_url(user)}/api/{endpoint}", headers=self.headers(),
                                 timeout=self.timeout, allow_redirects=False, **kwargs)

    def read_notebook(self, path: str) -> dict:
        """The notebook at ``path`` in the learner's home, as nbformat JSON."""
        return self._check(self.server_api("GET", f"contents/{path}", params={"content": 1}),
                           f"read {path}").json()["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        """Save ``nb`` to ``path`` in the learner's home (what JupyterLab's save does)."""
        self._check(self.server_api("PUT", f"contents/{path}", json={"type": "notebook", "format": "json",
                                                                      "content": nb}), f"save {path}")

    def run_notebook(self, path: str, *, edits: dict[int, str] | None = None, append: list[str] | None = None,
                     save: bool = False, timeout: float = 120) -> NotebookRun:
        """Run every code cell of ``path`` in a new kernel of the learner's server, in order.

        Parameters
        ----------
        path : str
            The notebook, relative to the learner's home.
        edits : dict of int to str, optional
            New sources for some cells (by index) before running: a learner's answers.
        append : list of str, optional
            Code cells added at the end before running.
        save : bool
            Save the notebook with the edits and the outputs afterwards (as a learner would).
        timeout : float
            Seconds the whole notebook may take.

        Returns
        -------
        NotebookRun
            Seconds, cells run, error lines and outputs.
        """
        import websocket

        nb = self.read_notebook(path)
        for index, source in (edits or {}).items():
            nb["cells"][index]["source"] = source
        for source in append or []:
            nb["cells"].append({"cell_type": "code", "source": source, "metadata": {}, "outputs": [],
                                "execution_count": None})
        kernel = self._check(self.server_api("POST", "kernels", json={"name": "python3"}), "start a kernel").json()
        ws_url = self.server_url().replace("http", "ws", 1) + f"/api/kernels/{kernel['id']}/channels"
        run = NotebookRun(path)
        started = time.monotonic()
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"], timeout=timeout)
        try:
            session = uuid.uuid4().hex
            for cell in nb["cells"]:
                if cell["cell_type"] != "code":
                    continue
                remaining = timeout - (time.monotonic() - started)
                if remaining <= 0:
                    raise HubClientError(f"{self.name}: {path} did not finish within {timeout:.0f} s")
                outputs, count = _execute(ws, session, self.name, cell["source"], remaining)
                cell["outputs"], cell["execution_count"] = outputs, count
                run.outputs.append(outputs)
                run.cells += 1
                run.errors += [f"{o['ename']}: {o['evalue']}" for o in outputs if o["output_type"] == "error"]
        finally:
            ws.close()
            self.server_api("DELETE", f"kernels/{kernel['id']}")
        run.seconds = time.monotonic() - started
        if save:
            self.save_notebook(path, nb)
        return run


def _message(session: str, username: str, code: str) -> dict:
    msg_id = uuid.uuid4().hex
    return {"header": {"msg_id": msg_id, "username": username, "session": session, "msg_type": "execute_request",
                       "version": "5.3", "date": _dt.datetime.now(_dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}


def _decode(opcode: int, data: bytes) -> dict:
    """A kernel message from one websocket frame: JSON text, or the Jupyter server's binary form
    (message with buffers, e.g. widgets: uint32 count, uint32 offsets, the JSON message first)."""
    if opcode == 0x1:    # text frame
        return json.loads(data.decode("utf-8"))
    count = int.from_bytes(data[:4], "big")
    offsets = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(data)
    return json.loads(data[offsets[0]:end].decode("utf-8"))


def _execute(ws, session: str, username: str, code: str, timeout: float) -> tuple[list[dict], int | None]:
    """Send one execute_request on the kernel websocket; collect its outputs until the kernel is idle again."""
    request = _message(session, username, code)
    msg_id = request["header"]["msg_id"]
    ws.send(json.dumps(request))
    outputs: list[dict] = []
    count = None
    idle = replied = False
    deadline = time.monotonic() + timeout
    while not (idle and replied):
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            msg = _decode(*ws.recv_data())
        except Exception as exc:   # websocket timeout, a closed socket, a frame that is not a message
            raise HubClientError(f"{username}: no answer from the kernel ({type(exc).__name__})") from None
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["header"]["msg_type"], msg.get("content", {})
        if kind == "status" and content.get("execution_state") == "idle":
            idle = True
        elif kind == "execute_reply":
            replied, count = True, content.get("execution_count")
        elif kind == "stream":
            outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
        elif kind in ("display_data", "execute_result"):
            out = {"output_type": kind, "data": content.get("data", {}), "metadata": content.get("metadata", {})}
            if kind == "execute_result":
                out["execution_count"] = content.get("execution_count")
            outputs.append(out)
        elif kind == "error":
            outputs.append({"output_type": "error", "ename": content.get("ename", ""),
                            "evalue": content.get("evalue", ""), "traceback": content.get("traceback", [])})
        elif kind == "clear_output":
            outputs.clear()
        if time.monotonic() > deadline:
            raise HubClientError(f"{username}: a cell did not finish within {timeout:.0f} s")
    return outputs, count


@dataclasses.dataclass
class HubProcess:
    """A ``crmcourse hub`` running in the background (tests, the load test): its address and passwords."""

    base_url: str
    hub_dir: object
    proc: object                     # subprocess.Popen of `crmcourse hub`
    passwords: dict = dataclasses.field(default_factory=dict)   # name -> password, as printed once
    output: list = dataclasses.field(default_factory=list)      # its merged stdout/stderr lines

    def log(self, lines: int = 60) -> str:
        """The last lines ``crmcourse hub`` and JupyterHub printed."""
        return "".join(self.output[-lines:])

    def stop(self, grace: float = 15) -> None:
        """Stop the hub, its proxy and every learner server (SIGTERM to ``crmcourse hub``, as Ctrl+C)."""
        from crmcourse.authoring.lab import stop_process_tree

        stop_process_tree(self.proc, grace=grace)


def start_hub(hub_dir, learners: list[str], *, code: str | None = None, port: int | None = None,
              extra: list[str] | None = None, timeout: float = 90) -> HubProcess:
    """Run ``crmcourse hub`` on 127.0.0.1 in the background; return once the hub answers.

    Parameters
    ----------
    hub_dir : path
        The hub's folder.
    learners : list of str
    code : str, optional
        The workshop code; without it the printed passwords are read back into ``passwords``.
    port : int, optional
        Default: a free port.
    extra : list of str, optional
        Further ``crmcourse hub`` options (e.g. ``["--no-sandbox"]``).
    timeout : float
        Seconds to wait for ``/hub/api/`` to answer.

    Returns
    -------
    HubProcess

    Raises
    ------
    HubClientError
        If the hub exits or does not answer in time (the message carries its last output).
    """
    import os
    import re
    import subprocess
    import sys
    import threading

    import requests

    from crmcourse.authoring.hub.config import free_port

    port = port or free_port()
    cmd = [sys.executable, "-m", "crmcourse.cli", "hub", "--dir", str(hub_dir), "--ip", "127.0.0.1",
           "--port", str(port), "--users", ",".join(learners)] + (["--code", code] if code else []) + list(extra or [])
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace", env=env, start_new_session=True)
    hub = HubProcess(f"http://127.0.0.1:{port}", hub_dir, proc)
    threading.Thread(target=lambda: hub.output.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                time.sleep(0.2)
                raise HubClientError(f"`crmcourse hub` exited with code {proc.returncode}:\n{hub.log()}")
            try:
                if requests.get(f"{hub.base_url}/hub/api/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise HubClientError(f"the hub did not answer within {timeout:.0f} s:\n{hub.log()}")
            time.sleep(0.3)
    except BaseException:
        hub.stop()
        raise
    for line in list(hub.output):
        m = re.match(r"^\s+(\S+)\s+([a-z0-9]{5}-[a-z0-9]{5})\s*$", line)
        if m and m.group(1) in learners:
            hub.passwords[m.group(1)] = m.group(2)
    if code:
        hub.passwords = {name: code for name in learners}
    return hub
