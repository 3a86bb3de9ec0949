"""Scenario files: read a buyer for the call simulator from YAML, with a line for every field.

The format is in ``docs/spin-scenarios.md``. Every problem with a file is one
:class:`~crmcourse.spin.ScenarioError` naming the file, the line, the field path
(``problems[2].implications``) and what is expected there; the schema itself is in
:mod:`crmcourse.spin.scenario_schema`.

>>> sc = load_scenario("hospital")
>>> sc.id, len(sc.questions) > 10
('hospital', True)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmcourse.spin._common import describe, plain_text
from crmcourse.spin.scenario_schema import MAX_SCENARIO_NUMBER, Scenario, ScenarioError, build_scenario, kind_of

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["parse_scenario", "load_scenario", "localise", "scenarios", "MAX_SCENARIO_CHARS", "MAX_SCENARIO_DEPTH"]

#: The longest scenario text read (a shipped scenario has about 10,000 characters).
MAX_SCENARIO_CHARS = 200_000
#: The deepest nesting of lists and mappings read (a scenario needs 4 levels).
MAX_SCENARIO_DEPTH = 20
#: Integers with more digits than this are refused before YAML converts them.
_MAX_DIGITS = 15


# -------------------------------------------------------------------- YAML with line numbers

_YAML_FIX = ("check indentation and quoting near that line (text with a ': ' or a '#' needs quotes; every "
             "item of a list starts with '- ')")


def _reader_error(exc, text: str, source: str) -> ScenarioError:
    """A ScenarioError for a character YAML does not allow (NUL and other control characters)."""
    position = getattr(exc, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    char = getattr(exc, "character", None)
    if isinstance(char, str) and len(char) == 1:
        char = ord(char)
    what = f"the character U+{char:04X}" if isinstance(char, int) else "a character"
    return ScenarioError(f"not valid YAML ({what} is a control character, which YAML does not allow)",
                         file=source, line=line,
                         fix="delete it (it is often invisible: retype the line) and save the file as plain "
                             "UTF-8 text")


def _yaml_with_lines(text: str, source: str) -> tuple[Any, dict[str, int]]:
    """Parse YAML; return the data and a map from field path to (1-based) line number."""
    import yaml

    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as exc:  # the reader checks every character first
        raise _reader_error(exc, text, source) from None
    try:
        node = loader.get_single_node()
        lines: dict[str, int] = {}
        if node is None:
            return None, lines
        _walk_lines(node, "", lines, source, 0, set())
        data = loader.construct_document(node)
    except ScenarioError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in str(exc.problem):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise ScenarioError(f"not valid YAML ({what})", file=source,
                            line=(mark.line + 1) if mark is not None else None, fix=_YAML_FIX) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"not valid YAML ({describe(str(exc), 120)})", file=source, fix=_YAML_FIX) from None
    except RecursionError:
        raise ScenarioError(f"lists or mappings are nested too deeply (more than {MAX_SCENARIO_DEPTH} levels)",
                            file=source, fix="a scenario needs at most 4 levels: check the brackets") from None
    except (ValueError, TypeError, OverflowError, AttributeError) as exc:  # a value YAML cannot convert
        raise ScenarioError(f"a value cannot be read ({describe(str(exc), 120)})", file=source,
                            fix="write numbers as plain digits and dates as YYYY-MM-DD, or put the value "
                                "in quotes to keep it as text") from None
    finally:
        loader.dispose()
    return data, lines


def _walk_lines(node, path: str, lines: dict[str, int], source: str, depth: int, seen: set) -> None:
    """Record each field's line; refuse duplicate keys, aliases, deep nesting and huge integers."""
    import yaml

    line = node.start_mark.line + 1
    if depth > MAX_SCENARIO_DEPTH:
        raise ScenarioError(f"lists or mappings are nested more than {MAX_SCENARIO_DEPTH} levels deep",
                            file=source, line=line, field=path or None,
                            fix="a scenario needs at most 4 levels: check the brackets and indentation")
    if id(node) in seen:  # the composer hands back the same node for every alias (*name) of it
        raise ScenarioError("uses a YAML alias (*name), which scenario files do not support", file=source,
                            line=line, field=path or None, fix="write the value out in full")
    seen.add(id(node))
    lines.setdefault(path, line)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > _MAX_DIGITS:
            raise ScenarioError(f"a number with {len(node.value):,} digits is far too large", file=source,
                                line=line, field=path or None,
                                expected=f"a small number (at most {MAX_SCENARIO_NUMBER:,})")
    elif isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise ScenarioError("a key is a list or a mapping", file=source, line=key_line, field=path or None,
                                    expected="keys that are plain words, such as 'id:' or 'text:'")
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in keys:
                raise ScenarioError(f"the key {key!r} appears twice (first on line {keys[key]})", file=source,
                                    line=key_line, field=child,
                                    fix="keep one of them; YAML would silently use the last")
            keys[key] = key_line
            lines[child] = key_line
            _walk_lines(value_node, child, lines, source, depth + 1, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_lines(item, f"{path}[{i}]", lines, source, depth + 1, seen)


# -------------------------------------------------------------------- reading

def _source_name(source: Any) -> str:
    """The name used in messages: text or a path, else one clear error."""
    text = plain_text(source)
    if text is None and isinstance(source, os.PathLike):
        try:
            text = plain_text(os.fspath(source))
        except Exception:
            text = None
    if text is None:
        raise ScenarioError(f"source must be text naming the scenario, got {describe(source)}", file="scenario.yml",
                            fix="e.g. parse_scenario(text, source='my_school.yml')")
    return text if len(text) <= 200 else text[:199] + "…"


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=source,
                            fix="save the file as UTF-8") from None


