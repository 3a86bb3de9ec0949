"""Written exercises (issue 14): rubric feedback names what is missing, never a model text; the five
ready rubrics accept good answers in English and Chinese and name the gaps of weak ones; the
grader judges them like any other exercise."""
from __future__ import annotations

import json

import pytest

from crmcourse import checks
from crmcourse.checks import (Element, Forbidden, Rubric, WrittenExercise, account_plan_rubric, care_sms_rubric,
                              evaluate, fab_rubric, objection_rubric, spin_question_rubric)
from crmcourse.checks.written import MAX_WRITTEN_CHARS, count_matched, word_count
from crmcourse.errors import CourseDataError

FAB = fab_rubric("the queue at the clinic desk when a printer is down",
                 need_cues=("queue", "wait*", "patient*", "desk", "排队", "等待"),
                 feature_cues=("engineer*", "spare", "四小时", "工程师"))
SMS = care_sms_rubric(("Qingmei", "青美"), "birthday")
SPIN_I = spin_question_rubric("implication", scenario="hospital")


def _ex(rubric, id="t_written"):
    return WrittenExercise(id=id, title="t", hint="h", rubric=rubric)


@pytest.fixture()
def registered(monkeypatch):
    for ex in (_ex(FAB, "t_fab"), _ex(SMS, "t_sms"), _ex(SPIN_I, "t_spin")):
        monkeypatch.setitem(checks.REGISTRY, ex.id, ex)
    yield


# ------------------------------------------------------------------ building blocks
def test_cues_match_words_endings_chinese_and_regex():
    assert count_matched(["repair"], "It was repaired.") == 1
    assert count_matched(["delivery"], "two deliveries") == 1
    assert count_matched(["so"], "some people") == 0           # whole words only
    assert count_matched(["sav*"], "savings") == 1
    assert count_matched(["退订"], "回复TD退订") == 1
    assert count_matched(["td"], "回复TD退订") == 1              # English next to Chinese
    assert count_matched([r"re:\d{4}-\d\d-\d\d"], "on 2026-01-20") == 1
    assert count_matched([""], "anything") == 0
    assert word_count("Our printers have card readers.") == 5
    assert word_count("我们的打印机") == 3


def test_rubric_counts_each_point_and_names_what_is_missing():
    rubric = Rubric(elements=[Element("thanks", ("thank*", "谢谢")), Element("next step", ("visit",), "Propose a visit.")],
                    min_words=3, max_words=10, question=False,
                    forbidden=[Forbidden(("discount",), "No discounts here.")],
                    judge_with=lambda text: [("?" not in text, "No questions.")])
    ex = _ex(rubric)
    assert ex.judge("Thank you, I will visit on Monday.") == ("correct", "", 1.0)
    status, message, score = ex.judge("Thank you: a discount?")
    assert status == "incorrect"
    assert message.startswith("3 of 6 rubric points met.")
    assert "Propose a visit." in message and "No discounts here." in message and "No questions." in message
    assert score == pytest.approx(3 / 6)
    assert "Missing: thanks." in ex.judge("Hello, I will visit you soon.")[1]


def test_full_width_question_mark_counts():
    assert _ex(Rubric(question=True)).judge("为什么？")[0] == "correct"


def test_explanation_only_after_a_right_answer():
    ex = WrittenExercise(id="t", title="t", hint="h", rubric=Rubric(min_words=2), explanation="Well put.")
    assert ex.judge("Two words") == ("correct", "Well put.", 1.0)
    assert "Well put" not in ex.judge("One")[1]


def test_task_is_written_and_unknown_tasks_are_refused():
    assert _ex(Rubric()).task == "written"
    with pytest.raises(CourseDataError):
        WrittenExercise(id="t", title="t", hint="h", task="copy")


# ------------------------------------------------------------------ the five ready rubrics
def test_fab_accepts_a_good_statement_in_english_and_chinese():
    ex = _ex(FAB)
    assert ex.judge("Our engineers and spare machines are in the city, so any clinic printer is repaired within "
                    "four hours: your patients no longer queue at the desk.")[0] == "correct"
    assert ex.judge("我们的工程师常驻本市，可以四小时内修好任何打印机，这样您的病人不用在窗口排队等待。")[0] == "correct"


