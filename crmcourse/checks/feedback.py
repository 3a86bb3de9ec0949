"""Every text a check shows a learner, in one place.

The exercise kinds (:mod:`crmcourse.checks.kinds`) and :func:`crmcourse.checks.evaluate` pick
these texts; none of them contains an expected answer. Templates with ``{placeholders}`` are
filled with :meth:`str.format`.

>>> HEADLINES["incorrect"]
'not yet right'
>>> describe([1, 2])
'list [1, 2]'
"""
from __future__ import annotations

from typing import Any

__all__ = ["SYMBOLS", "HEADLINES", "COLOURS", "describe", "options_text"]

#: The mark shown before each status.
SYMBOLS = {"correct": "✅", "incorrect": "❌", "unanswered": "⏳", "unknown": "❔", "recorded": "📝"}
#: How each status reads after the exercise id.
HEADLINES = {
    "correct": "correct",
    "incorrect": "not yet right",
    "unanswered": "not answered yet",
    "unknown": "cannot be checked",
    "recorded": "recorded, graded by your trainer",
}
#: The left border colour of the HTML feedback, per status.
COLOURS = {"correct": "#1b7f3b", "incorrect": "#b35900", "unanswered": "#555", "unknown": "#8a1c1c",
           "recorded": "#2b5c8a"}

# ---------------------------------------------------------------- evaluate
ID_NOT_TEXT = "The exercise id should be text, e.g. check(\"m1_nps_q1\", answer)."
NO_SUCH_EXERCISE = "There is no exercise with this id; check the spelling against the exercise heading."
UNANSWERED = "Replace the `...` with your answer and run the cell again."
NOT_COMPARABLE = "Your answer could not be compared ({error}). Check its type."
NO_REFERENCE = ("The expected answer of this exercise could not be computed ({error}); "
                "tell your trainer.")

# ---------------------------------------------------------------- exam exercises (no verdict)
RECORDED = "If you change your answer, run the cell again: the last answer counts."
NOT_RECORDABLE = ("This kind of value cannot be sent to your trainer; give a number, text, a list, "
                  "a dict or a table.")

# ---------------------------------------------------------------- numbers
TEXT_LOOKS_NUMERIC = ("Your answer is text that looks like a number; "
                      "give the number itself, without quotes.")
EXPECTED_NUMBER = "Expected a number, got {answer}."
EXPECTED_SINGLE_NUMBER = "Expected a single number, got {answer}."
NOT_FINITE = ("Your answer is NaN or infinite: look for a division by zero "
              "or missing values in the data you used.")
TOO_LARGE = ("Your number is too large to be stored as a decimal number (beyond about 1e308): "
             "check your formula.")
READ_AS_PERCENT = "(Read as a percentage.)"
HUNDRED_TIMES = ("Your answer is 100 times the expected value: give a fraction "
                 "of 1 (a share such as one half is 0.5), not a percent.")
HUNDRED_TIMES_SMALL = "Your answer is 100 times too small: give a percent here, not a fraction."
WRONG_SIGN = "The size is right but the sign is wrong."
CLOSE = "Close, but not within the tolerance: check your rounding and that you used every row."
TOO_HIGH_OR_LOW = "Your number is too {direction}."
COUNT_NOT_WHOLE = ("This answer is a count, a whole number; yours has a fraction: did you take a share "
                   "or an average instead of counting?")
COUNT_CLOSE = ("Your count is a little too {direction}: a count must be exact, so check each condition "
               "that picks the rows.")

# ---------------------------------------------------------------- choices
EXPECTED_OPTION = "Expected one of the options as text ({options}), got {answer}."
NOT_AN_OPTION = "{given!r} is not one of the options: {options}."
NOT_BEST_OPTION = "That option does not fit best."

# ---------------------------------------------------------------- items
EXPECTED_LIST = "Expected a list of options, got {answer}."
ITEMS_NOT_TEXT = "Every item should be text (one of the options)."
WRONG_ITEMS = "Your list should hold exactly {count} items; some are missing or do not belong."
WRONG_POSITIONS = "The right items, but only {right} of {count} are in the right position."
REPEATED_ITEM = "Your list repeats an item."
TOO_MANY_ITEMS = "Your collection has {count} items; the answer is a short list of the options."

# ---------------------------------------------------------------- mappings
EXPECTED_DICT = "Expected a dict (key → label), got {answer}."
MISSING_KEY = "Your dict has no entry for {key!r}{more}."
KEY_UNANSWERED = "{key!r} still has `...`."
WRONG_LABEL_KIND = "The label for {key!r} should be one of: {options}; got {answer}."
WRONG_LABELS = "{right} of {count} right."
MAPPING_RECHECK = ("Check every key against the definition of its label, the ones you are sure of too: "
                   "the feedback does not say which are wrong.")
MAPPING_MISAPPLIED = "At least one key you labelled {label!r} is not one; revisit the idea: {concept}"

# ---------------------------------------------------------------- written answers
EXPECTED_TEXT = "Expected your answer as text (in quotes), got {answer}."
WRITTEN_WAY_TOO_LONG = ("Your answer has {count:,} characters; a written answer here is a few sentences "
                        "(at most {most:,} characters).")
WRITTEN_SUMMARY = "{met} of {total} rubric points met."
WRITTEN_MISSING = "Missing: {name}."
WRITTEN_TOO_SHORT = "Write at least {words} words."
WRITTEN_TOO_LONG = "Keep it to at most {words} words."
WRITTEN_TOO_MANY_CHARS = "Keep it to at most {chars} characters."
WRITTEN_NOT_QUESTION = "A question ends with a question mark."
WRITTEN_TOO_MANY_QUESTIONS = "Ask at most {count} question(s): one question mark each."

# ---------------------------------------------------------------- values
EXPECTED_PANDAS = "Expected a pandas {kind}, got {answer}."
MISSING_COLUMN = "Your table lacks column {column!r}."
REPEATED_COLUMN = "Your table has more than one column named {column!r}; keep one."
WRONG_LENGTH = "Your {kind} has {got} rows; expected {want}."
REPEATED_LABELS = "Your row labels (index) repeat; check what you grouped or indexed by."
LABELS_DIFFER = "The row labels (index) differ from the expected ones; check what you grouped or indexed by."
EXPECTED_PLAIN_LIST = "Expected a list, got {answer}."
WRONG_LIST_LENGTH = "Your list has {got} items; expected {want}."
VALUES_DIFFER = "{wrong} of {count} values differ from the expected ones."
NO_REFERENCE_VALUE = "This exercise has no reference to compare with."


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
        return f"a {name}"
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{name} {text}"


def options_text(options) -> str:
    """The options of an exercise as a learner reads them: ``'low', 'mid', 'high'``.

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
    return ", ".join(repr(o) for o in options)
