"""Every text a check shows a learner, in one place, in the language in use.

The exercise kinds (:mod:`crmcourse.checks.kinds`) and :func:`crmcourse.checks.evaluate` pick
these texts; none of them contains an expected answer. They are written in English and marked
for the ``crmcourse`` gettext catalog with ``N_``; :func:`say` translates one (with
:func:`crmcourse.i18n._`) and fills its ``{placeholders}`` with :meth:`str.format`. An
exercise's own texts (title, hint, feedback, explanation, option labels) come from the
``exercises`` catalog through :func:`course_text`.

>>> HEADLINES["incorrect"]
'not yet right'
>>> say(WRONG_LABELS, right=2, count=3)
'2 of 3 right.'
>>> describe([1, 2])
'list [1, 2]'
"""
from __future__ import annotations

import re
from typing import Any

from crmcourse.i18n import N_, dgettext, get_language, translate as _

__all__ = ["SYMBOLS", "HEADLINES", "COLOURS", "describe", "options_text", "say", "course_text", "join",
           "headline"]

#: The mark shown before each status.
SYMBOLS = {"correct": "✅", "incorrect": "❌", "unanswered": "⏳", "unknown": "❔", "recorded": "📝"}
#: How each status reads after the exercise id (English; :func:`headline` gives it in the language in use).
HEADLINES = {
    "correct": N_("correct"),
    "incorrect": N_("not yet right"),
    "unanswered": N_("not answered yet"),
    "unknown": N_("cannot be checked"),
    "recorded": N_("recorded, graded by your trainer"),
}
#: The left border colour of the HTML feedback, per status.
COLOURS = {"correct": "#1b7f3b", "incorrect": "#b35900", "unanswered": "#555", "unknown": "#8a1c1c",
           "recorded": "#2b5c8a"}

# ---------------------------------------------------------------- the result line
RESULT_LINE = N_("{symbol} {exercise}: {status}.")
HINT_LINE = N_("Hint: {hint}")
PROGRESS_LINE = N_("{done} of {count} checked exercises correct.")
PROGRESS_OPEN = N_("Still open: {exercises}.")
PROGRESS_RECORDED = N_("Recorded for your trainer: {exercises}.")

# ---------------------------------------------------------------- evaluate
ID_NOT_TEXT = N_("The exercise id should be text, e.g. check(\"m1_nps_q1\", answer).")
NO_SUCH_EXERCISE = N_("There is no exercise with this id; check the spelling against the exercise heading.")
UNANSWERED = N_("Replace the `...` with your answer and run the cell again.")
NOT_COMPARABLE = N_("Your answer could not be compared ({error}). Check its type.")
NO_REFERENCE = N_("The expected answer of this exercise could not be computed ({error}); tell your trainer.")
DECLARATION_STATUS = N_("The exercise returned the status {status!r}.")

# ---------------------------------------------------------------- exam exercises (no verdict)
RECORDED = N_("If you change your answer, run the cell again: the last answer counts.")
NOT_RECORDABLE = N_("This kind of value cannot be sent to your trainer; give a number, text, a list, "
                    "a dict or a table.")

# ---------------------------------------------------------------- numbers
TEXT_LOOKS_NUMERIC = N_("Your answer is text that looks like a number; "
                        "give the number itself, without quotes.")
EXPECTED_NUMBER = N_("Expected a number, got {answer}.")
EXPECTED_SINGLE_NUMBER = N_("Expected a single number, got {answer}.")
NOT_FINITE = N_("Your answer is NaN or infinite: look for a division by zero "
                "or missing values in the data you used.")
TOO_LARGE = N_("Your number is too large to be stored as a decimal number (beyond about 1e308): "
               "check your formula.")
READ_AS_PERCENT = N_("(Read as a percentage.)")
HUNDRED_TIMES = N_("Your answer is 100 times the expected value: give a fraction "
                   "of 1 (a share such as one half is 0.5), not a percent.")
HUNDRED_TIMES_SMALL = N_("Your answer is 100 times too small: give a percent here, not a fraction.")
WRONG_SIGN = N_("The size is right but the sign is wrong.")
CLOSE = N_("Close, but not within the tolerance: check your rounding and that you used every row.")
#: English template of :data:`TOO_HIGH` and :data:`TOO_LOW` (``direction`` is "high" or "low").
TOO_HIGH_OR_LOW = "Your number is too {direction}."
TOO_HIGH = N_("Your number is too high.")
TOO_LOW = N_("Your number is too low.")
COUNT_NOT_WHOLE = N_("This answer is a count, a whole number; yours has a fraction: did you take a share "
                     "or an average instead of counting?")
