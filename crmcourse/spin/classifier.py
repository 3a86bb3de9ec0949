"""The question bank, the held-apart test set and the cue-based SPIN classifier.

:func:`classify_question` is a *heuristic*: ordered cue rules that return a label with the cue
words they used, so a learner can compare the guess with their own label and see what the rule
looked at. :func:`classifier_report` measures it on the held-apart set. A question written in
Chinese is read with Chinese cues (``_ZH_RULES``), built the same way; the ``why`` follows the
language in use (:func:`crmcourse.set_language`).

>>> classify_question("What happens to the queue when the printer breaks down?").label
'I'
>>> classify_question("维修要等两三天，会不会导致病人的投诉增多？")[:2]
('I', '导致')
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from crmcourse._validate import did_you_mean, require_columns, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.spin._common import MAX_QUESTION_CHARS, QUESTION_TYPES, clean_text, describe, plain_text

if TYPE_CHECKING:  # for the annotations only: pandas is imported inside the functions that use it
    import pandas as pd

__all__ = ["Guess", "classify_question", "classify_questions", "classifier_report", "question_bank",
           "holdout", "quiz_feedback"]


class Guess(NamedTuple):
    """The classifier's guess: ``label`` (S/P/I/N), the ``cue`` words it matched, and ``why``.

    Examples
    --------
    >>> label, cue, why = classify_question("Is the queue getting longer?")
    >>> label, cue
    ('P', 'queue')
    """

    label: str
    cue: str
    why: str


# What each rule says it looked at (``Guess.why``): marked for the ``crmcourse`` catalog and
# translated when a guess is made, so the reason follows the language in use. The Chinese rules
# reuse the English reasons: a rule's reason does not depend on the language of the question.
_SITUATION_WHY = N_("no problem, consequence or value cue: a fact-finding question")
_SITUATION_CUE_WHY = N_("asks for a fact about the buyer's present situation")
_FOLLOWS = N_("asks what would follow from a problem")
_WORTH = N_("asks what a change would be worth to the buyer")
_HOW_USEFUL = N_("asks how useful a solution would be")
_MEANS = N_("asks what a solution would mean for the buyer")
_WHY_MATTERS = N_("asks the buyer to say why a solution matters")
_FURTHER = N_("asks for further benefits of a solution")
_BENEFIT = N_("asks about a benefit")
_WEIGH = N_("asks the buyer to weigh a change ('Would ...?')")
_EFFECT = N_("asks about the effect of a problem")
_LEADS_TO = N_("asks what a problem leads to")
_COSTS = N_("asks what a problem costs")
_RISK = N_("links a problem to a risk or damage")
_NEXT = N_("follows a problem to what happens next")
_LOSES = N_("sizes what a problem loses the buyer")
_SIZES = N_("sizes the consequences of a problem")
_IF_WHEN = N_("follows a problem ('if/when ...') to what comes next")
_DIFFICULTY = N_("asks about a difficulty or dissatisfaction")
_GOES_WRONG = N_("mentions something going wrong")

# Ordered rules: the first that matches decides. Need-payoff cues come before implication cues
# ("would that save ...?" is about a solution's value), implication before problem cues (a
# question about what a breakdown *leads to* mentions the breakdown too), and a question with no
# cue is taken as situation. The cues were tuned on data/spin/questions.csv only.
_RULES: list[tuple[str, str, str]] = [
    ("I", r"\bwhat would happen\b|\bwhat would (?:it|that) cost\b|\bwhat would be the (?:effects?|impacts?|consequences?|costs?)\b",
     _FOLLOWS),
    ("N", r"\b(would|could|will|might)\b[^?]*?\b(help|helps|ease|easier|useful|valuable|worth|benefits?|save|saving|improve|reduce|matter|difference|gain)\b",
     _WORTH),
    ("N", r"\bhow (?:useful|valuable|helpful|important)\b", _HOW_USEFUL),
    ("N", r"\b(what would)\b[^?]*?\b(mean)\b", _MEANS),
    ("N", r"\bwhy (?:would|is it important|is that important|does (?:it|that) matter)\b", _WHY_MATTERS),
    ("N", r"\bwhat else would\b|\bany other way\b|\b(what could)\b[^?]*?\b(do with)\b", _FURTHER),
    ("N", r"\b(?:worth|benefits?|gain)\b", _BENEFIT),
    ("N", r"^would\b", _WEIGH),
    ("I", r"\b(?:affects?|affected|affecting|effects?|impacts?)\b", _EFFECT),
    ("I", r"\blead(?:s)? to\b|\bled to\b|\bresult(?:s|ed)? in\b|\bas a result\b|\bbecause\b|\bcaus(?:e|es|ed|ing)\b(?![^?]*\b(?:trouble|headaches?|problems?|difficult\w*))|\bconsequences?\b|\badded to\b",
     _LEADS_TO),
    ("I", r"\bcosts?\b|\bcosting\b", _COSTS),
    ("I", r"\b(?:risks?|hurt|hurts|damage|damages|pushed|penalt(?:y|ies))\b", _RISK),
    ("I", r"\bwhat (?:happens|happened)\b|\b(what (?:does|do|did))\b[^?]*?\b(do to)\b|\b(does|do|did)\b[^?]*?\b(mean (?:for|to))\b",
     _NEXT),
    ("I", r"\b(los(?:e|es|ing|t))\b[^?]*?\b(time|money|customers?|business|contracts?|sales|hours|output)\b"
          r"|\b(what (?:does|do|did))\b[^?]*?\b(los(?:e|t))\b",
     _LOSES),
    ("I", r"\b(how (?:much|many))\b[^?]*?\b(time|money|extra|mistakes|errors|calls|hours)\b", _SIZES),
    ("I", r"^(if|when|whenever)\b[^?]*?,\s*(what|how|who|does|do|is|are|will|would)\b", _IF_WHEN),
    ("P", r"\b(?:problems?|difficult|difficulty|difficulties|hard to|hard for|trouble|headaches?|struggle|struggles|complain\w*|worr(?:y|ied|ies)|concern|concerned|concerns|satisfied|dissatisfied|happy with|unhappy|frustrat\w*|annoy\w*)\b",
     _DIFFICULTY),
    ("P", r"\b(?:break down|breaks down|broken|jams?|jammed|fails?|failed|failure|slow|unreliable|reliable|lose|loses|lost|miss|misses|missed|wrong|late|leaks?|delays?|queue|wasted?|wastes|running out|run out|out of date|higher than|longer than|more than you'?d like|expensive)\b",
     _GOES_WRONG),
]
_COMPILED = [(label, re.compile(pattern, re.I), why) for label, pattern, why in _RULES]

# ------------------------------------------------------------------ Chinese questions (中文提问)
# A question with a Chinese character is read with these rules first, then with the English ones
# (a Chinese question may name a product in English), then it is a situation question. Same
# order as in English: need-payoff (需求-效益问题), implication (暗示问题), problem (难点问题);
# the situation cues (背景问题) come last and never change a label (a question with no other cue
# is a situation question anyway): they only show which fact-finding word the rule saw. Chinese
# has no spaces, so a cue is a run of characters; the look-arounds keep words that merely contain
# a cue out (会员 is not 会 "would", 功能 is not 能 "could", 满意度 is not 满意 "satisfied", 贵院
# is polite, not "expensive"). Gaps are bounded (the time stays linear in the length) and stay
# inside one sentence. Tuned on tests/test_spin_zh.py's TUNED questions (and the course's own
# questions put into Chinese) only; its HELD_APART set measures it (docs/i18n.md).
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_GAP = r"[^?？!！。；;]{0,%d}?"
_HUI = r"(?<![机开社学聚体误理只约工协商大晚年])会(?![员议计场所长谈话诊展])"  # 会 "will/would", not 会员, 机会 …
_NENG = r"(?<![不没未功性智只技体可])能够?(?![力源耗否])"  # 能 "can", not 不能, 功能, 可能 …
_KEYI = r"(?<!不)可以(?!的话)"
_IF = r"(如果|要是|假如|假设|倘若|若是)"
_POLITE_GAP = r"(?:(?!的话)[^?？!！。；;]){0,30}?"  # "如果方便的话，能……" is politeness, not a condition
_WOULD = f"({_HUI}|{_NENG}|{_KEYI})"
_CAN = f"({_NENG}|{_KEYI}|不用|不必|无需|不需要|不再需要|只需)"
_VALUE = (r"(帮助|帮上|帮到|帮得上|好处|益处|用处|有用|价值|值得|节省|节约|省下|省去|省掉|省出|省多少|受益|效益|收益|回报|意义|划算|"
          r"提高|提升|改善|改进|减少|降低|缩短|加快|避免|解决|(?<![多至减缺不])少(?![了掉]))")
_ASKS = r"(?:怎么样|怎样|如何|什么|多少|几|多大|多久|多快|吗|呢|哪些|会不会|能不能|是不是)"
_ZH_RULES: list[tuple[str, str, str]] = [
    # 需求-效益问题: what solving it would be worth ("如果能……会有什么帮助？")
    ("N", _WOULD + (_GAP % 30) + _VALUE, _WORTH),
    ("N", r"多重要|有多重要|重要吗|重不重要|多大意义|多有用|多大帮助|多大用处|多大价值", _HOW_USEFUL),
    ("N", _IF + _POLITE_GAP + _CAN + r"(?!的话)" + (_GAP % 40) + _ASKS, _WORTH),
    ("N", f"({_NENG}|可以)" + (_GAP % 30) + r"(意味着)", _MEANS),
    ("N", r"(为什么|为何)" + (_GAP % 20) + r"(重要|关键|要紧|有必要)", _WHY_MATTERS),
    ("N", r"(还有|还能|还可以)" + (_GAP % 10) + r"(别的|其他|哪些)" + (_GAP % 10) + r"(用处|用途|好处|帮助|办法)", _FURTHER),
    ("N", r"好处|益处|用处|(?<!所)有用(?![户到过])|有帮助|什么帮助|帮助吗|帮上忙|帮得上|帮到|"
          r"帮(?:您|你|你们|我们|大家)?(?:解决|减轻)|(?:什么|多大|起|有)作用|值得|效益|收益|回报|受益|划算|"
          r"价值(?!多少|约|大约|近|超过|[0-9一二三四五六七八九十几百千万])|节省|节约|省下|省去|省掉|省出|省心|省事|省时|"
          r"有(?:什么|多大)?意义", _BENEFIT),
    ("N", r"(?:带来|有)什么(?:不同|变化|改变|区别)|多大(?:的)?(?:不同|变化|改变|区别)", _MEANS),
    ("N", r"更(?:方便|省|轻松|容易|快|好|准确|放心|安全|顺畅|简单|清楚|及时|可靠|有)"
          r"|(?:容易|轻松|方便|省心|顺利|简单|快|准)(?:多少|得多|很多|不少|一些)", _WORTH),
    # 暗示问题: what the problem leads to, costs or risks ("会导致……？" "如果……会……？")
    ("I", r"会(?:怎么样|怎样|如何)|(?:会|将)(?:发生|出现)什么|出什么事|会变成什么样", _NEXT),
    ("I", r"影响(?!力)", _EFFECT),
    ("I", r"导致|造成|引起|引发|带来|以致|连带|连锁|波及|牵连|后果|结果会|会(?:让|使|令)|因此|因而|由此|"
          r"长此以往|久而久之|长期下去|这样下去|再这样", _LEADS_TO),
    ("I", r"(浪费|耽误|耽搁|损失|流失|失去|错失|丢掉|少赚|多花|多付|白花|拖慢|少掉|少了|下滑|下降|下跌)" + (_GAP % 10)
          + r"(多少|几)|(拖延|耽误|耽搁|拖慢|推迟|延误)" + (_GAP % 10) + r"(多久|多长时间|多少天|几天)", _LOSES),
    ("I", r"(多少|几)" + (_GAP % 6) + r"(额外|返工|差错|错误|冤枉|工夫|功夫|精力|人力|工时|工作量)"
          r"|(增加|多出)" + (_GAP % 6) + r"(工作量|负担|成本)"
          r"|(多(?:跑|等|花|付|用|做|干|填))" + (_GAP % 4) + r"(几|多少)"
          r"|(?:花|用|费)(?:多少|几个?)(?:时间|小时|工夫|功夫|天)|多少(?:时间|工夫|功夫|精力|人力)都?(?:花|耗|浪费)在"
          r"|拖到|拖多久|推迟到|等到什么时候", _SIZES),
    ("I", r"代价|损失|多花|白花|额外(?:的)?(?:花费|开支|支出|成本|费用|工作量|时间)|返工|耽误|耽搁", _COSTS),
    ("I", r"风险|危险|隐患|罚款|处罚|处分|追责|问责|扣分|通不过|不合格|吃亏|出事|打击|伤害|损害|受损|责任", _RISK),
    ("I", r"转去|转到|转投|跑去|跑到|流向|流到|(?:去|到|换|转)了?(?:别家|别的银行|其他银行|竞争品牌|其他品牌|竞品)", _LOSES),
    ("I", r"意味着", _NEXT),
    ("I", r"(如果|要是|假如|万一|一旦|倘若)" + (_GAP % 40) + f"({_HUI}|将|怎么办)", _IF_WHEN),
    # 难点问题: a difficulty or dissatisfaction ("……满意吗？" "是否遇到……？")
    ("P", r"问题|困难|难题|难以|难度|难办|难不难|难吗|(?:很|太|较|挺|多|有点|比较)难|麻烦|头疼|头痛|苦恼|烦恼|担心|担忧|顾虑|"
          r"忧虑|不满|满意(?!度)|抱怨|投诉|吃力|费劲|费力|棘手|困扰|为难|不方便|不便|挑战|压力|忙不过来|发愁|不放心|"
          r"遇到|碰到|有意见|有看法|不高兴|不开心|不乐意|生气|紧张|吃紧|不够用|批评|指责|埋怨|责怪|不安|焦虑|心烦|"
          r"恼火|头大|操心|费心|闹心|犯愁|着急|(?<!紧)急(?!诊)|不足|欠缺|短板|缺点|弱点|痛点", _DIFFICULTY),
    ("P", r"坏|故障|出错|差错|错误|用错|弄错|搞错|卡纸|丢失|丢了|遗失|漏|慢(?!性|病)|延误|延迟|拖延|等太久|排队|排长队|过期|"
          r"浪费|缺货|断货|用完|不够|跟不上|不准|不稳定|不可靠|超支|太贵|贵了|太高|太长|太久|停机|死机|旧表单|旧版|过时|老旧|"
          r"(?:准确|准|可靠|稳定|及时)吗|顺手|不顺|很久|好久|太晚|晚了|晚吗|好用吗|好不好用|方便吗|方不方便|毛病|失灵|罢工|"
          r"卡住|卡顿|对不上|不一致|不统一|混乱|乱|难用|复杂|繁琐|低效|不靠谱|没有?信号|信号不好|断信号|信号断|联系不上|打不通|掉线|断线|断网|"
          r"(?<![宝珍富])贵(?![行院公司校店方单位府部姓州宾])|(?<![出时])差(?![不别旅异])|(?<!积)累(?!计)", _GOES_WRONG),
    # 背景问题: the fact-finding word, for the explanation only
    ("S", r"目前|现在|如今|多少|几(?:台|个|家|种|年|位|次|点|层|名|天|人)|哪些|哪几|哪个|哪家|哪里|谁|什么时候|何时|用的是|"
          r"怎么|多久|多长时间|每年|每月|每天|每周", _SITUATION_CUE_WHY),
]
_ZH_COMPILED = [(label, re.compile(pattern, re.I), why) for label, pattern, why in _ZH_RULES]


def _question_problem(value: Any) -> str | None:
    """What is wrong with ``value`` as one question, or None if it is a usable question."""
    text = plain_text(value)
    if text is None or not text.strip():
        return f"got {describe(value)}"
    if len(text) > MAX_QUESTION_CHARS:
        return f"got a text of {len(text):,} characters (at most {MAX_QUESTION_CHARS:,})"
    return None


def classify_question(text: str) -> Guess:
    """Guess the SPIN type of a question from cue words — a heuristic, not an authority.

    The ``cue`` is the words that decided it — ``"would … help"`` when they are apart — or
    ``""`` for a situation question, which is what is left when no cue matches. Compare the
    guess with your own label: when you disagree, the cue shows what the rule looked at. It
    reaches about 80–90% on questions it was not tuned on (``docs/performance.md``); it does
    not understand meaning.

    A question with Chinese characters is read with Chinese cues first (``如果能 … 帮助``,
    ``导致``, ``满意``), then the English ones; a Chinese situation question may show the
    fact-finding word it saw (``目前``, ``多少``) as its cue, which never changes the label. The
    ``why`` is in the language in use (:func:`crmcourse.set_language`); ``label`` and ``cue``
    do not depend on it.

    Parameters
    ----------
    text : str
        One question, at most :data:`MAX_QUESTION_CHARS` characters.

    Returns
    -------
    Guess
        ``label`` (``"S"``, ``"P"``, ``"I"`` or ``"N"``), ``cue`` and ``why``.

    Raises
    ------
    CourseDataError
        ``text`` is not text, is blank, or is longer than one question can be.

    Examples
    --------
    >>> classify_question("How many printers does the hospital run?")
    Guess(label='S', cue='', why='no problem, consequence or value cue: a fact-finding question')
    >>> classify_question("Are you happy with how long repairs take?")[:2]
    ('P', 'happy with')
    >>> classify_question("How does a long repair wait affect the queues?")[:2]
    ('I', 'affect')
    >>> classify_question("Would it help if every printer were fixed within four hours?")[:2]
    ('N', 'would … help')
    >>> classify_question("如果门诊的打印机能当天修好，对您会有什么帮助？")[:2]
    ('N', '能 … 帮助')
    >>> classify_question("您对现在的维修速度满意吗？")[:2]
    ('P', '满意')
    >>> classify_question(42)
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: classify_question needs a question as text, got 42. Fix: pass a sentence, e.g. classify_question('How many branches do you have?').
    """
    problem = _question_problem(text)
    if problem:
        raise CourseDataError(f"classify_question needs a question as text, {problem}",
                              fix="pass a sentence, e.g. classify_question('How many branches do you have?')")
    clean = clean_text(plain_text(text))
    rules = _ZH_COMPILED + _COMPILED if _CJK.search(clean) else _COMPILED
    for label, pattern, why in rules:
        m = pattern.search(clean)
        if m:
            parts = [g for g in m.groups() if g]  # cue words around a gap, e.g. "would … help"
            cue = " … ".join(parts) if parts else m.group(0)
            return Guess(label, cue.lower(), _(why))
    return Guess("S", "", _(_SITUATION_WHY))


def _check_questions(values, *, source: str) -> list[str]:
    """Every value a usable question (as plain text), or one error naming the rows."""
    problems = [_question_problem(v) for v in values.to_numpy(dtype=object)]
    bad = [p is not None for p in problems]
    if any(bad):
        first = next(p for p in problems if p)
        raise CourseDataError(f"{sum(bad)} question(s) are not usable text ({first})", file=source,
                              column="question", rows=rows_where(values.index, bad),
                              fix=f"give every question as a sentence of at most {MAX_QUESTION_CHARS:,} "
                                  "characters, and drop empty rows")
    return [plain_text(v) for v in values.to_numpy(dtype=object)]


def classify_questions(questions) -> "pd.DataFrame":
    """Classify many questions: a table with ``question``, ``guess``, ``cue`` and ``why``.

    Parameters
    ----------
    questions : list of str, pandas.Series or pandas.DataFrame
        The question texts, or a table with a ``question`` column (its other columns, e.g. the
        right ``type``, are kept).

    Returns
    -------
    pandas.DataFrame
        The questions with the classifier's ``guess``, ``cue`` and ``why``.

    Raises
    ------
    CourseDataError
        ``questions`` is not a list or table, the table has no (or a duplicated) ``question``
        column, or a question is not text (rows are named, counted from 0).

    Examples
    --------
    >>> t = classify_questions(["Who decides on new printers?", "What would faster repairs mean for you?"])
    >>> t["guess"].tolist()
    ['S', 'N']
    """
    import numpy as np
    import pandas as pd

    from crmcourse._validate import as_series

    if isinstance(questions, pd.DataFrame):
        require_columns(questions, ["question"], source="questions",
                        fix="name the column with the question texts 'question'")
        frame = questions.copy()
    elif isinstance(questions, (list, tuple, pd.Series, pd.Index, np.ndarray)):
        frame = pd.DataFrame({"question": as_series(questions, "questions").to_numpy(dtype=object)})
    else:
        raise CourseDataError(f"questions must be a list of question texts or a table, got {describe(questions)}",
                              fix="pass e.g. ['Who decides on new printers?'] or a DataFrame with a 'question' column")
    texts = _check_questions(frame["question"], source="questions")
    guesses = [classify_question(q) for q in texts]
    frame["guess"] = [g.label for g in guesses]
    frame["cue"] = [g.cue for g in guesses]
    frame["why"] = [g.why for g in guesses]
    return frame


def _type_labels(values, *, source: str) -> list[str]:
    """S/P/I/N labels (spaces and case ignored), or one error naming the rows that are not."""
    out, bad = [], []
    for v in values.to_numpy(dtype=object):
        text = plain_text(v)
        label = text.strip().upper() if text is not None else None
        out.append(label)
        bad.append(label not in QUESTION_TYPES)
    if any(bad):
        first = values.to_numpy(dtype=object)[bad.index(True)]
        raise CourseDataError(f"{sum(bad)} label(s) are not S, P, I or N (e.g. {describe(first)})", file=source,
                              column="type", rows=rows_where(values.index, bad),
                              fix="label each question S (situation), P (problem), I (implication) or N (need-payoff)")
    return out


def classifier_report(frame=None) -> dict:
    """Accuracy, confusion table and mislabelled questions of :func:`classify_question`.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        Labelled questions with ``question`` and ``type`` (S/P/I/N) columns. Default: the
        held-apart set, :func:`holdout`, which the cues were never tuned on.

    Returns
    -------
    dict
        ``accuracy`` (a fraction), ``n``, ``confusion`` (rows: the right type, columns: the
        guess) and ``errors`` (the questions it got wrong, with the cue it used).

    Raises
    ------
    CourseDataError
        ``frame`` is not a table, is empty, lacks a column, or holds a question that is not
        text or a label that is not S, P, I or N.

    Examples
    --------
    >>> r = classifier_report()
    >>> r["n"] >= 40 and 0.0 <= r["accuracy"] <= 1.0
    True
    >>> list(r["confusion"].columns)
    ['S', 'P', 'I', 'N']
    """
    import numpy as np
    import pandas as pd

    frame = holdout() if frame is None else frame
    require_columns(frame, ["question", "type"], source="labelled questions", min_rows=1)
    truth = _type_labels(frame["type"], source="labelled questions")
    table = classify_questions(frame)
    guess = table["guess"].to_numpy(dtype=object)
    right = guess == np.array(truth, dtype=object)
    confusion = pd.crosstab(pd.Categorical(truth, categories=QUESTION_TYPES),
                            pd.Categorical(guess, categories=QUESTION_TYPES),
                            rownames=["type"], colnames=["guess"], dropna=False)
    cols = [c for c in ("question_id", "question", "type", "guess", "cue") if c in table.columns]
    return {
        "accuracy": float(right.mean()),
        "n": int(len(table)),
        "confusion": confusion,
        "errors": table.loc[~right, cols].reset_index(drop=True),
    }


def question_bank(industry: str | None = None) -> "pd.DataFrame":
    """The question bank: 160 questions in five industries, each labelled S/P/I/N with a reason.

    Parameters
    ----------
    industry : str, optional
        Keep only this industry's questions (e.g. ``"hospital"``).

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``industry``, ``question``, ``type`` and ``reason``.

    Raises
    ------
    CourseDataError
        ``industry`` is not one of the bank's industries.

    Examples
    --------
    >>> bank = question_bank()
    >>> sorted(bank["type"].unique())
    ['I', 'N', 'P', 'S']
    >>> len(question_bank("hospital"))
    32
    """
    from crmcourse import data

    bank = data.load("spin_questions")
    bank["type"] = bank["type"].astype(str)
    if industry is not None:
        known = sorted(bank["industry"].astype(str).unique())
        name = plain_text(industry)
        if name not in known:
            hint = did_you_mean(name, known) if name is not None else ""
            raise CourseDataError(f"no industry {describe(industry)} in the question bank{hint}",
                                  fix="use one of: " + ", ".join(known))
        bank = bank[bank["industry"].astype(str) == name].reset_index(drop=True)
    return bank


def holdout() -> "pd.DataFrame":
    """The held-apart labelled questions (``data/spin/holdout.csv``).

    They were written before the classifier's cues were tuned and never used to tune them: the
    fair test of its accuracy.

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``question``, ``type`` and the other columns of the file.

    Raises
    ------
    CourseDataError
        The shipped file is missing or broken (it is checked against ``data/tables.yml``).

    Examples
    --------
    >>> len(holdout()) >= 40
    True
    """
    from crmcourse import data

    frame = data.load("spin_holdout")
    frame["type"] = frame["type"].astype(str)
    return frame


def _quiz_bank(bank) -> "pd.DataFrame":
    """The bank indexed by question id, checked (columns, unique ids, S/P/I/N labels)."""
    bank = question_bank() if bank is None else bank
    require_columns(bank, ["question_id", "question", "type", "reason"], source="the question bank")
    ids = bank["question_id"].to_numpy(dtype=object)
    keys = [plain_text(i) for i in ids]
    dup = bank["question_id"].duplicated(keep=False).to_numpy() if all(k is not None for k in keys) else None
    if dup is None or dup.any():
        raise CourseDataError("question ids must be unique text such as 'Q001'", file="the question bank",
                              column="question_id", fix="give every question its own id")
    by_id = bank.assign(type=_type_labels(bank["type"], source="the question bank"))
    by_id.index = keys
    return by_id


def quiz_feedback(labels, bank=None):
    """Explain a classification quiz: your label, the bank's label and its reason, per question.

    While ``labels`` is still ``...`` (or holds ``...``), it only says what to do first.

    Parameters
    ----------
    labels : dict or pandas.Series
        Question ids (``"Q012"``) mapped to your labels (S, P, I or N; case and spaces ignored).
    bank : pandas.DataFrame, optional
        The labelled questions (default :func:`question_bank`), with ``question_id``,
        ``question``, ``type`` and ``reason``.

    Returns
    -------
    pandas.DataFrame or None
        One row per question: ``yours``, the bank's ``type``, ``right``, its ``reason``, and the
        classifier's guess with its cue — so you see where you, the bank and the heuristic
        disagree. None (after a printed note) while the labels are not filled in.

    Raises
    ------
    CourseDataError
        ``labels`` is not a mapping, is empty, names a question that is not in the bank, or
        gives a label that is not S, P, I or N; or ``bank`` is not a usable table.

    Examples
    --------
    >>> t = quiz_feedback({"Q001": "S", "Q009": "I"})
    >>> t[["question_id", "yours", "type", "right"]].values.tolist()
    [['Q001', 'S', 'S', True], ['Q009', 'I', 'P', False]]
    >>> quiz_feedback(...)
    Fill in your labels in the exercise above first; then run this cell again to see the reasons.
    """
    import pandas as pd

    if labels is None or labels is Ellipsis or (isinstance(labels, Mapping) and any(v is Ellipsis for v in labels.values())):
        print(_("Fill in your labels in the exercise above first; then run this cell again to see the reasons."))
        return None
    fix = "e.g. quiz_feedback({'Q001': 'S', 'Q009': 'P'})"
    if isinstance(labels, pd.Series):
        if labels.index.has_duplicates:
            raise CourseDataError("quiz_feedback got the same question id twice", fix="give each question once")
        labels = dict(labels.items())
    if not isinstance(labels, Mapping) or not labels:
        raise CourseDataError("quiz_feedback needs a dict of question id → label", fix=fix)
    by_id = _quiz_bank(bank)
    rows = []
    for qid, yours in labels.items():
        key = plain_text(qid)
        if key is None or key not in by_id.index:
            hint = did_you_mean(key, by_id.index) if key is not None else ""
            raise CourseDataError(f"no question {describe(qid)} in the question bank{hint}",
                                  fix="use the ids shown in the quiz, e.g. 'Q001'")
        label = plain_text(yours)
        label = label.strip().upper() if label is not None else None
        if label not in QUESTION_TYPES:
            raise CourseDataError(f"the label for {key} is {describe(yours)}, not S, P, I or N",
                                  fix="label each question S (situation), P (problem), I (implication) "
                                      "or N (need-payoff)")
        row = by_id.loc[key]
        guess = classify_question(row["question"])
        rows.append({"question_id": key, "question": row["question"], "yours": label,
                     "type": row["type"], "right": label == row["type"],
                     "reason": row["reason"], "classifier": guess.label, "cue": guess.cue})
    return pd.DataFrame(rows)
