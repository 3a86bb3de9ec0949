"""The hub's configuration: one ``jupyterhub_config.py`` written from the options of ``crmcourse hub``.

:func:`write_config` writes, into the hub's folder (default ``~/crmcourse-hub``):

* ``jupyterhub_config.py`` — JupyterHub's own configuration file, readable by a trainer who
  knows JupyterHub, regenerated at every start (change the command's options, not the file);
* ``learner-config/`` — Jupyter configuration every learner server reads (``JUPYTER_CONFIG_PATH``):
  nbgrader's JupyterLab extension and server extensions switched off, so learners see no
  *Nbgrader* menu, *Validate* button or formgrader even though nbgrader is installed beside the hub.

What the file sets up:

* **JupyterHub** on ``--ip``/``--port`` (127.0.0.1:8000 by default: only this machine; give
  ``--ip 0.0.0.0`` to open it to a room), its internal API and the proxy's API on free loopback
  ports, its database and cookie secret in the hub folder;
* **the proxy** from npm, ``configurable-http-proxy`` pinned in ``classroom/package-lock.json``
  (``npm ci --prefix classroom``);
* **the authenticator**, JupyterHub's own or NativeAuthenticator — no home-made login:
  with ``--code WORD``, JupyterHub's ``SharedPasswordAuthenticator`` (one workshop code, only
  the listed names may log in); without it, NativeAuthenticator with one account per listed
  learner, each with a password printed once (:mod:`crmcourse.authoring.hub.learners`,
  :mod:`crmcourse.authoring.hub.auth`);
* **the spawner**, JupyterHub's ``SimpleLocalProcessSpawner``: one JupyterLab server per learner,
  a local process with its home in ``<hub dir>/homes/<learner>``; its ``pre_spawn_hook`` copies
  the course there at the first login (:mod:`crmcourse.authoring.hub.homes`). When ``bwrap``
  (bubblewrap) is installed, each learner server runs inside it (:mod:`crmcourse.authoring.hub.sandbox`): the
  system read-only, its own ``/tmp`` and process table, the hub folder hidden except the
  learner's own home — since every learner server runs as the same system user, this is what
  keeps one learner's code out of another's files.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import sys
from pathlib import Path

from crmcourse.authoring.hub.homes import HOMES_DIR, course_source
from crmcourse.authoring.hub.learners import ACCOUNTS_FILE, HubSetupError
from crmcourse.authoring.hub.sandbox import bwrap_executable

__all__ = ["HubSettings", "write_config", "hub_command", "proxy_executable", "default_hub_dir", "free_port", "CONFIG_FILE", "LEARNER_CONFIG_DIR",
           "NBGRADER_LAB_EXTENSION", "NBGRADER_SERVER_EXTENSIONS", "HUB_DIR_ENV", "MIN_CODE_LENGTH"]

CONFIG_FILE = "jupyterhub_config.py"
LEARNER_CONFIG_DIR = "learner-config"
HUB_DIR_ENV = "CRMCOURSE_HUB_DIR"
#: nbgrader's JupyterLab extension (menus, Create Assignment, Validate) — off for learners.
NBGRADER_LAB_EXTENSION = "@jupyter/nbgrader"
#: nbgrader's Jupyter server extensions (formgrader, assignment list …) — off for learners.
NBGRADER_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                              "nbgrader.server_extensions.validate_assignment",
                              "nbgrader.server_extensions.assignment_list",
                              "nbgrader.server_extensions.course_list")
#: JupyterHub's SharedPasswordAuthenticator refuses shorter codes.
MIN_CODE_LENGTH = 8


def default_hub_dir() -> Path:
    """``$CRMCOURSE_HUB_DIR``, else ``~/crmcourse-hub``: where the hub keeps its state and the homes.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    RuntimeError
        If the home folder cannot be determined and the variable is not set.

    Examples
    --------
    >>> default_hub_dir().name in ("crmcourse-hub", Path(os.environ.get(HUB_DIR_ENV, "x")).name)
    True
    """
    configured = os.environ.get(HUB_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / "crmcourse-hub"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now.

    Returns
    -------
    int

    Raises
    ------
    OSError
        If no socket can be bound.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_executable(root: str | os.PathLike | None = None) -> Path:
    """The pinned ``configurable-http-proxy`` (``classroom/node_modules/.bin``), else one on ``PATH``.

    Parameters
    ----------
    root : path, optional
        The course checkout (default: :func:`crmcourse.paths.project_root`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    HubSetupError
        If neither is found (the fix says how to install it).
    """
    from crmcourse.paths import project_root

    root = Path(root) if root is not None else project_root()
    pinned = root / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
    if pinned.exists():
        return pinned
    found = shutil.which("configurable-http-proxy")
    if found:
        return Path(found)
    raise HubSetupError("the proxy configurable-http-proxy is not installed",
                        fix=f"install the pinned version with `npm ci --prefix {root / 'classroom'}` (needs Node.js)")


@dataclasses.dataclass
class HubSettings:
    """What ``crmcourse hub`` was asked for; :func:`write_config` turns it into JupyterHub's configuration."""

    hub_dir: Path
    learners: list[str]
    code: str | None = None            # the shared workshop code; None: a password per learner
    ip: str = "127.0.0.1"
    port: int = 8000
    course: Path | None = None         # learner notebooks to copy (default: the course's notebooks/)
    proxy: Path | None = None          # configurable-http-proxy (default: the pinned one)
    sandbox: bool | None = None        # bubblewrap around each learner server (None: when it works)
    hub_port: int | None = None        # the hub's internal API (default: a free loopback port)
    proxy_api_port: int | None = None  # the proxy's REST API (default: a free loopback port)
    start_timeout: int = 120           # seconds a learner server may take to start (a busy machine)
    log_level: str = "INFO"

    def check(self) -> None:
        """Refuse settings JupyterHub would refuse later, with the fix.

        Raises
        ------
        HubSetupError
            A code shorter than :data:`MIN_CODE_LENGTH`, or a port out of range.

        Examples
        --------
        >>> HubSettings(Path("/srv/hub"), ["alice"], code="short").check()
        Traceback (most recent call last):
        ...
        crmcourse.authoring.hub.learners.HubSetupError: the workshop code must have at least 8 characters. Fix: choose a longer --code, e.g. two words: crm-workshop.
        """
        if self.code is not None and len(self.code) < MIN_CODE_LENGTH:
            raise HubSetupError(f"the workshop code must have at least {MIN_CODE_LENGTH} characters",
                                fix="choose a longer --code, e.g. two words: crm-workshop")
        for port in (self.port, self.hub_port, self.proxy_api_port):
            if port is not None and not 0 < int(port) < 65536:
                raise HubSetupError(f"port {port} is out of range", fix="use a port between 1024 and 65535")


def _learner_config(folder: Path) -> None:
    """Jupyter configuration read by every learner server: nbgrader's extensions off."""
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    (folder / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {NBGRADER_LAB_EXTENSION: True}}, indent=1) + "\n", encoding="utf-8")
    server = {"ServerApp": {"jpserver_extensions": {name: False for name in NBGRADER_SERVER_EXTENSIONS}}}
    (folder / "jupyter_server_config.json").write_text(json.dumps(server, indent=1) + "\n", encoding="utf-8")


