"""Exercises of capstone C.3 Plan the call and the account (solutions/capstone/03_plan_the_call_and_the_account.ipynb).

Also holds :func:`account_plan_checklist`, the director's checklist for the capstone's account-plan
deliverable (the notebook imports it; ``tests/test_capstone.py`` tests it). Like
``spin.plan_checklist`` it turns a learner's work into ``"ok"`` / ``"fails"`` per rule, so a
:class:`~crmcourse.checks.MappingExercise` can check it, and it returns ``...`` for ``...``.
"""
from __future__ import annotations

import math
import numbers
from typing import Any

from crmcourse.checks import WrittenExercise, account_plan_rubric
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise

KEY_ACCOUNT = "HX-A0290"  # Ruixiang TCM Hospital, the hospital of module 3's call scenario
SNAPSHOT = "2026-01-01"
BONDS = ("financial", "social", "structural")
RULES = ("a mapped key account", "two or more objectives", "target above today's share",
         "pipeline as in the CRM", "every contact covered", "economic buyer covered by the sales director",
         "at least two of our people", "all three bonds", "two dated next advances")
_OUTCOMES = ("order", "advance", "continuation", "no-sale", "yes", "no")
_OK = "863bc2bd34cb98a1"


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _rule_results(plan: dict) -> dict[str, bool]:
    from crmcourse import data
    from crmcourse.accounts import share_of_wallet, weighted_pipeline

    contacts = data.load("huaxin_contacts")
    reps = data.load("huaxin_reps").set_index("rep_id")
    account = plan.get("account")
    mapped = isinstance(account, str) and account in set(contacts["account_id"])
    people = contacts[contacts["account_id"] == account] if mapped else contacts.iloc[:0]
    out: dict[str, bool] = {}

    out["a mapped key account"] = mapped

    objectives = plan.get("objectives")
    out["two or more objectives"] = (isinstance(objectives, (list, tuple))
                                     and sum(_text(o) for o in objectives) >= 2)

    target = plan.get("target share of wallet")
    ok = False
    if mapped and isinstance(target, numbers.Real) and not isinstance(target, bool) and math.isfinite(target):
        acc = data.load("huaxin_accounts").set_index("account_id")
        today = float(share_of_wallet(acc["annual_revenue"], acc["wallet_estimate"])[account])
        ok = today < float(target) <= 1
    out["target above today's share"] = ok

    pipeline = plan.get("weighted pipeline")
    ok = False
    if mapped and isinstance(pipeline, numbers.Real) and not isinstance(pipeline, bool):
        opps = data.load("huaxin_opportunities")
        expected = float(weighted_pipeline(opps[opps["account_id"] == account]).loc["Total", "expected"])
        ok = math.isclose(float(pipeline), expected, rel_tol=1e-6, abs_tol=1.0)
    out["pipeline as in the CRM"] = ok

    coverage = plan.get("coverage")
    coverage = coverage if isinstance(coverage, dict) else {}
    known = {str(k): v for k, v in coverage.items() if isinstance(v, str) and v in reps.index}
    out["every contact covered"] = mapped and set(people["contact_id"]) <= set(known)
    buyers = people.loc[people["buying_role"] == "economic buyer", "contact_id"]
    out["economic buyer covered by the sales director"] = (
        mapped and len(buyers) > 0
        and all(c in known and reps.loc[known[c], "role"] == "sales director" for c in buyers))
    out["at least two of our people"] = len(set(known.values())) >= 2

    bonds = plan.get("bonds")
    out["all three bonds"] = isinstance(bonds, dict) and all(_text(bonds.get(b)) for b in BONDS)

    advances = plan.get("next advances")
    good = 0
    if isinstance(advances, (list, tuple)):
        import pandas as pd

        for item in advances:
            if not isinstance(item, (list, tuple)) or len(item) != 3:
                continue
            when, action, owner = item
            try:
                dated = pd.Timestamp(str(when)) > pd.Timestamp(SNAPSHOT)
            except (ValueError, TypeError):
                dated = False
            good += bool(dated and _text(action) and isinstance(owner, str) and owner in reps.index)
    out["two dated next advances"] = good >= 2
    return out


