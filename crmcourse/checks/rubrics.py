"""Ready rubrics for the course's written exercises (see :mod:`crmcourse.checks.written`).

Each helper returns a :class:`~crmcourse.checks.written.Rubric` for one kind of written task:

* :func:`fab_rubric` — a feature → advantage → benefit statement tied to the buyer's stated need;
* :func:`objection_rubric` — a reply to an objection using a named technique
  (:data:`OBJECTION_TECHNIQUES`);
* :func:`care_sms_rubric` — a care text message with the five-part pattern (trigger, brand
  signature, greeting, thanks, call to action), an opt-out and no pressure;
* :func:`account_plan_rubric` — one section of an account plan (:data:`ACCOUNT_PLAN_SECTIONS`);
* :func:`spin_question_rubric` — one question of a SPIN type about a scenario's buyer, typed by
  :func:`crmcourse.spin.classify_question`.

The feedback texts they carry say what to add, never how to phrase it.

>>> sorted(OBJECTION_TECHNIQUES)
['assumptive close', 'convert', 'feel-felt-found', 'mirror']
"""
from __future__ import annotations

import functools
from collections.abc import Iterable

from crmcourse.checks.written import (CJK, LATIN_WORD, Element, Forbidden, Rule, Rubric, WrittenExercise, as_tuple,
                                      clean, count_matched, cue_position)
from crmcourse.checks.feedback import say
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, get_language

__all__ = ["fab_rubric", "objection_rubric", "care_sms_rubric", "account_plan_rubric", "spin_question_rubric",
           "OBJECTION_TECHNIQUES", "ACCOUNT_PLAN_SECTIONS", "CARE_TRIGGERS"]


# ---------------------------------------------------------------- shared cue lists
_YOU = ("you", "your", "yours", "您", "你", "贵")
_FEATURE = ("has", "have", "comes with", "includ*", "built-in", "built in", "equipped", "offers", "provides",
            "our", "具有", "配备", "带有", "拥有", "内置", "提供", "我们的", "功能")
_ADVANTAGE = ("so", "so that", "which means", "that means", "means", "lets", "allows", "enables", "can", "helps",
              "faster", "quicker", "fewer", "less", "without", "automatic*", "所以", "因此", "这样", "可以", "能够",
              "让", "使", "意味着", "更快", "减少", "自动")
_DATE = (r"re:\b\d{4}-\d{1,2}-\d{1,2}\b", r"re:\b\d{1,2}(?:st|nd|rd|th)?\b",
         "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "next week",
         "tomorrow", "week of", "this month", "next month", "quarter", "明天", "下周", "本周", "月", "日", "号", "季度")


def _in_order(steps: Iterable[tuple[Iterable[str], str]], message: str) -> Rule:
    """A rule: the first match of each cue list comes after the previous one's (skipped when one is absent)."""
    steps = [(tuple(cues), name) for cues, name in steps]

    def rule(text: str) -> list[tuple[bool, str]]:
        where = [cue_position(cues, text) for cues, _ in steps]
        if any(w is None for w in where):
            return [(True, "")]
        return [(all(a <= b for a, b in zip(where, where[1:])), message)]
    return rule


