"""Seeded generator of the fictional case companies that carry the course.

Every table under ``data/huaxin/``, ``data/qingmei/``, ``data/lianyun/``, ``data/dealer/`` and
``data/crm/`` is made here, by :func:`generate`, and written by :func:`write` (or, folder and
report included, by :func:`generate_files`, which ``crmcourse data generate`` calls);
``tests/test_cases.py`` regenerates the files and compares checksums, so the committed CSVs are
always reproducible. All people and companies are synthetic (pinyin-style names drawn from short
word lists); any resemblance is coincidental.

The cases
---------
Each case company has its own module, whose docstring tells what is planted in its tables:

* ``huaxin`` — Huaxin Office Systems (华信办公设备), a B2B office-equipment and managed-print
  supplier (modules 2, 3 and 5): :mod:`crmcourse.cases.huaxin`;
* ``qingmei`` — Qingmei Cosmetics (清美化妆品), a consumer brand with members (modules 1, 4 and 6):
  :mod:`crmcourse.cases.qingmei`;
* ``lianyun`` — Lianyun Telecom (联云通信), a mobile operator (module 4, targeting):
  :mod:`crmcourse.cases.lianyun`;
* ``dealer`` — Fengtai Motors (丰泰汽车), a car dealer's fleet buyers (module 2):
  :mod:`crmcourse.cases.dealer`;
* ``crm`` — the CRM lab database (module 5), Huaxin as seen in its CRM:
  :mod:`crmcourse.cases.crm_lab`, with its fixed records in :mod:`crmcourse.cases.crm_catalogue`;
* ``capstone`` — Huaxin's customer survey, read by the capstone case:
  :mod:`crmcourse.cases.capstone`.

The random-draw helpers and word lists they share are in :mod:`crmcourse.cases.draws`.

Determinism: each table draws from its own ``numpy.random.default_rng(seed + offset)`` where the
offset is the CRC-32 of the table name, so adding a table never changes the others. ``size``
multiplies the row counts of the large tables (for benchmarks); ``size=1`` gives the committed data.

>>> tables = generate("lianyun", size=0.02)
>>> sorted(tables)
['lianyun_offer_response', 'lianyun_offers', 'lianyun_plans', 'lianyun_subscribers']
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

import pandas as pd

import crmcourse.cases.capstone as capstone
import crmcourse.cases.crm_lab as crm_lab
import crmcourse.cases.dealer as dealer
import crmcourse.cases.huaxin as huaxin
import crmcourse.cases.lianyun as lianyun
import crmcourse.cases.qingmei as qingmei
from crmcourse import constants
from crmcourse._validate import did_you_mean, integer, real
from crmcourse.cases.crm_lab import CRM_LEAD_SOURCES, CRM_PRIORITIES, CRM_TICKET_CATEGORIES, CRM_TODAY
from crmcourse.cases.draws import DEFAULT_SEED, SNAPSHOT
from crmcourse.cases.lianyun import BLANKET_RATE, TARGETED_RATE
from crmcourse.cases.qingmei import PERSONAS
from crmcourse.errors import CourseDataError
from crmcourse.paths import data_dir

__all__ = [
    "CASES", "CASE_TABLES", "CASE_MAKERS", "TABLES", "DEFAULT_SEED", "SNAPSHOT",
    "SALES_STAGES", "STAGES", "SUITECRM_PERCENT", "STAGE_PROBABILITY", "KANO_ANSWERS",
    "SERVQUAL_DIMENSIONS", "PERSONAS", "BLANKET_RATE", "TARGETED_RATE",
    "CRM_TODAY", "CRM_LEAD_SOURCES", "CRM_TICKET_CATEGORIES", "CRM_PRIORITIES",
    "generate", "table_files", "to_csv_text", "write", "generate_files", "WrittenFile", "GeneratedFiles",
]

# ----------------------------------------------------------------------------- the registry
#: The case companies, in the order :func:`generate` makes them when no case is named.
CASES = ("huaxin", "qingmei", "lianyun", "dealer", "crm", "capstone")
_MODULES = {"huaxin": huaxin, "qingmei": qingmei, "lianyun": lianyun, "dealer": dealer, "crm": crm_lab,
            "capstone": capstone}
#: Case name → the names of the tables it makes, in order (each a key of ``data/tables.yml``).
CASE_TABLES: dict[str, list[str]] = {case: list(_MODULES[case].TABLE_NAMES) for case in CASES}
#: Case name → its ``make(seed, size)`` function, which returns ``{table name: DataFrame}``.
CASE_MAKERS: dict[str, Callable[[int, float], dict[str, pd.DataFrame]]] = {
    case: _MODULES[case].make for case in CASES}
#: Old name of :data:`CASE_TABLES` (kept for existing code; ``crmcourse.data.tables()`` is
#: something else: the data dictionary's table list).
TABLES = CASE_TABLES

# ----------------------------------------------------------------------------- shared constants
#: SuiteCRM's sales stages, in selling order (``crmcourse.constants.SALES_STAGES``).
SALES_STAGES = constants.SALES_STAGES
#: Old name of :data:`SALES_STAGES`, kept as the list it always was.
STAGES = list(SALES_STAGES)
#: SuiteCRM's default win probability per stage, in percent (``crmcourse.constants.SUITECRM_PERCENT``).
SUITECRM_PERCENT = constants.SUITECRM_PERCENT
#: Old name of :data:`SUITECRM_PERCENT`.
STAGE_PROBABILITY = SUITECRM_PERCENT
#: The five Kano answers, in questionnaire order (``crmcourse.constants.KANO_ANSWERS``).
KANO_ANSWERS = constants.KANO_ANSWERS
#: SERVQUAL's five dimensions (``crmcourse.constants.SERVQUAL_DIMENSIONS``).
SERVQUAL_DIMENSIONS = constants.SERVQUAL_DIMENSIONS


# ----------------------------------------------------------------------------- generating
def generate(case: str | None = None, size: float = 1.0, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Generate the tables of one case company (or of all of them when ``case`` is None).

    Pure and deterministic: the same ``seed`` and ``size`` give identical frames on every run.

    Parameters
    ----------
    case : str, optional
        One of :data:`CASES`; None (the default) makes every case.
    size : float, default 1
        Multiplier of the row counts of the large tables (accounts, opportunities, customers,
        transactions, surveys, subscribers, the CRM lab's activities); small reference tables
        (reps, plans, offers) keep theirs. 1 gives the committed data.
    seed : int, default DEFAULT_SEED
        The seed (0 or more); :data:`DEFAULT_SEED` gives the committed data.

    Returns
    -------
    dict of str to pandas.DataFrame
        Table name → frame, in the order of :data:`CASE_TABLES`.

    Raises
    ------
    CourseDataError
        An unknown case, a size that is not a positive number, or a seed that is not a whole
        number of 0 or more.

    Examples
    --------
    >>> t = generate("huaxin", size=0.05)
    >>> list(t)
    ['huaxin_accounts', 'huaxin_reps', 'huaxin_opportunities', 'huaxin_stage_history', 'huaxin_contacts', 'huaxin_account_team']
    >>> len(t["huaxin_accounts"]), len(t["huaxin_reps"])
    (16, 12)
    >>> generate("lianyun", size=0.02)["lianyun_subscribers"].equals(
    ...     generate("lianyun", size=0.02)["lianyun_subscribers"])
    True
    >>> generate("huaxn")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: unknown case 'huaxn' (did you mean 'huaxin'?). Fix: choose one of huaxin, qingmei, lianyun, dealer, crm, capstone, or None for all.
    """
    if case is not None and (not isinstance(case, str) or case not in CASES):
        raise CourseDataError(f"unknown case {case!r}{did_you_mean(case, CASES)}",
                              fix=f"choose one of {', '.join(CASES)}, or None for all")
    size = real(size, "size", low=0, low_open=True)
    seed = integer(seed, "seed", 0)
    out: dict[str, pd.DataFrame] = {}
    for c in ([case] if case else CASES):
        frames = CASE_MAKERS[c](seed, size)
        out.update({name: frames[name] for name in CASE_TABLES[c]})
    return out


