"""English ⇄ Chinese glossary of the course's key terms (``data/glossary.csv``).

The CSV holds each term in English and Chinese and an English definition. The Chinese of every
definition lives in the gettext catalog ``crmcourse/locale/zh_CN/LC_MESSAGES/glossary.po``
(``msgctxt`` = the English term; compiled to ``glossary.mo``, made with
:mod:`crmcourse.authoring.extract_glossary`). When the language is Chinese
(``crmcourse.set_language("zh")`` or ``CRMCOURSE_LANG=zh``), :func:`load_glossary`,
:func:`lookup` and :func:`terms` show the Chinese definition in their ``definition`` column and
:func:`define` returns it; in English they are unchanged. Each takes ``language="en"`` or
``"zh"`` to choose for one call; :func:`bilingual` gives both definitions side by side.

>>> from crmcourse import glossary
>>> glossary.translate("key account")
'大客户'
>>> glossary.translate("客户细分")
'segmentation'
>>> glossary.lookup("kano").shape[0] >= 1
True
>>> glossary.define("key account", language="zh")[:9]
'当前价值或潜在价值'
"""
from __future__ import annotations

import functools
import gettext
import numbers
from importlib import resources
from typing import Any

import pandas as pd

from crmcourse.data import load
from crmcourse.errors import CourseDataError

__all__ = ["load_glossary", "lookup", "translate", "terms", "define", "bilingual", "DOMAIN"]

MODULES = range(0, 7)
#: The gettext domain of the definitions' Chinese: ``crmcourse/locale/zh_CN/LC_MESSAGES/glossary.mo``.
DOMAIN = "glossary"
_LANGUAGE_NAMES = {"en": "en", "english": "en", "zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh"}


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


def _language(value: Any) -> str:
    """``"en"`` or ``"zh"``: ``value``, or the course's language (``crmcourse.get_language()``) for None."""
    if value is None:
        from crmcourse.i18n import get_language

        return get_language()
    if isinstance(value, str):
        key = str.__str__(value).strip().lower().replace("-", "_")
        if key in _LANGUAGE_NAMES:
            return _LANGUAGE_NAMES[key]
        if key[:3] in ("en_", "zh_"):  # en_US, zh_CN, zh_Hans
            return key[:2]
    shown = repr(str.__str__(value)[:30]) if isinstance(value, str) else type(value).__name__
    raise CourseDataError(f"language must be 'en' or 'zh', got {shown}",
                          fix="pass language='zh' for Chinese definitions or 'en' for English, "
                              "or leave it out to follow crmcourse.set_language(...)")