# ---------------------------------------------------------------- FAB
def fab_rubric(need: str, need_cues: Iterable[str], *, feature_cues: Iterable[str] = (),
               min_words: int = 12, max_words: int = 80) -> Rubric:
    """The rubric of a FAB statement: a feature, what it does (advantage), and what that means for
    *this* buyer's stated need (benefit), in that order.

    Parameters
    ----------
    need : str
        The buyer's stated need as the feedback names it, e.g. ``"the queue at the clinic desk"``.
    need_cues : sequence of str
        Words that show the answer speaks to that need (English and Chinese).
    feature_cues : sequence of str, optional
        Words naming the product's features; added to the generic feature cues.
    min_words, max_words : int
        Length range.

    Returns
    -------
    Rubric

    Raises
    ------
    CourseDataError
        No need cue.

    Examples
    --------
    >>> r = fab_rubric("the queue at the clinic desk", ("queue", "wait*", "排队"), feature_cues=("engineer*",))
    >>> ex = WrittenExercise(id="t_fab", title="FAB", hint="h", rubric=r)
    >>> ex.judge("Our engineers are based in the city, so any printer is repaired within four hours: "
    ...          "your patients no longer wait at the desk.")[0]
    'correct'
    >>> ex.judge("Our engineers are based in the city.")[1]
    '3 of 7 rubric points met. Write at least 12 words. Say what the feature does for anyone (the advantage). Speak to the buyer: a benefit says what it means for them. Tie the benefit to the need this buyer stated: the queue at the clinic desk.'
    """
    need_cues = as_tuple(need_cues)
    if not need_cues:
        raise CourseDataError("fab_rubric needs cue words for the buyer's stated need",
                              fix='e.g. need_cues=("queue", "wait*", "排队")')
    feature = _FEATURE + as_tuple(feature_cues)
    return Rubric(
        elements=(
            Element("a feature", feature, N_("Start from a feature: a fact about what the product is or has.")),
            Element("an advantage", _ADVANTAGE, N_("Say what the feature does for anyone (the advantage).")),
            Element("a benefit for this buyer", _YOU, N_("Speak to the buyer: a benefit says what it means for them.")),
            Element(N_("the stated need"), need_cues, N_("Tie the benefit to the need this buyer stated: {need}."),
                    fields=(("need", need),)),
        ),
        min_words=min_words, max_words=max_words,
        judge_with=_in_order([(feature, "feature"), (_ADVANTAGE, "advantage"), (need_cues, "need")],
                             N_("Keep the FAB order: the feature first, then what it does, then what it means "
                             "for the buyer's need.")),
    )


# ---------------------------------------------------------------- objections
_OBJ_MIRROR = ("you feel", "you think", "you are worried", "you're worried", "you worry", "you mean", "are you saying",
               "you find", "you are concerned", "you're concerned", "sounds like", "if i understand", "您是说",
               "您觉得", "您担心", "您的意思是", "你是说", "你觉得", "你担心")
_OBJ_COUNTER = ("but", "however", "actually", "但是", "不过", "其实")

#: Objection-handling techniques the course teaches: name → (elements, must be a question, forbidden).
OBJECTION_TECHNIQUES: dict[str, tuple[tuple[Element, ...], bool, tuple[Forbidden, ...]]] = {
    "mirror": (
        (Element("a reflection", _OBJ_MIRROR, N_("Reflect the objection back to the customer as what *they* feel "
                                              "or think, so that they explain it.")),),
        True,
        (Forbidden(_OBJ_COUNTER, N_("A mirror does not argue yet: leave out the counter-argument and let the "
                                 "customer explain.")),),
    ),
    "feel-felt-found": (
        (Element("feel", ("understand", "i see why", "i know how", "feel", "理解", "明白", "感受"),
                 N_("Start by acknowledging how the customer feels.")),
         Element("felt", ("felt", "others", "other customers", "many", "also thought", "别的", "其他", "也曾", "也有",
                          "当初"), N_("Say that others felt the same.")),
         Element("found", ("found", "discovered", "turned out", "learned", "realised", "realized", "发现", "后来",
                           "结果"), N_("Say what those others found."))),
        False, (),
    ),
    "convert": (
        (Element("a reframing", ("worth", "over", "compared", "in the long run", "per year", "per month", "total cost",
                                 "if", "值得", "长期", "相比", "如果", "总成本"),
                 N_("Turn the objection into a question you can answer (e.g. about value over time, or a "
                 "condition).")),),
        True, (),
    ),
    "assumptive close": (
        (Element("an action taken as agreed", ("arrange", "book", "schedule", "send", "deliver", "install*", "let's",
                                              "i will", "i'll", "we will", "we'll", "安排", "我来", "我们就"),
                 N_("Act as if the decision were made: say what you will now do.")),
         Element("a concrete time", _DATE, N_("Name when it will happen."))),
        False,
        (Forbidden(("would you like", "do you want", "shall we", "要不要", "是否"),
                   N_("An assumptive close does not ask whether: it goes ahead.")),),
    ),
}