# ----------------------------------------------------------------------------- writing
def table_files() -> dict[str, str]:
    """Map table name → CSV path relative to ``data/``, as listed in ``data/tables.yml``.

    Returns
    -------
    dict of str to str
        Every table of the data dictionary (case tables and others) → its file.

    Examples
    --------
    >>> table_files()["qingmei_transactions"]
    'qingmei/transactions.csv'
    """
    import yaml

    with open(data_dir() / "tables.yml", encoding="utf-8") as fh:
        entries = (yaml.safe_load(fh) or {}).get("tables") or {}
    return {name: entry["file"] for name, entry in entries.items()}


def to_csv_text(frame: pd.DataFrame) -> str:
    """The exact CSV text :func:`write` stores: UTF-8, LF, no index, ISO dates, True/False.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    str

    Examples
    --------
    >>> print(to_csv_text(pd.DataFrame({"d": pd.to_datetime(["2025-01-02"]), "ok": [True]})), end="")
    d,ok
    2025-01-02,True
    """
    return frame.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def write(tables: dict[str, pd.DataFrame], dest: Path | str) -> dict[str, str]:
    """Write each table to ``dest/<file from tables.yml>``; return ``{relative file: sha256}``.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Table name → frame, as :func:`generate` returns them.
    dest : path-like
        The folder that stands for ``data/``; sub-folders are created as needed.

    Returns
    -------
    dict of str to str
        File relative to ``dest`` (``"lianyun/offers.csv"``) → SHA-256 of its bytes.

    Raises
    ------
    KeyError
        A table has no entry in ``data/tables.yml`` (nothing is written then).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sums = write(generate("lianyun", size=0.02), tmp)
    >>> sorted(sums)[:2]
    ['lianyun/offer_response.csv', 'lianyun/offers.csv']
    """
    files = table_files()
    missing = [name for name in tables if name not in files]
    if missing:
        raise KeyError(f"no entry in data/tables.yml for {', '.join(missing)}; add one (see docs/dev/tables-format.md)")
    dest = Path(dest)
    sums = {}
    for name, frame in tables.items():
        rel = files[name]
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = to_csv_text(frame).encode("utf-8")
        path.write_bytes(data)
        sums[rel] = hashlib.sha256(data).hexdigest()
    return sums


