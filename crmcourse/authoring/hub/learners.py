"""The learners of a classroom hub: their names, and the passwords given out when there is no shared code.

``crmcourse hub --users alice,bob`` or ``--users-file names.csv`` names the class. A name becomes
a JupyterHub user name and a home folder, so it must be short, lower case ASCII letters, digits,
``.``, ``_`` or ``-``, starting with a letter or digit (:func:`parse_learners` refuses anything
else with the reason, before the hub starts).

Without ``--code``, each learner gets a password of their own (:func:`new_password`), printed
once by ``crmcourse hub``. Only its bcrypt hash is kept, in ``<hub dir>/learners.json``
(:func:`ensure_accounts`), from which the hub's NativeAuthenticator accounts are made
(:mod:`crmcourse.authoring.hub.auth`); a learner named again at the next start keeps their
password, a new name gets one.

>>> parse_learners("alice, Bob,carol")
['alice', 'bob', 'carol']
>>> len(new_password()), new_password().count("-")
(11, 1)
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import secrets
from pathlib import Path

from crmcourse.errors import CourseDataError

__all__ = ["HubSetupError", "NAME_RE", "parse_learners", "read_learners_file", "new_password",
           "ensure_accounts", "read_accounts", "ACCOUNTS_FILE", "MAX_LEARNERS"]

#: A learner name: what JupyterHub, the proxy's URLs and the home folders all accept unchanged.
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
#: ``<hub dir>/learners.json``: learner name → bcrypt hash of their password (never the password).
ACCOUNTS_FILE = "learners.json"
#: A class larger than this is refused: one machine does not serve it (docs/classroom.md).
MAX_LEARNERS = 500
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"   # no 0/o, 1/l/i: read aloud or copied from paper


class HubSetupError(CourseDataError):
    """The hub cannot be set up as asked (a bad learner name, a missing proxy, a short code…)."""


def parse_learners(names: str | list[str]) -> list[str]:
    """Learner names from ``"alice,bob"`` (or a list), lower-cased, in the order given, each once.

    Parameters
    ----------
    names : str or list of str
        Comma- or whitespace-separated names, or a list of names.

    Returns
    -------
    list of str
        The names (duplicates dropped, first occurrence kept).

    Raises
    ------
    HubSetupError
        If no name is given, a name is not a valid user name, or there are more than
        :data:`MAX_LEARNERS`.

    Examples
    --------
    >>> parse_learners(["li.wei", "zhang_min", "li.wei"])
    ['li.wei', 'zhang_min']
    >>> parse_learners("alice,../etc")
    Traceback (most recent call last):
    ...
    crmcourse.authoring.hub.learners.HubSetupError: learner name '../etc' is not allowed (name no. 2). Fix: use 1-32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. li.wei).
    """
    items = re.split(r"[,\s]+", names) if isinstance(names, str) else list(names)
    found: list[str] = []
    for position, raw in enumerate(items, start=1):
        name = str(raw).strip().lower()
        if not name:
            continue
        if not NAME_RE.fullmatch(name):
            raise HubSetupError(f"learner name {str(raw).strip()!r} is not allowed", rows=[position], row_label="name no.",
                                fix="use 1-32 lower-case letters, digits, '.', '_' or '-', starting "
                                    "with a letter or digit (e.g. li.wei)")
        if name not in found:
            found.append(name)
    if not found:
        raise HubSetupError("no learner named", fix="give --users alice,bob,… or --users-file names.csv")
    if len(found) > MAX_LEARNERS:
        raise HubSetupError(f"{len(found)} learners is more than one hub machine serves ({MAX_LEARNERS})",
                            fix="split the class, or move to Kubernetes (docs/classroom.md)")
    return found


def read_learners_file(path: str | os.PathLike) -> list[str]:
    """Learner names from a CSV file: the column ``name`` (or ``username``/``learner``), else the first column.

    Parameters
    ----------
    path : path
        A UTF-8 CSV file (a header row is recognised by one of those column names).

    Returns
    -------
    list of str
        As :func:`parse_learners` returns them.

    Raises
    ------
    HubSetupError
        If the file cannot be read or holds no valid name.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
    ...     _ = fh.write("name,group\\nalice,A\\nbob,B\\n")
    >>> read_learners_file(fh.name)
    ['alice', 'bob']
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise HubSetupError(f"cannot read the learners file {path}: {exc}",
                            fix="give a UTF-8 CSV file with one learner name per row") from None
    rows = [row for row in csv.reader(io.StringIO(text)) if row and any(cell.strip() for cell in row)]
    if not rows:
        raise HubSetupError(f"{path} holds no learner name", fix="put one learner name per row")
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(key) for key in ("name", "username", "learner") if key in header), None)
    body = rows[1:] if column is not None else rows
    column = column or 0
    return parse_learners([row[column] if column < len(row) else "" for row in body])


