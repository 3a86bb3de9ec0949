"""Babel extraction method of the ``exercises`` gettext domain: every text a learner sees in an exercise.

The exercises are declared as Python objects (``crmcourse/exercises/*.py``), not as ``_()`` calls,
so Babel's own Python extractor finds nothing in them. :func:`extract` imports a declaration file
through the exercise registry and yields, for each of its exercises:

* the title, the hint and the explanation;
* the feedback of a choice exercise (one message per tempting wrong option);
* the messages of a number exercise's slips;
* the concepts of a mapping exercise (the idea behind each label);
* the option labels that are words (:func:`option_labels`; codes such as ``"A"``, ``"SELECT"``,
  ``"print_quality"``, numbers, ids, people's and firms' names and table or column names stay as
  they are), and likewise the keys of a mapping exercise (``"fix first"``, not ``"s1"``), which a
  learner may write in Chinese;
* the rubric points of a written exercise: what each element says when it is missing (and the
  values filled into its ``{placeholders}``), what each forbidden pattern says, and the fixed
  message of a special rule (the order rules of
  :mod:`crmcourse.checks.rubrics`). Messages a rule builds while judging (the SPIN classifier's)
  are package messages, not exercise texts.

Each message carries a ``#.`` comment naming the exercise and the part (``m0_demo_zone: option``)
and the line of the exercise's ``id=`` as its location. An option label or key whose Chinese depends
on the exercise (:data:`CONTEXT_LABELS`) gets the exercise id as its ``msgctxt``; the plain entry of
the same English text serves every other exercise.

Registered for ``pybabel extract`` in ``crmcourse/locale/babel-exercises.cfg``::

    [extractors]
    exercises = crmcourse.authoring.extract_exercises:extract
    [exercises: exercises/*.py]

>>> from crmcourse.checks import get_exercise
>>> [(m.part, m.text) for m in exercise_messages(get_exercise("m0_demo_zone"))][:3]
[('title', 'Which satisfaction zone is that customer in?'), ('hint', 'Below 1 falls short, about 1 meets the expectation, above 1 exceeds it.'), ('option', 'dissatisfied')]
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from crmcourse.checks import registry
from crmcourse.checks.kinds import TASKS, Exercise
from crmcourse.errors import CourseDataError

__all__ = ["ExerciseMessage", "exercise_messages", "option_labels", "is_code_label", "extract", "DOMAIN",
           "METHOD_MAP", "CODE_OPTION_EXERCISES", "CONTEXT_LABELS", "mapping_keys"]

#: The gettext domain of the exercise texts.
DOMAIN = "exercises"

#: Babel's method map for :func:`babel.messages.extract.extract_from_dir` on the ``crmcourse`` folder.
METHOD_MAP = [("exercises/*.py", "crmcourse.authoring.extract_exercises:extract")]

#: Exercises whose options are names the learner must type as they are (tables, columns, ids,
#: people's and firms' names from the case data): none of their options is translated.
CODE_OPTION_EXERCISES = frozenset({
    "m5_tour_where",          # table names of the CRM lab database
    "cap_listen_fix_first",   # driver columns of the satisfaction survey
    "m4_cl_dominant",         # feature columns of the clustering table
    "cap_plan_sceptics",      # contact names in data/huaxin/contacts.csv
    "m5_quiz_supplier",       # supplier names in the lab database
    "m4_rfm_cdnow_policy",    # values of the duplicates= parameter of the RFM helper
})

#: Option labels and mapping keys whose Chinese differs in one exercise from the plain entry (same
#: English, another meaning there): exercise id → labels, extracted with the exercise id as ``msgctxt``.
CONTEXT_LABELS: Mapping[str, frozenset[str]] = {
    "m4_tg_bank_class": frozenset({"quality"}),     # a bank's customer class (优质客户), not product quality
    "m4_tg_bank_policies": frozenset({"quality"}),  # the same classes, as keys
    "m5_export_saved": frozenset({"none"}),         # none of the rows was saved
    "m3_types_purpose": frozenset({"signature"}),   # a customer signing a form, not an SMS's brand signature
}

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CODE = (
    re.compile(r"[^a-z]*"),                       # no lower-case letter: "A", "SELECT", "GROUP BY", "10+", "3"
    re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"),  # snake_case identifiers: print_quality, b_fast_repair
    re.compile(r"[A-Z]{2,}-[A-Z]*\d+"),            # record ids: HX-A0127
    re.compile(r"[A-Za-z]\d*"),                     # item names: "a", "s1", "r2"
)


class ExerciseMessage(NamedTuple):
    """One learner-visible text of an exercise.

    Attributes
    ----------
    text : str
        The English text (the msgid).
    part : str
        Where it is shown: ``title``, ``hint``, ``option``, ``key``, ``feedback``, ``slip``,
        ``concept``, ``rubric``, ``explanation`` or ``task``.
    context : str or None
        The ``msgctxt`` (the exercise id) for a label of :data:`CONTEXT_LABELS`, else None.
    """

    text: str
    part: str
    context: str | None = None


def is_code_label(label: Any) -> bool:
    """Whether an option label is a code, number, id or Chinese text (kept as it is) rather than words.

    Parameters
    ----------
    label : str
        An option label.

    Returns
    -------
    bool
        True for ``"A"``, ``"SELECT"``, ``"10+"``, ``"print_quality"``, ``"HX-A0127"``, ``"服务工单"``
        and anything that is not text.

    Raises
    ------
    None

    Examples
    --------
    >>> [is_code_label(x) for x in ("A", "GROUP BY", "5+", "promo_share", "HX-A0060", "传票", "s1")]
    [True, True, True, True, True, True, True]
    >>> [is_code_label(x) for x in ("satisfied", "about 5%", "no-sale", "Needs Analysis")]
    [False, False, False, False]
    """
    if not isinstance(label, str) or not label.strip():
        return True
    text = label.strip()
    return bool(_CJK.search(text)) or any(p.fullmatch(text) for p in _CODE)


def _exercise(exercise: Any) -> Exercise:
    if not isinstance(exercise, Exercise):
        raise CourseDataError(f"expected an exercise, got {type(exercise).__name__}",
                              fix="pass an exercise object, e.g. crmcourse.checks.get_exercise('m0_demo_zone')")
    return exercise


def option_labels(exercise: Exercise) -> tuple[str, ...]:
    """The option labels of an exercise that are translated (words, not codes or names).

    Parameters
    ----------
    exercise : Exercise
        Any exercise; kinds without options give ``()``.

    Returns
    -------
    tuple of str
        In the declared order, without duplicates.

    Raises
    ------
    CourseDataError
        ``exercise`` is not an exercise.

    Examples
    --------
    >>> from crmcourse.checks import get_exercise
    >>> option_labels(get_exercise("m1_kano_samples_mix"))
    ('groups differ', 'split within every group', 'attractive after all')
    >>> option_labels(get_exercise("m1_kano_pair")), option_labels(get_exercise("m5_tour_where"))
    ((), ())
    """
    ex = _exercise(exercise)
    if ex.id in CODE_OPTION_EXERCISES:
        return ()
    options = getattr(ex, "options", ()) or ()
    return tuple(dict.fromkeys(o for o in options if not is_code_label(o)))


def mapping_keys(exercise: Exercise) -> tuple[str, ...]:
    """The keys of a mapping exercise that are translated (words, not item names such as ``"s1"``).

    Parameters
    ----------
    exercise : Exercise
        Any exercise; kinds without keys give ``()``.

    Returns
    -------
    tuple of str
        In the declared order.

    Raises
    ------
    CourseDataError
        ``exercise`` is not an exercise.

    Examples
    --------
    >>> from crmcourse.checks import get_exercise
    >>> mapping_keys(get_exercise("m5_flow_edit_copy"))
    ('new phone', 'second site', 'typo', 'revised offer')
    >>> mapping_keys(get_exercise("m2_obj_fab")), mapping_keys(get_exercise("m0_demo_zone"))
    ((), ())
    """
    ex = _exercise(exercise)
    answer = getattr(ex, "answer", None)
    if not isinstance(answer, Mapping):
        return ()
    return tuple(dict.fromkeys(k for k in answer if not is_code_label(k)))


def _rule_messages(rule: Any) -> list[str]:
    """The fixed messages a special rubric rule keeps in its closure (sentences, not cue words)."""
    found = []
    for cell in getattr(rule, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, str) and len(value.split()) >= 3 and value.rstrip()[-1:] in ".?!":
            found.append(value)
    return found


def _texts(values: Any) -> list[str]:
    if isinstance(values, Mapping):
        values = values.values()
    return [v for v in values if isinstance(v, str) and v.strip()]


def exercise_messages(exercise: Exercise) -> list[ExerciseMessage]:
    """Every learner-visible text of one exercise, in the order a learner meets them.

    Parameters
    ----------
    exercise : Exercise
        Any exercise kind.

    Returns
    -------
    list of ExerciseMessage
        Title, hint, task text (when it is prose, not one of ``TASKS``), options, mapping keys,
        feedback, slips, concepts, rubric points, explanation; empty texts are left out, repeats kept once.

    Raises
    ------
    CourseDataError
        ``exercise`` is not an exercise.

    Examples
    --------
    >>> from crmcourse.checks import get_exercise
    >>> [m.part for m in exercise_messages(get_exercise("m0_demo_ratio"))]
    ['title', 'hint', 'slip']
    >>> [m.context for m in exercise_messages(get_exercise("m4_tg_bank_class")) if m.text == "quality"]
    ['m4_tg_bank_class']
    """
    ex = _exercise(exercise)
    out: list[ExerciseMessage] = []

    def add(part: str, texts: list[str], context: str | None = None) -> None:
        out.extend(ExerciseMessage(t, part, context) for t in texts)

    add("title", _texts([ex.title]))
    add("hint", _texts([ex.hint]))
    if isinstance(ex.task, str) and ex.task not in TASKS:
        add("task", _texts([ex.task]))
    special = CONTEXT_LABELS.get(ex.id, frozenset())
    for part, labels in (("option", option_labels(ex)), ("key", mapping_keys(ex))):
        for label in labels:
            add(part, [label], ex.id if label in special else None)
    add("feedback", _texts(getattr(ex, "feedback", None) or {}))
    add("slip", _texts(getattr(ex, "slips", None) or {}))
    add("concept", _texts(getattr(ex, "concepts", None) or {}))
    rubric = getattr(ex, "rubric", None)
    if rubric is not None:
        for element in rubric.elements:
            add("rubric", _texts([element.missing or element.name]))
            add("rubric", _texts([value for _, value in getattr(element, "fields", ())]))
        add("rubric", _texts([f.message for f in rubric.forbidden]))
        if rubric.judge_with is not None:
            add("rubric", _rule_messages(rubric.judge_with))
    add("explanation", _texts([ex.explanation]))
    return list(dict.fromkeys(out))


def _declared_line(source: str, exercise_id: str) -> int:
    """The line of ``id="<exercise_id>"`` in a declaration file (1 when it is built otherwise)."""
    match = re.search(r"""\bid\s*=\s*["']""" + re.escape(exercise_id) + r"""["']""", source)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def extract(fileobj: Any, keywords: Any, comment_tags: Any, options: Mapping[str, Any]
            ) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    """Babel extraction method: the texts of the exercises declared in one ``crmcourse/exercises/*.py`` file.

    Parameters
    ----------
    fileobj : file-like
        The declaration file, opened by Babel (its ``name`` says which module to import).
    keywords, comment_tags : collection
        Babel's keywords and comment tags (unused: the texts are object attributes).
    options : mapping
        Options of the mapping-file section (unused).

    Yields
    ------
    tuple
        ``(lineno, funcname, message, comments)`` as Babel expects: ``funcname`` is None, or
        ``"pgettext"`` with ``message`` a ``(context, text)`` pair.

    Raises
    ------
    CourseDataError
        The file is not a declaration file of ``crmcourse/exercises/``.
    Exception
        Whatever a broken declaration file raises when imported.

    Examples
    --------
    >>> import crmcourse
    >>> path = Path(crmcourse.__file__).parent / "exercises" / "m0.py"
    >>> with open(path, "rb") as handle:
    ...     found = list(extract(handle, (), (), {}))
    >>> found[0][1:]
    (None, 'Satisfaction ratio of a single customer', ['m0_demo_ratio: title'])
    """
    name = getattr(fileobj, "name", None)
    path = Path(name) if isinstance(name, (str, Path)) else None
    if path is None or path.suffix != ".py" or path.parent.name != "exercises":
        raise CourseDataError(f"cannot extract exercise texts from {name!r}: not a file of crmcourse/exercises/",
                              fix="map only exercises/*.py to this method (crmcourse/locale/babel-exercises.cfg)")
    if path.stem.startswith("_"):  # shared helpers (_lab.py) and the package's __init__.py
        return
    raw = fileobj.read()
    source = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    module = importlib.import_module(f"crmcourse.exercises.{path.stem}")
    for declared in getattr(module, "EXERCISES", []):
        ex = registry.get_exercise(declared.id) or declared
        lineno = _declared_line(source, ex.id)
        for message in exercise_messages(ex):
            comments = [f"{ex.id}: {message.part}"]
            if message.context is None:
                yield lineno, None, message.text, comments
            else:
                yield lineno, "pgettext", (message.context, message.text), comments
