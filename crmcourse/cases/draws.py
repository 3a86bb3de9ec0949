"""Random-draw helpers and word lists that every case company shares.

The case modules draw their tables with these: one independent random stream per table
(:func:`table_rng`), row counts that follow ``size`` (:func:`scaled_count`), label columns with
exact shares (:func:`split_counts`, :func:`exact_shares`), numbered ids, pinyin-style person names,
whole-day dates, rounding, the logistic curve and Kano answer pairs. Nothing here changes a
random stream: each helper consumes exactly the draws it did when it lived in ``cases.py``, so
the committed CSVs stay byte-identical.

>>> rng = table_rng(DEFAULT_SEED, "example")
>>> make_ids("HX-A", 3, 4).tolist()
['HX-A0001', 'HX-A0002', 'HX-A0003']
>>> split_counts(10, [1, 1, 1]).tolist()
[4, 3, 3]
"""
from __future__ import annotations

import zlib

import numpy as np

from crmcourse.constants import SNAPSHOT_DATE

__all__ = [
    "DEFAULT_SEED", "SNAPSHOT", "SURNAMES", "SYLLABLES", "PREFIXES", "INDUSTRY_SUFFIXES", "AGE_BANDS",
    "KANO_PAIRS", "table_rng", "scaled_count", "split_counts", "exact_shares",
    "make_ids", "person_names", "days_after", "as_dates", "rounded", "sigmoid", "kano_answers",
]

#: The seed of the committed data under ``data/``.
DEFAULT_SEED = 20261126
#: "Today" for every case (recency, stuck deals, the CRM lab's dates), as ``numpy.datetime64``.
SNAPSHOT = np.datetime64(SNAPSHOT_DATE)

# ----------------------------------------------------------------------------- word lists
#: Chinese surnames (pinyin), drawn for every synthetic person.
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
             "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie",
             "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng"]
#: Syllables of given names (one, or two joined).
SYLLABLES = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Jun", "Yang", "Yan", "Jie",
              "Tao", "Ming", "Chao", "Xiu", "Hui", "Ying", "Hao", "Lan", "Ping", "Bo", "Ning",
              "Xin", "Yu", "Rui", "Jia", "Zhen", "Kai", "Lu", "Dan", "Yi", "Qing", "Hong", "Li"]
#: First words of company names (Huaxin accounts, CRM leads, Fengtai fleet buyers).
PREFIXES = ["Hengda", "Jinlong", "Ruifeng", "Huamei", "Dongsheng", "Xinhe", "Tianyu", "Baorun",
             "Kangda", "Yongxin", "Haixing", "Longteng", "Shengda", "Fuxing", "Hongqiao", "Jiahe",
             "Anping", "Mingde", "Qiaosheng", "Taihe", "Xingguang", "Jinqiao", "Ruixiang",
             "Lianhua", "Wanfeng", "Zhenxing", "Chengguang", "Runfa", "Yuantai", "Kaixuan",
             "Boya", "Huiming", "Dingxin", "Shunda", "Tongfu", "Xiangrui", "Yinhe", "Zhiyuan",
             "Guangyao", "Lanting"]
#: Second parts of company names, by Huaxin industry.
INDUSTRY_SUFFIXES = {
    "hospital": ["People's Hospital", "Maternity Hospital", "Medical Centre", "TCM Hospital",
                 "Eye Hospital", "Dental Group"],
    "school": ["Middle School", "Vocational College", "Foreign Language School", "University",
               "Primary School", "Teachers College"],
    # banks and their branches only: no insurers or brokers under ``bank`` (positions keep the draws)
    "bank": ["Rural Commercial Bank", "City Bank Branch", "Credit Union", "Bank Sub-branch",
             "Commercial Bank Branch"],
    "government": ["District Tax Office", "Municipal Archives", "Land Resources Bureau",
                   "District Court", "Civil Affairs Bureau", "Social Security Centre"],
    "manufacturing": ["Precision Machinery", "Auto Parts", "Electronics", "Textiles",
                      "Pharmaceutical", "Packaging"],
    "logistics": ["Logistics", "Express", "Cold Chain", "Freight", "Warehousing", "Supply Chain"],
}

#: Customer age bands (Qingmei members, Lianyun subscribers).
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55+"]