_TEMPLATE = '''\
# JupyterHub configuration for the crmcourse classroom, written by `crmcourse hub`.
# It is rewritten at every start: change the options of `crmcourse hub` instead (docs/classroom.md).
from crmcourse.authoring.hub import homes

c = get_config()  # noqa: F821 - provided by JupyterHub

# --- where the hub listens and keeps its state
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret_file = {cookie_secret!r}
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.log_level = {log_level!r}

# --- the proxy: configurable-http-proxy from npm, pinned in classroom/package-lock.json
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}

# --- who may log in
c.Authenticator.allowed_users = set({learners!r})
{auth}
# --- one local JupyterLab server per learner, home in {homes!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home_template!r}
c.Spawner.cmd = {cmd!r}
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.start_timeout = {start_timeout}
c.Spawner.http_timeout = {start_timeout}
c.Spawner.environment = {environment!r}
# the course is copied into a home at the learner's first login, never again (homes.py){sandbox_note}
c.Spawner.pre_spawn_hook = homes.pre_spawn_hook({course!r}{sandbox})
'''

_CODE_AUTH = '''\
# one workshop code for the class (JupyterHub's own SharedPasswordAuthenticator)
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {code!r}
'''

_NATIVE_AUTH = '''\
# one password per learner, printed once by `crmcourse hub` (NativeAuthenticator; sign-up off;
# a learner can change theirs at /hub/change-password)
from crmcourse.authoring.hub.auth import workshop_authenticator  # noqa: E402
c.JupyterHub.authenticator_class = workshop_authenticator()
c.WorkshopAuthenticator.accounts_file = {accounts!r}
c.NativeAuthenticator.enable_signup = False
c.NativeAuthenticator.open_signup = False
'''


