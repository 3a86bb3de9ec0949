"""The two editions of the course as the site, the slides and the handouts see them, and their words.

English is the source (``solutions/``, ``notebooks/``); the Chinese edition is generated into
``solutions/zh/`` and ``notebooks/zh/`` with the same paths. Every output mirrors that: a page
``P`` of the English site is ``OUT/P``, its Chinese twin ``OUT/zh/P``.

The interface words of the site, the slides and the handouts (navigation, headings, buttons,
"Exercise", "Solution", footers) are the gettext domain ``site``:
``crmcourse/locale/site.pot`` and ``crmcourse/locale/zh_CN/LC_MESSAGES/site.po/.mo``, extracted
from the Jinja2 templates and from ``tr(language, "…")`` calls in the Python code
(:data:`BABEL_CFG`; docs/i18n.md has the commands). They are looked up for the language of the
page being built, whatever :func:`crmcourse.set_language` says.

>>> edition_dirs(Path("/course"), "zh")
(PosixPath('/course/solutions/zh'), PosixPath('/course/notebooks/zh'))
>>> tr("zh", "Course map")
'课程地图'
>>> twin_href("notebooks/01_satisfaction/03_kano.html", "en", exists=True)
'../../zh/notebooks/01_satisfaction/03_kano.html'
>>> twin_href("notebooks/01_satisfaction/03_kano.html", "zh", exists=False)
'../../../index.html'
"""
from __future__ import annotations

import functools
import gettext as _gettext
from importlib import resources
from pathlib import Path

from crmcourse.errors import CourseDataError
from crmcourse.i18n import LANGUAGES as _LOCALES

__all__ = ["LANGUAGES", "ZH", "DOMAIN", "HTML_LANG", "LANGUAGE_NAMES", "BABEL_CFG", "check_language",
           "edition_dirs", "has_edition", "edition_folder", "twin_href", "catalog", "tr", "domain_text",
           "is_edition_path"]

#: The editions, the source first.
LANGUAGES = ("en", "zh")
#: The folder of the Chinese edition inside ``solutions/``, ``notebooks/`` and every output folder.
ZH = "zh"
#: The gettext domain of the interface words of the site, the slides and the handouts.
DOMAIN = "site"
#: The ``<html lang>`` of each edition's pages.
HTML_LANG = {"en": "en", "zh": "zh-CN"}
#: Each language named in itself: the label of the language switch that leads to it.
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
#: Babel's extraction map of the ``site`` domain (run from the repository root, see docs/i18n.md).
BABEL_CFG = Path(__file__).parents[2] / "locale" / "babel-site.cfg"


def check_language(language) -> str:
    """``language`` if it is an edition of the course (``"en"`` or ``"zh"``).

    Parameters
    ----------
    language : str

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        Anything else.

    Examples
    --------
    >>> check_language("zh")
    'zh'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: no 'fr' edition of the course. Fix: use 'en' (English) or 'zh' (Chinese).
    """
    if not isinstance(language, str) or language not in LANGUAGES:
        shown = repr(language)[:30]
        raise CourseDataError(f"no {shown} edition of the course", fix="use 'en' (English) or 'zh' (Chinese)")
    return language


def edition_dirs(root: Path, language: str) -> tuple[Path, Path]:
    """``(solutions folder, learner notebooks folder)`` of one edition of the course at ``root``.

    Parameters
    ----------
    root : Path
        The course checkout (or any folder laid out like one).
    language : {"en", "zh"}

    Returns
    -------
    tuple of Path

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> edition_dirs(Path("c"), "en")
    (PosixPath('c/solutions'), PosixPath('c/notebooks'))
    """
    root = Path(root)
    if check_language(language) == "en":
        return root / "solutions", root / "notebooks"
    return root / "solutions" / ZH, root / "notebooks" / ZH