def objection_rubric(technique: str, objection: str, objection_cues: Iterable[str], *,
                     min_words: int = 8, max_words: int = 70) -> Rubric:
    """The rubric of a reply to an objection that uses one named technique.

    Parameters
    ----------
    technique : str
        One of :data:`OBJECTION_TECHNIQUES`: ``"mirror"``, ``"feel-felt-found"``, ``"convert"``,
        ``"assumptive close"``.
    objection : str
        The objection as the feedback names it, e.g. ``"the price is 15% higher"``.
    objection_cues : sequence of str
        Words showing the reply addresses that objection.
    min_words, max_words : int
        Length range.

    Returns
    -------
    Rubric

    Raises
    ------
    CourseDataError
        An unknown technique or no objection cue.

    Examples
    --------
    >>> r = objection_rubric("mirror", "no space for the machine", ("space", "room", "地方"))
    >>> WrittenExercise(id="t_obj", title="t", hint="h", rubric=r).judge(
    ...     "You feel the machine would take up too much of your space?")[0]
    'correct'
    """
    if technique not in OBJECTION_TECHNIQUES:
        raise CourseDataError(f"unknown objection technique {technique!r}",
                              fix=f"use one of {', '.join(OBJECTION_TECHNIQUES)}")
    objection_cues = as_tuple(objection_cues)
    if not objection_cues:
        raise CourseDataError("objection_rubric needs cue words for the objection", fix='e.g. ("price", "价格")')
    elements, question, forbidden = OBJECTION_TECHNIQUES[technique]
    about = Element(N_("the objection"), objection_cues, N_("Address the customer's objection itself: {objection}."),
                    fields=(("objection", objection),))
    rule = None
    if technique == "feel-felt-found":
        rule = _in_order([(e.cues, e.name) for e in elements], N_("Keep the order: feel, then felt, then found."))
    return Rubric(elements=(about,) + elements, min_words=min_words, max_words=max_words, question=question,
                  forbidden=forbidden, judge_with=rule)


# ---------------------------------------------------------------- care SMS
#: What triggers a care message (the source's pattern), with the cues that show the message says so.
CARE_TRIGGERS = {
    N_("birthday"): ("birthday", "生日"),
    N_("first purchase"): ("first order", "first purchase", "first visit", "first booking", "welcome", "首次", "第一次",
                       "欢迎"),
    N_("holiday"): ("festival", "holiday", "new year", "mid-autumn", "christmas", "节日", "新年", "春节", "中秋", "节"),
}
_GREETING = ("happy", "dear", "hello", "hi", "wish*", "congratulations", "祝", "您好", "亲爱的", "快乐")
_THANKS = ("thank*", "grateful", "appreciate", "谢谢", "感谢", "多谢")
_ACTION = ("call", "visit", "collect", "book", "come", "drop by", "contact", "app", "shop", "store", "order",
           r"re:\d{3,4}[- ]?\d{6,8}", "致电", "来电", "领取", "预订", "到店", "光临", "联系")
_OPT_OUT = ("td", "unsubscribe", "opt out", "opt-out", "stop messages", "stop these messages", "reply stop", "退订",
            "回复td")