def write_config(settings: HubSettings) -> Path:
    """Write ``jupyterhub_config.py`` and ``learner-config/`` into the hub folder; return the config file.

    Parameters
    ----------
    settings : HubSettings
        The options (free loopback ports are chosen for the internal APIs when not given).

    Returns
    -------
    pathlib.Path
        ``<hub dir>/jupyterhub_config.py`` (mode 600: it may hold the workshop code).

    Raises
    ------
    HubSetupError
        If the settings are refused (:meth:`HubSettings.check`) or the proxy is missing.
    """
    settings.check()
    hub_dir = Path(settings.hub_dir).expanduser().resolve()
    hub_dir.mkdir(parents=True, exist_ok=True)
    (hub_dir / HOMES_DIR).mkdir(exist_ok=True)
    _learner_config(hub_dir / LEARNER_CONFIG_DIR)
    proxy = Path(settings.proxy) if settings.proxy else proxy_executable()
    course = Path(settings.course) if settings.course else course_source()
    bin_dir = Path(sys.executable).parent
    bwrap = bwrap_executable() if settings.sandbox in (None, True) else None
    if settings.sandbox is True and bwrap is None:
        raise HubSetupError("bubblewrap (bwrap) is not installed or cannot make a sandbox here",
                            fix="apt-get install bubblewrap, or start the hub with --no-sandbox")
    args = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    environment = {
        "JUPYTER_CONFIG_PATH": str(hub_dir / LEARNER_CONFIG_DIR),
        "PATH": os.pathsep.join([str(bin_dir), "/usr/local/bin", "/usr/bin", "/bin"]),
        "PYTHONUNBUFFERED": "1",
    }
    if settings.code is not None:
        auth = _CODE_AUTH.format(code=settings.code)
    else:
        auth = _NATIVE_AUTH.format(accounts=str(hub_dir / ACCOUNTS_FILE))
    text = _TEMPLATE.format(
        bind_url=f"http://{settings.ip}:{settings.port}",
        hub_bind_url=f"http://127.0.0.1:{settings.hub_port or free_port()}",
        db_url=f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}",
        cookie_secret=str(hub_dir / "jupyterhub_cookie_secret"),
        pid_file=str(hub_dir / "jupyterhub.pid"),
        log_level=settings.log_level,
        proxy=str(proxy),
        proxy_api_url=f"http://127.0.0.1:{settings.proxy_api_port or free_port()}",
        proxy_pid=str(hub_dir / "proxy.pid"),
        learners=sorted(settings.learners),
        auth=auth,
        homes=str(hub_dir / HOMES_DIR),
        home_template=str(hub_dir / HOMES_DIR / "{username}"),
        cmd=[str(bin_dir / "jupyterhub-singleuser")],
        args=args,
        start_timeout=int(settings.start_timeout),
        environment=environment,
        course=str(course),
        sandbox_note=("\n# each learner server runs inside bubblewrap: only its own home is visible (sandbox.py)"
                      if bwrap else ""),
        sandbox=(f",\n    sandbox={str(hub_dir)!r}, bwrap={bwrap!r},"
                 f"\n    server_cmd={[str(bin_dir / 'jupyterhub-singleuser')]!r},"
                 f"\n    read_only=({str(hub_dir / LEARNER_CONFIG_DIR)!r},)"
                 if bwrap else ""),
    )
    path = hub_dir / CONFIG_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)
    return path


def hub_command(config: str | os.PathLike) -> list[str]:
    """The command that runs JupyterHub with ``config`` (this Python's ``jupyterhub``).

    Parameters
    ----------
    config : path
        A ``jupyterhub_config.py`` (see :func:`write_config`).

    Returns
    -------
    list of str

    Raises
    ------
    None

    Examples
    --------
    >>> hub_command("/srv/hub/jupyterhub_config.py")[1:]
    ['-m', 'jupyterhub', '-f', '/srv/hub/jupyterhub_config.py']
    """
    return [sys.executable, "-m", "jupyterhub", "-f", str(config)]