# ----------------------------------------------------------------------------- helpers
def table_rng(seed: int, table: str) -> np.random.Generator:
    """Independent, stable random stream per table (CRC-32, never Python's salted ``hash``).

    Parameters
    ----------
    seed : int
        The generator's seed (``DEFAULT_SEED`` for the committed data).
    table : str
        The table's name; its CRC-32 is added to ``seed``, so adding a table never changes the
        stream of another.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> a = table_rng(5, "huaxin_reps").random(2)
    >>> bool((a == table_rng(5, "huaxin_reps").random(2)).all())
    True
    """
    return np.random.default_rng(seed + zlib.crc32(table.encode("utf-8")))


def scaled_count(base: int, size: float, minimum: int) -> int:
    """The row count ``base * size``, rounded, and never below ``minimum``.

    Parameters
    ----------
    base : int
        Rows at ``size=1`` (the committed data).
    size : float
        The multiplier passed to :func:`crmcourse.cases.generate`.
    minimum : int
        The fewest rows the table may have.

    Returns
    -------
    int

    Examples
    --------
    >>> scaled_count(320, 0.05, 8), scaled_count(320, 0.001, 8)
    (16, 8)
    """
    return max(minimum, int(round(base * size)))


def split_counts(n: int, props) -> np.ndarray:
    """Split ``n`` into integer counts proportional to ``props`` (largest remainder).

    Parameters
    ----------
    n : int
        The total.
    props : array-like of float
        Relative weights (need not sum to 1).

    Returns
    -------
    numpy.ndarray of int
        Counts that sum to ``n``; ties in the remainders go to the earlier weight.

    Examples
    --------
    >>> split_counts(7, [0.5, 0.3, 0.2]).tolist()
    [4, 2, 1]
    """
    p = np.asarray(props, dtype=float)
    p = p / p.sum()
    raw = p * n
    out = np.floor(raw).astype(int)
    rest = n - out.sum()
    if rest:
        order = np.argsort(-(raw - out), kind="stable")
        out[order[:rest]] += 1
    return out


def exact_shares(rng: np.random.Generator, n: int, labels, props) -> np.ndarray:
    """Exactly-proportioned labels in random order (no sampling noise in the shares).

    Parameters
    ----------
    rng : numpy.random.Generator
        The table's stream (one permutation is drawn).
    n : int
        How many labels.
    labels : sequence
        The labels.
    props : array-like of float
        Their relative shares (see :func:`split_counts`).

    Returns
    -------
    numpy.ndarray of object

    Examples
    --------
    >>> sorted(exact_shares(table_rng(1, "t"), 4, ["a", "b"], [3, 1]).tolist())
    ['a', 'a', 'a', 'b']
    """
    return rng.permutation(np.repeat(np.asarray(labels, dtype=object), split_counts(n, props)))