def care_sms_rubric(brand_cues: Iterable[str], trigger: str, *, trigger_cues: Iterable[str] = (),
                    max_chars: int = 320) -> Rubric:
    """The rubric of a care text message: the five-part pattern (trigger, brand signature, greeting,
    thanks, call to action), an opt-out, no pressure, and short enough for a phone.

    Parameters
    ----------
    brand_cues : sequence of str
        The brand's names, e.g. ``("Qingmei", "青美")``.
    trigger : str
        One of :data:`CARE_TRIGGERS` (``"birthday"``, ``"first purchase"``, ``"holiday"``) or
        any other occasion when ``trigger_cues`` are given.
    trigger_cues : sequence of str, optional
        Cues for the occasion (default: those of :data:`CARE_TRIGGERS`).
    max_chars : int, default 320
        Longest message (two 160-character SMS parts).

    Returns
    -------
    Rubric

    Raises
    ------
    CourseDataError
        No brand cue, or an unknown trigger without ``trigger_cues``.

    Examples
    --------
    >>> r = care_sms_rubric(("Qingmei", "青美"), "birthday")
    >>> ex = WrittenExercise(id="t_sms", title="t", hint="h", rubric=r)
    >>> ex.judge("Qingmei: Happy birthday, Ms Li! Thank you for a year with us - your gift waits in any "
    ...          "Qingmei shop until 31 May. Reply TD to stop messages.")[0]
    'correct'
    >>> ex.judge("Happy birthday! Come and see us.")[1]
    '5 of 8 rubric points met. Sign it with the brand, so the customer knows who writes. Thank the customer. Give a way to stop the messages (an opt-out such as replying TD).'
    """
    brand_cues = as_tuple(brand_cues)
    if not brand_cues:
        raise CourseDataError("care_sms_rubric needs the brand's names", fix='e.g. ("Qingmei", "青美")')
    cues = as_tuple(trigger_cues) or CARE_TRIGGERS.get(trigger, ())
    if not cues:
        raise CourseDataError(f"unknown care trigger {trigger!r}",
                              fix=f"use one of {', '.join(CARE_TRIGGERS)} or give trigger_cues")
    return Rubric(
        elements=(
            Element(N_("the trigger"), cues, N_("Say why you write now (the occasion: {trigger})."),
                    fields=(("trigger", trigger),)),
            Element("the brand signature", brand_cues, N_("Sign it with the brand, so the customer knows who writes.")),
            Element("a greeting", _GREETING, N_("Greet the customer.")),
            Element("thanks", _THANKS, N_("Thank the customer.")),
            Element("a call to action", _ACTION, N_("End with one thing the customer can do (visit, collect, call …).")),
            Element("an opt-out", _OPT_OUT, N_("Give a way to stop the messages (an opt-out such as replying TD).")),
        ),
        max_chars=max_chars,
        forbidden=(Forbidden(("guarantee*", "last chance", "act now", "hurry", "only today", "限时", "最后机会", "保证",
                              "马上抢"),
                             N_("Care is not pressure: leave out urgency and promises; a care message stays honest "
                             "and never misleads.")),),
    )


# ---------------------------------------------------------------- account plan
_FIGURE = (r"re:\d",)
#: The sections of an account plan the course asks for: name → (elements, what the section is).
ACCOUNT_PLAN_SECTIONS: dict[str, tuple[Element, ...]] = {
    "situation": (
        Element("a figure", _FIGURE, N_("Give the facts as figures.")),
        Element("a measure", ("revenue", "share of wallet", "wallet", "retention", "pipeline", "spend*", "bought",
                              "收入", "钱包份额", "份额", "保持率", "销售额"),
                N_("Say where we stand with a measure (revenue, share of wallet, retention, pipeline).")),
    ),
    "objectives": (
        Element("a target figure", _FIGURE, N_("Make the objective measurable: give a target figure.")),
        Element("a time frame", ("by", "within", "next year", "this year", "quarter", "month*", r"re:\b20\d\d\b",
                                 "年", "季度", "月", "之前"), N_("Say by when.")),
        Element("a direction", ("raise", "increase", "grow", "win", "reach", "double", "lift", "expand", "提高",
                                "增加", "达到", "赢得", "扩大"), N_("Say what should change (raise, win, reach …).")),
    ),
    "people": (
        Element("the roles", ("economic buyer", "user buyer", "user", "technical buyer", "coach", "decision*",
                              "president", "director", "manager", "sign*", "经济购买者", "使用者", "技术", "教练", "决策",
                              "院长", "主任", "经理"), N_("Name who plays which role in the buying centre."), at_least=2),
        Element("the coverage", ("cover*", "owner", "responsible", "meets", "rep", r"re:hx-r\d+", "负责", "对接",
                                 "覆盖"), N_("Say who on our side covers whom.")),
    ),
    "actions": (
        Element("a date", _DATE, N_("Give each action a date.")),
        Element("an owner", ("rep", "director", "manager", "engineer", "i will", "i'll", "we will", "we'll",
                             r"re:hx-r\d+", "负责", "我"), N_("Give each action an owner.")),
        Element("an advance", ("meeting", "meet", "visit", "trial", "demo*", "presentation", "workshop", "site visit",
                               "拜访", "试用", "演示", "会议", "参观"),
                N_("Name a concrete next step the customer agrees to (an advance).")),
    ),
    "bonds": (
        Element("a financial bond", ("price", "discount", "reward*", "points", "rebate", "折扣", "积分", "价格", "返利"),
                N_("Include a financial bond.")),
        Element("a social bond", ("personal", "club", "event", "visit*", "relationship", "dinner", "关系", "俱乐部",
                                  "活动", "拜访"), N_("Include a social bond.")),
        Element("a structural bond", ("system", "integrat*", "contract", "service agreement", "software", "report*",
                                      "managed", "系统", "合同", "整合", "接口", "报告"), N_("Include a structural bond.")),
    ),
}