class WrittenFile(NamedTuple):
    """One CSV file :func:`generate_files` wrote.

    Attributes
    ----------
    table : str
        The table's name (``"lianyun_offers"``).
    file : str
        Its path relative to the output folder (``"lianyun/offers.csv"``).
    rows : int
        Rows written (the header not counted).
    bytes : int
        The file's size.
    sha256 : str
        SHA-256 of the file's bytes.
    """

    table: str
    file: str
    rows: int
    bytes: int
    sha256: str


@dataclass
class GeneratedFiles:
    """What :func:`generate_files` did: the folder, the files and the time it took.

    Attributes
    ----------
    out : pathlib.Path
        The folder written to (it stands for ``data/``).
    files : list of WrittenFile
        One entry per table, in :func:`generate`'s order.
    seconds : float
        Time taken to generate and write the tables.
    """

    out: Path
    files: list[WrittenFile] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """The report ``crmcourse data generate`` prints.

        Returns
        -------
        str
            One line per file (file, rows, kB, start of the checksum) and a closing total.
        """
        lines = [f"{f.file:32s} {f.rows:>8,d} rows {f.bytes / 1024:>9.1f} kB  {f.sha256[:12]}"
                 for f in self.files]
        lines.append(f"wrote {len(self.files)} files to {self.out} in {self.seconds:.2f} s")
        return "\n".join(lines)


def generate_files(out: Path | str | None = None, *, case: str | None = None, size: float = 1.0,
                   seed: int = DEFAULT_SEED) -> GeneratedFiles:
    """Generate case tables and write them as CSV files: what ``crmcourse data generate`` does.

    Parameters
    ----------
    out : path-like, optional
        The folder that stands for ``data/``. None (the default) writes into the repository's
        ``data/`` folder, which is only allowed for the committed settings (size 1 and the default
        seed), so the checksum test keeps passing.
    case : str, optional
        One of :data:`CASES`; None (the default) writes every case.
    size : float, default 1
        Row-count multiplier (see :func:`generate`).
    seed : int, default DEFAULT_SEED
        The random seed.

    Returns
    -------
    GeneratedFiles
        The folder, one :class:`WrittenFile` per table (in :func:`generate`'s order) and the
        seconds generating and writing took; ``.summary()`` is the report the command prints.

    Raises
    ------
    CourseDataError
        ``out`` is None while ``size`` or ``seed`` differ from the committed settings, or
        :func:`generate` refuses the arguments.
    KeyError
        A generated table has no entry in ``data/tables.yml``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     done = generate_files(tmp, case="lianyun", size=0.02)
    >>> [f.file for f in done.files][:2], done.files[1].rows
    (['lianyun/plans.csv', 'lianyun/subscribers.csv'], 120)
    >>> done.summary().splitlines()[-1].startswith("wrote 4 files to ")
    True
    >>> generate_files(size=0.5)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: writing into the repository's data/ folder needs size 1 and the default seed (the committed data must stay reproducible). Fix: pass an output folder (--out DIR) for other sizes or seeds.
    """
    if out is None and (size != 1.0 or seed != DEFAULT_SEED):
        raise CourseDataError("writing into the repository's data/ folder needs size 1 and the default seed "
                              "(the committed data must stay reproducible)",
                              fix="pass an output folder (--out DIR) for other sizes or seeds")
    folder = Path(out) if out is not None else data_dir()
    started = time.perf_counter()
    tables = generate(case, size=size, seed=seed)
    sums = write(tables, folder)
    took = time.perf_counter() - started
    files = table_files()
    written = [WrittenFile(name, files[name], len(frame), (folder / files[name]).stat().st_size, sums[files[name]])
               for name, frame in tables.items()]
    return GeneratedFiles(folder, written, took)