def test_fab_names_the_missing_benefit_and_the_order():
    ex = _ex(FAB)
    status, message, _ = ex.judge("Our engineers are in the city, so printers are repaired within four hours.")
    assert status == "incorrect" and "Tie the benefit to the need this buyer stated" in message
    status, message, _ = ex.judge("Your patients will not queue at the desk, because our engineers are in the city "
                                  "so repairs take four hours.")
    assert status == "incorrect" and "FAB order" in message


@pytest.mark.parametrize("technique, good", [
    ("mirror", "You feel the price is too high for what the machines do?"),
    ("feel-felt-found", "I understand how you feel about the price. Other hospitals felt the same, and they found "
                        "the lower repair costs paid back the difference in a year."),
    ("convert", "Would it help to look at the total cost over five years rather than the price today?"),
    ("assumptive close", "Good, I will arrange the installation of the new printers on Monday the 12th, so the price holds."),
])
def test_objection_techniques_accept_a_reply_that_uses_them(technique, good):
    rubric = objection_rubric(technique, "your price is 15% higher", ("price", "expensive", "cost*", "价格", "贵"))
    assert _ex(rubric).judge(good)[:1] == ("correct",), _ex(rubric).judge(good)


def test_mirror_refuses_an_argument():
    rubric = objection_rubric("mirror", "your price is 15% higher", ("price",))
    status, message, _ = _ex(rubric).judge("You feel the price is high, but is it really?")
    assert status == "incorrect" and "does not argue" in message


def test_care_sms_pattern_and_opt_out():
    ex = _ex(SMS)
    assert ex.judge("Qingmei: Happy birthday, Ms Li! Thank you for a year with us - your gift waits in any Qingmei "
                    "shop until 31 May. Reply TD to stop messages.")[0] == "correct"
    assert ex.judge("青美：亲爱的会员，祝您生日快乐！感谢您一年来的支持，生日礼物请于5月31日前到店领取。回复TD退订。")[0] == "correct"
    status, message, _ = ex.judge("Qingmei: Happy birthday! Thank you - collect your gift in any shop. Last chance!")
    assert status == "incorrect" and "opt-out" in message and "pressure" in message
    assert "at most 320 characters" in ex.judge("Qingmei: happy birthday " + "x " * 200)[1]


def test_account_plan_sections():
    ex = _ex(account_plan_rubric("objectives", account_cues=("Ruixiang", "瑞祥"), min_words=10))
    assert ex.judge("Raise our share of wallet at Ruixiang from 7% to 20% by December 2026.")[0] == "correct"
    status, message, _ = ex.judge("We want Ruixiang to buy a lot more from us because they are a good account.")
    assert status == "incorrect" and "target figure" in message and "by when" in message
    ex = _ex(account_plan_rubric("actions", min_words=5))
    assert ex.judge("2026-01-20: HX-R01 meets the president for a site visit.")[0] == "correct"
    with pytest.raises(CourseDataError):
        account_plan_rubric("wishes")


def test_spin_question_typed_by_the_course_classifier_and_about_the_buyer():
    ex = _ex(SPIN_I)
    assert ex.judge("How do the slow printer repairs affect the patients waiting at the clinic desk?")[0] == "correct"
    status, message, _ = ex.judge("Are you happy with how quickly your printers get repaired?")
    assert status == "incorrect" and "problem question" in message and "cue 'happy with'" in message
    status, message, _ = ex.judge("What happens to your weekend plans when the weather is bad?")
    assert status == "incorrect" and "Ask about this buyer" in message
    status, message, _ = ex.judge("Has the waiting led to more complaints from patients?")  # a simulator move
    assert status == "incorrect" and "your own question" in message
    assert "one question" in ex.judge("What happens to the patients? And the clinic staff?")[1].lower() or \
        "at most 1 question" in ex.judge("What happens to the patients? And the clinic staff?")[1]
    assert ex.judge("打印机修得慢，对候诊的病人有什么影响？")[:2] == ("correct", "")  # a Chinese question is read


