"""The language of the package's own messages: English (the source) or Simplified Chinese.

The language comes from :func:`set_language` if it was called, else from the ``CRMCOURSE_LANG``
environment variable, else English. :func:`_` translates one message with the gettext catalog
``crmcourse/locale/<locale>/LC_MESSAGES/crmcourse.mo`` (read with :mod:`importlib.resources`,
so it works from a wheel); English, or a message the catalog lacks, comes back unchanged.
docs/i18n.md describes how the catalogs are made (Babel: extract → update → translate → compile).

>>> set_language("zh")
>>> _("not yet right")
'还不对'
>>> set_language("en")
>>> _("not yet right")
'not yet right'
>>> set_language(None)
"""
from __future__ import annotations

import functools
import gettext
import os
from importlib import resources

from crmcourse._validate import did_you_mean
from crmcourse.errors import CourseDataError

__all__ = ["LANGUAGES", "ENV_VAR", "DOMAIN", "set_language", "get_language", "translation", "_", "ngettext",
           "N_"]

#: The languages of the course, with the gettext locale of each one's catalog.
LANGUAGES = {"en": "en", "zh": "zh_CN"}
#: The environment variable read when :func:`set_language` was not called.
ENV_VAR = "CRMCOURSE_LANG"
#: The gettext domain: the catalogs are ``crmcourse.pot`` / ``crmcourse.po`` / ``crmcourse.mo``.
DOMAIN = "crmcourse"
_DEFAULT = "en"
# Other spellings people write for the two languages (locale names, BCP 47 tags).
_ALIASES = {"zh_cn": "zh", "zh-cn": "zh", "zh_hans": "zh", "zh-hans": "zh", "zh_hans_cn": "zh",
            "zh-hans-cn": "zh", "cn": "zh", "chinese": "zh", "中文": "zh",
            "en_us": "en", "en-us": "en", "en_gb": "en", "en-gb": "en", "english": "en"}
_STATE: dict = {"language": None}


def _normalise(value, *, where: str) -> str:
    """``"en"`` or ``"zh"`` for ``value``; a CourseDataError naming ``where`` otherwise."""
    fix = f"use 'zh' (Simplified Chinese) or 'en' (English), e.g. {where}"
    if not isinstance(value, str):
        raise CourseDataError(f"the language must be text, got {type(value).__name__}", fix=fix)
    text = str.__str__(value).strip()
    key = text.lower()
    if key in LANGUAGES:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    raise CourseDataError(f"unknown language {text[:30]!r}{did_you_mean(key, [*LANGUAGES, *_ALIASES])}",
                          fix=fix)


def set_language(language: str | None) -> None:
    """Choose the language of check feedback, hints and other package messages for this session.

    Parameters
    ----------
    language : {"en", "zh"} or None
        ``"zh"`` for Simplified Chinese, ``"en"`` for English (``"zh_CN"``, ``"zh-Hans"``,
        ``"en_US"`` are read too). ``None`` forgets the choice, so ``CRMCOURSE_LANG`` (or
        English) applies again.

    Returns
    -------
    None

    Raises
    ------
    CourseDataError
        Any other value, with the closest language name when there is one.

    Examples
    --------
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language("Chinse")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: unknown language 'Chinse' (did you mean 'chinese'?). Fix: use 'zh' (Simplified Chinese) or 'en' (English), e.g. crmcourse.set_language('zh').
    >>> set_language(None)
    """
    _STATE["language"] = None if language is None else _normalise(
        language, where="crmcourse.set_language('zh')")


def get_language() -> str:
    """The language in use: ``"en"`` or ``"zh"``.

    Returns
    -------
    str
        The value given to :func:`set_language`, else that of ``CRMCOURSE_LANG``, else ``"en"``.

    Raises
    ------
    CourseDataError
        ``CRMCOURSE_LANG`` holds something other than a language name.

    Examples
    --------
    >>> set_language("en"); get_language()
    'en'
    >>> set_language(None)
    """
    if _STATE["language"] is not None:
        return _STATE["language"]
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return _DEFAULT
    return _normalise(value, where=f"export {ENV_VAR}=zh")


@functools.lru_cache(maxsize=None)
def translation(language: str) -> gettext.NullTranslations:
    """The gettext translations of ``language`` (English and missing catalogs: messages unchanged).

    Parameters
    ----------
    language : {"en", "zh"}

    Returns
    -------
    gettext.NullTranslations
        A :class:`gettext.GNUTranslations` read from the package's compiled catalog, or a
        :class:`gettext.NullTranslations` that returns every message as it is.

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> translation("zh").gettext("correct")
    '正确'
    """
    language = _normalise(language, where="translation('zh')")
    if language == _DEFAULT:
        return gettext.NullTranslations()
    mo = resources.files("crmcourse").joinpath("locale", LANGUAGES[language], "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the language in use (unchanged in English or when not yet translated).

    Parameters
    ----------
    message : str
        The English text, exactly as in the catalog's msgid. Format placeholders
        (``{count}``) are kept by the translation: call ``.format`` on the result.

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        ``CRMCOURSE_LANG`` holds something other than a language name.

    Examples
    --------
    >>> set_language("zh")
    >>> _("{right} of {count} right.").format(right=2, count=3)
    '3 项中有 2 项正确。'
    >>> set_language(None)
    """
    return translation(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n``, in the language in use.

    Parameters
    ----------
    singular, plural : str
        The English forms.
    n : int

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        ``CRMCOURSE_LANG`` holds something other than a language name.

    Examples
    --------
    >>> ngettext("{n} row", "{n} rows", 2).format(n=2)
    '2 rows'
    """
    return translation(get_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (gettext's ``gettext_noop``).

    For texts defined at import time (constants, tables of messages): mark them with ``N_``,
    translate them with :func:`_` where they are shown.

    Parameters
    ----------
    message : str

    Returns
    -------
    str
        ``message`` itself.

    Raises
    ------
    None

    Examples
    --------
    >>> N_("correct")
    'correct'
    """
    return message


#: Check-feedback texts of crmcourse/checks/feedback.py, marked here so that Babel extracts them
#: into the catalog before the checks call :func:`_` (a later step of issue 15). Each must equal
#: its text in feedback.py (tests/test_i18n.py checks it); remove an entry once feedback.py
#: marks the text itself.
CHECK_MESSAGES = (
    # HEADLINES
    N_("correct"),
    N_("not yet right"),
    N_("not answered yet"),
    N_("cannot be checked"),
    N_("recorded, graded by your trainer"),
    # a first set of feedback sentences
    N_("Replace the `...` with your answer and run the cell again."),
    N_("There is no exercise with this id; check the spelling against the exercise heading."),
    N_("The size is right but the sign is wrong."),
    N_("Close, but not within the tolerance: check your rounding and that you used every row."),
    N_("Your answer is text that looks like a number; give the number itself, without quotes."),
    N_("That option does not fit best."),
    N_("Your list repeats an item."),
    N_("{right} of {count} right."),
    N_("If you change your answer, run the cell again: the last answer counts."),
)
