"""The lab database file: where it lives, how it is built from the shipped CSVs, and its indexes."""
from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _

from ._common import (DB_NAME, LAB_TABLES, SCHEMA_VERSION, CRMError, as_crm_error, check_conn, columns,
                      is_locked, is_shipped, locked_error, plain, run, schema_statements)
from ._store import translate

__all__ = ["lab_path", "connect", "build", "index_names", "drop_indexes", "create_indexes"]

#: The suffix of a database while it is being built (``.crm_lab.sqlite.<pid>.building``).
BUILDING_SUFFIX = ".building"


def lab_path() -> Path:
    """Where :func:`connect` keeps the lab database by default.

    That is ``crm_lab.sqlite`` in the working folder (the notebook's folder), or in the folder
    named by the environment variable ``CRMCOURSE_WORKDIR``.

    Returns
    -------
    pathlib.Path
        The database file (it may not exist yet).

    Raises
    ------
    CRMError
        Never: the path is only checked when :func:`connect` opens it.

    Examples
    --------
    >>> lab_path().name
    'crm_lab.sqlite'
    """
    folder = os.environ.get("CRMCOURSE_WORKDIR") or "."
    return Path(folder) / DB_NAME


def _open_db(target: str) -> sqlite3.Connection:
    """A connection in autocommit mode (the helpers use savepoints) with foreign keys on."""
    try:
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        if is_locked(exc):
            raise locked_error() from None
        raise CRMError(_("could not open the database file ({error})").format(error=exc), value=target,
                       fix=_("check the folder exists and you may write there")) from None
    return conn


def index_names() -> list[str]:
    """Names of the indexes the schema (:data:`~crmcourse.crm.SCHEMA`) defines.

    Returns
    -------
    list of str
        In the schema's order.

    Raises
    ------
    CRMError
        Never in practice (the schema ships with the package).

    Examples
    --------
    >>> index_names()[:2]
    ['idx_contacts_account', 'idx_opportunities_account']
    """
    return [re.match(r"CREATE INDEX (\w+)", s).group(1) for s in schema_statements()[1]]


def drop_indexes(conn: sqlite3.Connection) -> None:
    """Remove the schema's indexes (for the benchmark: the same query with and without them).

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database (:func:`connect`).

    Returns
    -------
    None

    Raises
    ------
    CRMError
        ``conn`` is not an open connection, or the file is locked by another program.

    Examples
    --------
    >>> from crmcourse.crm import query
    >>> db = connect(":memory:")
    >>> drop_indexes(db); create_indexes(db)
    >>> sorted(index_names()) == sorted(query(db, "SELECT name FROM sqlite_master WHERE type = 'index' "
    ...                                            "AND name LIKE 'idx_%'")["name"])
    True
    """
    check_conn(conn)
    for name in index_names():
        run(conn, f"DROP INDEX IF EXISTS {name}")


def create_indexes(conn: sqlite3.Connection) -> None:
    """Create the schema's indexes (again), then update the query planner's statistics.

    Parameters
    ----------
    conn : sqlite3.Connection
        The lab database (:func:`connect`).

    Returns
    -------
    None

    Raises
    ------
    CRMError
        ``conn`` is not an open connection, or the file is locked by another program.

    Examples
    --------
    >>> db = connect(":memory:")
    >>> create_indexes(db)  # already there: nothing changes
    >>> db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'idx_%'").fetchone()[0] == len(index_names())
    True
    """
    check_conn(conn)
    for statement in schema_statements()[1]:
        run(conn, statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    run(conn, "ANALYZE")


def _rows_for_sql(frame, cols: list[str]) -> list[tuple]:
    import pandas as pd

    out = {}
    for col in cols:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.astype(int).astype(object)
        elif isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).where(s.notna(), None)
        elif pd.api.types.is_integer_dtype(s):
            out[col] = s.astype(object).where(s.notna(), None).map(lambda v: None if v is None else int(v))
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.astype(object).where(s.notna(), None).map(lambda v: None if v is None else float(v))
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return list(zip(*(out[c].tolist() for c in cols))) if cols else []


