"""Load and validate the course's tables — and your own data — against one data dictionary.

Every shipped table is described in ``data/tables.yml`` (columns, types, allowed values, ranges,
keys, references). :func:`load` reads a shipped table through ``importlib.resources`` and
validates it; :func:`validate` applies the same rules to a DataFrame you bring, and
:func:`read_csv` to a CSV export of your own. Whatever is wrong is reported as one
:class:`~crmcourse.errors.CourseDataError` that names the file, the column, the bad rows and how
to fix it.

The package has one module per concern:

* :mod:`crmcourse.data.paths` — :func:`data_path`, where the shipped files are;
* :mod:`crmcourse.data.dictionary` — the data dictionary: :func:`schema`, :func:`table_names`,
  :func:`catalogue` (first called ``tables()``, still available under that name) and
  :func:`data_dictionary_markdown`;
* :mod:`crmcourse.data.loading` — :func:`load`, :func:`validate`, :func:`read_csv`;
* :mod:`crmcourse.data.cdnow` — :func:`load_cdnow`, the real CDNOW transactions.

:func:`require_frame` and :func:`require_columns` are the input checks of
:mod:`crmcourse._validate`, re-exported here for analysts' scripts.

>>> from crmcourse import data
>>> accounts = data.load("huaxin_accounts")
>>> bool(accounts["annual_revenue"].min() >= 0)
True
>>> "huaxin_accounts" in data.table_names()
True
"""
from __future__ import annotations

from crmcourse._validate import require_columns, require_frame
from crmcourse.data import cdnow, dictionary, loading, paths
from crmcourse.data.cdnow import load_cdnow
from crmcourse.data.dictionary import catalogue, data_dictionary_markdown, schema, table_names, tables
from crmcourse.data.loading import clear_caches, load, read_csv, validate
from crmcourse.data.paths import data_path
from crmcourse.errors import CourseDataError

__all__ = [
    "CourseDataError",
    "catalogue",
    "tables",
    "table_names",
    "schema",
    "load",
    "load_cdnow",
    "read_csv",
    "validate",
    "clear_caches",
    "require_columns",
    "require_frame",
    "data_path",
    "data_dictionary_markdown",
]