def make_ids(prefix: str, n: int, width: int) -> np.ndarray:
    """Ids ``prefix0001 … prefixNNNN``, zero-padded to ``width`` digits (more if ``n`` needs them).

    Parameters
    ----------
    prefix : str
        The text before the number (``"HX-A"``).
    n : int
        How many ids.
    width : int
        The least number of digits.

    Returns
    -------
    numpy.ndarray of object

    Examples
    --------
    >>> make_ids("T", 2, 3).tolist()
    ['T001', 'T002']
    """
    width = max(width, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Synthetic pinyin-style names: a surname and a one- or two-syllable given name.

    Parameters
    ----------
    rng : numpy.random.Generator
        The table's stream (four draws of ``n`` values each).
    n : int
        How many names.

    Returns
    -------
    numpy.ndarray of object

    Examples
    --------
    >>> names = person_names(table_rng(1, "t"), 3)
    >>> len(names), all(len(name.split()) == 2 for name in names)
    (3, True)
    """
    sur = rng.choice(SURNAMES, n)
    first = rng.choice(SYLLABLES, n)
    second = rng.choice(SYLLABLES, n)
    two = rng.random(n) < 0.55
    given = np.where(two, np.char.add(first.astype(str), np.char.lower(second.astype(str))), first)
    return np.char.add(np.char.add(sur.astype(str), " "), given.astype(str)).astype(object)


def days_after(start: str, offsets) -> np.ndarray:
    """The days ``offsets`` (whole days, may be negative) after ``start``.

    Parameters
    ----------
    start : str or numpy.datetime64
        The first day (``"2025-11-03"``).
    offsets : array-like of int
        Days to add.

    Returns
    -------
    numpy.ndarray of datetime64[D]

    Examples
    --------
    >>> days_after("2025-12-30", [0, 2]).astype(str).tolist()
    ['2025-12-30', '2026-01-01']
    """
    return np.datetime64(start, "D") + np.asarray(offsets, dtype="int64").astype("timedelta64[D]")


def as_dates(values) -> np.ndarray:
    """Whole days as ``datetime64[s]`` (an array, so assignment never aligns on an index).

    Parameters
    ----------
    values : array-like
        Dates (strings, ``datetime64`` of any unit, ``NaT``); the time of day is dropped.

    Returns
    -------
    numpy.ndarray of datetime64[s]

    Examples
    --------
    >>> as_dates(["2025-01-02"]).dtype
    dtype('<M8[s]')
    """
    return np.asarray(values, dtype="datetime64[D]").astype("datetime64[s]")


def rounded(x, decimals: int = 2) -> np.ndarray:
    """``x`` as floats rounded to ``decimals`` places (money and scores in the CSVs).

    Parameters
    ----------
    x : array-like of float
    decimals : int, default 2

    Returns
    -------
    numpy.ndarray of float

    Examples
    --------
    >>> rounded([1.234, 5.678]).tolist()
    [1.23, 5.68]
    """
    return np.round(np.asarray(x, dtype=float), decimals)


def sigmoid(x):
    """The logistic curve ``1 / (1 + exp(-x))`` (propensities from logits).

    Parameters
    ----------
    x : float or numpy.ndarray

    Returns
    -------
    float or numpy.ndarray
        Values in (0, 1), the same shape as ``x``.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    """
    return 1.0 / (1.0 + np.exp(-x))


# ----------------------------------------------------------------------------- Kano answers
#: Kano answer pairs (functional, dysfunctional) that give each category, with their weights;
#: the Qingmei and the Huaxin (capstone) Kano surveys draw from them.
KANO_PAIRS = {
    "A": ([("like", "must-be"), ("like", "neutral"), ("like", "live-with")], [.15, .55, .30]),
    "O": ([("like", "dislike")], [1.0]),
    "M": ([("must-be", "dislike"), ("neutral", "dislike"), ("live-with", "dislike")], [.35, .45, .20]),
    "I": ([("neutral", "neutral"), ("neutral", "live-with"), ("must-be", "neutral"),
           ("live-with", "live-with"), ("neutral", "must-be"), ("live-with", "neutral"),
           ("must-be", "must-be")], [.45, .20, .05, .10, .05, .10, .05]),
    "R": ([("dislike", "like"), ("neutral", "like"), ("dislike", "neutral"), ("live-with", "like")],
          [.40, .25, .20, .15]),
    "Q": ([("like", "like"), ("dislike", "dislike")], [.6, .4]),
}



def kano_answers(rng: np.random.Generator, cat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Draw a (functional, dysfunctional) answer pair for each planted Kano category in ``cat``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The table's stream (one draw per category, in the order of :data:`KANO_PAIRS`).
    cat : numpy.ndarray of object
        One planted category per respondent (``"A"``, ``"O"``, ``"M"``, ``"I"``, ``"R"``, ``"Q"``).

    Returns
    -------
    functional, dysfunctional : numpy.ndarray of object
        The answers, one per respondent.

    Examples
    --------
    >>> func, dysf = kano_answers(table_rng(1, "t"), np.array(["O", "O"], dtype=object))
    >>> func.tolist(), dysf.tolist()
    (['like', 'like'], ['dislike', 'dislike'])
    """
    func = np.empty(len(cat), dtype=object)
    dysf = np.empty(len(cat), dtype=object)
    for c, (pairs, w) in KANO_PAIRS.items():
        at = np.flatnonzero(cat == c)
        pick = rng.choice(len(pairs), len(at), p=w)
        func[at] = [pairs[j][0] for j in pick]
        dysf[at] = [pairs[j][1] for j in pick]
    return func, dysf

