"""The data dictionary: ``data/tables.yml`` read once, its entries, and ``docs/data.md`` rendered from it.

Every shipped table has one entry (file, case company, modules, description, key and a rule per
column; the format is in ``docs/dev/tables-format.md``). :func:`schema` gives one entry,
:func:`catalogue` the list of tables, :func:`data_dictionary_markdown` the reference page.

>>> "huaxin_accounts" in table_names()
True
"""
from __future__ import annotations

import copy
import functools
from typing import Any

import crmcourse.data.paths as paths
from crmcourse import _validate
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _

__all__ = ["TYPES", "entries", "check_rules", "schema", "table_names", "catalogue", "tables",
           "data_dictionary_markdown"]

#: The column types a rule may declare.
TYPES = ("str", "int", "float", "date", "bool", "category")

#: How docs/data.md introduces each case company's tables, in page order.
CASES = {
    "huaxin": "Huaxin Office Systems (华信办公设备) — B2B office equipment and managed printing",
    "qingmei": "Qingmei Cosmetics (清美化妆品) — a consumer brand with members, shops and an online store",
    "lianyun": "Lianyun Telecom (联云通信) — a mobile operator with plan tiers and targeted offers",
    "dealer": "Fengtai Motors (丰泰汽车) — a car dealer's fleet buyers (module 2)",
    "cdnow": "CDNOW — real transactions of an online music store (Fader & Hardie), module 4",
    "crm": "The CRM lab database (module 5)",
    "course": "Course-wide tables",
}


@functools.lru_cache(maxsize=1)
def entries() -> dict[str, dict]:
    """Every table's entry from ``data/tables.yml``, read and checked once per session.

    The result is shared: use :func:`schema` for a copy you may change. ``entries.cache_clear()``
    makes the next call read the file again.

    Returns
    -------
    dict
        Table name → entry (``file``, ``columns`` and the optional keys).

    Raises
    ------
    CourseDataError
        The file is missing, is not valid YAML, or an entry breaks the format.

    Examples
    --------
    >>> entries()["huaxin_accounts"]["file"]
    'huaxin/accounts.csv'
    """
    import yaml

    path = paths.data_path("tables.yml")
    if not path.exists():
        raise CourseDataError(
            _("the data dictionary is missing"), file=str(path),
            fix=_("reinstall crmcourse (pip install -e .) from a complete checkout"))
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CourseDataError(_("the data dictionary cannot be read ({error})").format(error=type(exc).__name__),
                              file="tables.yml", fix=_("see docs/dev/tables-format.md for the format")) from None
    found = doc.get("tables") if isinstance(doc, dict) else None
    if not isinstance(found, dict):
        raise CourseDataError(_("no top-level 'tables:' mapping"), file="tables.yml",
                              fix=_("see docs/dev/tables-format.md for the format"))
    for name, entry in found.items():
        check_rules(entry, where=_("tables.yml, table {name}").format(name=repr(name)), shipped=True)
    return found