def account_plan_checklist(plan: Any) -> Any:
    """The director's checklist for an account plan: each rule mapped to ``"ok"`` or ``"fails"``.

    ``plan`` is a dict with the keys ``account`` (an account id with a buying centre on file),
    ``objectives`` (texts), ``target share of wallet`` (a fraction above today's share),
    ``weighted pipeline`` (the account's open pipeline with SuiteCRM's probabilities, CNY),
    ``coverage`` (contact id → the rep id of the Huaxin person who covers them), ``bonds``
    (``financial`` / ``social`` / ``structural`` → the action that builds it) and
    ``next advances`` (``(date, action, rep id)`` triples dated after 2026-01-01). The rules:
    two or more objectives; a target above today's share and at most 1; the pipeline as the CRM
    computes it; every person of the buying centre covered by one of ours; the economic buyer
    covered by the sales director (the mirror rule); at least two of our people; all three
    bonds; at least two dated next advances with an owner.

    Never raises: anything malformed simply fails its rule. While ``plan`` is ``...`` it
    returns ``...`` (so a learner copy reports "not answered yet").

    >>> account_plan_checklist(...)
    Ellipsis
    >>> account_plan_checklist({})["two or more objectives"]
    'fails'
    >>> sorted(set(account_plan_checklist("not a plan").values()))
    ['fails']
    """
    if plan is Ellipsis:
        return ...
    if not isinstance(plan, dict):
        return {rule: "fails" for rule in RULES}
    try:
        results = _rule_results(plan)
    except Exception:  # a learner's object can break anything: report, never raise
        return {rule: "fails" for rule in RULES}
    return {rule: "ok" if results.get(rule) else "fails" for rule in RULES}


SLIPPED_DEAL, SLIPPED_TO = "HX-O0454", "Proposal/Price Quote"  # the what-if of exercise C.3.5


def _weighted_pipeline(slipped: bool = True, only_slipped: bool = False) -> float:
    from crmcourse import data
    from crmcourse.accounts import weighted_pipeline

    opps = data.load("huaxin_opportunities")
    mine = opps[opps["account_id"] == KEY_ACCOUNT].copy()
    if slipped:
        mine.loc[mine["opportunity_id"] == SLIPPED_DEAL, "stage"] = SLIPPED_TO
    if only_slipped:
        mine = mine[mine["opportunity_id"] == SLIPPED_DEAL]
    return float(weighted_pipeline(mine).loc["Total", "expected"])


def _open_amount() -> float:
    from crmcourse import data

    opps = data.load("huaxin_opportunities")
    mine = opps[(opps["account_id"] == KEY_ACCOUNT) & ~opps["stage"].str.startswith("Closed")]
    return float(mine["amount"].sum())


