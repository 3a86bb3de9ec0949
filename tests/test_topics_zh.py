"""Issue 15: the topic packages' own messages follow the language (CourseDataError texts, SPIN notes).

For each package, typical bad inputs raised under ``set_language("zh")`` give a Chinese problem and
fix (the Chinese frame "…。解决方法：…") that still names the column or value at fault; the same
inputs in English give the English message, unchanged by a Chinese call before them.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

import crmcourse
from crmcourse import accounts, crm, i18n, lifetime, loyalty, segmentation, spin
from crmcourse import satisfaction as sat
from crmcourse.errors import CourseDataError

CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setitem(i18n._STATE, "language", None)
    yield
    crmcourse.set_language(None)


def message(call, language):
    crmcourse.set_language(language)
    with pytest.raises(CourseDataError) as err:
        call()
    return str(err.value)


def _tx(**change):
    frame = pd.DataFrame({"customer_id": ["C1", "C2", "C1"], "date": ["2025-01-05", "2025-02-01", "2025-03-01"],
                          "amount": [120.0, 80.0, 45.0]})
    return frame.assign(**change)


_RFM = pd.DataFrame({"recency": [5, 40, 90], "frequency": [3, 1, 2], "monetary": [300.0, 80.0, 150.0]},
                    index=["C1", "C2", "C3"])

# (call, words the Chinese message must contain, the English message's start)
CASES = {
    "kano answer": (lambda: sat.kano_category("love", "like"), ["'love'", "狩野模型", "解决方法："],
                    "the functional answer 'love' is not a Kano answer"),
    "kano column": (lambda: sat.kano_classify(pd.DataFrame({"feature": ["gift", "gift"], "functional": ["like", "x"],
                                                            "dysfunctional": ["dislike", "like"]})),
                    ["列 'functional'", "'x'", "不是狩野模型的回答"], "column 'functional': 1 answer is not a Kano"),
    "nps scores": (lambda: sat.nps_scores([9, 11]), ["列 'scores'", "（11）", "整数"],
                   "column 'scores': 1 score is not a whole number from 0 to 10 (11)"),
    "servqual dimension": (lambda: sat.servqual_gaps(pd.DataFrame({"dimension": ["tangible"], "expectation": [6],
                                                                   "perception": [5]})),
                           ["列 'dimension'", "'tangible'", "维度未知"], "column 'dimension': 1 rows have an unknown dimension ('tangible')"),
    "servqual weights": (lambda: sat.servqual_gaps(pd.DataFrame({"dimension": ["empathy"], "expectation": [6],
                                                                 "perception": [5]}), weights={"empathy": -1}),
                         ["重要性分值", "解决方法："], "importance points must be numbers, 0 or more"),
    "ratio": (lambda: sat.satisfaction_ratio(8, 0), ["expected", "大于 0", "期望值"],
              "expected must be greater than 0, got 0"),
    "rfm customer": (lambda: segmentation.rfm_table(_tx(customer_id=["C1", None, "C1"]), snapshot="2025-04-01"),
                     ["列 'customer_id'", "没有客户"], "transactions, column 'customer_id': 1 row without a customer"),
    "rfm refunds": (lambda: segmentation.rfm_table(_tx(amount=[120.0, -80.0, 45.0]), snapshot="2025-04-01"),
                    ["列 'amount'", "负金额", "returns='drop'"], "transactions, column 'amount': 1 negative amount"),
    "rfm snapshot": (lambda: segmentation.rfm_table(_tx(), snapshot="2025-02-15"),
                     ["2025-02-15", "2025-03-01", "快照日期"], "transactions, column 'date': the snapshot 2025-02-15"),
    "rfm bins": (lambda: segmentation.rfm_scores(_RFM, bins=5), ["3 位客户", "5 个评分组"],
                 "RFM table: 3 customers cannot fill 5 score groups"),
    "kmeans k": (lambda: segmentation.kmeans_segments(_RFM, ["recency", "frequency"], k=5),
                 ["3 位客户", "5 个聚类", "k 最多取 3"], "customers: 3 customers cannot form 5 clusters"),
    "offer rules": (lambda: segmentation.match_offers(pd.DataFrame({"customer_id": ["C1", "C1"], "tier": ["gold", "silver"]}),
                                                      pd.DataFrame({"offer_id": ["O1"], "tier": ["gold"]})),
                    ["列 'customer_id'", "id 有重复"], "customers, column 'customer_id': ids repeat"),
    "offer condition": (lambda: segmentation.match_offers(pd.DataFrame({"customer_id": ["C1"], "tier": ["gold"]}),
                                                          pd.DataFrame({"offer_id": ["O1"], "region": ["north"]})),
                        ["列 'region'", "不是客户表中的列"], "rules, column 'region': is not a column of the customer"),
    "abc bounds": (lambda: accounts.abc_classes({"K1": 5, "K2": 3}, a=0.95, b=0.8),
                   ["a=0.95", "b=0.8", "类别界限"], "the class bounds must satisfy 0 < a < b <= 1"),
    "abc negative": (lambda: accounts.abc_classes({"K1": 5, "K2": -3}), ["列 'values'", "为负数", "K2"],
                     "column 'values': 1 values are negative (rows K2)"),
    "pipeline stage": (lambda: accounts.weighted_pipeline(pd.DataFrame({"stage": ["Prospectin"], "amount": [100.0]})),
                       ["列 'stage'", "'Prospectin'", "未知的阶段名称"], "opportunities, column 'stage': unknown stage"),
    "probabilities": (lambda: accounts.probabilities({"lead": 10, "won": 1}), ["赢单概率", "阶段 lead", "除以 100"],
                      "1 win probabilities are not numbers between 0 and 1 (stages lead)"),
    "birthdays": (lambda: loyalty.birthdays_between(pd.DataFrame({"customer_id": ["C1"], "birthday": ["28/03"], "opted_out": [False]}),
                                                    "2025-03-01", "2025-03-31"),
                  ["列 'birthday'", "MM-DD", "03-28"], "customers, column 'birthday': birthdays not written as MM-DD"),
    "template field": (lambda: loyalty.render_messages(pd.DataFrame({"customer_id": ["C1"], "name": ["王芳"],
                                                                     "opted_out": [False]}),
                                                       "Dear ${name}, ${gift} awaits you"),
                       ["'gift'", "模板需要字段", "values="], "template: the template needs the field 'gift'"),
    "referral": (lambda: loyalty.referral_rewards(pd.DataFrame({"referrer_id": ["M1", None], "first_purchase": [300, 500],
                                                                "paid": [True, True]})),
                 ["列 'referrer_id'", "没有推荐人"], "referrals, column 'referrer_id': 1 referred friend has no"),
    "period": (lambda: loyalty.repeat_purchase_rate(pd.DataFrame({"customer_id": ["C1"], "date": ["2025-01-05"]}),
                                                    "2025-03-01", "2025-01-01"),
               ["2025-03-01", "2025-01-01", "方向颠倒"], "the period 2025-03-01 to 2025-01-01 is empty or backwards"),
    "clv percent": (lambda: lifetime.clv_simple(100, 80, 0.1), ["retention", "80", "除以 100", "0.8"],
                    "retention must be from 0 up to (not including) 1, got 80"),
    "btyd summary": (lambda: lifetime.btyd_summary(_tx(customer_id=["C1", None, "C1"]), end="2025-03-31"),
                     ["列 'customer_id'", "没有客户"], "transactions, column 'customer_id': rows without a customer"),
    "summary columns": (lambda: lifetime.p_alive(pd.Series({"r": 0.2, "alpha": 4.0, "a": 0.8, "b": 2.4}),
                                                 frequency=[2, 1], recency=[5.0, 9.0], T=[10.0, 8.0]),
                        ["recency", "大于 T"], "column 'recency': recency is larger than T"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_a_chinese_message_naming_the_fault(name):
    call, words, english = CASES[name]
    before = message(call, "en")
    chinese = message(call, "zh")
    assert CJK.search(chinese), chinese
    assert "解决方法：" in chinese and "Fix:" not in chinese, chinese
    for word in words:
        assert word in chinese, (word, chinese)
    after = message(call, "en")
    assert after == before and after.startswith(english) and not CJK.search(after), after


def test_spin_simulator_reason_and_notes_follow_the_language():
    crmcourse.set_language("zh")
    sim = spin.CallSimulator("hospital", seed=0)
    reply = sim.ask("p_repairs")
    assert reply.revealed == ("隐含需求：slow_repairs",)
    assert sim.outcome() == "continuation"  # outcome codes stay as they are: code compares them
    assert sim.state.reason.startswith("销售人员没有请求买方作出承诺就结束了拜访。") and "延续" in sim.state.reason
    with pytest.raises(CourseDataError, match="场景 'hospital' 中没有问题 'p_repair'.*是否想写 'p_repairs'"):
        spin.CallSimulator("hospital", seed=0).ask("p_repair")
    crmcourse.set_language("en")
    sim = spin.CallSimulator("hospital", seed=0)
    assert sim.ask("p_repairs").revealed == ("implied need: slow_repairs",)
    sim.end_call()
    assert sim.state.reason == ("The seller ended the call without asking for a commitment. The buyer admitted a "
                                "problem, so the sale goes on, but no next step was agreed.")


def test_spin_early_order_explains_the_threshold_in_chinese():
    crmcourse.set_language("zh")
    sim = spin.CallSimulator("hospital", seed=0)
    close = next(q.id for q in sim.scenario.questions.values() if q.type == "close" and q.targets == "order")
    sim.ask(close)
    needed = sim.scenario.outcomes["order"]
    assert sim.state.outcome == "no-sale"
    assert f"只有 0 个明确需求时就要求下订单，而下订单需要 {needed} 个" in sim.state.reason
    assert sim.state.reason.endswith("买方看不到继续谈下去的理由。")


def test_crm_lab_errors_follow_the_language(tmp_path):
    db = crm.connect(tmp_path / "lab.sqlite")
    try:
        english = message(lambda: crm.add(db, "acounts", name="x"), "en")
        assert english.startswith("there is no table 'acounts'. Fix: did you mean 'accounts'")
        chinese = message(lambda: crm.add(db, "acounts", name="x"), "zh")
        assert chinese.startswith("没有名为 'acounts' 的表。解决方法：是否想写 'accounts'"), chinese
        edit = message(lambda: crm.edit(db, "accounts", "HX-A0002"), "zh")
        assert edit.startswith("CRM 表 'accounts'：edit() 至少需要一个要修改的字段；未保存任何内容。"), edit
        assert message(lambda: crm.edit(db, "accounts", "HX-A0002"), "en") == (
            "CRM table 'accounts': edit() needs at least one field to change; nothing was saved. "
            "Fix: e.g. crm.edit(db, 'accounts', 'HX-A0002', field=new_value).")
        # a value problem of a field: Chinese frame, problem and fix, the names and the value as written
        phone = message(lambda: crm.add(db, "contacts", phone=13800001111), "zh")
        assert phone.startswith("CRM 表 'contacts'，列 'phone'：") and "13800001111" in phone, phone
        assert "未保存任何内容。解决方法：" in phone and "nothing was saved" not in phone, phone
        assert message(lambda: crm.add(db, "contacts", phone=13800001111), "en").startswith(
            "CRM table 'contacts', column 'phone': phone should be text")
    finally:
        db.close()
