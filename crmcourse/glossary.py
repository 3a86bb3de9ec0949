"""English ⇄ Chinese glossary of the course's key terms (``data/glossary.csv``).

>>> from crmcourse import glossary
>>> glossary.translate("key account")
'大客户'
>>> glossary.translate("客户细分")
'segmentation'
>>> glossary.lookup("kano").shape[0] >= 1
True
"""
from __future__ import annotations

import pandas as pd

from crmcourse.data import CourseDataError, load

__all__ = ["load_glossary", "lookup", "translate", "terms"]


def load_glossary() -> pd.DataFrame:
    """All terms: ``term_en``, ``term_zh``, ``module`` (0–6) and a short ``definition``.

    >>> load_glossary().columns.tolist()
    ['term_en', 'term_zh', 'module', 'definition']
    """
    return load("glossary")


def lookup(text: str, module: int | None = None) -> pd.DataFrame:
    """Terms whose English or Chinese name (or definition) contains ``text``, best matches first.

    Matching ignores case. Exact name matches come first, then name matches, then matches
    in a definition.

    >>> lookup("大客户")["term_en"].iloc[0]
    'key account'
    """
    if not isinstance(text, str) or not text.strip():
        raise CourseDataError("lookup needs a word to search for, e.g. lookup('loyalty')",
                              fix="pass an English or Chinese term as text")
    table = load_glossary()
    if module is not None:
        table = table[table["module"] == module]
    needle = text.strip().lower()
    en = table["term_en"].str.lower()
    zh = table["term_zh"].str.lower()
    exact = (en == needle) | (zh == needle)
    in_name = en.str.contains(needle, regex=False) | zh.str.contains(needle, regex=False)
    in_def = table["definition"].str.lower().str.contains(needle, regex=False)
    rank = pd.Series(3, index=table.index)
    rank[in_def] = 2
    rank[in_name] = 1
    rank[exact] = 0
    hits = table[rank < 3].assign(_rank=rank[rank < 3])
    return (hits.sort_values(["_rank", "module", "term_en"], kind="stable")
            .drop(columns="_rank").reset_index(drop=True))


def translate(term: str) -> str:
    """The other-language name of an exact term (English → Chinese or Chinese → English).

    >>> translate("Segmentation")
    '客户细分'
    """
    table = load_glossary()
    key = str(term).strip().lower()
    hit = table[table["term_en"].str.lower() == key]
    if len(hit):
        return str(hit["term_zh"].iloc[0])
    hit = table[table["term_zh"].str.lower() == key]
    if len(hit):
        return str(hit["term_en"].iloc[0])
    close = lookup(term)["term_en"].head(3).tolist() if str(term).strip() else []
    raise CourseDataError(
        f"{term!r} is not in the glossary",
        fix=(f"try one of {close} or " if close else "") + "use lookup(...) to search by part of a word",
    )


def terms(module: int) -> pd.DataFrame:
    """The glossary terms introduced in one module (0–6), sorted by English name.

    >>> set(terms(3)["module"]) == {3}
    True
    """
    if module not in range(0, 7):
        raise CourseDataError(f"module must be 0–6, got {module!r}", fix="pass a module number such as terms(2)")
    table = load_glossary()
    return table[table["module"] == module].sort_values("term_en").reset_index(drop=True)