EXERCISES = [
    ItemsExercise(
        id="cap_plan_sceptics",
        title="High-influence sceptics in the hospital's buying centre",
        hint="Apply both conditions to every person of the buying centre: high influence, and against us.",
        task="classify",
        options=("Deng Yanchao", "Han Jingyan", "Hu Xinxin", "He Hong"),
        answer=("6651f919de3a31d4", "19a94772176e5463"),
    ),
    ChoiceExercise(
        id="cap_plan_mirror",
        title="Who on Huaxin's side should cover the hospital president",
        hint="The mirror rule of a centralised purchase: the client's decision maker is handled by our most "
             "senior person (the general manager; at Huaxin, the sales director).",
        options=("account manager", "sales engineer", "service manager", "sales director"),
        answer="fa33ca47475b9660",
        feedback={
            "ac75432a3244b044": "The account manager covers the president today - and the president is a "
                                "sceptic. The mirror rule asks for someone of the president's rank.",
            "17e7a45452125bca": "The sales engineer mirrors the technical buyer (the IT manager).",
        },
        explanation="In the mirror rule each of the client's roles meets a Huaxin person of matching rank: the "
                    "president, who signs, is met by Huaxin's most senior seller.",
        task="decide",
    ),
    ChoiceExercise(
        id="cap_plan_objective",
        title="The call objective that is an advance and brings in the buying centre",
        hint="An advance is a specific action by the buyer that moves the sale forward, realistic for this call; "
             "the best one also brings a sceptic with high influence closer.",
        options=("sign the managed-print contract for all 260 machines",
                 "visit a hospital that runs Huaxin's service, with the IT manager",
                 "send the president our brochure", "meet the operations manager again next month"),
        answer="9b834fa44ae33ed2",
        feedback={
            "640474f6d375b66c": "An order - unrealistic from a user buyer in one call, and the president signs "
                                "anything above 200,000 yuan.",
            "0eac6b66aaf0f435": "That is something we do, not something the buyer does: no advance.",
            "b80eca97eff0e7d6": "Another meeting with no new commitment is a continuation, not an advance.",
        },
        explanation="A reference visit is an action by the buyer that moves the sale, realistic for one call, and "
                    "it brings the sceptical IT manager to see the service work.",
        task="decide",
    ),
    MappingExercise(
        id="cap_plan_order",
        title="An order from the hospital buyer in at most 12 moves",
        hint="An order needs three explicit needs and an approved benefit: for each of three problems ask P, then "
             "I, then N; the toner problem needs the fleet fact first; pitch a benefit for a stated need; then "
             "ask for the order.",
        options=_OUTCOMES,
        answer={
            "outcome": "fa9d33f11ce73ed0",
            "benefit approved": "766abf266111a923",
            "within limit": "766abf266111a923",
        },
        task="compute",
    ),
    NumberExercise(
        id="cap_plan_pipeline_slip",
        title="The hospital's weighted pipeline if deal HX-O0454 slips back to Proposal/Price Quote (CNY)",
        hint="Change that one deal's stage in a copy of the account's deals and weight again with SuiteCRM's "
             "probabilities; the other deal keeps its stage.",
        expected=_weighted_pipeline,
        rel_tol=1e-6,
        slips={lambda: _weighted_pipeline(slipped=False): "That is the pipeline before the deal slipped: change its "
                                                          "stage first.",
               lambda: _weighted_pipeline(only_slipped=True): "That is the slipped deal alone; the other open deal "
                                                              "still counts.",
               _open_amount: "That is the open amount unweighted: a deal counts with its stage's probability."},
        task="what-if",
    ),
    MappingExercise(
        id="cap_plan_bonds",
        title="The kind of bond each planned action builds",
        hint="Ask what holds the customer in each action: money, people, or the way their own work is organised?",
        task="classify",
        concepts={"financial": "price incentives: discounts, rebates, points - easy to copy",
                  "social": "personal contact and care: people, clubs, events",
                  "structural": "built into the customer's own work or systems - hard to copy"},
        options=BONDS,
        answer={
            "volume rebate on consumables": "3f689eae03a30419",
            "customer-club invitation for the president": "72839af548bf6fcc",
            "usage reports fed into the hospital's budget system": "2c8e914eb2f28bec",
            "quarterly lunch with the IT team": "72839af548bf6fcc",
            "points on every toner order": "3f689eae03a30419",
        },
    ),
    MappingExercise(
        id="cap_plan_account_plan",
        title="The account plan passes the director's checklist",
        hint="Run account_plan_checklist(account_plan) and fix each rule that says 'fails'; its docstring "
             "lists what each key must hold.",
        options=("ok", "fails"),
        answer={rule: _OK for rule in RULES},
        task="decide",
    ),
    WrittenExercise(
        id="cap_write_plan_objectives",
        title="The objectives section of the hospital's account plan, in words",
        hint="Objectives the director can check: what changes, by how much, by when - for this account.",
        rubric=account_plan_rubric("objectives", account_cues=("Ruixiang", "hospital", "HX-A0290", "瑞祥")),
        task="written",
    ),
]
