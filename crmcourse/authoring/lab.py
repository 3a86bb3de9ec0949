"""Run JupyterLab for ``crmcourse lab``, and stop it together with its kernels.

JupyterLab runs in its own session (its own process group), so a terminal's Ctrl+C reaches only
``crmcourse lab``, which then stops the server cleanly; and ``kill <pid of crmcourse lab>``
(SIGTERM), a closed terminal (SIGHUP) or Ctrl+C all end the same way:

1. the processes below JupyterLab are noted first: its kernels run in sessions of their own
   (jupyter_client starts them so), out of reach of a signal to JupyterLab's group;
2. JupyterLab's process group gets SIGTERM; the server shuts its kernels down and exits, or
   gets SIGKILL after ``grace`` seconds;
3. any noted process still running (a kernel the server did not stop, a program a notebook
   started) gets SIGTERM, then SIGKILL after ``grace`` seconds.

Processes are listed from ``/proc`` (Linux) or ``ps`` (macOS, BSD). On Windows, JupyterLab is
only terminated (its kernels end when they notice their parent is gone).

>>> cmd = lab_command("/course/notebooks", port=8899, no_browser=True, token="")
>>> cmd[1:4]
['-m', 'jupyterlab', '00_start_here.ipynb']
>>> "--no-browser" in cmd and "--ServerApp.port=8899" in cmd
True

``crmcourse lab --lang zh`` serves the Chinese notebooks (``notebooks/zh/`` of a checkout, or a
workspace made with ``crmcourse init --lang zh``) with JupyterLab's interface in Simplified
Chinese: :func:`lab_language` writes ``{"@jupyterlab/translation-extension:plugin": {"locale":
"zh_CN"}}`` into an ``overrides.json`` of a settings folder of its own, given to JupyterLab as
``--LabApp.app_settings_dir`` (the learner's own JupyterLab settings are not touched), and sets
``CRMCOURSE_LANG=zh`` for JupyterLab and its kernels. The pinned
``jupyterlab-language-pack-zh-cn`` carries the Chinese of the interface. English is the default.

>>> with lab_language("zh") as chosen:
...     print(chosen.locale, os.environ["CRMCOURSE_LANG"], (chosen.app_settings_dir / "overrides.json").is_file())
zh_CN zh True
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator, Sequence

from crmcourse.errors import CourseDataError
from crmcourse.paths import START_NOTEBOOK

__all__ = ["lab_command", "run_lab", "descendants", "is_running", "stop_process_tree", "STOP_SIGNALS",
           "GRACE_SECONDS", "LAB_LOCALES", "LANGUAGE_PACKS", "TRANSLATION_PLUGIN", "LabError", "LabLanguage",
           "lab_language", "choose_language", "course_folder", "language_pack_installed", "write_app_settings",
           "user_locale"]

#: The signals after which ``crmcourse lab`` stops JupyterLab and its kernels.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
#: Seconds JupyterLab (then each leftover process) gets to stop before it is killed.
GRACE_SECONDS = 10.0
_POSIX = os.name == "posix"


class _StopRequested(Exception):
    """Raised by the signal handler to leave the wait for JupyterLab."""


def lab_command(root: str | os.PathLike, *, port: int = 8888, ip: str = "127.0.0.1", no_browser: bool = False,
                token: str | None = None, app_settings_dir: str | os.PathLike | None = None,
                extra: Sequence[str] = ()) -> list[str]:
    """The JupyterLab command that serves ``root`` and opens its start notebook.

    Parameters
    ----------
    root : path
        The folder served (the learner ``notebooks/``); it holds ``00_start_here.ipynb``.
    port, ip : int, str
        Where the server listens.
    no_browser : bool
        Only print the address; open no browser.
    token : str, optional
        A fixed login token (``""`` for none); default: JupyterLab makes one.
    app_settings_dir : path, optional
        JupyterLab's application settings folder (its ``overrides.json``): the one
        :func:`lab_language` prepares for a language; default: JupyterLab's own.
    extra : sequence of str
        Further JupyterLab options, passed on unchanged.

    Returns
    -------
    list of str
        The command, starting with this Python interpreter.

    Raises
    ------
    OSError
        Only if ``root`` cannot be resolved.
    """
    # default_url makes the printed address (and the browser) open the start notebook itself
    cmd = [sys.executable, "-m", "jupyterlab", START_NOTEBOOK, f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
           f"--ServerApp.root_dir={Path(root)}", f"--ServerApp.port={port}", f"--ServerApp.ip={ip}"]
    if no_browser:
        cmd.append("--no-browser")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if app_settings_dir is not None:
        cmd.append(f"--LabApp.app_settings_dir={Path(app_settings_dir)}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd + list(extra)


# --------------------------------------------------------------------------- languages
#: JupyterLab's interface locale for each course language (None: JupyterLab's own choice).
LAB_LOCALES = {"en": None, "zh": "zh_CN"}
#: The PyPI package (pinned in requirements/constraints.txt) that carries each interface locale.
LANGUAGE_PACKS = {"zh_CN": "jupyterlab-language-pack-zh-cn"}
#: The JupyterLab settings plugin whose ``locale`` chooses the interface language.
TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin"
_LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}
_WORKSPACE_FILE = "crmcourse-workspace.json"   # crmcourse.authoring.workspace.WORKSPACE_FILE


class LabError(CourseDataError):
    """``crmcourse lab`` cannot open the course as asked (a language whose notebooks are missing…)."""


@dataclasses.dataclass(frozen=True)
class LabLanguage:
    """A course language prepared for JupyterLab by :func:`lab_language`."""

    lang: str                        # "en" or "zh"
    locale: str | None               # JupyterLab's interface locale ("zh_CN"), None for JupyterLab's own
    app_settings_dir: Path | None    # the settings folder holding overrides.json (None: JupyterLab's own)
    notes: tuple[str, ...] = ()      # what the user should know (language pack missing, own settings win)


def _check_lang(lang) -> str:
    if not isinstance(lang, str) or lang not in LAB_LOCALES:
        raise LabError(f"unknown course language {str(lang)[:30]!r}",
                       fix=f"use {' or '.join(repr(code) for code in LAB_LOCALES)}, e.g. crmcourse lab --lang zh")
    return lang


def _workspace_lang(root: Path) -> str | None:
    """The language ``crmcourse init`` wrote into the workspace marker, or None."""
    try:
        lang = json.loads((Path(root) / _WORKSPACE_FILE).read_text(encoding="utf-8")).get("lang")
    except (OSError, ValueError, AttributeError):
        return None
    return lang if lang in LAB_LOCALES else None


def choose_language(given: str | None = None, *, located=None) -> str:
    """The course language ``crmcourse lab`` opens: ``given``, else the workspace's, else ``CRMCOURSE_LANG``.

    Parameters
    ----------
    given : {"en", "zh"}, optional
        The ``--lang`` option.
    located : crmcourse.authoring.workspace.Located, optional
        The notebooks found: a workspace made with ``crmcourse init --lang zh`` opens in Chinese.

    Returns
    -------
    str
        ``"en"`` (the default) or ``"zh"``.

    Raises
    ------
    LabError
        ``given`` is not a course language.
    CourseDataError
        ``CRMCOURSE_LANG`` holds something other than a language name.

    Examples
    --------
    >>> choose_language("zh")
    'zh'
    >>> choose_language("fr")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.lab.LabError: unknown course language 'fr'. Fix: use 'en' or 'zh', e.g. crmcourse lab --lang zh.
    """
    if given is not None:
        return _check_lang(given)
    if located is not None and located.kind == "workspace":
        found = _workspace_lang(located.root)
        if found is not None:
            return found
    from crmcourse.i18n import get_language

    return get_language()


def course_folder(located, lang: str) -> Path:
    """The folder to serve for ``lang``: it holds that language's ``00_start_here.ipynb``.

    English is at the top of ``notebooks/``, Chinese in ``notebooks/zh/`` (a checkout, or any
    folder); a workspace made with ``crmcourse init --lang zh`` holds Chinese at its top.

    Parameters
    ----------
    located : crmcourse.authoring.workspace.Located
        The notebooks found (``notebooks``, ``root``, ``kind``).
    lang : {"en", "zh"}
        The course language.

    Returns
    -------
    pathlib.Path
        The folder JupyterLab serves.

    Raises
    ------
    LabError
        That language's start notebook is missing; the fix says how to build or copy it.

    Examples
    --------
    >>> import tempfile
    >>> from crmcourse.authoring.workspace import Located
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "zh").mkdir(), Path(tmp, "zh", START_NOTEBOOK).write_text("{}")
    ...     print(course_folder(Located(Path(tmp), Path(tmp), "folder"), "zh").name)
    zh
    """
    from crmcourse.authoring.workspace import init_command

    lang = _check_lang(lang)
    notebooks, root, kind = Path(located.notebooks), Path(located.root), located.kind
    top = (_workspace_lang(root) or "en") if kind == "workspace" else "en"
    if lang == top and (notebooks / START_NOTEBOOK).is_file():
        return notebooks
    if lang != top and (notebooks / lang / START_NOTEBOOK).is_file():
        return notebooks / lang
    start = notebooks / START_NOTEBOOK if lang == top else notebooks / lang / START_NOTEBOOK
    name = _LANGUAGE_NAMES[lang]
    if kind == "workspace" and lang == top:
        fix = f"run `{init_command(root, lang=lang)}` to copy the course notebooks there"
    elif kind == "workspace":
        fix = (f"this workspace holds the {_LANGUAGE_NAMES[top]} edition; make a {name} one beside it with "
               f"`{init_command(root.with_name(f'{root.name}-{lang}'), lang=lang)}` and open that")
    elif kind == "checkout" and lang == "en":
        fix = "run `crmcourse learner` to generate the learner notebooks from solutions/"
    elif kind == "checkout":
        fix = ("generate the Chinese notebooks from solutions/ and the catalogs in translations/zh_CN/ "
               "with `crmcourse translate` (docs/i18n.md), or open the English course with `crmcourse lab`")
    else:
        fix = (f"give a workspace made by `crmcourse init DIR --lang {lang}`, or a folder holding "
               f"{START_NOTEBOOK}" + ("" if lang == "en" else f" in its {lang}/ subfolder"))
    raise LabError(f"{start} is missing ({name} edition)", fix=fix)


def language_pack_installed(locale: str) -> bool:
    """True when a JupyterLab language pack for ``locale`` (e.g. ``"zh_CN"``) is installed.

    Parameters
    ----------
    locale : str
        A JupyterLab locale.

    Returns
    -------
    bool
        Whether an entry point of group ``jupyterlab.languagepack`` names it (what JupyterLab reads).

    Raises
    ------
    None

    Examples
    --------
    >>> language_pack_installed("xx_XX")
    False
    """
    from importlib.metadata import entry_points

    return any(ep.name == locale for ep in entry_points(group="jupyterlab.languagepack"))


def _default_app_settings_dir() -> Path:
    """JupyterLab's own application settings folder (``<app dir>/settings``)."""
    try:
        from jupyterlab.commands import get_app_dir

        return Path(get_app_dir()) / "settings"
    except Exception:  # noqa: BLE001 - any JupyterLab trouble: the usual place
        return Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def _read_settings_file(path: Path):
    """A JSON or JSON5 settings file (JupyterLab writes comments into them); None if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        import json5

        return json5.loads(text)
    except ImportError:
        pass
    except ValueError:
        return None
    try:
        return json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))
    except ValueError:
        return None


def write_app_settings(folder: str | os.PathLike, locale: str, *, base: str | os.PathLike | None = None) -> Path:
    """Fill ``folder`` as JupyterLab's application settings with the interface language ``locale``.

    Parameters
    ----------
    folder : path
        The folder to fill (made if missing); give it as ``--LabApp.app_settings_dir``.
    locale : str
        JupyterLab's locale, e.g. ``"zh_CN"``.
    base : path, optional
        The application settings folder JupyterLab would use otherwise: its ``overrides.json``
        (merged), ``overrides.d/`` and ``page_config.json`` are carried over, so the
        installation's own settings still apply.

    Returns
    -------
    pathlib.Path
        ``folder``; ``folder/overrides.json`` sets ``locale`` for :data:`TRANSLATION_PLUGIN`.

    Raises
    ------
    OSError
        If ``folder`` cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = write_app_settings(Path(tmp, "settings"), "zh_CN")
    ...     json.loads((folder / "overrides.json").read_text(encoding="utf-8"))
    {'@jupyterlab/translation-extension:plugin': {'locale': 'zh_CN'}}
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    overrides: dict = {}
    if base is not None and Path(base).is_dir():
        base = Path(base)
        if (base / "page_config.json").is_file():
            shutil.copy2(base / "page_config.json", folder / "page_config.json")
        if (base / "overrides.d").is_dir():
            shutil.copytree(base / "overrides.d", folder / "overrides.d", dirs_exist_ok=True)
        for name in ("overrides.json", "overrides.json5"):   # the order JupyterLab reads them in
            found = _read_settings_file(base / name) if (base / name).is_file() else None
            for plugin, values in (found.items() if isinstance(found, dict) else ()):
                if isinstance(values, dict):
                    overrides.setdefault(plugin, {}).update(values)
    overrides.setdefault(TRANSLATION_PLUGIN, {})["locale"] = locale
    (folder / "overrides.json").write_text(json.dumps(overrides, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    return folder


def user_locale(settings_dir: str | os.PathLike | None = None) -> str | None:
    """The interface language the user chose in JupyterLab (Settings → Language), or None.

    A choice there (in the user's own settings) wins over :func:`lab_language`'s default.

    Parameters
    ----------
    settings_dir : path, optional
        JupyterLab's user settings folder; default ``$JUPYTERLAB_SETTINGS_DIR``, else
        ``<jupyter config dir>/lab/user-settings``.

    Returns
    -------
    str or None
        The chosen locale (``"en"``, ``"zh_CN"``, ``"default"`` …), None when none was chosen.

    Raises
    ------
    None
        An unreadable settings file counts as no choice.

    Examples
    --------
    >>> user_locale("/no/such/folder") is None
    True
    """
    if settings_dir is None:
        settings_dir = os.environ.get("JUPYTERLAB_SETTINGS_DIR")
    if not settings_dir:
        try:
            from jupyter_core.paths import jupyter_config_dir

            settings_dir = Path(jupyter_config_dir()) / "lab" / "user-settings"
        except ImportError:
            return None
    plugin, _, name = TRANSLATION_PLUGIN.partition(":")
    found = _read_settings_file(Path(settings_dir) / plugin / f"{name}.jupyterlab-settings")
    locale = found.get("locale") if isinstance(found, dict) else None
    return locale if isinstance(locale, str) and locale.strip() else None


@contextlib.contextmanager
def lab_language(lang: str) -> Iterator[LabLanguage]:
    """Prepare JupyterLab and its kernels for the course language ``lang`` while the block runs.

    ``CRMCOURSE_LANG`` is set to ``lang`` (JupyterLab and every kernel it starts inherit it), and
    a ``LANG`` that holds a bare course language (``make lab LANG=zh``) is dropped; both are
    restored afterwards. For Chinese, a temporary settings folder (:func:`write_app_settings`)
    sets JupyterLab's interface to ``zh_CN``; it is deleted when the block ends.

    Parameters
    ----------
    lang : {"en", "zh"}
        The course language.

    Yields
    ------
    LabLanguage
        Its ``app_settings_dir`` goes to :func:`lab_command`; ``notes`` are for the user.

    Raises
    ------
    LabError
        ``lang`` is not a course language.

    Examples
    --------
    >>> with lab_language("en") as chosen:
    ...     print(chosen.locale, chosen.app_settings_dir, os.environ["CRMCOURSE_LANG"])
    None None en
    """
    lang = _check_lang(lang)
    locale = LAB_LOCALES[lang]
    saved = {name: os.environ.get(name) for name in ("CRMCOURSE_LANG", "LANG")}
    with contextlib.ExitStack() as stack:
        settings, notes = None, []
        if locale is not None:
            if not language_pack_installed(locale):
                notes.append(f"JupyterLab's {_LANGUAGE_NAMES[lang]} language pack is not installed, so its menus stay "
                             f"English (the notebooks are {_LANGUAGE_NAMES[lang]}). Install it: pip install -c "
                             f"requirements/constraints.txt {LANGUAGE_PACKS[locale]} (make lab does).")
            own = user_locale()
            if own is not None and own not in (locale, "default"):
                notes.append(f"your JupyterLab settings choose the interface language {own!r}, which wins: pick "
                             f"中文 (简体, 中国) under Settings → Language to see the menus in Chinese.")
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="crmcourse-lab-settings-"))
            settings = write_app_settings(Path(tmp) / "settings", locale, base=_default_app_settings_dir())
        try:
            os.environ["CRMCOURSE_LANG"] = lang
            if (os.environ.get("LANG") or "").strip().lower() in LAB_LOCALES:
                del os.environ["LANG"]
            yield LabLanguage(lang, locale, settings, tuple(notes))
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def run_lab(cmd: Sequence[str], cwd: str | os.PathLike, *, grace: float = GRACE_SECONDS) -> int:
    """Run JupyterLab (``cmd``) in its own session until it exits or this process is told to stop.

    Parameters
    ----------
    cmd : sequence of str
        The JupyterLab command (see :func:`lab_command`).
    cwd : path
        The folder it runs in.
    grace : float
        Seconds JupyterLab, then each leftover process, gets to stop before it is killed.

    Returns
    -------
    int
        JupyterLab's exit code, or 0 when a stop signal (Ctrl+C, SIGTERM, SIGHUP) ended it.

    Raises
    ------
    OSError
        If JupyterLab cannot be started.
    """
    def request_stop(signum, frame):
        raise _StopRequested(signum)

    # handlers only work in the main thread; elsewhere the caller's own handling applies
    handle = threading.current_thread() is threading.main_thread()
    previous = {sig: signal.signal(sig, request_stop) for sig in STOP_SIGNALS} if handle else {}
    proc = None
    try:
        proc = subprocess.Popen(list(cmd), cwd=cwd, start_new_session=_POSIX)
        return proc.wait()
    except _StopRequested:
        return 0
    finally:
        for sig in previous:  # a second Ctrl+C or SIGTERM must not interrupt the shutdown itself
            signal.signal(sig, signal.SIG_IGN)
        try:
            if proc is not None:
                stop_process_tree(proc, grace=grace)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