def account_plan_rubric(section: str, *, account_cues: Iterable[str] = (), min_words: int = 20,
                        max_words: int = 150) -> Rubric:
    """The rubric of one section of an account plan (see :data:`ACCOUNT_PLAN_SECTIONS`).

    Parameters
    ----------
    section : str
        ``"situation"``, ``"objectives"``, ``"people"``, ``"actions"`` or ``"bonds"``.
    account_cues : sequence of str, optional
        Words that name the account (its name, id, industry): one more point when given.
    min_words, max_words : int
        Length range.

    Returns
    -------
    Rubric

    Raises
    ------
    CourseDataError
        An unknown section.

    Examples
    --------
    >>> r = account_plan_rubric("objectives", account_cues=("Ruixiang", "hospital", "瑞祥"), min_words=10)
    >>> WrittenExercise(id="t_plan", title="t", hint="h", rubric=r).judge(
    ...     "Raise our share of wallet at Ruixiang hospital from 7% to 20% by December 2026.")[0]
    'correct'
    """
    if section not in ACCOUNT_PLAN_SECTIONS:
        raise CourseDataError(f"unknown account-plan section {section!r}",
                              fix=f"use one of {', '.join(ACCOUNT_PLAN_SECTIONS)}")
    elements = ACCOUNT_PLAN_SECTIONS[section]
    account = as_tuple(account_cues)
    if account:
        elements = (Element("the account", account, N_("Name the account the plan is for.")),) + elements
    return Rubric(elements=elements, min_words=min_words, max_words=max_words)


# ---------------------------------------------------------------- SPIN questions
_SPIN_DEFINITIONS = {
    "S": N_("asks for a fact about the buyer's present situation"),
    "P": N_("asks about a difficulty, problem or dissatisfaction the buyer has"),
    "I": N_("asks what a problem leads to: its effects, costs or risks"),
    "N": N_("asks what solving the problem would be worth to the buyer"),
}
# "a problem question": the type with its article (one message each, so that a translation reads whole)
_SPIN_QUESTIONS = {
    "S": N_("a situation question"),
    "P": N_("a problem question"),
    "I": N_("an implication question"),
    "N": N_("a need-payoff question"),
}
_ABOUT_BUYER = N_("Ask about this buyer, {buyer}, and their situation (what the scenario tells about them, "
                  "e.g. {examples}).")
