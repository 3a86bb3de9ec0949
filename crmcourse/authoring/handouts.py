"""Printable handouts: one PDF per module for learners and one trainer key, built offline.

``crmcourse handouts`` writes into ``build/handouts/``:

* ``<module>.pdf`` for each module (``00_start_here``, ``01_satisfaction`` … ``capstone``), read
  from the **learner** notebooks: per notebook its objectives, time and prerequisites, the key
  terms in English and Chinese (from the notebook's key-term table, with the definition from
  ``data/glossary.csv``), the frameworks (every table of the concept cells, under its section
  heading), the exercises without answers (with room to write) and the Check-yourself questions;
* ``trainer_key.pdf``, read from the **solution** notebooks: per notebook every checked exercise
  with its answer computed from the exercise declaration (the option whose hash matches, the
  expected number, the reference table; exam exercises from ``solutions/answer_keys/``), the
  explanation, the solution code, and the model answers of the Check-yourself questions (the
  ``solution``-tagged ``<details>`` cell after the Wrap-up). Quizzes are notebooks like the others.

The pages are rendered from the Jinja2 templates ``templates/handouts*.j2`` and printed to PDF by
headless Chromium (``/usr/bin/chromium``, or ``$CRMCOURSE_CHROMIUM``); nothing is fetched, and
Chinese prints with the Noto CJK fonts. Each PDF's HTML is kept beside it.

Both languages are built: the same PDFs of the Chinese edition go to ``build/handouts/zh/``.
Their text comes from ``solutions/zh/`` and ``notebooks/zh/`` where a notebook has a Chinese
twin (else from the English notebook), the exercise titles and explanations from the
``exercises`` catalog, the interface words (headings, labels) from the ``site`` catalog; the key
terms table is English/中文 in both. They print in the bundled Noto Sans SC web font
(``site/node_modules/@fontsource/noto-sans-sc``, copied beside them), so the PDFs look the same
on a machine without a CJK font.

>>> key_terms("**Key terms**\\n\\n| English | 中文 |\\n|---|---|\\n| benefit | 利益 |")
[('benefit', '利益')]
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import nbformat

from crmcourse.authoring.handout_answers import answer_keys, exercise_answer, solution_code
from crmcourse.authoring.markers import cell_tags, source_text
from crmcourse.authoring.pdf import PrintError, find_chromium, render_pdf
from crmcourse.authoring.site.editions import HTML_LANG, LANGUAGES, ZH, check_language, domain_text, tr

__all__ = ["HandoutError", "HANDOUT_DIR", "find_chromium", "render_pdf", "key_terms", "split_exercises",
           "markdown_tables", "check_yourself", "exercise_answer", "module_context", "key_context", "discussion_answers",
           "render_html", "build_handouts", "NotebookPart"]

#: Where ``crmcourse handouts`` writes, relative to the course checkout.
HANDOUT_DIR = Path("build") / "handouts"
#: The heading of the trainer guide's section printed at the end of the trainer key.
DISCUSSION_HEADING = "Model answers to the discussion prompts"
#: Per language: the trainer guide (under ``docs/``) and that section's heading in it.
DISCUSSION_SOURCES = {"en": ("trainer-guide.md", DISCUSSION_HEADING), "zh": ("trainer-guide.zh.md", "讨论题参考答案")}

# the Chinese edition's words for the same markers are read too
_EXERCISE = re.compile(r"^\*\*(?:Exercise|练习|习题)\s*[^*]+\*\*", re.M)
_KEY_TERMS = re.compile(r"\*\*(?:Key terms|关键术语|核心术语|术语)\*\*")
_CHECK_YOURSELF = re.compile(r"\*\*(?:Check yourself|自我检查|自测|检查一下)\*\*")
_NEXT = re.compile(r"\*\*(?:Next|下一步|接下来|下一节)\s*[:：]?\s*\*\*")
_CHECK = re.compile(r"""^\s*check\(\s*["']([A-Za-z0-9_]+)["']""", re.M)
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DETAILS = re.compile(r"</?details[^>]*>|<summary>.*?</summary>", re.S | re.I)


class HandoutError(PrintError):
    """The handouts cannot be built: a missing or unreadable notebook, or an unknown module.

    A :class:`~crmcourse.authoring.pdf.PrintError` (what a failed print raises), so one
    ``except PrintError`` catches both.
    """


# --------------------------------------------------------------------------- reading notebooks
def key_terms(source: str) -> list[tuple[str, str]]:
    """The (English, 中文) rows of the key-term table that follows ``**Key terms**`` in a title cell.

    Parameters
    ----------
    source : str
        The markdown of a notebook's first cell.

    Returns
    -------
    list of tuple
        One ``(english, chinese)`` pair per row, in order; empty without a key-term table.

    Raises
    ------
    None

    Examples
    --------
    >>> key_terms("no table here")
    []
    """
    found = _KEY_TERMS.search(source)
    if not found:
        return []
    lines = []
    for line in source[found.end():].strip().splitlines():
        if not _TABLE_ROW.match(line):
            if lines:
                break
            continue
        lines.append(line)
    if len(lines) > 1 and _SEPARATOR.match(lines[1]):   # the header row (English | 中文, 英文 | 中文 …)
        lines = lines[2:]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if not _SEPARATOR.match(line)]
    return [(cells[0], cells[1]) for cells in rows if len(cells) >= 2]


def _title_fields(source: str) -> dict[str, str]:
    """``{"You will learn": …, "Time": …, "Prerequisites": …}`` from the title cell's info table."""
    return {m.group(1).strip(): m.group(2).strip()
            for m in re.finditer(r"^\|\s*\*\*([^*]+)\*\*\s*\|\s*(.+?)\s*\|\s*$", source, re.M)}


def split_exercises(source: str) -> tuple[str, list[str]]:
    """A markdown cell split into its concept text and the exercises it states (``**Exercise …**`` on).

    Parameters
    ----------
    source : str

    Returns
    -------
    tuple
        ``(text before the first exercise, [each exercise's markdown])``.

    Raises
    ------
    None

    Examples
    --------
    >>> split_exercises("Intro.\\n\\n**Exercise 1.1.1.** Compute c.\\n\\n*Hint: b / a.*")
    ('Intro.', ['**Exercise 1.1.1.** Compute c.\\n\\n*Hint: b / a.*'])
    """
    starts = [m.start() for m in _EXERCISE.finditer(source)]
    if not starts:
        return source.strip(), []
    parts = [source[a:b].strip() for a, b in zip(starts, starts[1:] + [len(source)])]
    return source[:starts[0]].strip(), parts


def markdown_tables(source: str) -> list[str]:
    """Every markdown table (header, separator and rows) in ``source``, as markdown.

    Parameters
    ----------
    source : str

    Returns
    -------
    list of str

    Raises
    ------
    None

    Examples
    --------
    >>> markdown_tables("text\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |\\n\\nmore")
    ['| a | b |\\n|---|---|\\n| 1 | 2 |']
    """
    tables, block = [], []
    for line in source.splitlines() + [""]:
        if _TABLE_ROW.match(line):
            block.append(line.rstrip())
            continue
        if len(block) >= 3 and _SEPARATOR.match(block[1]):
            tables.append("\n".join(block))
        block = []
    return tables


def check_yourself(source: str) -> str:
    """The Check-yourself questions of a Wrap-up cell (markdown, without the Next line).

    Parameters
    ----------
    source : str
        The ``## Wrap-up`` cell.

    Returns
    -------
    str
        The numbered questions, or ``""``.

    Raises
    ------
    None

    Examples
    --------
    >>> check_yourself("## Wrap-up\\n\\n**Check yourself**\\n\\n1. Why?\\n\\n**Next:** 1.2")
    '1. Why?'
    """
    found = _CHECK_YOURSELF.search(source)
    return _NEXT.split(source[found.end():])[0].strip() if found else ""


def _heading(source: str) -> str | None:
    found = re.search(r"^#{2,3}\s+(.+)$", source, re.M)
    return found.group(1).strip() if found else None


@functools.lru_cache(maxsize=2)
def _glossary(language: str = "en") -> dict[str, str]:
    try:
        from crmcourse.glossary import bilingual

        table = bilingual()  # English definitions and definition_zh, whatever the session's language
        column = "definition_zh" if language == "zh" and "definition_zh" in table.columns else "definition"
        return {str(en).strip().lower(): str(d) for en, d in zip(table["term_en"], table[column])}
    except Exception:  # noqa: BLE001 - a handout without definitions is still a handout
        return {}


def _definition(glossary: dict[str, str], term: str) -> str:
    """The glossary's definition of a key term (``"customer relationship management (CRM)"`` too)."""
    plain = re.sub(r"\s*\([^)]*\)\s*$", "", term).strip().lower()
    return glossary.get(term.strip().lower()) or glossary.get(plain, "")


def _read(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - name the notebook
        raise HandoutError(f"cannot read {path} ({type(exc).__name__})", fix="repair the notebook") from exc


@dataclass
class NotebookPart:
    """What a handout shows of one notebook: terms (en, zh, definition), frameworks (heading, table),
    exercises and questions (markdown); for the key, answers (dicts) and model answers (markdown)."""

    title: str
    subtitle: str = ""
    fields: dict = field(default_factory=dict)
    terms: list = field(default_factory=list)
    frameworks: list = field(default_factory=list)
    exercises: list = field(default_factory=list)
    questions: str = ""
    answers: list = field(default_factory=list)
    model_answers: str = ""


_ROLES = {"wrap-up": re.compile(r"##\s+(?:Wrap-up|小结|总结|回顾)"), "sources": re.compile(r"##\s+(?:Sources|参考资料|资料来源|来源)")}


def _role(text: str) -> str:
    """``"wrap-up"``, ``"sources"`` or ``""``: what a markdown cell is, from its heading."""
    return next((role for role, pattern in _ROLES.items() if pattern.match(text.lstrip())), "")


def _learner_part(nb: nbformat.NotebookNode, fallback: str, twin: nbformat.NotebookNode | None = None,
                  language: str = "en") -> NotebookPart:
    """What a handout shows of ``nb``; ``twin`` is its English source when ``nb`` is a Chinese notebook:
    the key terms come from it, and its cells (matched by id) say which cell is the wrap-up."""
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    first = source_text(cells[0].source) if cells else ""
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), fallback)
    sub = re.search(r"^\*([^*\n]+)\*\s*$", first, re.M)
    glossary = _glossary(language)
    source_cells = [c for c in (twin or nb).cells if c.cell_type == "markdown"]
    terms = key_terms(source_text(source_cells[0].source) if source_cells else "")
    roles = {c.get("id"): _role(source_text(c.source)) for c in source_cells if c.get("id")}
    part = NotebookPart(title=title, subtitle=sub.group(1).strip() if sub else "", fields=_title_fields(first),
                        terms=[(en, zh, _definition(glossary, en)) for en, zh in terms])
    heading = title
    for cell in cells[1:]:
        text = source_text(cell.source)
        heading = _heading(text) or heading
        role = roles.get(cell.get("id")) or _role(text)
        if role == "wrap-up":
            part.questions = check_yourself(text)
            continue
        if role == "sources" or "solution" in cell_tags(cell):
            continue
        concept, exercises = split_exercises(text)
        part.frameworks += [(heading, table) for table in markdown_tables(concept)]
        part.exercises += exercises
    return part


