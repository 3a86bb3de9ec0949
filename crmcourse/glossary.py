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

import numbers
from typing import Any

import pandas as pd

from crmcourse.data import load
from crmcourse.errors import CourseDataError

__all__ = ["load_glossary", "lookup", "translate", "terms"]

MODULES = range(0, 7)


def _word(value: Any, what: str, example: str) -> str:
    """``value`` as plain, stripped text, or one error saying a word is needed."""
    if not isinstance(value, str) or not str.__str__(value).strip():
        raise CourseDataError(f"{what} needs a word to search for, e.g. {example}",
                              fix="pass an English or Chinese term as text")
    return str.__str__(value).strip()


def _module(value: Any, example: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) not in MODULES:
        shown = repr(value) if type(value) in (int, float) and abs(value) < 1e6 else type(value).__name__
        raise CourseDataError(f"module must be a module number 0–6, got {shown}",
                              fix=f"pass a module number such as {example}")
    return int(value)


def load_glossary() -> pd.DataFrame:
    """All terms: ``term_en``, ``term_zh``, ``module`` (0–6) and a short ``definition``.

    Returns
    -------
    pandas.DataFrame
        One row per term (a fresh copy).

    Raises
    ------
    CourseDataError
        The shipped ``data/glossary.csv`` is missing or breaks its rules.

    Examples
    --------
    >>> load_glossary().columns.tolist()
    ['term_en', 'term_zh', 'module', 'definition']
    """
    return load("glossary")


def lookup(text: str, module: int | None = None) -> pd.DataFrame:
    """Terms whose English or Chinese name (or definition) contains ``text``, best matches first.

    Matching ignores case. Exact name matches come first, then name matches, then matches
    in a definition.

    Parameters
    ----------
    text : str
        An English or Chinese word or part of one.
    module : int, optional
        Only terms introduced in this module (0–6).

    Returns
    -------
    pandas.DataFrame
        The matching rows of :func:`load_glossary` (possibly none).

    Raises
    ------
    CourseDataError
        ``text`` is empty or not text, or ``module`` is not 0–6.

    Examples
    --------
    >>> lookup("大客户")["term_en"].iloc[0]
    'key account'
    >>> lookup("")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: lookup needs a word to search for, e.g. lookup('loyalty'). Fix: pass an English or Chinese term as text.
    """
    needle = _word(text, "lookup", "lookup('loyalty')").lower()
    table = load_glossary()
    if module is not None:
        table = table[table["module"] == _module(module, "lookup('loyalty', module=6)")]
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

    Parameters
    ----------
    term : str
        A glossary term in English (any case) or Chinese.

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        ``term`` is not text or not in the glossary (the message suggests near terms).

    Examples
    --------
    >>> translate("Segmentation")
    '客户细分'
    >>> translate("loyalt")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: 'loyalt' is not in the glossary. Fix: try one of ['customer loyalty', 'loyalty programme', 'Net Promoter Score'] or use lookup(...) to search by part of a word.
    """
    key = _word(term, "translate", "translate('key account')")
    table = load_glossary()
    lowered = key.lower()
    hit = table[table["term_en"].str.lower() == lowered]
    if len(hit):
        return str(hit["term_zh"].iloc[0])
    hit = table[table["term_zh"].str.lower() == lowered]
    if len(hit):
        return str(hit["term_en"].iloc[0])
    close = lookup(key)["term_en"].head(3).tolist()
    raise CourseDataError(
        f"{str.__str__(term)!r} is not in the glossary",
        fix=(f"try one of {close} or " if close else "") + "use lookup(...) to search by part of a word",
    )


def terms(module: int) -> pd.DataFrame:
    """The glossary terms introduced in one module (0–6), sorted by English name.

    Parameters
    ----------
    module : int
        A module number from 0 to 6.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CourseDataError
        ``module`` is not a whole number from 0 to 6.

    Examples
    --------
    >>> set(terms(3)["module"]) == {3}
    True
    >>> terms(7)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: module must be a module number 0–6, got 7. Fix: pass a module number such as terms(2).
    """
    number = _module(module, "terms(2)")
    table = load_glossary()
    return table[table["module"] == number].sort_values("term_en").reset_index(drop=True)