#: English template of :data:`COUNT_CLOSE_HIGH` and :data:`COUNT_CLOSE_LOW`.
COUNT_CLOSE = ("Your count is a little too {direction}: a count must be exact, so check each condition "
               "that picks the rows.")
COUNT_CLOSE_HIGH = N_("Your count is a little too high: a count must be exact, so check each condition "
                      "that picks the rows.")
COUNT_CLOSE_LOW = N_("Your count is a little too low: a count must be exact, so check each condition "
                     "that picks the rows.")

# ---------------------------------------------------------------- choices
EXPECTED_OPTION = N_("Expected one of the options as text ({options}), got {answer}.")
NOT_AN_OPTION = N_("{given!r} is not one of the options: {options}.")
NOT_BEST_OPTION = N_("That option does not fit best.")

# ---------------------------------------------------------------- items
EXPECTED_LIST = N_("Expected a list of options, got {answer}.")
ITEMS_NOT_TEXT = N_("Every item should be text (one of the options).")
WRONG_ITEMS = N_("Your list should hold exactly {count} items; some are missing or do not belong.")
WRONG_POSITIONS = N_("The right items, but only {right} of {count} are in the right position.")
REPEATED_ITEM = N_("Your list repeats an item.")
TOO_MANY_ITEMS = N_("Your collection has {count} items; the answer is a short list of the options.")
ITEMS_MISSING_AND_EXTRA = N_("{right} of your {count} items are right; {missing} missing; {extra} do not belong.")
ITEMS_MISSING = N_("{right} of your {count} items are right; {missing} missing.")
ITEMS_EXTRA = N_("{right} of your {count} items are right; {extra} do not belong.")

# ---------------------------------------------------------------- mappings
EXPECTED_DICT = N_("Expected a dict (key → label), got {answer}.")
MISSING_KEY = N_("Your dict has no entry for {key!r}{more}.")
MISSING_KEYS = N_("Your dict has no entry for {key!r} (and {more} more).")
KEY_UNANSWERED = N_("{key!r} still has `...`.")
WRONG_LABEL_KIND = N_("The label for {key!r} should be one of: {options}; got {answer}.")
WRONG_LABELS = N_("{right} of {count} right.")
MAPPING_RECHECK = N_("Check every key against the definition of its label, the ones you are sure of too: "
                     "the feedback does not say which are wrong.")
MAPPING_MISAPPLIED = N_("At least one key you labelled {label!r} is not one; revisit the idea: {concept}")

# ---------------------------------------------------------------- written answers
EXPECTED_TEXT = N_("Expected your answer as text (in quotes), got {answer}.")
WRITTEN_WAY_TOO_LONG = N_("Your answer has {count:,} characters; a written answer here is a few sentences "
                          "(at most {most:,} characters).")
WRITTEN_SUMMARY = N_("{met} of {total} rubric points met.")
WRITTEN_MISSING = N_("Missing: {name}.")
WRITTEN_TOO_SHORT = N_("Write at least {words} words.")
WRITTEN_TOO_LONG = N_("Keep it to at most {words} words.")
WRITTEN_TOO_MANY_CHARS = N_("Keep it to at most {chars} characters.")
WRITTEN_NOT_QUESTION = N_("A question ends with a question mark.")
WRITTEN_TOO_MANY_QUESTIONS = N_("Ask at most {count} question(s): one question mark each.")

# ---------------------------------------------------------------- values
EXPECTED_PANDAS = N_("Expected a pandas {kind}, got {answer}.")
MISSING_COLUMN = N_("Your table lacks column {column!r}.")
REPEATED_COLUMN = N_("Your table has more than one column named {column!r}; keep one.")
WRONG_LENGTH = N_("Your {kind} has {got} rows; expected {want}.")
REPEATED_LABELS = N_("Your row labels (index) repeat; check what you grouped or indexed by.")
LABELS_DIFFER = N_("The row labels (index) differ from the expected ones; check what you grouped or indexed by.")
EXPECTED_PLAIN_LIST = N_("Expected a list, got {answer}.")
WRONG_LIST_LENGTH = N_("Your list has {got} items; expected {want}.")
VALUES_DIFFER = N_("{wrong} of {count} values differ from the expected ones.")
NO_REFERENCE_VALUE = N_("This exercise has no reference to compare with.")
A_VALUE = N_("a {kind}")