# --------------------------------------------------------------------------- the trainer key
def _key_part(nb: nbformat.NotebookNode, fallback: str, keys: dict, twin: nbformat.NotebookNode | None = None,
              language: str = "en") -> NotebookPart:
    from crmcourse.checks import get_exercise

    part = _learner_part(nb, fallback, twin, language)
    undeclared = tr(language, "(not declared)")
    for cell in nb.cells:
        text = source_text(cell.source)
        if cell.cell_type == "markdown" and "solution" in cell_tags(cell) and "<details" in text:
            part.model_answers += _DETAILS.sub("", text).strip() + "\n\n"
        if cell.cell_type != "code":
            continue
        for exercise_id in _CHECK.findall(text):
            ex = get_exercise(exercise_id)
            part.answers.append({
                "id": exercise_id,
                "title": domain_text(language, "exercises", getattr(ex, "title", undeclared)),
                "answer": exercise_answer(ex, keys, language) if ex is not None else undeclared,
                "explanation": domain_text(language, "exercises", getattr(ex, "explanation", "")),
                "code": solution_code(text),
                "task": domain_text(language, "exercises", getattr(ex, "task", None) or ""),
            })
    return part


# --------------------------------------------------------------------------- the two editions
def _root_of(entry) -> Path:
    """The course folder of a catalogue entry (its solution is ``ROOT/solutions/<rel>``)."""
    return entry.solution.parents[len(entry.rel.parts)]


