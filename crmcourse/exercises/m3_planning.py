"""Exercises of 3.3 Planning a call (solutions/03_spin/03_planning_a_call.ipynb).

The share of wallet is computed from the shipped Huaxin accounts when the check first runs; the
plan exercise checks the learner's ``spin.plan_checklist(plan)`` (every rule "ok").
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise, NumberExercise

_SKIP_OPTIONS = ("How many employees does the hospital have?",
                 "Who has the final say on a large purchase?",
                 "How long has the hospital bought from Huaxin?",
                 "How many printers and copiers does the hospital have?",
                 "Who looks after the printers today?",
                 "How much did the hospital buy from Huaxin last year?")
_RULES = ("few situation questions", "asks about problems", "develops each problem",
          "lets the buyer state the value", "problem before development")


def _share_of_wallet() -> float:
    from crmcourse import data

    acc = data.load("huaxin_accounts").set_index("account_id").loc["HX-A0290"]
    return float(acc["annual_revenue"] / acc["wallet_estimate"])


EXERCISES = [
    NumberExercise(
        id="m3_plan_wallet",
        title="Huaxin's share of wallet at Ruixiang TCM Hospital",
        hint="Share of wallet = what the account bought from Huaxin (annual_revenue) / its estimated total "
             "spend (wallet_estimate).",
        expected=_share_of_wallet,
        rel_tol=1e-3,
        percent=True,
    ),
    ItemsExercise(
        id="m3_plan_skip",
        title="Situation questions the CRM already answers",
        hint="Look at the columns of the account row and at the buying-centre table: whatever they hold, "
             "you need not ask.",
        options=_SKIP_OPTIONS,
        answer=('6fdbe4a8a2c776c7', 'da20ee37fdad5924', 'cc0dc8eac04749d7', '7997ba6462c8554b',),
    ),
    MappingExercise(
        id="m3_plan_implications",
        title="Which problem does each implication develop?",
        hint="Ask which difficulty would cause each consequence.",
        options=("slow repairs", "toner chaos", "privacy", "no overview"),
        answer={
            'patients queue at the clinic desk': '79c69317c4efedad',
            'the accreditation audit': 'a5943869244b5255',
            'expired cartridges thrown away': 'e651593d707a95a4',
            'departments argue over the print budget': 'd228d7c26fe7deb7',
            'IT staff tied up with printers': '79c69317c4efedad',
            'nurses hand-write labels at night': 'e651593d707a95a4',
        },
    ),
    ItemsExercise(
        id="m3_plan_draft_fails",
        title="Which balance rules does the draft plan fail?",
        hint="Run spin.plan_balance(draft) and keep the rules whose ok column is False.",
        options=_RULES,
        answer=('9bc61ff2141b1892', 'd8b172467f82d34b', '849590b1c276dd2d',),
    ),
    ChoiceExercise(
        id="m3_plan_objective",
        title="Which call objective is an advance?",
        hint="An advance is a specific action by the buyer that moves the sale forward, and realistic for this call.",
        options=("get to know the hospital better", "keep Huaxin in the buyer's mind",
                 "agree a one-month trial in outpatients", "sign the contract for all 260 machines today"),
        answer='ddd996ade9c644b8',
        feedback={
            'ef132073b8fa5bfe': "That would be an order - "
            "but asking for it on a first call with a buyer whose needs are still implied is unrealistic in a large sale.",
            '2f6a826a5395c2d1': "No action by the buyer: at best a "
            "continuation.",
            '860d429b3b73ef23': "No action by the buyer: at best a "
            "continuation.",
        },
    ),
    MappingExercise(
        id="m3_plan_balanced",
        title="A balanced call plan for the hospital",
        hint="Few situation questions; at least as many implication as problem questions; a need-payoff "
             "question; raise a problem before developing it; at least six questions; and name the advance you want.",
        options=("ok", "fails"),
        answer={
            'few situation questions': '72ed5d45ac1a374e',
            'asks about problems': '72ed5d45ac1a374e',
            'develops each problem': '72ed5d45ac1a374e',
            'lets the buyer state the value': '72ed5d45ac1a374e',
            'problem before development': '72ed5d45ac1a374e',
            'has an objective': '72ed5d45ac1a374e',
            'at least 6 questions': '72ed5d45ac1a374e',
        },
    ),
]