_OWN_QUESTION = N_("Write your own question, not one of the simulator's moves.")
#: Chinese topic words of each shipped scenario (its YAML is English): a question written in Chinese
#: is "about this buyer" when it uses one of them (the first four are the feedback's examples).
_SCENARIO_CUES_ZH = {
    "hospital": ("打印机", "硒鼓", "门诊", "科室", "复印机", "墨盒", "耗材", "维修", "病房", "护士", "病人", "患者", "处方",
                 "报告", "信息科", "评审", "隐私", "预算", "院长", "医院", "瑞祥", "韩静妍", "排队", "投诉", "标签",
                 "打印"),
    "bank": ("网点", "柜台", "表单", "单据", "存折", "打印机", "扫描仪", "后台", "快递", "开户", "对公", "监管", "耗材",
             "碳粉", "纸张", "采购", "排队", "客户", "东升", "农商", "银行", "总行", "赶集", "印刷", "报废"),
    "logistics": ("司机", "信号", "山区", "调度", "线路", "手机", "补贴", "送货", "配送", "派送", "延误", "电商",
                  "零售商", "包裹", "客服", "呼叫中心", "货车", "卡车", "车辆", "快递", "快运", "佳通", "周敏", "运营商",
                  "合同", "位置", "定位", "盲区", "客户资料", "通讯", "准时"),
}
#: The buyer's name as the Chinese course writes it (the scenario's YAML has the English name).
_BUYER_ZH = {"hospital": "瑞祥中医院", "bank": "东升农商银行", "logistics": "佳通快运"}
_TOO_LONG = N_("One question is one sentence: this is too long for the classifier to read.")
_CLASSIFIED = N_("The course's question classifier reads this as {seen} ({cue}); {wanted} {definition}.")
_CUE = N_("cue '{cue}'")
_NO_CUE = N_("no cue")
_STOP = frozenset("""about above after again against also although always another anything around because been before
being below between both cannot could does doing done down during each either else enough even ever every everyone
from further gets getting goes going half have having here however into just know last least less like long made make
many might more most much must need needs never next nobody none nothing often once only other others ours over own
people really right same says should since some somebody someone something still such take takes than that their
them then there these they thing things this those though through time times today under until upon very want wants
well were what when where whether which while whole will with within without would year years your yours
three four five seven eight nine different help send away look whichever sold bought tell pick carry gone read
instead write happen threw throw check lying ended wrong argue settle suspect prove working arrive anybody ordering
standing across roughly exact dozen shared hand fifth million number figure month hour week night spring back come
came went keep kept give gave find found think thought said seem seemed start started stop stopped turn turned show
showed asked answer answered tried leave left move moved believe bring brought mean meant become became sure put
make using already wherever twice kind""".split())
_SPIN_NAMES = {"situation": "S", "problem": "P", "implication": "I", "need-payoff": "N", "need payoff": "N"}


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@functools.lru_cache(maxsize=16)
def _scenario_cues(scenario: str) -> tuple[tuple[str, ...], frozenset, str]:
    """(topic cues, the simulator's own question texts, the buyer's name) of a shipped scenario.

    The cues are English words, so they come from the English scenario whatever the session's
    language; the question texts of both languages count as the simulator's own."""
    from crmcourse.spin import load_scenario

    sc = load_scenario(scenario, language="en")
    texts = [sc.title, str(sc.buyer.get("name", "")), str(sc.buyer.get("industry", ""))]
    texts += list(sc.facts.values()) + [p.text for p in sc.problems.values()]
    texts += [text for _, text in sc.implications.values()] + [n.text for n in sc.needs.values()]
    seller = {w.lower() for w in LATIN_WORD.findall(sc.seller)}
    counts: dict[str, int] = {}
    for text in texts:
        for word in LATIN_WORD.findall(text):
            w = word.lower().replace("’", "'").split("'")[0]
            if len(w) < 4 or not w.isalpha() or w in _STOP or w in seller:
                continue
            stem = _singular(w)
            if stem not in _STOP and len(stem) >= 4:
                counts[stem] = counts.get(stem, 0) + 1
    cues = sorted(counts, key=lambda c: -counts[c])  # the most frequent first: they make the best examples
    chinese = load_scenario(scenario, language="zh")
    asked = frozenset(clean(q.text).lower() for s in (sc, chinese) for q in s.questions.values())
    return tuple(cues), asked, str(sc.buyer.get("name", scenario))


