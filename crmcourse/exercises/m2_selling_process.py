"""Exercises of 2.2 The selling process (solutions/02_key_accounts/02_selling_process.ipynb).

Numbers are computed with the course helpers from the shipped Huaxin opportunities and stage
history when a check first runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_OPEN_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review")


def _forecast() -> float:
    from crmcourse import data
    from crmcourse.accounts import weighted_pipeline

    return float(weighted_pipeline(data.load("huaxin_opportunities")).loc["Total", "expected"])


def _quote_win_rate() -> float:
    from crmcourse import data

    opps = data.load("huaxin_opportunities")
    hist = data.load("huaxin_stage_history")
    closed = opps[opps["stage"].isin(["Closed Won", "Closed Lost"])].set_index("opportunity_id")["stage"]
    reached = hist[(hist["stage"] == "Proposal/Price Quote") & hist["opportunity_id"].isin(closed.index)]
    return float(reached["opportunity_id"].map(closed).eq("Closed Won").mean())


def _quote_conversion() -> float:
    from crmcourse import data
    from crmcourse.accounts import stage_conversion

    table = stage_conversion(data.load("huaxin_stage_history"))
    return float(table.loc["Proposal/Price Quote → Negotiation/Review", "conversion"])


def _cycle_days() -> float:
    from crmcourse import data

    opps = data.load("huaxin_opportunities")
    won = opps[opps["stage"] == "Closed Won"]
    return float((won["closed_date"] - won["created_date"]).dt.days.median())


def _n_stuck() -> int:
    from crmcourse import data
    from crmcourse.accounts import stuck_deals

    return len(stuck_deals(data.load("huaxin_stage_history"), snapshot="2026-01-01", days=120))


EXERCISES = [
    ItemsExercise(
        id="m2_sell_step_order",
        title="The first five steps of project selling, in order",
        hint="You find before you contact, screen what you found, get in deep, and only then discover "
             "needs in depth.",
        options=("find", "contact", "screen", "deep contact", "needs discovery"),
        answer=("9125b933db80310a", "ac580e21c10e5b5a", "0743edc96ca36b3c", "c22903ecc44a44a8",
                "745ed583bd92a1e3"),
        ordered=True,
    ),
    MappingExercise(
        id="m2_sell_stage_map",
        title="The SuiteCRM stage of five Huaxin deals",
        hint="Use the table mapping the selling steps to SuiteCRM stages: a tip is prospecting, a priced "
             "offer is a quote.",
        options=_OPEN_STAGES,
        answer={
            "tip": "a0179506b8401928",
            "radiology": "25f00ca6e34904d1",
            "who signs": "f68602724d614782",
            "offer": "6ca8caf9382bc07e",
            "terms": "63d9e61aefdb238e",
        },
    ),
    NumberExercise(
        id="m2_sell_forecast",
        title="Huaxin's weighted forecast with SuiteCRM's probabilities (CNY)",
        hint="Multiply each open deal's amount by its stage's probability and add up - the Total row of "
             "accounts.weighted_pipeline(opps). Leave out the closed deals.",
        expected=_forecast,
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m2_sell_quote_win_rate",
        title="Win rate of closed deals that reached Proposal/Price Quote",
        hint="Among the closed deals with a Proposal/Price Quote row in the stage history, divide the "
             "number won by the number closed.",
        expected=_quote_win_rate,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m2_sell_quote_conversion",
        title="Conversion from Proposal/Price Quote to Negotiation/Review",
        hint="accounts.stage_conversion(history) has one row per transition; read its conversion column.",
        expected=_quote_conversion,
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m2_sell_cycle_days",
        title="Median sales cycle of won deals (days)",
        hint="For Closed Won rows: (closed_date - created_date).dt.days, then .median().",
        expected=_cycle_days,
        abs_tol=0.5,
        rel_tol=0,
    ),
    NumberExercise(
        id="m2_sell_stuck",
        title="Number of stuck deals (more than 120 days in their stage at 2026-01-01)",
        hint="accounts.stuck_deals(history, snapshot='2026-01-01', days=120) returns one row per stuck deal.",
        expected=_n_stuck,
        abs_tol=0,
        rel_tol=0,
    ),
]
