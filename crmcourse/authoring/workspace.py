"""A learner's own copy of the course: ``crmcourse init`` makes it, ``crmcourse lab`` finds it.

An installed crmcourse (``pip install crmcourse-….whl``) carries the learner notebooks and the
worked solutions inside the package; in a course checkout they are ``notebooks/`` and
``solutions/`` (:func:`course_files` finds either). A **workspace** is a folder of the
learner's own::

    <workspace>/crmcourse-workspace.json   what was copied: course version, language, solutions
    <workspace>/notebooks/                 the learner notebooks (JupyterLab opens these)
    <workspace>/solutions/                 the worked notebooks, one folder up (left out by --no-solutions)
    <workspace>/progress.html              written by ``crmcourse progress``

Copying follows the rule of ``crmcourse learner``: each folder keeps ``.generated.json``, the
hash of every file it was given; a file that still has that hash is the learner's untouched copy
and is simply refreshed, while a file the learner changed (answers, outputs) is first copied to
``.backup/<path with / as __>.<YYYYmmdd-HHMMSS>.ipynb`` — never overwritten, never lost. Other
files in the workspace (the learner's own notebooks, the CRM lab database) are left alone.

``crmcourse lab`` and ``crmcourse progress`` look for the notebooks with :func:`locate`: a
workspace at or above the current folder, else the course checkout there, else the default
workspace (``~/crmcourse-workspace``, or ``$CRMCOURSE_WORKSPACE``), else the checkout of an
editable install. When nothing is found, :func:`offer_workspace` asks (in a terminal) or prints
the ``crmcourse init`` command to run.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     report = init_workspace(Path(tmp, "course"))
...     print(report.lang, report.solutions, "notebooks/00_start_here.ipynb" in report.written)
...     print(locate(Path(tmp, "course", "notebooks", "01_satisfaction")).kind)
en True True
workspace
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import json
import os
import shlex
import sys
from pathlib import Path
from typing import Callable

from crmcourse.errors import CourseDataError
from crmcourse.paths import START_NOTEBOOK

__all__ = ["WorkspaceError", "CourseFiles", "InitReport", "Located", "course_files", "course_version",
           "languages", "course_notebooks", "init_workspace", "is_workspace", "find_workspace",
           "find_checkout", "default_workspace", "locate", "init_command", "offer_workspace",
           "WORKSPACE_FILE", "WORKSPACE_ENV", "LANGUAGES", "DEFAULT_LANG", "MANIFEST_NAME", "BACKUP_DIR"]

#: The file that marks a folder as a crmcourse workspace (JSON: course, version, lang, solutions).
WORKSPACE_FILE = "crmcourse-workspace.json"
#: Environment variable naming the default workspace folder (default ``~/crmcourse-workspace``).
WORKSPACE_ENV = "CRMCOURSE_WORKSPACE"
#: Course languages: English at the top of ``notebooks/`` and ``solutions/``, others in a subfolder.
LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANG = "en"
#: Per-folder record of the hash of every file copied: the name ``crmcourse learner`` uses
#: (``crmcourse.authoring.learner.MANIFEST_NAME``; not imported from there, which would load
#: nbformat into every ``crmcourse init`` / ``lab`` / ``progress``; a test keeps the two equal).
MANIFEST_NAME = ".generated.json"
#: Per-folder home of the copies of files a learner changed: ``crmcourse learner``'s ``BACKUP_DIR``.
BACKUP_DIR = ".backup"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent   # crmcourse/
_SKIP_PARTS = {".ipynb_checkpoints", "__pycache__"}


class WorkspaceError(CourseDataError):
    """A workspace cannot be made or found as asked (a file in the way, an unknown language…)."""


# --------------------------------------------------------------------------- the course's files
@dataclasses.dataclass(frozen=True)
class CourseFiles:
    """Where the course's notebooks are: a checkout's folders, or the copies inside the package."""

    notebooks: Path      # learner notebooks; English at the top, other languages in <lang>/
    solutions: Path      # worked notebooks, same layout
    installed: bool      # True: the copies inside an installed package (the wheel)


def find_checkout(start: str | os.PathLike | None = None) -> Path | None:
    """The course checkout (the folder with crmcourse's ``pyproject.toml``) at or above ``start``.

    Parameters
    ----------
    start : path, optional
        Where to start looking (default: the current folder).

    Returns
    -------
    pathlib.Path or None
        The checkout, or None when ``start`` is not inside one.

    Raises
    ------
    OSError
        Only if ``start`` cannot be resolved.

    Examples
    --------
    >>> find_checkout("/") is None
    True
    """
    base = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (base, *base.parents):
        pyproject = folder / "pyproject.toml"
        try:
            if pyproject.is_file() and 'name = "crmcourse"' in pyproject.read_text(encoding="utf-8",
                                                                                     errors="replace"):
                return folder
        except OSError:
            continue
    return None


def course_files() -> CourseFiles:
    """The course's learner notebooks and solutions: the checkout's, else those inside the package.

    Returns
    -------
    CourseFiles
        ``notebooks`` and ``solutions`` folders and whether they are the installed copies.

    Raises
    ------
    WorkspaceError
        If neither a checkout beside the package nor the installed copies hold the notebooks.

    Examples
    --------
    >>> files = course_files()
    >>> (files.notebooks / "00_start_here.ipynb").is_file()
    True
    """
    checkout = _PACKAGE_DIR.parent
    if find_checkout(checkout) == checkout and (checkout / "notebooks" / START_NOTEBOOK).is_file():
        return CourseFiles(checkout / "notebooks", checkout / "solutions", installed=False)
    inside = _PACKAGE_DIR / "course"
    if (inside / "notebooks" / START_NOTEBOOK).is_file():
        return CourseFiles(inside / "notebooks", inside / "solutions", installed=True)
    raise WorkspaceError(f"the course notebooks are not installed with crmcourse ({inside} is empty)",
                         fix="reinstall crmcourse from its wheel: pip install --force-reinstall crmcourse-….whl")


def course_version() -> str:
    """The installed crmcourse version (``crmcourse.__version__``).

    Returns
    -------
    str
        e.g. ``'0.1.0'``.

    Raises
    ------
    None

    Examples
    --------
    >>> course_version().count(".") >= 1
    True
    """
    import crmcourse

    return str(getattr(crmcourse, "__version__", "unknown"))


def _lang_root(folder: Path, lang: str) -> Path:
    return folder if lang == DEFAULT_LANG else folder / lang


def languages(files: CourseFiles | None = None) -> list[str]:
    """The languages whose learner notebooks this crmcourse carries, English first.

    Parameters
    ----------
    files : CourseFiles, optional
        Default: :func:`course_files`.

    Returns
    -------
    list of str
        Language codes from :data:`LANGUAGES` that have a start notebook.

    Raises
    ------
    WorkspaceError
        If the course notebooks cannot be found (see :func:`course_files`).

    Examples
    --------
    >>> languages()[0]
    'en'
    """
    files = files or course_files()
    return [lang for lang in LANGUAGES if (_lang_root(files.notebooks, lang) / START_NOTEBOOK).is_file()]


def course_notebooks(folder: str | os.PathLike, lang: str = DEFAULT_LANG) -> list[str]:
    """The notebooks of one language under ``folder``, as sorted ``/``-separated relative paths.

    English notebooks are those outside the other languages' subfolders; ``.backup``,
    ``.ipynb_checkpoints`` and other hidden folders are skipped.

    Parameters
    ----------
    folder : path
        A course ``notebooks/`` or ``solutions/`` folder.
    lang : str
        A key of :data:`LANGUAGES`.

    Returns
    -------
    list of str
        Paths relative to the language's root (``01_satisfaction/03_kano.ipynb``).

    Raises
    ------
    WorkspaceError
        If ``lang`` is not a course language.

    Examples
    --------
    >>> "01_satisfaction/03_kano.ipynb" in course_notebooks(course_files().notebooks)
    True
    >>> course_notebooks("/no/such/folder")
    []
    """
    _check_lang(lang)
    root = _lang_root(Path(folder), lang)
    if not root.is_dir():
        return []
    others = {code for code in LANGUAGES if code != DEFAULT_LANG} if lang == DEFAULT_LANG else set()
    found = []
    for path in root.rglob("*.ipynb"):
        parts = path.relative_to(root).parts
        if any(p.startswith(".") or p in _SKIP_PARTS for p in parts[:-1]):
            continue
        if len(parts) > 1 and parts[0] in others:
            continue
        if path.is_file():
            found.append(Path(*parts).as_posix())
    return sorted(found)


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise WorkspaceError(f"{lang!r} is not a course language",
                             fix=f"use one of: {', '.join(LANGUAGES)}")


# --------------------------------------------------------------------------- copying
@dataclasses.dataclass
class InitReport:
    """What :func:`init_workspace` did. Lists hold paths relative to the workspace (``/``-separated).

    >>> print(InitReport(Path("ws"), written=["notebooks/a.ipynb"]).summary())
    workspace ws (English, with solutions): 1 copied, 0 unchanged
    """

    target: Path
    lang: str = DEFAULT_LANG
    solutions: bool = True
    written: list[str] = dataclasses.field(default_factory=list)     # new files
    updated: list[str] = dataclasses.field(default_factory=list)     # untouched copies refreshed
    unchanged: list[str] = dataclasses.field(default_factory=list)
    backed_up: list[str] = dataclasses.field(default_factory=list)   # copies of learner-changed files

    def summary(self) -> str:
        """A short report: counts, then each backup made (so the learner knows where answers went).

        >>> r = InitReport(Path("ws"), lang="zh", solutions=False, unchanged=["notebooks/a.ipynb"],
        ...                backed_up=["notebooks/.backup/a.20260101-090000.ipynb"])
        >>> print(r.summary())
        workspace ws (简体中文, no solutions): 0 copied, 1 unchanged, 1 backed up
          your changed copy kept as: notebooks/.backup/a.20260101-090000.ipynb
        """
        counts = [f"{len(self.written)} copied"]
        counts += [f"{len(self.updated)} updated"] if self.updated else []
        counts.append(f"{len(self.unchanged)} unchanged")
        counts += [f"{len(self.backed_up)} backed up"] if self.backed_up else []
        what = f"{LANGUAGES.get(self.lang, self.lang)}, {'with' if self.solutions else 'no'} solutions"
        lines = [f"workspace {self.target} ({what}): {', '.join(counts)}"]
        lines += [f"  your changed copy kept as: {item}" for item in self.backed_up]
        return "\n".join(lines)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _timestamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _require_folder(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise WorkspaceError(f"{path} is a file, but the workspace needs a folder of that name",
                             fix=f"rename or move the file {path}, then run `crmcourse init` again")


def _backup(folder: Path, rel: str, data: bytes) -> Path:
    """Copy ``data`` (a file the learner changed) to a new file under ``folder/.backup``; never overwrite."""
    backup_dir = folder / BACKUP_DIR
    _require_folder(backup_dir)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stem, dot, ext = rel.rpartition(".")
    stem, ext = (stem, f".{ext}") if dot else (rel, "")
    stem, stamp = stem.replace("/", "__"), _timestamp()
    counter = 0
    while True:
        target = backup_dir / f"{stem}.{stamp if counter == 0 else f'{stamp}-{counter}'}{ext}"
        try:
            with open(target, "xb") as fh:   # "x": a backup is never overwritten
                fh.write(data)
            return target
        except FileExistsError:
            counter += 1


def _sync(source: Path, files: list[str], folder: Path, label: str, report: InitReport) -> None:
    """Copy ``files`` (relative to ``source``) into ``folder``, by the backup rule described above."""
    _require_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(folder)
    new_manifest = dict(manifest)
    for rel in files:
        data = (source / rel).read_bytes()
        target = folder / rel
        _require_folder(target.parent)
        shown = f"{label}/{rel}"
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        except IsADirectoryError:
            raise WorkspaceError(f"{target} is a folder, but the course has a notebook of that name",
                                 fix="rename or move the folder, then run `crmcourse init` again") from None
        if current == data:
            report.unchanged.append(shown)
        elif current is None:
            _write_atomic(target, data)
            report.written.append(shown)
        else:
            if _sha256(current) != manifest.get(rel):   # the learner changed it: keep their copy first
                kept = _backup(folder, rel, current)
                report.backed_up.append(f"{label}/{kept.relative_to(folder).as_posix()}")
            _write_atomic(target, data)
            report.updated.append(shown)
        new_manifest[rel] = _sha256(data)
    text = json.dumps(new_manifest, sort_keys=True, indent=1) + "\n"
    if (folder / MANIFEST_NAME).is_file() and (folder / MANIFEST_NAME).read_text(encoding="utf-8") == text:
        return
    _write_atomic(folder / MANIFEST_NAME, text.encode("utf-8"))


def default_workspace() -> Path:
    """The workspace used when no folder is given: ``$CRMCOURSE_WORKSPACE`` or ``~/crmcourse-workspace``.

    Returns
    -------
    pathlib.Path
        The folder (it may not exist yet).

    Raises
    ------
    RuntimeError
        If the home folder cannot be determined and the variable is not set.

    Examples
    --------
    >>> default_workspace().name in ("crmcourse-workspace", Path(os.environ.get(WORKSPACE_ENV, "x")).name)
    True
    """
    configured = os.environ.get(WORKSPACE_ENV, "").strip()
    return Path(configured).expanduser() if configured else Path.home() / "crmcourse-workspace"


def init_workspace(target: str | os.PathLike | None = None, *, lang: str = DEFAULT_LANG,
                   solutions: bool = True, files: CourseFiles | None = None) -> InitReport:
    """Copy a fresh learner workspace into ``target``; a file the learner changed is backed up first.

    Parameters
    ----------
    target : path, optional
        The workspace folder (created if needed; default :func:`default_workspace`).
    lang : str
        The course language (:data:`LANGUAGES`), e.g. ``"zh"``.
    solutions : bool
        Also copy the worked notebooks into ``target/solutions`` (``crmcourse init --no-solutions``
        leaves them out, e.g. for a workshop learner).
    files : CourseFiles, optional
        The course to copy from (default: :func:`course_files`).

    Returns
    -------
    InitReport
        Files copied, refreshed, unchanged and backed up.

    Raises
    ------
    WorkspaceError
        If ``lang`` is unknown or not carried by this crmcourse, ``target`` is the course
        checkout itself or lies inside the course's own folders, or a file stands where the
        workspace needs a folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = init_workspace(tmp, solutions=False)
    ...     again = init_workspace(tmp, solutions=False)
    ...     print(len(first.written) == len(again.unchanged), again.written, again.backed_up)
    True [] []
    """
    _check_lang(lang)
    files = files or course_files()
    if lang not in languages(files):
        raise WorkspaceError(f"this crmcourse ({course_version()}) has no {LANGUAGES[lang]} edition yet",
                             fix=f"use --lang {' or --lang '.join(languages(files))}")
    target = Path(target) if target is not None else default_workspace()
    target = target.expanduser().resolve()
    _require_folder(target)
    destinations = (target / "notebooks", target / "solutions")
    for course_folder in (files.notebooks.resolve(), files.solutions.resolve()):
        if target == course_folder or course_folder in target.parents or any(
                dest == course_folder or dest in course_folder.parents or course_folder in dest.parents
                for dest in destinations):
            raise WorkspaceError(f"{target} holds the course's own notebooks ({course_folder})",
                                 fix="give a folder outside the course, e.g. `crmcourse init ~/my-crm-course`")
    report = InitReport(target, lang=lang, solutions=solutions)
    parts = [(files.notebooks, "notebooks")] + ([(files.solutions, "solutions")] if solutions else [])
    for source, label in parts:
        root = _lang_root(source, lang)
        _sync(root, course_notebooks(source, lang), target / label, label, report)
    info = {"course": "crmcourse", "version": course_version(), "lang": lang, "solutions": solutions}
    marker = target / WORKSPACE_FILE
    _require_folder(marker.parent)
    _write_atomic(marker, (json.dumps(info, indent=1) + "\n").encode("utf-8"))
    return report


# --------------------------------------------------------------------------- finding
def is_workspace(folder: str | os.PathLike) -> bool:
    """True when ``folder`` was made by ``crmcourse init`` (it holds :data:`WORKSPACE_FILE` and ``notebooks/``).

    Parameters
    ----------
    folder : path
        Any folder.

    Returns
    -------
    bool

    Raises
    ------
    None

    Examples
    --------
    >>> is_workspace("/no/such/folder")
    False
    """
    folder = Path(folder)
    try:
        return (folder / WORKSPACE_FILE).is_file() and (folder / "notebooks").is_dir()
    except OSError:
        return False


def find_workspace(start: str | os.PathLike | None = None) -> Path | None:
    """The workspace at or above ``start`` (default: the current folder), or None.

    Parameters
    ----------
    start : path, optional
        Where to start looking.

    Returns
    -------
    pathlib.Path or None

    Raises
    ------
    OSError
        Only if ``start`` cannot be resolved.

    Examples
    --------
    >>> find_workspace("/") is None
    True
    """
    base = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (base, *base.parents):
        if is_workspace(folder):
            return folder
    return None


@dataclasses.dataclass(frozen=True)
class Located:
    """The learner notebooks ``crmcourse lab`` / ``crmcourse progress`` work on, and whose they are.

    ``kind`` is ``"workspace"`` (made by ``crmcourse init``), ``"checkout"`` (a course checkout's
    ``notebooks/``) or ``"folder"`` (a folder given by hand). ``root`` is the workspace or the
    checkout (for a folder: the folder itself).
    """

    notebooks: Path
    root: Path
    kind: str


def locate(start: str | os.PathLike | None = None, *, folder: str | os.PathLike | None = None) -> Located | None:
    """Find the learner notebooks to open, as ``crmcourse lab`` and ``crmcourse progress`` do.

    Order: ``folder`` if given (a workspace or checkout, its ``notebooks/``, or any folder of
    notebooks); a workspace
    at or above ``start``; the checkout at or above ``start``; the default workspace; the
    checkout of an editable install.

    Parameters
    ----------
    start : path, optional
        Where to start looking (default: the current folder).
    folder : path, optional
        A folder the user named.

    Returns
    -------
    Located or None
        None when nothing is found (then offer ``crmcourse init``: :func:`offer_workspace`).

    Raises
    ------
    WorkspaceError
        If ``folder`` is given but is not a folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(locate(folder=tmp).kind)
    folder
    """
    if folder is not None:
        folder = Path(folder).expanduser().resolve()
        if not folder.is_dir():
            raise WorkspaceError(f"{folder} is not a folder",
                                 fix="give a workspace made by `crmcourse init`, or a folder of notebooks")
        for root, notebooks in ((folder, folder / "notebooks"), (folder.parent, folder)):
            if notebooks.name != "notebooks" or not notebooks.is_dir():
                continue
            if is_workspace(root):
                return Located(notebooks, root, "workspace")
            if find_checkout(root) == root:
                return Located(notebooks, root, "checkout")
        return Located(folder, folder, "folder")
    workspace = find_workspace(start)
    if workspace is not None:
        return Located(workspace / "notebooks", workspace, "workspace")
    checkout = find_checkout(start)
    if checkout is not None and (checkout / "notebooks").is_dir():
        return Located(checkout / "notebooks", checkout, "checkout")
    default = default_workspace()
    if is_workspace(default):
        return Located(default / "notebooks", default.resolve(), "workspace")
    editable = find_checkout(_PACKAGE_DIR.parent)
    if editable == _PACKAGE_DIR.parent and (editable / "notebooks").is_dir():
        return Located(editable / "notebooks", editable, "checkout")
    return None


def init_command(target: str | os.PathLike | None = None, *, lang: str = DEFAULT_LANG,
                 solutions: bool = True) -> str:
    """The ``crmcourse init`` command line that makes ``target`` (quoted for this system's shell).

    Parameters
    ----------
    target : path, optional
        Default: :func:`default_workspace`.
    lang : str
        Added as ``--lang`` unless English.
    solutions : bool
        False adds ``--no-solutions``.

    Returns
    -------
    str

    Raises
    ------
    None

    Examples
    --------
    >>> init_command("my course", lang="zh", solutions=False) == (
    ...     'crmcourse init "my course" --lang zh --no-solutions' if os.name == "nt"
    ...     else "crmcourse init 'my course' --lang zh --no-solutions")
    True
    """
    target = str(Path(target) if target is not None else default_workspace())
    quoted = (f'"{target}"' if any(c in target for c in ' &()^') else target) if os.name == "nt" \
        else shlex.quote(target)
    line = f"crmcourse init {quoted}"
    line += f" --lang {lang}" if lang != DEFAULT_LANG else ""
    return line + ("" if solutions else " --no-solutions")


def offer_workspace(*, interactive: bool | None = None, ask: Callable[[str], str] = input,
                    out=None, lang: str = DEFAULT_LANG) -> Path | None:
    """No workspace found: in a terminal ask to create the default one, otherwise say how.

    Parameters
    ----------
    interactive : bool, optional
        Whether a person can answer (default: stdin and stdout are terminals).
    ask : callable
        Reads the answer (``input``).
    out : file, optional
        Where the messages go (default ``sys.stdout``).
    lang : str
        The language of a workspace created here.

    Returns
    -------
    pathlib.Path or None
        The workspace created, or None (nothing created; the ``crmcourse init`` command was printed).

    Raises
    ------
    WorkspaceError
        If the workspace cannot be created (see :func:`init_workspace`).

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> offer_workspace(interactive=False, out=buf) is None
    True
    >>> "crmcourse init" in buf.getvalue()
    True
    """
    out = out or sys.stdout
    target = default_workspace()
    if interactive is None:
        interactive = bool(sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty())
    print("No crmcourse workspace here (a folder made by `crmcourse init`).", file=out)
    if interactive:
        try:
            answer = ask(f"Copy the course notebooks into {target} now? [Y/n] ").strip().lower()
        except EOFError:
            answer = "n"
        if answer in ("", "y", "yes", "是", "好"):
            report = init_workspace(target, lang=lang)
            print(report.summary(), file=out)
            return target.resolve()
    print("Create one with:\n\n    " + init_command(target, lang=lang)
          + "\n\nthen run `crmcourse lab` again (from any folder), or give the folder: "
          "`crmcourse lab --root FOLDER`.", file=out)
    return None