def _spin_rule(kind: str, scenario: str, topic_cues: tuple[str, ...]) -> Rule:
    def rule(text: str) -> list[tuple[bool, str]]:
        from crmcourse.spin import MAX_QUESTION_CHARS, classify_question

        cues, asked, buyer = _scenario_cues(scenario)
        zh_cues = () if topic_cues else _SCENARIO_CUES_ZH.get(scenario, ())
        about = (topic_cues or cues) + zh_cues
        shown = zh_cues if zh_cues and CJK.search(text) else (topic_cues or cues)
        if get_language() == "zh":
            buyer = _BUYER_ZH.get(scenario, buyer)
            examples = "、".join(f"“{c}”" for c in shown[:4])
        else:
            examples = ", ".join(f"'{c}'" for c in shown[:4])
        points = [(count_matched(about, text) > 0, say(_ABOUT_BUYER, buyer=buyer, examples=examples))]
        points.append((text.lower() not in asked, say(_OWN_QUESTION)))
        if len(text) > MAX_QUESTION_CHARS:
            points.append((False, say(_TOO_LONG)))
            return points
        guess = classify_question(text)
        said = say(_CUE, cue=guess.cue) if guess.cue else say(_NO_CUE)
        points.append((guess.label == kind,
                       say(_CLASSIFIED, seen=say(_SPIN_QUESTIONS[guess.label]), cue=said,
                           wanted=say(_SPIN_QUESTIONS[kind]), definition=say(_SPIN_DEFINITIONS[kind]))))
        return points
    return rule


def spin_question_rubric(kind: str, scenario: str = "hospital", *, topic_cues: Iterable[str] = ()) -> Rubric:
    """The rubric of one SPIN question of a given type about a scenario's buyer.

    Points: at least 5 words, one question ending with "?", at most 40 words, about this buyer
    (a cue word from the scenario's facts, problems, implications and needs, or one of the Chinese
    topic words the course keeps for each shipped scenario, or ``topic_cues``), not copied from the
    simulator's moves, and typed ``kind`` by :func:`crmcourse.spin.classify_question` (a heuristic:
    the feedback shows the cue it used). The question may be written in English or in Chinese.

    Parameters
    ----------
    kind : str
        ``"S"``, ``"P"``, ``"I"``, ``"N"`` or the type's name (``"implication"`` …).
    scenario : str, default "hospital"
        A shipped scenario (``data/spin/scenarios/<name>.yml``); read on the first check.
    topic_cues : sequence of str, optional
        Cue words for "about this buyer" instead of the scenario's own (its English words and the
        course's Chinese ones): include Chinese words when learners may answer in Chinese.

    Returns
    -------
    Rubric

    Raises
    ------
    CourseDataError
        An unknown question type.

    Examples
    --------
    >>> ex = WrittenExercise(id="t_spin", title="t", hint="h", rubric=spin_question_rubric("I"))
    >>> ex.judge("How do the slow printer repairs affect the patients waiting at the clinic desk?")[0]
    'correct'
    >>> print(ex.judge("Are you happy with your printers?")[1])
    6 of 7 rubric points met. The course's question classifier reads this as a problem question (cue 'happy with'); an implication question asks what a problem leads to: its effects, costs or risks.
    >>> ex.judge("门诊的打印机修得慢，会导致病人在窗口前等多久？")[0]
    'correct'
    """
    code = _SPIN_NAMES.get(kind.lower(), kind.upper()) if isinstance(kind, str) else None
    if code not in _SPIN_DEFINITIONS:
        raise CourseDataError(f"unknown SPIN question type {kind!r}", fix="use S, P, I or N")
    return Rubric(min_words=5, max_words=40, question=True, max_questions=1,
                  judge_with=_spin_rule(code, str(scenario), as_tuple(topic_cues)))