def parse_scenario(text: str, source: str = "scenario.yml", *, language: str | None = None) -> Scenario:
    """Validate a scenario given as YAML text.

    Parameters
    ----------
    text : str or bytes
        The scenario, as YAML (bytes are read as UTF-8), at most :data:`MAX_SCENARIO_CHARS`
        characters.
    source : str, default "scenario.yml"
        The name used for it in error messages.
    language : {"en", "zh"}, optional
        The language of its texts (default: the session's; see :func:`localise`).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        Not text, not valid YAML (with the line), or a field that is missing, unknown, of the
        wrong kind or refers to an id that does not exist (with the line and the field path);
        also control characters, YAML aliases, numbers beyond :data:`MAX_SCENARIO_NUMBER` and
        nesting deeper than :data:`MAX_SCENARIO_DEPTH`.

    Examples
    --------
    >>> parse_scenario("id: x\\ntitle: Cost: high\\n", source="draft.yml")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: draft.yml, line 2: not valid YAML (mapping values are not allowed here). Fix: ...
    >>> parse_scenario("id: x\\ntitle: A call\\n", source="draft.yml")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: draft.yml, line 1, field buyer: is missing; expected a mapping describing the buyer. Fix: add 'buyer:' to the scenario.
    >>> parse_scenario("id: x\\x00\\n", source="draft.yml")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: draft.yml, line 1: not valid YAML (the character U+0000 is a control character, which YAML does not allow). Fix: ...
    """
    source = _source_name(source)
    if isinstance(text, (bytes, bytearray)):
        text = _decode(bytes(text), source)
    plain = plain_text(text)
    if plain is None:
        raise ScenarioError(f"expected YAML text, got {kind_of(text)}", file=source,
                            fix="pass the file's text, or use load_scenario(path) to read a file")
    if len(plain) > MAX_SCENARIO_CHARS:
        raise ScenarioError(f"the text has {len(plain):,} characters, more than the {MAX_SCENARIO_CHARS:,} a "
                            "scenario may have", file=source,
                            fix="a scenario is about 10,000 characters: check that this is the right file")
    doc, lines = _yaml_with_lines(plain, source)
    return localise(build_scenario(doc, lines, source), language=language)


def localise(scenario: Scenario, language: str | None = None) -> Scenario:
    """``scenario`` with every text a learner reads in the language in use (``crmcourse.set_language``).

    The Chinese of the shipped scenarios is in the ``scenarios`` catalog
    (``crmcourse/locale/zh_CN/LC_MESSAGES/scenarios.po``, extracted by
    :mod:`crmcourse.authoring.extract_scenarios`); a text the catalog lacks — a trainer's own
    scenario — stays as written. Ids, types, targets and numbers never change, so the call plays
    the same in every language.

    Parameters
    ----------
    scenario : Scenario
    language : {"en", "zh"}, optional
        Default: the session's language.

    Returns
    -------
    Scenario
        The same object in English; a translated copy otherwise.

    Raises
    ------
    ScenarioError
        ``language`` is not a language of the course.

    Examples
    --------
    >>> import crmcourse
    >>> from crmcourse.spin import load_scenario
    >>> crmcourse.set_language("zh")
    >>> load_scenario("bank").questions["s_branches"].text
    '贵行一共有多少家网点？'
    >>> crmcourse.set_language(None)
    >>> load_scenario("bank").questions["s_branches"].text
    'How many branches does the bank have?'
    """
    from dataclasses import replace

    from crmcourse.i18n import LANGUAGES, get_language, translation

    if language is None:
        language = get_language()
    elif not isinstance(language, str) or language.strip().lower() not in LANGUAGES:
        raise ScenarioError(f"language should be one of {', '.join(map(repr, LANGUAGES))}, got {describe(language)}",
                            file=scenario.source or "scenario", fix="e.g. load_scenario('bank', language='zh')")
    language = language.strip().lower()
    if language == "en":
        return scenario
    catalog = translation(language, "scenarios")

    def t(text):
        return catalog.gettext(text) if isinstance(text, str) and text else text

    return replace(
        scenario, title=t(scenario.title), seller=t(scenario.seller),
        buyer={k: t(v) for k, v in scenario.buyer.items()},
        facts={k: t(v) for k, v in scenario.facts.items()},
        problems={k: replace(p, text=t(p.text)) for k, p in scenario.problems.items()},
        implications={k: (problem, t(text)) for k, (problem, text) in scenario.implications.items()},
        needs={k: replace(n, text=t(n.text), feature=t(n.feature), advantage=t(n.advantage), benefit=t(n.benefit))
               for k, n in scenario.needs.items()},
        questions={k: replace(q, text=t(q.text), reply=t(q.reply)) for k, q in scenario.questions.items()})


