"""The Chinese edition of the notebooks, made from the English solutions through gettext catalogs.

* :mod:`.extract` — what in a notebook is translatable (markdown cells, code strings, comments);
* :mod:`.catalogs` — one ``.po`` catalog per notebook: extract, read, write, merge;
* :mod:`.build` — apply a catalog to the English notebook, execute it, write ``solutions/zh/``;
* :mod:`.workflow` — over the whole course: extract, update, status and the CI check;
* :mod:`.commands` — what ``crmcourse translate …`` and ``crmcourse learner --check`` print.

The workflow is described in docs/i18n.md. The main names are re-exported here and loaded on
first use (Babel, a development dependency, is imported only then):

>>> from crmcourse.authoring import edition
>>> edition.catalog_path("03_spin/02_question_types.ipynb", "translations").as_posix()
'translations/zh_CN/03_spin/02_question_types.po'
"""
from __future__ import annotations

import importlib

#: Public name → the module of this package that defines it.
HOMES = {
    "extract_catalog": "catalogs", "read_catalog": "catalogs", "write_catalog": "catalogs",
    "merge_catalog": "catalogs", "catalog_path": "catalogs", "notebook_entries": "catalogs",
    "EditionError": "catalogs", "LOCALE": "catalogs",
    "code_pieces": "extract", "is_translatable": "extract", "fields_of": "extract",
    "translate_notebook": "build", "translate_code": "build", "build_notebook": "build",
    "build_edition": "build", "LANGUAGES": "build", "LANGUAGE_HEADER": "build",
    "extract_all": "workflow", "update_all": "workflow", "status": "workflow",
    "status_table": "workflow", "check_edition": "workflow",
}

__all__ = sorted(HOMES)


def __getattr__(name: str):
    if name not in HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{HOMES[name]}"), name)
    globals()[name] = value
    return value