def _notebooks(entry, language: str) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode,
                                              nbformat.NotebookNode | None, nbformat.NotebookNode | None]:
    """``(learner, solution, English learner twin, English solution twin)`` of ``entry`` in ``language``.

    The Chinese learner copy is ``notebooks/zh/<rel>``, else made from ``solutions/zh/<rel>``;
    without a Chinese twin the English notebooks stand in (and the twins are ``None``).
    """
    from crmcourse.authoring.learner import make_learner_notebook

    if entry.learner is None:
        raise HandoutError(f"no learner copy of {entry.rel}", fix="run `crmcourse learner` first")
    root = _root_of(entry)
    zh_solution, zh_learner = root / "solutions" / ZH / entry.rel, root / "notebooks" / ZH / entry.rel
    if language == "en" or not zh_solution.is_file():
        return _read(entry.learner), _read(entry.solution), None, None
    solution = _read(zh_solution)
    learner = _read(zh_learner) if zh_learner.is_file() else make_learner_notebook(solution, path=entry.rel)
    return learner, solution, _read(entry.learner), _read(entry.solution)


def _modules(root: Path, only: Iterable[str] = (), language: str = "en") -> list[tuple[str, str, list]]:
    """(folder name, title, catalogue entries) per module, in course order; titles in ``language``."""
    from crmcourse.authoring.site.catalog import collect, module_titles

    titles = {**module_titles(root), **module_titles(root, language)}
    grouped: dict[str, list] = {}
    for entry in collect(root):
        name = entry.module_dir or entry.rel.stem
        grouped.setdefault(name, []).append(entry)
    wanted = {w.strip().strip("/") for w in only if w.strip()}
    modules = []
    for name, entries in grouped.items():
        if wanted and name not in wanted:
            continue
        number = entries[0].module
        title = titles.get(number) or (tr(language, "Capstone") if name == "capstone" else entries[0].title)
        modules.append((name, title, entries))
    if wanted and not modules:
        raise HandoutError(f"no module matches {', '.join(sorted(wanted))}",
                           fix="give module folders such as 01_satisfaction or capstone")
    return modules