@functools.lru_cache(maxsize=1)
def _catalog() -> gettext.NullTranslations:
    """The compiled Chinese catalog of the definitions (none shipped: every definition stays English)."""
    mo = resources.files("crmcourse").joinpath("locale", "zh_CN", "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except (FileNotFoundError, IsADirectoryError):
        return gettext.NullTranslations()


def _chinese(table: pd.DataFrame) -> pd.Series:
    """The Chinese definition of each row (a row the catalog lacks, or whose English changed, keeps its English)."""
    catalog = _catalog()
    return pd.Series([catalog.pgettext(str(en), str(text)) for en, text in zip(table["term_en"], table["definition"])],
                     index=table.index, dtype=table["definition"].dtype)


def _in_language(table: pd.DataFrame, language: str) -> pd.DataFrame:
    if language == "zh":
        table = table.assign(definition=_chinese(table))
    return table


def load_glossary(language: str | None = None) -> pd.DataFrame:
    """All terms: ``term_en``, ``term_zh``, ``module`` (0–6) and a short ``definition``.

    Parameters
    ----------
    language : {"en", "zh"}, optional
        The language of the ``definition`` column; default: the course's language
        (``crmcourse.set_language`` / ``CRMCOURSE_LANG``, else English).

    Returns
    -------
    pandas.DataFrame
        One row per term (a fresh copy); the same four columns in both languages.

    Raises
    ------
    CourseDataError
        The shipped ``data/glossary.csv`` is missing or breaks its rules, or ``language`` is
        neither English nor Chinese.

    Examples
    --------
    >>> load_glossary().columns.tolist()
    ['term_en', 'term_zh', 'module', 'definition']
    >>> load_glossary(language="zh").set_index("term_en").loc["FAQ", "definition"][:4]
    '常见问题'
    """
    return _in_language(load("glossary"), _language(language))


def bilingual() -> pd.DataFrame:
    """All terms with both definitions: ``definition`` (English) and ``definition_zh`` (Chinese).

    Whatever the language in use; the site and the handouts read it to print each edition's
    definitions.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`load_glossary` in English, then ``definition_zh``.

    Raises
    ------
    CourseDataError
        The shipped ``data/glossary.csv`` is missing or breaks its rules.

    Examples
    --------
    >>> both = bilingual().set_index("term_en")
    >>> both.loc["key account", "definition"][:13], both.loc["key account", "definition_zh"][:4]
    ('A customer of', '当前价值')
    """
    table = load("glossary")
    return table.assign(definition_zh=_chinese(table))


def lookup(text: str, module: int | None = None, language: str | None = None) -> pd.DataFrame:
    """Terms whose English or Chinese name (or definition) contains ``text``, best matches first.

    Matching ignores case. Exact name matches come first, then name matches, then matches
    in a definition. In Chinese the definitions are shown in Chinese, and ``text`` is looked
    for in both the Chinese and the English definition.

    Parameters
    ----------
    text : str
        An English or Chinese word or part of one.
    module : int, optional
        Only terms introduced in this module (0–6).
    language : {"en", "zh"}, optional
        The language of the ``definition`` column; default: the course's language.

    Returns
    -------
    pandas.DataFrame
        The matching rows of :func:`load_glossary` (possibly none).

    Raises
    ------
    CourseDataError
        ``text`` is empty or not text, ``module`` is not 0–6, or ``language`` is neither
        English nor Chinese.

    Examples
    --------
    >>> lookup("大客户")["term_en"].iloc[0]
    'key account'
    >>> lookup("Net Promoter Score", language="zh")["definition"].iloc[0][:7]
    '一种忠诚度指标'
    >>> lookup("")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: lookup needs a word to search for, e.g. lookup('loyalty'). Fix: pass an English or Chinese term as text.
    """
    needle = _word(text, "lookup", "lookup('loyalty')").lower()
    chinese = _language(language) == "zh"
    table = load("glossary")
    if module is not None:
        table = table[table["module"] == _module(module, "lookup('loyalty', module=6)")]
    en = table["term_en"].str.lower()
    zh = table["term_zh"].str.lower()
    exact = (en == needle) | (zh == needle)
    in_name = en.str.contains(needle, regex=False) | zh.str.contains(needle, regex=False)
    in_def = table["definition"].str.lower().str.contains(needle, regex=False)
    if chinese:
        table = _in_language(table, "zh")
        in_def = in_def | table["definition"].str.lower().str.contains(needle, regex=False)
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
    row, english = _row(term, "translate", "translate('key account')")
    return str(row["term_zh"] if english else row["term_en"])


def _row(term: Any, what: str, example: str) -> tuple[pd.Series, bool]:
    """The glossary row (English definition) named exactly by ``term``, and whether the name was English."""
    key = _word(term, what, example)
    table = load("glossary")
    lowered = key.lower()
    for column, english in (("term_en", True), ("term_zh", False)):
        hit = table[table[column].str.lower() == lowered]
        if len(hit):
            return hit.iloc[0], english
    close = lookup(key)["term_en"].head(3).tolist()
    raise CourseDataError(
        f"{str.__str__(term)!r} is not in the glossary",
        fix=(f"try one of {close} or " if close else "") + "use lookup(...) to search by part of a word",
    )


def define(term: str, language: str | None = None) -> str:
    """The definition of an exact term (English, any case, or Chinese), in the course's language.

    Parameters
    ----------
    term : str
        A glossary term in English or Chinese.
    language : {"en", "zh"}, optional
        The definition's language; default: the course's language (``crmcourse.set_language``).

    Returns
    -------
    str
        The Chinese definition in Chinese (the English one while the catalog lacks it).

    Raises
    ------
    CourseDataError
        ``term`` is not text or not in the glossary (the message suggests near terms), or
        ``language`` is neither English nor Chinese.

    Examples
    --------
    >>> define("服务工单", language="en")[:33]
    "A CRM record of a customer's serv"
    >>> import crmcourse
    >>> crmcourse.set_language("zh")
    >>> define("service ticket")[:19]
    'CRM 中登记客户服务请求或问题的记录'
    >>> crmcourse.set_language(None)
    """
    row, _ = _row(term, "define", "define('key account')")
    english = str(row["definition"])
    return _catalog().pgettext(str(row["term_en"]), english) if _language(language) == "zh" else english


def terms(module: int, language: str | None = None) -> pd.DataFrame:
    """The glossary terms introduced in one module (0–6), sorted by English name.

    Parameters
    ----------
    module : int
        A module number from 0 to 6.
    language : {"en", "zh"}, optional
        The language of the ``definition`` column; default: the course's language.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CourseDataError
        ``module`` is not a whole number from 0 to 6, or ``language`` is neither English nor
        Chinese.

    Examples
    --------
    >>> set(terms(3)["module"]) == {3}
    True
    >>> terms(0, language="zh")["definition"].iloc[0][:6]
    '笔记本中的一'
    >>> terms(7)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: module must be a module number 0–6, got 7. Fix: pass a module number such as terms(2).
    """
    number = _module(module, "terms(2)")
    table = load_glossary(language)
    return table[table["module"] == number].sort_values("term_en").reset_index(drop=True)