# --------------------------------------------------------------------------- processes
def _proc_table() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, start time) of every process, from /proc or ``ps``; {} if neither works."""
    table: dict[int, tuple[int, str]] = {}
    if _has_proc():
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
            except OSError:  # the process ended while we looked
                continue
            fields = stat[stat.rfind(")") + 2:].split()  # after "pid (command) "
            if len(fields) > 19:
                table[int(entry.name)] = (int(fields[1]), fields[19])
        return table
    try:
        out = subprocess.run(["ps", "-A", "-o", "pid=", "-o", "ppid=", "-o", "lstart="], capture_output=True,
                             text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return table
    for line in out.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            table[int(parts[0])] = (int(parts[1]), parts[2].strip())
    return table


def descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (children, their children, …) as pid → start time.

    Parameters
    ----------
    pid : int
        The ancestor.

    Returns
    -------
    dict
        pid → start time (as the system reports it), so a pid reused later is not mistaken
        for the process seen now; empty when the process table cannot be read.

    Raises
    ------
    None
        A process table that cannot be read gives an empty result.

    Examples
    --------
    >>> os.getpid() in descendants(os.getppid())
    True
    """
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for child, (parent, _) in table.items():
        children.setdefault(parent, []).append(child)
    found: dict[int, str] = {}
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        if child not in found:
            found[child] = table[child][1]
            todo += children.get(child, [])
    return found