def module_context(name: str, title: str, entries: list, *, language: str = "en") -> dict:
    """What the learner handout of one module shows (read from the learner notebooks of ``language``).

    Parameters
    ----------
    name, title : str
        The module folder (``01_satisfaction``) and its topic.
    entries : list of NotebookEntry
        Its notebooks (:func:`crmcourse.authoring.site.catalog.collect`, English edition).
    language : {"en", "zh"}
        ``"zh"``: each notebook's Chinese twin where it exists (key terms still from the English one).

    Returns
    -------
    dict
        ``name``, ``title`` and ``notebooks`` (:class:`NotebookPart` each).

    Raises
    ------
    HandoutError
        A learner notebook is missing (run ``crmcourse learner``) or unreadable.
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> from crmcourse.paths import project_root
    >>> name, title, entries = _modules(project_root(), ["00_start_here"])[0]
    >>> en, zh, definition = module_context(name, title, entries)["notebooks"][0].terms[0]
    >>> en, zh, definition.startswith("The strategy")
    ('customer relationship management (CRM)', '客户关系管理', True)
    """
    check_language(language)
    parts = []
    for entry in entries:
        learner, _, twin, _ = _notebooks(entry, language)
        parts.append(_learner_part(learner, entry.title, twin, language))
    return {"name": name, "title": title, "notebooks": parts}


