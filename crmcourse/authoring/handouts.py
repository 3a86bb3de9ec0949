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

>>> key_terms("**Key terms**\\n\\n| English | 中文 |\\n|---|---|\\n| benefit | 利益 |")
[('benefit', '利益')]
"""
from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import nbformat

from crmcourse.authoring.markers import Region, cell_tags, source_text, split_regions
from crmcourse.authoring.pdf import PrintError, find_chromium, render_pdf

__all__ = ["HandoutError", "HANDOUT_DIR", "find_chromium", "render_pdf", "key_terms", "split_exercises",
           "markdown_tables", "check_yourself", "exercise_answer", "module_context", "key_context", "discussion_answers",
           "render_html", "build_handouts"]

#: Where ``crmcourse handouts`` writes, relative to the course checkout.
HANDOUT_DIR = Path("build") / "handouts"
#: The heading of the trainer guide's section printed at the end of the trainer key.
DISCUSSION_HEADING = "Model answers to the discussion prompts"

_EXERCISE = re.compile(r"^\*\*Exercise\s+[^*]+\*\*", re.M)
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
    _, found, rest = source.partition("**Key terms**")
    if not found:
        return []
    rows = []
    for line in rest.strip().splitlines():
        if not _TABLE_ROW.match(line):
            if rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if _SEPARATOR.match(line) or cells[:2] == ["English", "中文"] or len(cells) < 2:
            continue
        rows.append((cells[0], cells[1]))
    return rows


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
    _, found, rest = source.partition("**Check yourself**")
    return rest.split("**Next:**")[0].strip() if found else ""


def _heading(source: str) -> str | None:
    found = re.search(r"^#{2,3}\s+(.+)$", source, re.M)
    return found.group(1).strip() if found else None


@functools.lru_cache(maxsize=1)
def _glossary() -> dict[str, str]:
    try:
        from crmcourse.glossary import load_glossary

        table = load_glossary()
        return {str(en).strip().lower(): str(d) for en, d in zip(table["term_en"], table["definition"])}
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


def _learner_part(nb: nbformat.NotebookNode, fallback: str) -> NotebookPart:
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    first = source_text(cells[0].source) if cells else ""
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), fallback)
    sub = re.search(r"^\*([^*\n]+)\*\s*$", first, re.M)
    glossary = _glossary()
    part = NotebookPart(title=title, subtitle=sub.group(1).strip() if sub else "", fields=_title_fields(first),
                        terms=[(en, zh, _definition(glossary, en)) for en, zh in key_terms(first)])
    heading = title
    for cell in cells[1:]:
        text = source_text(cell.source)
        heading = _heading(text) or heading
        if text.lstrip().startswith("## Wrap-up"):
            part.questions = check_yourself(text)
            continue
        if text.lstrip().startswith("## Sources") or "solution" in cell_tags(cell):
            continue
        concept, exercises = split_exercises(text)
        part.frameworks += [(heading, table) for table in markdown_tables(concept)]
        part.exercises += exercises
    return part


# --------------------------------------------------------------------------- answers
def _hashed(exercise: Any, wanted: str) -> str | None:
    from crmcourse.checks import answer_hash

    return next((o for o in exercise.options if answer_hash(exercise.id, o) == wanted), None)


def _number(value: float, exercise: Any) -> str:
    if getattr(exercise, "is_count", None) and exercise.integer is not False and float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6g}"
    if getattr(exercise, "percent", False) and abs(value) <= 1:
        text += f" (= {value * 100:.4g}%)"
    return text


def _rubric_summary(rubric: Any) -> str:
    names = [e.name for e in getattr(rubric, "elements", ())]
    if getattr(rubric, "question", False):
        names.append("one question ending with '?'")
    if getattr(rubric, "judge_with", None) is not None:
        names.append("the special rule of the exercise (e.g. the SPIN classifier's type)")
    return "A written answer; the rubric checks: " + "; ".join(names) if names else "A written answer."


def exercise_answer(exercise: Any, keys: dict | None = None) -> str:
    """The right answer of a declared exercise, as a trainer reads it (text; tables as fixed-width text).

    Parameters
    ----------
    exercise : Exercise
        A declared exercise.
    keys : dict, optional
        Exercise id → entry of an exam answer key (``solutions/answer_keys/*.json``).

    Returns
    -------
    str
        The option, items, labels, number or table; for a written exercise what its rubric
        checks; ``"(see the solution code)"`` when the declaration holds no readable answer.

    Raises
    ------
    None
        A reference that cannot be computed is reported in the text.

    Examples
    --------
    >>> from crmcourse.checks import get_exercise
    >>> exercise_answer(get_exercise("m0_demo_ratio"))
    '1.25'
    """
    from crmcourse.checks import (ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise, ValueExercise,
                                  WrittenExercise)

    keys = keys or {}
    try:
        if exercise.exam:
            entry = keys.get(exercise.id)
            if entry is None:
                return "(exam exercise: no answer key in solutions/answer_keys/)"
            value = entry.get("expected", entry.get("answer"))
            return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
        if isinstance(exercise, WrittenExercise):
            return _rubric_summary(exercise.rubric)
        if isinstance(exercise, NumberExercise):
            return _number(exercise.reference(), exercise)
        if isinstance(exercise, ChoiceExercise):
            return _hashed(exercise, exercise.answer) or "(see the solution code)"
        if isinstance(exercise, ItemsExercise):
            items = [_hashed(exercise, h) or "?" for h in exercise.answer]
            return (" → " if exercise.ordered else ", ").join(items)
        if isinstance(exercise, MappingExercise):
            return "; ".join(f"{k}: {_hashed(exercise, h) or '?'}" for k, h in exercise.answer.items())
        if isinstance(exercise, ValueExercise):
            ref = exercise.reference()
            if hasattr(ref, "to_string"):
                shown = ref.head(12).round(4) if hasattr(ref, "round") else ref.head(12)
                more = f"\n… ({len(ref)} rows in all)" if len(ref) > 12 else ""
                return shown.to_string() + more
            return str(ref)
    except Exception as exc:  # noqa: BLE001 - the key still prints, with the reason
        return f"(could not be computed: {type(exc).__name__})"
    return "(see the solution code)"


def _answer_keys(root: Path) -> dict:
    keys: dict = {}
    folder = root / "solutions" / "answer_keys"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            keys.update({k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, dict)})
    return keys


def _solution_code(source: str) -> str:
    regions = [part for part in split_regions(source) if isinstance(part, Region)]
    return "".join(line for region in regions for line in region.body).strip()


def _key_part(nb: nbformat.NotebookNode, fallback: str, keys: dict) -> NotebookPart:
    from crmcourse.checks import get_exercise

    part = _learner_part(nb, fallback)
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
                "title": getattr(ex, "title", "(not declared)"),
                "answer": exercise_answer(ex, keys) if ex is not None else "(not declared)",
                "explanation": getattr(ex, "explanation", ""),
                "code": _solution_code(text),
                "task": getattr(ex, "task", None) or "",
            })
    return part


# --------------------------------------------------------------------------- contexts and rendering
def _modules(root: Path, only: Iterable[str] = ()) -> list[tuple[str, str, list]]:
    """(folder name, title, catalogue entries) per module, in course order."""
    from crmcourse.authoring.site.catalog import collect, module_titles

    titles = module_titles(root)
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
        title = titles.get(number) or ("Capstone" if name == "capstone" else entries[0].title)
        modules.append((name, title, entries))
    if wanted and not modules:
        raise HandoutError(f"no module matches {', '.join(sorted(wanted))}",
                           fix="give module folders such as 01_satisfaction or capstone")
    return modules


def module_context(name: str, title: str, entries: list) -> dict:
    """What the learner handout of one module shows (read from the learner notebooks).

    Parameters
    ----------
    name, title : str
        The module folder (``01_satisfaction``) and its topic.
    entries : list of NotebookEntry
        Its notebooks (:func:`crmcourse.authoring.site.catalog.collect`).

    Returns
    -------
    dict
        ``name``, ``title`` and ``notebooks`` (:class:`NotebookPart` each).

    Raises
    ------
    HandoutError
        A learner notebook is missing (run ``crmcourse learner``) or unreadable.

    Examples
    --------
    >>> from crmcourse.paths import project_root
    >>> name, title, entries = _modules(project_root(), ["00_start_here"])[0]
    >>> en, zh, definition = module_context(name, title, entries)["notebooks"][0].terms[0]
    >>> en, zh, definition.startswith("The strategy")
    ('customer relationship management (CRM)', '客户关系管理', True)
    """
    parts = []
    for entry in entries:
        if entry.learner is None:
            raise HandoutError(f"no learner copy of {entry.rel}", fix="run `crmcourse learner` first")
        parts.append(_learner_part(_read(entry.learner), entry.title))
    return {"name": name, "title": title, "notebooks": parts}


def key_context(modules: list, root: Path) -> dict:
    """What the trainer key shows: for each module, each solution notebook's answers and model answers.

    Parameters
    ----------
    modules : list
        From :func:`_modules`: (folder, title, entries).
    root : Path
        The course checkout (for ``solutions/answer_keys/``).

    Returns
    -------
    dict
        ``modules``: a list of ``{"name", "title", "notebooks"}``.

    Raises
    ------
    HandoutError
        A solution notebook is unreadable.

    Examples
    --------
    >>> from crmcourse.paths import project_root
    >>> root = project_root()
    >>> ctx = key_context(_modules(root, ["00_start_here"]), root)
    >>> ctx["modules"][0]["notebooks"][0].answers[0]["answer"]
    '1.25'
    """
    keys = _answer_keys(root)
    return {"modules": [{"name": name, "title": title,
                         "notebooks": [_key_part(_read(e.solution), e.title, keys) for e in entries]}
                        for name, title, entries in modules],
            "discussion": discussion_answers(root)}


def discussion_answers(root: Path) -> str:
    """The model answers to the discussion prompts of ``docs/trainer-guide.md`` (markdown; ``""`` without it).

    Parameters
    ----------
    root : Path
        The course checkout.

    Returns
    -------
    str
        The section "Model answers to the discussion prompts" without its heading.

    Raises
    ------
    None

    Examples
    --------
    >>> from crmcourse.paths import project_root
    >>> "Fong's test" in discussion_answers(project_root())
    True
    """
    try:
        text = (Path(root) / "docs" / "trainer-guide.md").read_text(encoding="utf-8")
    except OSError:
        return ""
    _, found, rest = text.partition("### " + DISCUSSION_HEADING)
    return re.split(r"^#{2,3} ", rest, maxsplit=1, flags=re.M)[0].strip() if found else ""


def _markdown(text: str) -> str:
    from markupsafe import Markup
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return Markup(markdown2html_mistune(text or ""))


def render_html(template: str, **context) -> str:
    """Render a handout template (``crmcourse/authoring/templates/<template>``) to HTML.

    Parameters
    ----------
    template : str
        ``handouts_module.html.j2`` or ``handouts_key.html.j2``.
    **context
        The template's variables (:func:`module_context`, :func:`key_context`).

    Returns
    -------
    str

    Raises
    ------
    jinja2.TemplateError
        A template bug.

    Examples
    --------
    >>> "<h1" in render_html("handouts_module.html.j2", name="x", title="X", notebooks=[])
    True
    """
    import importlib.resources

    import jinja2

    folder = Path(str(importlib.resources.files("crmcourse.authoring") / "templates"))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = _markdown
    return env.get_template(template).render(**context)


def build_handouts(out: str | os.PathLike | None = None, *, root: str | os.PathLike | None = None,
                   modules: Iterable[str] = (), key: bool = True, chromium: str | None = None) -> list[Path]:
    """Build the learner handouts (one PDF per module) and the trainer key into ``out``.

    Parameters
    ----------
    out : path, optional
        Output folder (default: ``build/handouts`` in the course checkout).
    root : path, optional
        The course checkout (default: :func:`crmcourse.paths.project_root`).
    modules : iterable of str
        Only these module folders (``01_satisfaction``, ``capstone``, ``00_start_here``); the key
        then covers the same modules.
    key : bool, default True
        Also build ``trainer_key.pdf``.
    chromium : str, optional
        The browser that prints (see :func:`find_chromium`).

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
    chosen = _modules(root, modules)
    browser = find_chromium(chromium)
    written = []
    for name, title, entries in chosen:
        html = render_html("handouts_module.html.j2", **module_context(name, title, entries))
        written.append(render_pdf(html, target / f"{name}.pdf", chromium=browser))
    if key:
        html = render_html("handouts_key.html.j2", **key_context(chosen, root))
        written.append(render_pdf(html, target / "trainer_key.pdf", chromium=browser))
    return written