def _source_tables(tables: Any) -> dict:
    """The frames to build from, by short table name, each checked to be a usable DataFrame."""
    from crmcourse import _validate, data

    if tables is None:
        return {t: data.load(f"crm_{t}") for t in LAB_TABLES}
    if not isinstance(tables, Mapping):
        raise CRMError(_("tables should map table names to DataFrames, got {type}").format(type=type(tables).__name__),
                       fix=_("e.g. {example}").format(example="crm.build(path, crmcourse.cases.generate('crm'))"))
    source = {}
    for name, frame in tables.items():
        name = plain(name)
        short = name[4:] if isinstance(name, str) and name.startswith("crm_") else name
        if not isinstance(short, str) or short not in LAB_TABLES:
            shown = name[:40] if isinstance(name, str) else type(name).__name__
            raise CRMError(_("unknown table {name}").format(name=repr(shown)),
                           fix=_("use the names in crmcourse.crm.LAB_TABLES"))
        try:
            source[short] = _validate.require_frame(frame, source=_("the data for {table}").format(table=short),
                                                    min_rows=0)
        except CourseDataError as exc:
            raise as_crm_error(exc, table=short) from None
    missing = [t for t in LAB_TABLES if t not in source]
    if missing:
        raise CRMError((_("no data for the tables {names}") if len(missing) > 1
                        else _("no data for the table {names}")).format(names=", ".join(missing)),
                       fix=_("pass every table, e.g. {example}").format(example="crmcourse.cases.generate('crm')"))
    return source


def build(path: str | os.PathLike = ":memory:", tables: Mapping | None = None, *,
          indexes: bool = True) -> sqlite3.Connection:
    """Create a lab database at ``path`` and fill it; return the open connection.

    An existing file is replaced only once the new database is complete (it is built under a
    temporary name first). Most users want :func:`connect`.

    Parameters
    ----------
    path : str or os.PathLike, default ":memory:"
        The database file, or ``":memory:"`` for a throw-away database.
    tables : mapping of str to pandas.DataFrame, optional
        Table names (``"accounts"`` or ``"crm_accounts"``) to DataFrames, e.g. the output of
        ``crmcourse.cases.generate("crm", size=...)`` for a larger database. By default the
        shipped, validated CSVs are used.
    indexes : bool, default True
        Create the schema's indexes (``False`` gives the unindexed database of the benchmark).

    Returns
    -------
    sqlite3.Connection
        The open lab database.

    Raises
    ------
    CRMError
        An unknown or missing table, a table that is not a DataFrame or lacks a column, a row
        the schema refuses, a target inside the shipped data folder, or a file that cannot be
        written.

    Examples
    --------
    >>> from crmcourse.crm import counts
    >>> db = build(":memory:")
    >>> int(counts(db)["activities"])
    1200
    """
    if not isinstance(indexes, bool):
        raise CRMError(_("{field} should be True or False, got {value}").format(field="indexes",
                                                                               value=type(indexes).__name__),
                       fix=_("e.g. {example}").format(example="indexes=False"))
    target = os.fspath(plain(path)) if isinstance(path, (str, os.PathLike)) else None
    if not isinstance(target, str) or not target.strip():
        raise CRMError(_("the database path should be text, got {type}").format(type=type(path).__name__),
                       fix=_("e.g. {example}, or {other}").format(example="crm.build('big_lab.sqlite')",
                                                                  other="':memory:'"))
    source = _source_tables(tables)
    if target == ":memory:" or target.startswith("file::memory:"):
        conn = _open_db(target)
        _fill(conn, source, indexes)
        return conn
    final = _file_target(target)
    _clean_stale_builds(final)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CRMError(_("could not create the folder ({error})").format(error=exc.strerror or exc), value=target,
                       fix=_("choose a folder you may write to")) from None
    tmp = final.with_name(f".{final.name}.{os.getpid()}{BUILDING_SUFFIX}")
    _remove_build_files(tmp)
    try:
        conn = _open_db(str(tmp))
        try:
            _fill(conn, source, indexes)
        finally:
            conn.close()
        try:
            os.replace(tmp, final)
        except PermissionError:
            _copy_into(str(tmp), final)  # Windows: the old file is still open (e.g. by an earlier notebook run)
            _remove_build_files(tmp)
    except BaseException:
        _remove_build_files(tmp)
        raise
    return _open_db(str(final))