def key_context(modules: list, root: Path, language: str = "en") -> dict:
    """What the trainer key shows: for each module, each solution notebook's answers and model answers.

    Parameters
    ----------
    modules : list
        From :func:`_modules`: (folder, title, entries).
    root : Path
        The course checkout (for ``solutions/answer_keys/``).
    language : {"en", "zh"}
        ``"zh"``: the Chinese solution notebooks where they exist, exercise texts from the
        ``exercises`` catalog.

    Returns
    -------
    dict
        ``modules``: a list of ``{"name", "title", "notebooks"}``.

    Raises
    ------
    HandoutError
        A solution notebook is unreadable.
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> from crmcourse.paths import project_root
    >>> root = project_root()
    >>> ctx = key_context(_modules(root, ["00_start_here"]), root)
    >>> ctx["modules"][0]["notebooks"][0].answers[0]["answer"]
    '1.25'
    """
    check_language(language)
    keys = answer_keys(root)
    modules_shown = []
    for name, title, entries in modules:
        parts = []
        for entry in entries:
            solution, twin = (_read(entry.solution), None) if language == "en" else _notebooks(entry, language)[1::2]
            parts.append(_key_part(solution, entry.title, keys, twin, language))
        modules_shown.append({"name": name, "title": title, "notebooks": parts})
    return {"modules": modules_shown, "discussion": discussion_answers(root, language)}


def discussion_answers(root: Path, language: str = "en") -> str:
    """The model answers to the discussion prompts of the trainer guide (markdown; ``""`` without it).

    Parameters
    ----------
    root : Path
        The course checkout.
    language : {"en", "zh"}, default "en"
        ``docs/trainer-guide.md`` or, in Chinese, ``docs/trainer-guide.zh.md`` (its section
        "讨论题参考答案"); see :data:`DISCUSSION_SOURCES`.

    Returns
    -------
    str
        The section "Model answers to the discussion prompts" without its heading.

    Raises
    ------
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> from crmcourse.paths import project_root
    >>> "Fong's test" in discussion_answers(project_root())
    True
    >>> "施乐" in discussion_answers(project_root(), "zh")
    True
    """
    check_language(language)
    file, heading = DISCUSSION_SOURCES[language]
    try:
        text = (Path(root) / "docs" / file).read_text(encoding="utf-8")
    except OSError:
        return ""
    _, found, rest = text.partition("### " + heading)
    return re.split(r"^#{2,3} ", rest, maxsplit=1, flags=re.M)[0].strip() if found else ""


def _markdown(text: str) -> str:
    from markupsafe import Markup
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return Markup(markdown2html_mistune(text or ""))


def render_html(template: str, language: str = "en", **context) -> str:
    """Render a handout template (``crmcourse/authoring/templates/<template>``) to HTML in ``language``.

    Parameters
    ----------
    template : str
        ``handouts_module.html.j2`` or ``handouts_key.html.j2``.
    language : {"en", "zh"}
        The interface words (``site`` catalog) and ``<html lang>``.
    **context
        The template's variables (:func:`module_context`, :func:`key_context`); ``font_css``,
        the stylesheet of the CJK web font, is optional.

    Returns
    -------
    str

    Raises
    ------
    jinja2.TemplateError
        A template bug.
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> "<h1" in render_html("handouts_module.html.j2", name="x", title="X", notebooks=[])
    True
    >>> "<h3>关键术语" in render_html("handouts_module.html.j2", "zh", name="x", title="X", notebooks=[
    ...     NotebookPart(title="T", terms=[("benefit", "利益", "")])])
    True
    """
    import importlib.resources

    from crmcourse.authoring.site.rendering import environment

    folder = str(importlib.resources.files("crmcourse.authoring") / "templates")
    env = environment(check_language(language), folder)
    env.filters["markdown"] = _markdown
    context = {"font_css": "", "lang": language, "html_lang": HTML_LANG[language], **context}
    return env.get_template(template).render(**context)


