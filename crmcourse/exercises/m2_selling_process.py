"""Exercises of 2.2 The selling process (solutions/02_key_accounts/02_selling_process.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin opportunities and stage
history when a check first runs; discrete answers are stored as salted hashes. Typical slips
are declared as functions computing the wrong value.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_OPEN_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review")
#: The product line of exercise 2.2.3 and the deal size of exercise 2.2.4.
FORECAST_LINE = "managed print service"
LARGE_DEAL = 300_000

_STEP_ACTIVITIES = (
    "the hospital approves the project, with a budget line",
    "we ask the head of radiology what slows report printing down",
    "a friend at the hospital tips us off about next year's tender",
    "we decide this hospital is worth pursuing, ahead of two others",
    "we phone the office manager and ask her opinion of the current printers",
)


def _opps():
    from crmcourse import data

    return data.load("huaxin_opportunities")


def _history():
    from crmcourse import data

    return data.load("huaxin_stage_history")


def _line_forecast() -> float:
    from crmcourse.accounts import weighted_pipeline

    opps = _opps()
    return float(weighted_pipeline(opps[opps["product_line"] == FORECAST_LINE]).loc["Total", "expected"])


def _line_amount() -> float:
    from crmcourse.accounts import CLOSED_STAGES

    opps = _opps()
    line = opps[(opps["product_line"] == FORECAST_LINE) & ~opps["stage"].isin(CLOSED_STAGES)]
    return float(line["amount"].sum())


def _line_with_won() -> float:
    from crmcourse.accounts import SUITECRM_PROBABILITIES

    line = _opps()[lambda o: o["product_line"] == FORECAST_LINE]
    return float((line["amount"] * line["stage"].astype(str).map(SUITECRM_PROBABILITIES)).sum())


def _all_forecast() -> float:
    from crmcourse.accounts import weighted_pipeline

    return float(weighted_pipeline(_opps()).loc["Total", "expected"])


def _quote_win_rate(size: str = "large") -> float:
    opps = _opps()
    closed = opps[opps["stage"].isin(["Closed Won", "Closed Lost"])].set_index("opportunity_id")
    hist = _history()
    reached = hist[(hist["stage"] == "Proposal/Price Quote") & hist["opportunity_id"].isin(closed.index)]
    deals = closed.loc[reached["opportunity_id"]]
    if size == "large":
        deals = deals[deals["amount"] >= LARGE_DEAL]
    elif size == "small":
        deals = deals[deals["amount"] < LARGE_DEAL]
    return float(deals["stage"].eq("Closed Won").mean())


def _conversions():
    from crmcourse.accounts import stage_conversion

    return stage_conversion(_history())["conversion"]


def _chained() -> float:
    return float(_conversions().prod())


def _mean_conversion() -> float:
    return float(_conversions().mean())


def _won_over_closed() -> float:
    stage = _opps()["stage"]
    return float((stage == "Closed Won").sum() / stage.isin(["Closed Won", "Closed Lost"]).sum())


def _won_over_all() -> float:
    return float((_opps()["stage"] == "Closed Won").mean())


def _cycle_days(stages=("Closed Won",), how: str = "median") -> float:
    opps = _opps()
    deals = opps[opps["stage"].isin(stages)]
    days = (deals["closed_date"] - deals["created_date"]).dt.days
    return float(getattr(days, how)())


def _n_stuck(days: int) -> int:
    from crmcourse.accounts import stuck_deals

    return len(stuck_deals(_history(), snapshot="2026-01-01", days=days))


EXERCISES = [
    ItemsExercise(
        id="m2_sell_step_order",
        title="Five moments of one hospital deal, in the order of the project-selling steps",
        hint="Name the step each moment belongs to first (find, contact, screen, deep contact, needs "
             "discovery); then order the steps.",
        options=_STEP_ACTIVITIES,
        answer=("6d833e7c05b968e5",
                "a8a56d6500cbeb65",
                "b2ddb1c6bdd40a18",
                "ccf80fe0b0e70dc8",
                "0d78c199edc7e0d8"),
        ordered=True,
        task="classify",
        explanation="A tip is finding; a first opinion call is contact; choosing the project is screening; "
                    "project approval is the milestone of deep contact; probing what slows the work is "
                    "needs discovery.",
    ),
    MappingExercise(
        id="m2_sell_stage_map",
        title="The SuiteCRM stage of five Huaxin deals",
        hint="Place each activity on the road from find to close, then look up the stage that road point "
             "corresponds to.",
        options=_OPEN_STAGES,
        answer={
            "tip": "a0179506b8401928",
            "radiology": "25f00ca6e34904d1",
            "who signs": "f68602724d614782",
            "offer": "6ca8caf9382bc07e",
            "terms": "63d9e61aefdb238e",
        },
        task="classify",
        concepts={
            "Prospecting": "a possible deal known only from a tip or a list: nobody has been qualified yet.",
            "Qualification": "first contact: checking that there is a real project worth pursuing.",
            "Needs Analysis": "exploring the buyer's problems and needs, typically with SPIN questions.",
            "Value Proposition": "a first solution idea and why us.",
            "Id. Decision Makers": "mapping who decides, who approves the budget and who checks the specification.",
            "Perception Analysis": "learning how the buying centre sees our offer against the alternatives.",
            "Proposal/Price Quote": "the priced offer is on the table.",
            "Negotiation/Review": "final terms, discounts and the contract are being agreed.",
        },
    ),
    NumberExercise(
        id="m2_sell_forecast",
        title="Weighted forecast of Huaxin's open managed-print-service deals (CNY)",
        hint="The same rule as the worked example - each open deal's amount times its stage's win "
             "probability, added up - but choose the deals first: only one product line.",
        expected=_line_forecast,
        rel_tol=1e-6,
        task="compute",
        slips={
            _line_amount: "You added the amounts without weighting them: revisit why each amount is multiplied "
                          "by its stage's win probability.",
            _line_with_won: "You kept the closed deals (a won deal counts with probability 1): the forecast "
                            "covers only the deals still open.",
            _all_forecast: "That is the forecast of the whole pipeline; keep only the managed-print-service deals.",
        },
        explanation="Managed print service carries a large share of the forecast: big contracts, many of "
                    "them in the middle stages.",
    ),
    NumberExercise(
        id="m2_sell_quote_win_rate",
        title="Win rate at Proposal/Price Quote of the large closed deals (300,000 CNY or more)",
        hint="The table above answers the question for all deals together. Here keep only the closed deals "
             "of 300,000 CNY or more that reached Proposal/Price Quote, and divide the number won by the "
             "number closed. Two decimals are enough.",
        expected=lambda: _quote_win_rate("large"),
        abs_tol=0.005,
        rel_tol=0,
        percent=True,
        task="compute",
        slips={
            (lambda: _quote_win_rate("all")): "That is the rate for all the closed deals that reached the quote "
                                              "- the number in the table. Keep only the large deals.",
            (lambda: _quote_win_rate("small")): "You kept the deals *under* 300,000 CNY. The question asks about "
                                                "the large ones.",
        },
        explanation="Large deals are lost more often after the quote: more people in the buying centre, more "
                    "competitors, more at stake for the economic buyer.",
    ),
    NumberExercise(
        id="m2_sell_overall_conversion",
        title="Chance that a new deal carried to a close ends as a sale, by chaining the step conversions",
        hint="A deal must pass every step in turn; each step keeps only its conversion share of the deals "
             "that reach it. How do shares combine along a chain?",
        expected=_chained,
        rel_tol=1e-3,
        percent=True,
        task="compute",
        slips={
            _mean_conversion: "You averaged the step conversions. A deal has to pass every step, so the losses "
                              "multiply: revisit what happens to a share of a share.",
            _won_over_closed: "You divided won deals by closed deals in the opportunities table. That counts "
                              "every closed deal once, whatever step it left at; the question chains the "
                              "conversions of the table step by step.",
            _won_over_all: "You divided won deals by all deals, open ones included. The conversions leave out "
                           "deals still open; chain them step by step.",
        },
        explanation="Eight steps of about 93% each leave a little over half: small losses per step add up "
                    "to a large loss over the whole road.",
    ),
    NumberExercise(
        id="m2_sell_cycle_days",
        title="Median sales cycle of won deals (days)",
        hint="The cycle runs from the day a deal was entered to the day it closed. Keep only the deals that "
             "ended in a sale, turn the time spans into days, and take the middle value, not the mean.",
        expected=lambda: _cycle_days(),
        abs_tol=0.5,
        rel_tol=0,
        task="compute",
        slips={
            (lambda: _cycle_days(("Closed Won", "Closed Lost"))): "You included the lost deals: the question is "
                                                                "about the deals that ended in a sale.",
            (lambda: _cycle_days(("Closed Lost",))): "That is the cycle of the lost deals; keep the won ones.",
        },
        explanation="Lost deals close much faster than won ones: a deal that dies usually dies early.",
    ),
    NumberExercise(
        id="m2_sell_stuck",
        title="Stuck deals under a stricter rule: more than 90 days in their stage at 2026-01-01",
        hint="The threshold is a parameter of the stuck-deal rule. Before you run it, guess: more or fewer "
             "stuck deals than with 120 days? Then count them.",
        expected=lambda: _n_stuck(90),
        task="what-if",
        slips={
            (lambda: _n_stuck(120)): "That is the count under the 120-day rule. Change the threshold and count again.",
        },
        explanation="A stricter threshold roughly triples the list: the rule's number decides how much of the "
                    "pipeline a manager reviews, so it should match the usual time per stage.",
    ),
]