def _has_proc() -> bool:
    return Path("/proc/self/stat").exists()


def is_running(pid: int, started: str | None = None) -> bool:
    """True while ``pid`` is a live process (not a zombie) that started at ``started``.

    Parameters
    ----------
    pid : int
        The process.
    started : str, optional
        Its start time as :func:`descendants` reported it; a different process that got the
        same pid later is then not running. Only checked where ``/proc`` exists.

    Returns
    -------
    bool
        False once the process has ended (or is a zombie waiting to be reaped).

    Raises
    ------
    None
        A process that cannot be read counts as ended.

    Examples
    --------
    >>> is_running(os.getpid())
    True
    """
    if _has_proc():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        fields = stat[stat.rfind(")") + 2:].split()
        return fields[0] not in ("Z", "X") and (started is None or fields[19] == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal(pid: int, sig: int, *, group: bool) -> None:
    try:
        if group and _POSIX:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _wait_gone(pids: dict[int, str], timeout: float) -> dict[int, str]:
    deadline = time.monotonic() + timeout
    left = {p: s for p, s in pids.items() if is_running(p, s)}
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = {p: s for p, s in left.items() if is_running(p, s)}
    return left


def stop_process_tree(proc: subprocess.Popen, *, grace: float = GRACE_SECONDS) -> None:
    """Stop ``proc`` (started in its own session) and every process below it.

    Parameters
    ----------
    proc : subprocess.Popen
        The process, started with ``start_new_session=True`` on POSIX.
    grace : float
        Seconds given to ``proc``, then to the leftover processes, before SIGKILL.

    Returns
    -------
    None

    Raises
    ------
    None
        Processes that are already gone are skipped.
    """
    below = descendants(proc.pid)   # before anything stops: kernels run in sessions of their own
    if proc.poll() is None:
        if _POSIX:
            _signal(proc.pid, signal.SIGTERM, group=True)
        else:
            proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            if _POSIX:
                _signal(proc.pid, signal.SIGKILL, group=True)
            else:
                proc.kill()
            proc.wait()
    if not _POSIX:
        return
    below = _wait_gone(below, timeout=min(grace, 2.0))   # the server's own kernel shutdown, just finishing
    for pid in below:
        try:
            leader = os.getpgid(pid) == pid
        except OSError:  # gone meanwhile
            continue
        # a kernel leads its own process group: what it started stops with it
        _signal(pid, signal.SIGTERM, group=leader)
    for pid in _wait_gone(below, timeout=grace):
        _signal(pid, signal.SIGKILL, group=False)