def new_password() -> str:
    """A fresh learner password: two groups of letters and digits that read aloud without confusion.

    Returns
    -------
    str
        e.g. ``'k7mq2-xpd4n'`` (10 random characters, about 50 bits).

    Raises
    ------
    None

    Examples
    --------
    >>> set(new_password()) <= set("abcdefghjkmnpqrstuvwxyz23456789-")
    True
    """
    chars = [secrets.choice(_ALPHABET) for _ in range(10)]
    return "".join(chars[:5]) + "-" + "".join(chars[5:])


def read_accounts(hub_dir: str | os.PathLike) -> dict[str, str]:
    """The stored accounts of a hub: learner name → bcrypt hash (empty when there are none).

    Parameters
    ----------
    hub_dir : path
        The hub's folder.

    Returns
    -------
    dict of str to str

    Raises
    ------
    HubSetupError
        If ``learners.json`` exists but is not a JSON object of strings.

    Examples
    --------
    >>> read_accounts("/no/such/hub")
    {}
    """
    path = Path(hub_dir) / ACCOUNTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise HubSetupError(f"{path} is not readable: {exc}", fix=f"delete {path}; learners then get new passwords") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise HubSetupError(f"{path} is not a JSON object of names and hashes",
                            fix=f"delete {path}; learners then get new passwords")
    return data


def ensure_accounts(hub_dir: str | os.PathLike, learners: list[str]) -> dict[str, str]:
    """Give every learner without an account a new password; return those new passwords (to print once).

    The bcrypt hashes are added to ``<hub_dir>/learners.json`` (mode 600); learners who already
    have one keep it. Nobody's password is stored in plain text.

    Parameters
    ----------
    hub_dir : path
        The hub's folder (created if needed).
    learners : list of str
        Valid learner names (see :func:`parse_learners`).

    Returns
    -------
    dict of str to str
        Name → password, for the learners who got one now (empty when all had one).

    Raises
    ------
    HubSetupError
        If ``learners.json`` is damaged, or bcrypt (the ``classroom`` extra) is not installed.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = ensure_accounts(tmp, ["alice", "bob"])
    ...     again = ensure_accounts(tmp, ["alice", "bob", "carol"])
    >>> sorted(first), sorted(again)
    (['alice', 'bob'], ['carol'])
    """
    try:
        import bcrypt
    except ImportError:
        raise HubSetupError("bcrypt is not installed", fix="pip install -e '.[classroom]'") from None
    hub_dir = Path(hub_dir)
    accounts = read_accounts(hub_dir)
    fresh = {name: new_password() for name in learners if name not in accounts}
    if not fresh:
        return {}
    for name, password in fresh.items():
        accounts[name] = bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=10)).decode("ascii")
    hub_dir.mkdir(parents=True, exist_ok=True)
    path = hub_dir / ACCOUNTS_FILE
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(accounts, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, path)
    return fresh