def _file_target(target: str) -> Path:
    try:
        target.encode("utf-8")
    except UnicodeEncodeError:
        raise CRMError(_("the path holds characters that cannot be a file name"), value=target[:40],
                       fix=_("use an ordinary file name, e.g. {example}").format(example="'crm_lab.sqlite'")) from None
    if "\x00" in target:
        raise CRMError(_("the path holds a NUL character"), value=target[:40], fix=_("use an ordinary file name"))
    final = Path(target)
    try:
        is_dir = final.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        raise CRMError(_("the path is a folder, not a database file"), value=target,
                       fix=_("add a file name, e.g. {example}").format(example=repr(str(final / DB_NAME))))
    if is_shipped(final):
        raise CRMError(_("refusing to write the lab database into the course's shipped data folder"),
                       value=str(final),
                       fix=_("use a file in your own working folder, e.g. {example}").format(example="crm.connect()"))
    return final


def _remove_build_files(tmp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.remove(f"{tmp}{suffix}")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs.

    On Windows this answers False (``os.kill(pid, 0)`` would send it CTRL_C_EVENT): removing the
    file is then simply tried, and Windows refuses while another process has it open.
    """
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL_C_EVENT; an open file cannot be removed anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True
    return True


def _clean_stale_builds(final: Path) -> list[Path]:
    """Remove what an interrupted build of ``final`` left behind; return the files removed.

    A build writes ``.<name>.<pid>.building`` (and SQLite its ``-journal``) next to the database
    and renames it when complete. If the kernel died or was restarted mid-build, those files stay;
    they are removed here when the process that wrote them no longer runs (on Windows, a file
    another process still has open cannot be removed, so it stays too).
    """
    removed = []
    pattern = re.compile(rf"^\.{re.escape(final.name)}\.(\d+){re.escape(BUILDING_SUFFIX)}(-journal|-wal|-shm)?$")
    try:
        entries = list(final.parent.iterdir()) if final.parent.is_dir() else []
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if not m or _alive(int(m.group(1))):
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass
    return removed


def _copy_into(source: str, target: Path) -> None:
    """Overwrite the database ``target`` with ``source`` page by page (SQLite's backup API).

    Used when the finished build cannot be renamed over a file another connection holds open;
    the copy is one transaction, so other connections see the old or the new database, never a mix.
    """
    src, dst = sqlite3.connect(source), sqlite3.connect(str(target))
    try:
        src.backup(dst)
    except sqlite3.DatabaseError as exc:
        if is_locked(exc):
            raise locked_error() from None
        raise CRMError(_("could not replace the database file ({error})").format(error=exc), value=str(target),
                       fix=_("close other programs or notebooks that use it, or delete the file, and try again")) from None
    finally:
        src.close()
        dst.close()


def _fill(conn: sqlite3.Connection, source: Mapping, indexes: bool) -> None:
    creates, index_sql = schema_statements()
    conn.execute("BEGIN")
    table = ""
    try:
        for statement in creates:
            conn.execute(statement)
        for table in LAB_TABLES:
            frame = source[table]
            cols = columns(table)
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise CRMError((_("the data for {table} lacks the columns {names}") if len(missing) > 1
                                else _("the data for {table} lacks the column {names}")).format(
                                   table=table, names=", ".join(missing)),
                               table=table, fix=_("regenerate it with crmcourse.cases"))
            marks = ", ".join("?" * len(cols))
            try:
                conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                                 _rows_for_sql(frame, cols))
            except sqlite3.Error as exc:
                raise translate(exc, table, conn=conn) from None
            except (TypeError, ValueError, OverflowError, AttributeError) as exc:
                raise CRMError(_("the data for {table} could not be stored ({error})").format(
                                   table=table, error=f"{type(exc).__name__}: {str(exc)[:120]}"),
                               table=table, fix=_("pass the tables crmcourse.cases.generate('crm') makes, "
                                                  "with plain text, numbers and dates")) from None
        if indexes:
            for statement in index_sql:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    if indexes:
        conn.execute("ANALYZE")


def _url_path(url: Any) -> str:
    url = plain(url)
    if not isinstance(url, str) or not url.startswith("sqlite://"):
        shown = url[:40] if isinstance(url, str) else type(url).__name__
        raise CRMError(_("only SQLite databases are supported, not {url}").format(url=repr(shown)),
                       fix=_("use a 'sqlite:///file.sqlite' url or a path; another server needs SQLAlchemy "
                             "and its driver (see docs/architecture.md)"))
    rest = url[len("sqlite://"):]
    return ":memory:" if rest in ("", "/", "/:memory:") else rest[1:] if rest.startswith("/") else rest


def connect(path: str | os.PathLike | None = None, *, fresh: bool = False,
            url: str | None = None) -> sqlite3.Connection:
    """Open the CRM lab database; build it from the shipped CSVs if it does not exist yet.

    The connection has foreign keys switched on and commits each statement at once; the
    helpers group their statements into one all-or-nothing transaction. Files left behind by a
    build that was interrupted (the kernel died or restarted) are removed first.

    Parameters
    ----------
    path : str or os.PathLike, optional
        The database file; by default :func:`lab_path` (``./crm_lab.sqlite``, next to your
        notebook). ``":memory:"`` gives a throw-away database.
    fresh : bool, default False
        Start again: rebuild the file from the shipped data (your changes to the lab database
        are lost; the shipped CSVs are never changed). The lab notebooks do this in their first
        cell, so running a notebook twice gives the same results.
    url : str, optional
        ``"sqlite:///relative/path.sqlite"`` style, as SQLAlchemy writes it. Only SQLite works
        without extra packages; see docs/architecture.md for other servers.

    Returns
    -------
    sqlite3.Connection
        The open lab database.

    Raises
    ------
    CRMError
        Both ``path`` and ``url``, another server's url, a folder, a path in the shipped data
        folder, a file that is not a lab database of this version, or a file another program
        has locked.

    Examples
    --------
    >>> db = connect(":memory:")
    >>> db.execute("PRAGMA foreign_keys").fetchone()[0]
    1
    """
    if not isinstance(fresh, bool):
        raise CRMError(_("{field} should be True or False, got {value}").format(field="fresh",
                                                                               value=type(fresh).__name__),
                       fix=_("e.g. {example}").format(example="fresh=True"))
    if url is not None:
        if path is not None:
            raise CRMError(_("give either a path or a url, not both"), fix=_("drop one of them"))
        path = _url_path(url)
    if path is None:
        path = lab_path()
    path = plain(path)
    if not isinstance(path, (str, os.PathLike)):
        raise CRMError(_("the database path should be text, got {type}").format(type=type(path).__name__),
                       fix=_("e.g. {example}, or {default} for the default").format(
                           example="crm.connect('crm_lab.sqlite')", default="crm.connect()"))
    try:
        target = os.fspath(path)
    except TypeError:
        target = None
    if not isinstance(target, str) or not target.strip():
        raise CRMError(_("the database path should be a file name"), value=path if isinstance(path, str) else None,
                       fix=_("e.g. {example}, or {default} for the default").format(
                           example="crm.connect('crm_lab.sqlite')", default="crm.connect()"))
    if target == ":memory:":
        return build(":memory:")
    file = _file_target(target)
    _clean_stale_builds(file)
    try:
        exists = file.exists()
    except (OSError, ValueError) as exc:
        raise CRMError(_("the path cannot be used as a file name ({error})").format(error=exc), value=target[:80],
                       fix=_("use a shorter, ordinary file name, e.g. {example}").format(
                           example="'crm_lab.sqlite'")) from None
    if fresh or not exists:
        return build(file)
    conn = _open_db(target)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        locked = is_locked(exc)
        conn.close()
        if locked:
            raise locked_error(table=None) from None
        raise CRMError(_("the file is not a usable SQLite database ({error})").format(error=exc), value=target,
                       fix=_("crm.connect(fresh=True) rebuilds it from the shipped data")) from None
    if version != SCHEMA_VERSION or not set(LAB_TABLES) <= present:
        conn.close()
        raise CRMError(_("the file was not built by this version of the lab (schema {version}, "
                         "expected {expected})").format(version=version, expected=SCHEMA_VERSION), value=target,
                       fix=_("crm.connect(fresh=True) rebuilds it from the shipped data (your changes are lost)"))
    return conn