# Chinese punctuation that ends a sentence: the next sentence follows without a space.
_CJK_END = re.compile("[\u3000-\u303f\uff01-\uff1f\u4e00-\u9fff）”]$")


def say(template: str, **fields: Any) -> str:
    """A message of this module in the language in use, its placeholders filled.

    Parameters
    ----------
    template : str
        One of this module's texts (the English msgid).
    **fields
        The values of its ``{placeholders}``.

    Returns
    -------
    str

    Raises
    ------
    Exception
        Only what formatting a field raises (the checks pass plain numbers and text). A
        translation that cannot be read or filled (a broken ``CRMCOURSE_LANG``, a placeholder
        the translator changed) gives the English message.

    Examples
    --------
    >>> say(WRITTEN_SUMMARY, met=1, total=2)
    '1 of 2 rubric points met.'
    """
    text = _translated(template)
    if not fields:
        return text
    try:
        return text.format(**fields)
    except (KeyError, IndexError, ValueError):
        return template.format(**fields)


def _translated(text: str) -> str:
    try:
        return _(text)
    except Exception:  # noqa: BLE001 - feedback in English beats no feedback
        return text


def course_text(text: Any) -> Any:
    """An exercise's or a rubric's own text in the language in use: the ``exercises`` catalog
    first, then the package's (``crmcourse``); unchanged in English or when neither has it.

    Parameters
    ----------
    text : str
        A title, hint, feedback text, explanation, option label or rubric message. Anything
        that is not text is returned as it is.

    Returns
    -------
    str

    Raises
    ------
    None
        For text; a broken ``CRMCOURSE_LANG`` falls back to English here.

    Examples
    --------
    >>> course_text("That option does not fit best.")
    'That option does not fit best.'
    """
    if type(text) is not str or not text:
        return text
    try:
        shown = dgettext("exercises", text)
    except Exception:  # noqa: BLE001 - feedback in English beats no feedback
        return text
    return shown if shown != text else _translated(text)


def join(parts) -> str:
    """Sentences joined as the language writes them: a space in English, none after Chinese punctuation.

    Parameters
    ----------
    parts : iterable of str
        Sentences; empty ones are left out.

    Returns
    -------
    str

    Raises
    ------
    None

    Examples
    --------
    >>> join(["1 of 2 right.", "Check every key."]), join(["对了一项。", "请检查。"])
    ('1 of 2 right. Check every key.', '对了一项。请检查。')
    """
    text = ""
    for part in parts:
        if not part:
            continue
        text += part if not text or _CJK_END.search(text) else " " + part
    return text


def headline(status: str) -> str:
    """How ``status`` reads after the exercise id, in the language in use.

    Parameters
    ----------
    status : str
        One of the keys of :data:`HEADLINES`.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        An unknown status.

    Examples
    --------
    >>> headline("unanswered")
    'not answered yet'
    """
    return _translated(HEADLINES[status])


def describe(answer: Any) -> str:
    """A short description of a learner's value for a message: its type and the start of its repr.

    Never raises, whatever the object does.

    Parameters
    ----------
    answer : Any
        The learner's value.

    Returns
    -------
    str
        ``"<type> <repr>"`` cut to about 40 characters, or ``"a <type>"`` when the value
        cannot be shown.

    Raises
    ------
    None
        An object whose ``repr`` fails is described by its type.

    Examples
    --------
    >>> describe("abc")
    "str 'abc'"
    >>> describe(list(range(100)))
    'list [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11...'
    """
    try:
        name = type(answer).__name__
    except Exception:
        name = "object"
    try:
        text = repr(answer)
        if not isinstance(text, str):
            raise TypeError
        text = str.__str__(text)
    except Exception:
        return say(A_VALUE, kind=name)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} {text}"



def options_text(options) -> str:
    """The options of an exercise as a learner reads them: ``'low', 'mid', 'high'``.

    In Chinese each option shows its Chinese label with the English one after it (both are
    accepted as answers).

    Parameters
    ----------
    options : sequence of str

    Returns
    -------
    str

    Raises
    ------
    Exception
        Only what ``repr`` of an option raises (options are text).

    Examples
    --------
    >>> options_text(("low", "high"))
    "'low', 'high'"
    """
    try:
        english = get_language() == "en"
    except Exception:  # noqa: BLE001 - a broken CRMCOURSE_LANG reads as English here
        english = True
    if english:
        return ", ".join(repr(o) for o in options)
    shown = []
    for option in options:
        label = course_text(option)
        shown.append(repr(option) if label == option else f"{label!r}（{option!r}）")
    return "、".join(shown)