def check_rules(entry: Any, *, where: str = "your rules", shipped: bool = False) -> dict:
    """``entry`` if it is a table entry in the ``tables.yml`` format, else one clear error.

    Parameters
    ----------
    entry : Any
        A dict with a ``columns`` mapping (column name → rule with a ``type``); a shipped entry
        (``shipped=True``) also needs ``file``.
    where : str
        How messages name the entry.
    shipped : bool, default False
        Require the ``file`` key of a shipped table.

    Returns
    -------
    dict
        ``entry`` itself.

    Raises
    ------
    CourseDataError
        Not a dict, no ``columns`` mapping, a rule without a known ``type``, a category without
        ``allowed`` values, or ``min``/``max`` that are not numbers or dates.

    Examples
    --------
    >>> check_rules({"columns": {"visits": {"type": "int", "min": 0}}})["columns"]["visits"]["type"]
    'int'
    >>> check_rules({"columns": {"visits": {"type": "integer"}}})
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: your rules, column 'visits': type must be one of 'str', 'int', 'float', 'date', 'bool', 'category', got 'integer'. Fix: give the column a 'type:' from that list.
    """
    fix = _("see docs/dev/tables-format.md (a dict such as {'columns': {'revenue': {'type': 'float', 'min': 0}}})")
    if not isinstance(entry, dict) or not isinstance(entry.get("columns"), dict):
        raise CourseDataError(_("needs a 'columns' mapping (column name → rule)"), file=where, fix=fix)
    if shipped and not isinstance(entry.get("file"), str):
        raise CourseDataError(_("needs 'file' (the CSV's path inside data/)"), file=where, fix=fix)
    for col, spec in entry["columns"].items():
        if not isinstance(col, str):
            raise CourseDataError(_("column names must be text, got {type}").format(type=type(col).__name__),
                                  file=where, fix=fix)
        kind = spec.get("type") if isinstance(spec, dict) else None
        if not isinstance(kind, str) or kind not in TYPES:
            got = repr(str.__str__(kind)[:30]) if isinstance(kind, str) else type(kind).__name__
            raise CourseDataError(
                _("type must be one of {types}, got {value}").format(
                    types=", ".join(repr(t) for t in TYPES), value=got),
                file=where, column=col, fix=_("give the column a 'type:' from that list"))
        allowed = spec.get("allowed")
        if kind == "category" and (not isinstance(allowed, (list, tuple)) or not allowed):
            raise CourseDataError(_("a category column needs 'allowed:' values"), file=where,
                                  column=col, fix=_("list the allowed values"))
        for bound in ("min", "max"):
            value = spec.get(bound)
            if value is None:
                continue
            if kind not in ("int", "float", "date"):
                raise CourseDataError(_("{bound} applies to int, float and date columns, not {kind}").format(
                    bound=bound, kind=kind), file=where, column=col,
                    fix=_("remove {bound}: or change the type").format(bound=bound))
            try:
                if kind == "date":
                    _validate.timestamp(value, bound)
                else:
                    _validate.real(value, bound)
            except CourseDataError as exc:
                raise CourseDataError(exc.problem, file=where, column=col,
                                      fix=_("give a number (a YYYY-MM-DD date for a date column)")) from None
    key = entry.get("primary_key")
    if key is not None:
        keys = [key] if isinstance(key, str) else key
        if (not isinstance(keys, (list, tuple)) or not keys
                or not all(isinstance(k, str) and k in entry["columns"] for k in keys)):
            raise CourseDataError(_("primary_key must name one column, or a list of columns, of 'columns'"),
                                  file=where, fix=fix)
    return entry


def schema(table: Any) -> dict:
    """The dictionary entry of a shipped table (a plain dict; a copy, safe to modify).

    Parameters
    ----------
    table : str
        A table name as :func:`table_names` lists them, e.g. ``"huaxin_accounts"``.

    Returns
    -------
    dict
        ``file``, ``case``, ``modules``, ``description``, ``primary_key`` and ``columns`` (column
        name → rule: ``type``, ``min``, ``max``, ``allowed``, ``nullable``, ``references`` …).

    Raises
    ------
    CourseDataError
        ``table`` is not text or names no shipped table (with a suggestion when one is close).

    Examples
    --------
    >>> schema("huaxin_accounts")["columns"]["annual_revenue"]["type"]
    'float'
    >>> schema("huaxin_acounts")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: no table named 'huaxin_acounts' (did you mean 'huaxin_accounts' or 'huaxin_contacts'?). Fix: crmcourse.data.table_names() lists every table.
    """
    found = entries()
    if not isinstance(table, str):
        raise CourseDataError(_("a table name must be text, got {type}").format(type=type(table).__name__),
                              fix=_("e.g. 'huaxin_accounts'; crmcourse.data.table_names() lists every table"))
    table = str.__str__(table)
    if table not in found:
        shown = repr(table) if len(table) <= 60 else repr(table[:59] + "…")
        raise CourseDataError(_("no table named {name}").format(name=shown) + _validate.did_you_mean(table, found),
                              fix=_("crmcourse.data.table_names() lists every table"))
    return copy.deepcopy(found[table])


def table_names() -> list[str]:
    """The names of every shipped table, in dictionary order.

    Returns
    -------
    list of str

    Raises
    ------
    CourseDataError
        The data dictionary is missing or broken.

    Examples
    --------
    >>> names = table_names()
    >>> names[0], "glossary" in names
    ('huaxin_accounts', True)
    """
    return list(entries())


