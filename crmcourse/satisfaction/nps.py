"""Net Promoter Score (Reichheld 2003): promoters, passives, detractors.

>>> nps([10, 9, 8, 3])
25.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse._validate import as_series, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.satisfaction._common import numeric_values, refix, shown

__all__ = ["NPS_GROUPS", "nps_groups", "nps", "nps_scores"]

#: The three groups of a Net Promoter Score survey, from the 0–10 answer.
NPS_GROUPS = ("detractor", "passive", "promoter")

_FIX = N_("use whole numbers from 0 to 10 (the answer to 'how likely are you to recommend us?')")


def nps_scores(scores) -> pd.Series:
    """The 0–10 answers as a float Series, checked: every one a whole number from 0 to 10.

    Parameters
    ----------
    scores : list or numpy.ndarray or pandas.Series
        Answers to "how likely are you to recommend us?" (text such as ``"9"`` is read).

    Returns
    -------
    pandas.Series
        The answers as floats, with the input's index.

    Raises
    ------
    CourseDataError
        No answers, something that is not a list or Series, or answers that are not whole
        numbers from 0 to 10 (True/False, text, NaN, ±inf, lists …; the rows are named).

    Examples
    --------
    >>> nps_scores([10, 7]).tolist()
    [10.0, 7.0]
    >>> nps_scores([9, 11])
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: column 'scores': 1 score is not a whole number from 0 to 10 (11) (rows 1). Fix: use whole numbers from 0 to 10 (the answer to 'how likely are you to recommend us?').
    """
    s = as_series(scores, "scores")
    if len(s) == 0:
        raise CourseDataError(_("there are no scores"),
                              fix=_("pass at least one answer, e.g. {example}").format(
                                  example="survey['likelihood_to_recommend']"))
    with refix(_FIX):
        values = numeric_values(s, source=None, col="scores", what="score")
    bad = ((values % 1 != 0) | (values < 0) | (values > 10)).to_numpy()
    if bad.any():
        wrong = list(dict.fromkeys(values[bad].tolist()))
        wrong = [int(v) if float(v).is_integer() else v for v in wrong]
        n = int(bad.sum())
        problem = (_("{count} score is not a whole number from 0 to 10 ({values})") if n == 1
                   else _("{count} scores are not whole numbers from 0 to 10 ({values})"))
        raise CourseDataError(problem.format(count=n, values=shown(wrong)), column="scores",
                              rows=rows_where(s.index, bad), fix=_(_FIX))
    return values


def nps_groups(scores) -> pd.Series:
    """Label each 0–10 answer: detractor (0–6), passive (7–8) or promoter (9–10).

    Parameters
    ----------
    scores : list or numpy.ndarray or pandas.Series
        Whole numbers from 0 to 10.

    Returns
    -------
    pandas.Series
        An ordered categorical Series named ``group`` (:data:`NPS_GROUPS`), the input's index.

    Raises
    ------
    CourseDataError
        As :func:`nps_scores`.

    Examples
    --------
    >>> nps_groups([0, 6, 7, 8, 9, 10]).tolist()
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    values = nps_scores(scores)
    labels = np.where(values >= 9, "promoter", np.where(values >= 7, "passive", "detractor"))
    return pd.Series(pd.Categorical(labels, categories=list(NPS_GROUPS), ordered=True), index=values.index,
                     name="group")


def nps(scores) -> float:
    """Net Promoter Score (Reichheld 2003): % promoters (9–10) − % detractors (0–6), −100 to +100.

    Passives (7–8) count in the total but in neither group.

    Parameters
    ----------
    scores : list or numpy.ndarray or pandas.Series
        Whole numbers from 0 to 10.

    Returns
    -------
    float
        The score, from −100 to +100.

    Raises
    ------
    CourseDataError
        As :func:`nps_scores`.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 0, 3])
    0.0
    >>> nps([9, 10, 7])
    66.66666666666667
    >>> nps([9, 11])
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: column 'scores': 1 score is not a whole number from 0 to 10 (11) (rows 1). Fix: use whole numbers from 0 to 10 (the answer to 'how likely are you to recommend us?').
    """
    values = nps_scores(scores)
    n = len(values)
    promoters = int((values >= 9).sum())
    detractors = int((values <= 6).sum())
    return 100.0 * (promoters - detractors) / n