def _shipped_dir() -> Path:
    from crmcourse.data import data_path

    return data_path("spin/scenarios")


def _display(path: Path) -> str:
    try:
        return "data/spin/scenarios/" + path.resolve().relative_to(_shipped_dir().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path) if not path.is_absolute() else path.name


def _shipped_names() -> str:
    return ", ".join(sorted(f.stem for f in _shipped_dir().glob("*.yml")))


def load_scenario(path, *, language: str | None = None) -> Scenario:
    """Read and validate a scenario file (YAML); ``path`` may also name a shipped scenario.

    Parameters
    ----------
    path : str, os.PathLike or Scenario
        The file, or the name of a scenario in ``data/spin/scenarios/`` (``"hospital"``). A
        :class:`Scenario` is returned as it is.
    language : {"en", "zh"}, optional
        The language of its texts (default: the session's; see :func:`localise`).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        ``path`` is not a path or name, the file does not exist, cannot be read, is not UTF-8,
        is too large, or is not a valid scenario (see :func:`parse_scenario`). A
        :class:`ScenarioError` is a :class:`~crmcourse.errors.CourseDataError`.

    Examples
    --------
    >>> sc = load_scenario("hospital")          # data/spin/scenarios/hospital.yml
    >>> sc.buyer["name"], sc.source
    ('Ruixiang TCM Hospital', 'data/spin/scenarios/hospital.yml')
    >>> load_scenario("no_such_scenario")
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: no_such_scenario: file not found. Fix: give the path of a .yml file, or one of the shipped scenarios: bank, hospital, logistics.
    >>> load_scenario(None)
    Traceback (most recent call last):
    ...
    crmcourse.spin.ScenarioError: None: not a file path or a scenario name. Fix: give the path of a .yml file, or one of the shipped scenarios: bank, hospital, logistics.
    """
    if isinstance(path, Scenario):
        return path
    fix = f"give the path of a .yml file, or one of the shipped scenarios: {_shipped_names()}"
    raw = plain_text(path)
    if raw is None and isinstance(path, os.PathLike):
        try:
            raw = plain_text(os.fspath(path))
        except Exception:
            raw = None
    if raw is None:
        raise ScenarioError("not a file path or a scenario name", file=describe(path), fix=fix)
    if not raw.strip():
        raise ScenarioError("no file name given", file=repr(raw), fix=fix)
    shown = raw if raw.isprintable() else repr(raw)
    shown = shown if len(shown) <= 200 else shown[:199] + "…"
    try:
        p = Path(raw)
        if p.suffix == "" and len(p.parts) == 1 and not p.exists():
            shipped = _shipped_dir() / f"{p.name}.yml"
            if shipped.exists():
                p = shipped
        found, folder = p.is_file(), p.is_dir()
    except (OSError, ValueError):  # a NUL byte or a name too long for the file system
        found = folder = False
    if folder:
        raise ScenarioError("is a folder, not a file", file=shown, fix=fix)
    if not found:
        raise ScenarioError("file not found", file=shown, fix=fix)
    source = _display(p)
    try:
        size = p.stat().st_size
        if size > 4 * MAX_SCENARIO_CHARS:
            raise ScenarioError(f"the file has {size:,} bytes; a scenario has about 10,000", file=source,
                                fix="check that this is the right file")
        raw_bytes = p.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"the file cannot be read ({exc.strerror or type(exc).__name__})", file=source,
                            fix="check that you may read it and that no other program holds it") from None
    return parse_scenario(raw_bytes, source=source, language=language)


def scenarios() -> "pd.DataFrame":
    """The shipped scenarios.

    A trainer adds one by copying a file in ``data/spin/scenarios/`` (see docs/spin-scenarios.md).

    Returns
    -------
    pandas.DataFrame
        ``id``, ``title``, buyer ``industry``, number of ``questions`` and ``file``.

    Raises
    ------
    ScenarioError
        A file in ``data/spin/scenarios/`` is not a valid scenario.

    Examples
    --------
    >>> scenarios()["id"].tolist()
    ['bank', 'hospital', 'logistics']
    """
    import pandas as pd

    rows = []
    for f in sorted(_shipped_dir().glob("*.yml")):
        sc = load_scenario(f)
        rows.append({"id": sc.id, "title": sc.title, "industry": sc.buyer["industry"],
                     "questions": len(sc.questions), "file": f"spin/scenarios/{f.name}"})
    return pd.DataFrame(rows)
