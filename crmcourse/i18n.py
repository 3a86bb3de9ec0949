"""The language of the package's own messages: English (the source) or Simplified Chinese.

The language comes from :func:`set_language` if it was called, else from the ``CRMCOURSE_LANG``
environment variable, else English. :func:`_` translates one message with the gettext catalog
``crmcourse/locale/<locale>/LC_MESSAGES/crmcourse.mo`` (read with :mod:`importlib.resources`,
so it works from a wheel); English, or a message the catalog lacks, comes back unchanged.
:func:`dgettext` reads another domain's catalog the same way (``exercises``: the exercises'
titles, hints, feedback and option labels), and :func:`alternatives` gives a text with all its
Chinese translations, so that a check can accept an answer in either language.
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
import re
from importlib import resources

from crmcourse._validate import did_you_mean
from crmcourse.errors import CourseDataError

__all__ = ["LANGUAGES", "ENV_VAR", "DOMAIN", "DOMAINS", "set_language", "get_language", "translation", "_",
           "translate", "ngettext", "N_", "dgettext", "alternatives"]

#: The languages of the course, with the gettext locale of each one's catalog.
LANGUAGES = {"en": "en", "zh": "zh_CN"}
#: The environment variable read when :func:`set_language` was not called.
ENV_VAR = "CRMCOURSE_LANG"
#: The gettext domain: the catalogs are ``crmcourse.pot`` / ``crmcourse.po`` / ``crmcourse.mo``.
DOMAIN = "crmcourse"
#: The catalogs an answer's alternatives are looked up in (see :func:`alternatives`).
DOMAINS = ("exercises", DOMAIN)
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
    >>> set_language("Chinse")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: unknown language 'Chinse' (did you mean 'chinese'?). Fix: use 'zh' (Simplified Chinese) or 'en' (English), e.g. crmcourse.set_language('zh').
    >>> set_language("zh"); get_language()
    'zh'
    >>> set_language(None)
    """
    _STATE["language"] = None if language is None else _normalise(
        language, where="crmcourse.set_language('zh')")
    if _STATE["language"] not in (None, _DEFAULT):
        _chinese_charts()


def _chinese_charts() -> None:
    """Let every chart draw Chinese, pyplot and pandas ones too (``crmcourse._charts.use_cjk_fonts``).

    matplotlib is configured now when it is loaded, else as soon as it is: ``import crmcourse``
    and the language switch stay light.
    """
    from crmcourse import _charts

    _STATE["charts"] = True
    _charts.configure_on_import()


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
    language = _normalise(value, where=f"export {ENV_VAR}=zh")
    if language != _DEFAULT and not _STATE.get("charts"):
        _chinese_charts()  # once: the language came from the environment, not from set_language
    return language


_DOMAIN_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")


def _domain(domain) -> str:
    if not isinstance(domain, str) or not _DOMAIN_NAME.fullmatch(str.__str__(domain)):
        raise CourseDataError(f"unknown catalog domain {str(domain)[:40]!r}" if isinstance(domain, str)
                              else f"the catalog domain must be text, got {type(domain).__name__}",
                              fix="use a domain such as 'crmcourse' or 'exercises' (docs/i18n.md)")
    return str.__str__(domain)


@functools.lru_cache(maxsize=None)
def translation(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The gettext translations of ``language`` for one catalog (English and missing catalogs: messages unchanged).

    Parameters
    ----------
    language : {"en", "zh"}
    domain : str, default "crmcourse"
        The catalog: ``"crmcourse"`` (the package's messages), ``"exercises"`` (the exercises'
        texts) or another ``<domain>.mo`` under ``crmcourse/locale/<locale>/LC_MESSAGES/``.

    Returns
    -------
    gettext.NullTranslations
        A :class:`gettext.GNUTranslations` read from the package's compiled catalog, or a
        :class:`gettext.NullTranslations` that returns every message as it is.

    Raises
    ------
    CourseDataError
        An unknown language, or a domain that is not a plain lower-case name.

    Examples
    --------
    >>> translation("zh").gettext("correct")
    '正确'
    >>> translation("zh", "no_such_catalog").gettext("correct")
    'correct'
    """
    language = _normalise(language, where="translation('zh')")
    domain = _domain(domain)
    if language == _DEFAULT:
        return gettext.NullTranslations()
    mo = resources.files("crmcourse").joinpath("locale", LANGUAGES[language], "LC_MESSAGES", f"{domain}.mo")
    try:
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except (FileNotFoundError, IsADirectoryError):
        return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the language in use (unchanged in English or when not yet translated).

    Parameters
    ----------
    message : str
        The English text, exactly as in the catalog's msgid. Format placeholders
        (``{count}``) are kept by the translation: call ``.format`` on the result. Anything that
        is not text (e.g. a chart title given as a number) is returned as it is.

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
    if type(message) is not str or not message:
        return message
    return translation(get_language()).gettext(message)


#: The public name of :func:`_` for the package's own modules, which import it as
#: ``from crmcourse.i18n import translate as _`` (tests/test_architecture.py keeps ``_name`` helpers private).
translate = _


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
    if type(singular) is not str or type(plural) is not str or isinstance(n, bool) or not isinstance(n, int):
        return singular if n == 1 else plural
    return translation(get_language()).ngettext(singular, plural, n)


def dgettext(domain: str, message: str) -> str:
    """``message`` translated with the catalog of ``domain``, in the language in use.

    Before a domain's catalog exists (or for a message it lacks, or in English) the message
    comes back unchanged, so code can mark texts before they are translated.

    Parameters
    ----------
    domain : str
        The catalog, e.g. ``"exercises"`` (exercise titles, hints, feedback, explanations and
        option labels) or ``"crmcourse"``.
    message : str
        The English text, exactly as in the catalog's msgid. Anything that is not text is
        returned as it is.

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        ``domain`` is not a plain lower-case name, or ``CRMCOURSE_LANG`` holds something other
        than a language name.

    Examples
    --------
    >>> set_language("zh")
    >>> dgettext("crmcourse", "correct")
    '正确'
    >>> dgettext("no_such_catalog", "correct")
    'correct'
    >>> set_language(None)
    """
    domain = _domain(domain)
    if type(message) is not str or not message:
        return message
    return translation(get_language(), domain).gettext(message)


def alternatives(text: str, domains=DOMAINS) -> tuple[str, ...]:
    """``text`` and every translation of it in the catalogs of ``domains``, whatever the language in use.

    A check uses it to accept an option typed in English or in Chinese.

    Parameters
    ----------
    text : str
        The English text (an option label, a category name).
    domains : sequence of str, default ("exercises", "crmcourse")
        The catalogs to look in; one missing is skipped.

    Returns
    -------
    tuple of str
        ``text`` first, then its distinct translations (none when no catalog has it). Anything
        that is not text gives an empty tuple.

    Raises
    ------
    CourseDataError
        A domain that is not a plain lower-case name.

    Examples
    --------
    >>> alternatives("correct")
    ('correct', '正确')
    >>> alternatives("no such text")
    ('no such text',)
    """
    if isinstance(domains, str):
        domains = (domains,)
    names = [_domain(d) for d in domains]
    if type(text) is not str:
        return ()
    found = [text]
    for language in LANGUAGES:
        if language == _DEFAULT:
            continue
        for domain in names:
            other = translation(language, domain).gettext(text) if text else text
            if other not in found:
                found.append(other)
    return tuple(found)


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