def catalogue():
    """One row per shipped table: name, file, case company, modules, column count and description.

    ``crmcourse.data.tables()`` is the same function under its first name, kept as an alias. It
    is not ``crm.TABLES`` (the CRM lab database's tables) nor ``cases.CASE_TABLES`` (the tables
    each case generator writes).

    Returns
    -------
    pandas.DataFrame
        Columns ``table``, ``file``, ``case``, ``modules``, ``columns``, ``description``.

    Raises
    ------
    CourseDataError
        The data dictionary is missing or broken.

    Examples
    --------
    >>> t = catalogue()
    >>> list(t.columns)
    ['table', 'file', 'case', 'modules', 'columns', 'description']
    """
    import pandas as pd

    rows = []
    for name, entry in entries().items():
        rows.append({
            "table": name,
            "file": entry["file"],
            "case": entry.get("case", ""),
            "modules": ", ".join(str(m) for m in entry.get("modules", [])),
            "columns": len(entry["columns"]),
            "description": entry.get("description", ""),
        })
    return pd.DataFrame(rows)


#: The first name of :func:`catalogue`, kept for notebooks and scripts that call ``data.tables()``.
tables = catalogue


def data_dictionary_markdown() -> str:
    """``docs/data.md``: every table and column, rendered from ``data/tables.yml``.

    ``crmcourse data docs`` writes it; a test fails when the page and the dictionary differ.

    Returns
    -------
    str
        The Markdown page.

    Raises
    ------
    CourseDataError
        The data dictionary is missing or broken.

    Examples
    --------
    >>> text = data_dictionary_markdown()
    >>> "## huaxin_accounts" in text and "| annual_revenue | float" in text
    True
    """
    found = entries()
    lines = [
        "# Data dictionary",
        "",
        "Generated from `data/tables.yml` by `crmcourse data docs`; do not edit by hand "
        "(a test fails when the two differ).",
        "",
        "All case data are synthetic, made by the seeded generator in `crmcourse/cases.py` "
        "(`crmcourse data generate`); no real person is in them. Load any table with "
        "`crmcourse.data.load(name)`; validate your own export against one with "
        "`crmcourse.data.read_csv(path, name)`.",
        "",
        "Types: `str` text · `int` whole number · `float` number · `date` YYYY-MM-DD · "
        "`bool` True/False · `category` one of the listed values. Every column is required "
        "unless marked *may be empty*.",
        "",
    ]
    by_case: dict[str, list[str]] = {}
    for name, entry in found.items():
        by_case.setdefault(entry.get("case", "course"), []).append(name)
    order = [c for c in CASES if c in by_case] + sorted(c for c in by_case if c not in CASES)
    lines += ["| table | case | modules | description |", "|---|---|---|---|"]
    for case in order:
        for name in by_case[case]:
            e = found[name]
            mods = ", ".join(str(m) for m in e.get("modules", []))
            lines.append(f"| [{name}](#{name}) | {case} | {mods} | {e.get('description', '')} |")
    lines.append("")
    for case in order:
        lines += [f"# {CASES.get(case, case)}", ""]
        for name in by_case[case]:
            lines += _table_section(name, found[name])
    return "\n".join(lines).rstrip() + "\n"


def _table_section(name: str, e: dict) -> list[str]:
    lines = [f"## {name}", "", f"`data/{e['file']}` — {e.get('description', '')}", ""]
    key = e.get("primary_key")
    if key:
        key_text = key if isinstance(key, str) else ", ".join(key)
        lines += [f"Key: `{key_text}`.", ""]
    lines += ["| column | type | rules | description |", "|---|---|---|---|"]
    for col, spec in e["columns"].items():
        rules = []
        if spec.get("allowed"):
            sep = " < " if spec.get("ordered") else ", "
            rules.append(sep.join(str(a) for a in spec["allowed"]))
        if "min" in spec:
            rules.append(f"≥ {spec['min']}")
        if "max" in spec:
            rules.append(f"≤ {spec['max']}")
        if spec.get("unique"):
            rules.append("unique")
        if spec.get("nullable"):
            rules.append("*may be empty*")
        if spec.get("references"):
            rules.append(f"→ {spec['references']}")
        unit = f" ({spec['unit']})" if spec.get("unit") else ""
        desc = str(spec.get("description", "")).replace("|", "/")
        lines.append(f"| {col} | {spec['type']} | {'; '.join(rules).replace('|', '/')} | {desc}{unit} |")
    lines.append("")
    return lines