def has_edition(root: Path, language: str) -> bool:
    """Whether ``root`` holds the solution notebooks of ``language`` (English: ``solutions/``).

    Parameters
    ----------
    root : Path
    language : {"en", "zh"}

    Returns
    -------
    bool

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> has_edition(Path("/no/such/course"), "zh")
    False
    """
    solutions, _ = edition_dirs(root, language)
    return solutions.is_dir() and any(solutions.rglob("*.ipynb"))


def is_edition_path(rel: Path) -> bool:
    """Whether a path relative to ``solutions/`` (or ``notebooks/``) lies in the Chinese edition's folder.

    >>> is_edition_path(Path("zh/01_satisfaction/03_kano.ipynb")), is_edition_path(Path("01_x/a.ipynb"))
    (True, False)
    """
    return len(Path(rel).parts) > 1 and Path(rel).parts[0] == ZH


def edition_folder(out: Path, language: str) -> Path:
    """Where the pages of ``language`` go in an output folder: ``out`` itself, or ``out/zh``.

    >>> edition_folder(Path("build/site"), "zh")
    PosixPath('build/site/zh')
    """
    return Path(out) if check_language(language) == "en" else Path(out) / ZH


def twin_href(page: str, language: str, *, exists: bool) -> str:
    """Relative link from ``page`` of the ``language`` edition to the same page of the other edition.

    Parameters
    ----------
    page : str
        The page's path inside its edition (``notebooks/01_x/03_kano.html``, ``index.html``).
    language : {"en", "zh"}
        The edition ``page`` belongs to.
    exists : bool
        Whether the other edition has this page; without it the link leads to its course map.

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> twin_href("index.html", "zh", exists=True)
    '../index.html'
    >>> twin_href("solutions/00_start_here.html", "en", exists=False)
    '../zh/index.html'
    """
    depth = len(Path(page).parts) - 1
    target = page if exists else "index.html"
    if check_language(language) == "en":
        return "../" * depth + f"{ZH}/{target}"
    return "../" * (depth + 1) + target


@functools.lru_cache(maxsize=None)
def catalog(language: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    """The compiled gettext catalog of ``domain`` in ``language`` (English: messages unchanged).

    Parameters
    ----------
    language : {"en", "zh"}
    domain : str
        ``"site"`` (default), ``"exercises"`` or ``"crmcourse"``: a ``.mo`` file in
        ``crmcourse/locale/<locale>/LC_MESSAGES/``. A missing catalog translates nothing.

    Returns
    -------
    gettext.NullTranslations

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> catalog("en").gettext("Course map")
    'Course map'
    """
    if check_language(language) == "en" or not isinstance(domain, str) or not domain.isidentifier():
        return _gettext.NullTranslations()
    mo = resources.files("crmcourse").joinpath("locale", _LOCALES[language], "LC_MESSAGES", f"{domain}.mo")
    try:
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    except (FileNotFoundError, OSError):
        return _gettext.NullTranslations()


def tr(language: str, message: str) -> str:
    """``message`` (an interface word of the ``site`` domain) in ``language``.

    Babel extracts the second argument of every ``tr(…)`` call (``-k tr:2``), so write the
    English text literally there; call ``.format`` on the result for ``{placeholders}``.

    Parameters
    ----------
    language : {"en", "zh"}
    message : str

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> tr("zh", "Module {number}").format(number=3)
    '模块 3'
    """
    return catalog(language).gettext(message)


def domain_text(language: str, domain: str, message: str, context: str | None = None) -> str:
    """``message`` translated with another domain's catalog (``"exercises"``: titles, explanations, options).

    Parameters
    ----------
    language : {"en", "zh"}
    domain : str
    message : str
        Empty or non-text messages come back as they are.
    context : str, optional
        A ``msgctxt`` tried first (the exercise id of an option label with two meanings); the
        plain entry serves when the catalog has none for that context.

    Returns
    -------
    str

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> domain_text("en", "exercises", "Kano pair")
    'Kano pair'
    """
    if not isinstance(message, str) or not message:
        return message
    found = catalog(language, domain)
    if context:
        specific = found.pgettext(context, message)
        if specific != message:
            return specific
    return found.gettext(message)