@pytest.mark.parametrize("kind, good", [
    ("P", "Are you satisfied with how long clinic printer repairs take?"),
    ("N", "Would it help the clinics if every broken printer were fixed within four hours?"),
    ("S", "How many printers do the outpatient clinics run?"),
])
def test_each_spin_type(kind, good):
    assert _ex(spin_question_rubric(kind)).judge(good)[0] == "correct"


def test_rubric_helpers_refuse_bad_declarations():
    with pytest.raises(CourseDataError):
        fab_rubric("need", ())
    with pytest.raises(CourseDataError):
        objection_rubric("shouting", "x", ("price",))
    with pytest.raises(CourseDataError):
        care_sms_rubric((), "birthday")
    with pytest.raises(CourseDataError):
        care_sms_rubric(("Qingmei",), "anniversary")
    with pytest.raises(CourseDataError):
        spin_question_rubric("Q")
    assert care_sms_rubric(("Qingmei",), "anniversary", trigger_cues=("anniversary",))


def test_unknown_scenario_is_a_course_problem_not_the_learners():
    ex = _ex(spin_question_rubric("I", scenario="no_such_scenario"))
    assert ex.judge("What happens when the printers break?")[0] == "unknown"


# ------------------------------------------------------------------ never a model text, never raises
def test_feedback_never_contains_a_model_answer(registered):
    from crmcourse.spin import load_scenario

    model_texts = [q.text for q in load_scenario("hospital").questions.values()]
    model_texts += [n.benefit for n in load_scenario("hospital").needs.values() if n.benefit]
    for exercise in ("t_fab", "t_sms", "t_spin"):
        for answer in ("x", "What?", "Our printers are fast.", "谢谢"):
            message = evaluate(exercise, answer).message
            assert not any(text in message for text in model_texts)


@pytest.mark.parametrize("answer", [None, ..., "", "   ", 42, 3.5, ["a question?"], {"a": 1}, b"bytes", object(),
                                    "x" * (MAX_WRITTEN_CHARS + 1), "\x00", "?" * 100])
def test_evaluate_reports_a_status_for_anything(registered, answer):
    for exercise in ("t_fab", "t_sms", "t_spin"):
        assert evaluate(exercise, answer).status in checks.STATUSES


def test_placeholders_are_not_answered_yet(registered):
    for answer in (None, ..., "", "  "):
        assert evaluate("t_spin", answer).status == "unanswered"


# ------------------------------------------------------------------ grading
def test_the_grader_judges_written_answers_like_the_others(registered):
    from crmcourse.authoring.grading.judge import judge_claims
    from crmcourse.checks.transfer import dumps

    claims = {"t_spin": {"answer": dumps("How do the slow printer repairs affect the patients waiting at the desk?")},
              "t_sms": {"answer": dumps("Happy birthday!")},
              "t_fab": {"answer": json.dumps("not decodable")[:-1]}}
    records = {r["exercise"]: r for r in judge_claims(claims, {})}
    assert records["t_spin"]["status"] == "correct" and records["t_spin"]["score"] == 1.0
    assert records["t_sms"]["status"] == "incorrect" and 0 < records["t_sms"]["score"] < 1
    assert records["t_fab"]["status"] == "unanswered"


def test_exam_written_exercise_is_judged_without_a_key():
    ex = WrittenExercise(id="t_exam", title="t", hint="h", rubric=Rubric(min_words=2), exam=True)
    assert ex.with_key({}).judge("Two words")[0] == "correct"


def test_the_check_record_of_a_written_exercise(registered, capsys):
    checks.check("t_spin", "How do the slow printer repairs affect the patients waiting at the desk?")
    assert "correct" in capsys.readouterr().out
    assert checks.RESULTS["t_spin"].record()["status"] == "correct"


def test_declared_written_exercises_judge_a_sample_without_failing():
    """Every WrittenExercise in crmcourse/exercises/ can assess text (its rubric and scenario load)."""
    for ex in checks.all_exercises():
        if isinstance(ex, WrittenExercise):
            assert ex.task in (None, "written"), ex.id
            assert ex.judge("What does this cost you every month?")[0] in ("correct", "incorrect"), ex.id