def _font_css(folder: Path, node_modules: Path) -> str:
    """Copy the CJK web font beside the Chinese handouts; its stylesheet's URL (``""`` when not installed)."""
    import sys

    from crmcourse.authoring.site.assets import FONT_CSS, ZH_GROUPS, copy_cjk_font, missing_assets

    if missing_assets(node_modules, ZH_GROUPS):
        print(f"note: {node_modules} has no CJK web font (run `npm ci --prefix site`); the Chinese handouts "
              "print with the system's CJK fonts", file=sys.stderr)
        return ""
    copy_cjk_font(node_modules, folder / "_static")
    return f"_static/{FONT_CSS}"


def build_handouts(out: str | os.PathLike | None = None, *, root: str | os.PathLike | None = None,
                   modules: Iterable[str] = (), key: bool = True, chromium: str | None = None,
                   languages: Iterable[str] | None = None, node_modules: str | os.PathLike | None = None
                   ) -> list[Path]:
    """Build the learner handouts (one PDF per module) and the trainer key into ``out``, in both languages.

    Parameters
    ----------
    out : path, optional
        Output folder (default: ``build/handouts`` in the course checkout); the Chinese PDFs go
        to its ``zh/`` folder.
    root : path, optional
        The course checkout (default: :func:`crmcourse.paths.project_root`).
    modules : iterable of str
        Only these module folders (``01_satisfaction``, ``capstone``, ``00_start_here``); the key
        then covers the same modules.
    key : bool, default True
        Also build ``trainer_key.pdf``.
    chromium : str, optional
        The browser that prints (see :func:`find_chromium`).
    languages : iterable of {"en", "zh"}, optional
        Default both.
    node_modules : path, optional
        Where ``@fontsource/noto-sans-sc`` is installed (default: ``site/node_modules`` of ``root``,
        else of this checkout).

    Returns
    -------
    list of Path
        The PDFs written (each with its ``.html`` beside it).

    Raises
    ------
    HandoutError
        A missing learner notebook or an unknown module.
    crmcourse.authoring.pdf.PrintError
        No Chromium, or a failed print.
    CourseDataError
        An unknown language.

    Examples
    --------
    >>> build_handouts("/tmp/h", modules=["no_such_module"])
    Traceback (most recent call last):
    ...
    crmcourse.authoring.handouts.HandoutError: no module matches no_such_module. Fix: give module folders such as 01_satisfaction or capstone.
    """
    from crmcourse.paths import project_root

    root = Path(root) if root is not None else project_root()
    target = Path(out) if out is not None else root / HANDOUT_DIR
    chosen_languages = [check_language(x) for x in languages] if languages is not None else list(LANGUAGES)
    editions = {language: _modules(root, modules, language) for language in chosen_languages}
    browser = find_chromium(chromium)
    if node_modules is None:
        node_modules = next((p for p in (root / "site" / "node_modules", project_root() / "site" / "node_modules")
                             if p.is_dir()), root / "site" / "node_modules")
    written = []
    for language, chosen in editions.items():
        folder = target if language == "en" else target / ZH
        font_css = _font_css(folder, Path(node_modules)) if language == "zh" else ""
        for name, title, entries in chosen:
            html = render_html("handouts_module.html.j2", language, font_css=font_css,
                               **module_context(name, title, entries, language=language))
            written.append(render_pdf(html, folder / f"{name}.pdf", chromium=browser))
        if key:
            html = render_html("handouts_key.html.j2", language, font_css=font_css,
                               **key_context(chosen, root, language))
            written.append(render_pdf(html, folder / "trainer_key.pdf", chromium=browser))
    return written
