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


def _account():
    from crmcourse import data

    return data.load("huaxin_accounts").set_index("account_id").loc["HX-A0290"]


def _share_of_wallet() -> float:
    acc = _account()
    return float(acc["annual_revenue"] / acc["wallet_estimate"])


def _wallet_upside_down() -> float:
    acc = _account()
    return float(acc["wallet_estimate"] / acc["annual_revenue"])


def _rest_of_wallet() -> float:
    return 1.0 - _share_of_wallet()


_PRIORITY_IDEAS = {
    "time": "time is about speed and deadlines: lead times, response times, being ready by a date.",
    "quality": "quality is about how good the result is: reliable, accurate, fit for its use.",
    "cost": "cost is about what the customer pays, per unit or in total.",
    "service": "service is about the help around the product: advice, training, support, a contact who answers.",
    "flexibility": "flexibility is about adapting: changing volumes, models or terms as the customer's needs change.",
}
_CHAIN_IDEAS = {
    "before": "before the purchase the buyer envisages it, confirms the need, chooses a procedure, evaluates "
              "suppliers, tries and negotiates.",
    "during": "during the purchase come procurement, use, delivery, quality control and operation.",
    "after": "after the purchase the buyer is a seller too: help it serve and win its own customers.",
}
_ISSUE_IDEAS = {
    "slow repairs": "slow repairs: a broken printer waits days for the right dealer.",
    "toner chaos": "toner chaos: dozens of cartridge types, some run out and others expire.",
    "privacy": "privacy: patient documents wait on shared printers where anyone can pick them up.",
    "no overview": "no overview: nobody knows what each department prints or what it costs.",
}


EXERCISES = [
    NumberExercise(
        id="m3_plan_wallet",
        title="Huaxin's share of wallet at Ruixiang TCM Hospital",
        hint="Share of wallet compares what the account bought from us with everything it spends on this kind "
             "of product, from all suppliers: which of the account's columns is which?",
        expected=_share_of_wallet,
        abs_tol=5e-4,
        rel_tol=1e-3,
        percent=True,
        slips={
            _wallet_upside_down: "You divided the other way round: the share is our part of the account's total "
                                 "spend, so it lies between 0 and 1.",
            _rest_of_wallet: "That is the part of the wallet that goes to other suppliers - the room to grow - "
                             "not Huaxin's share.",
        },
        task="compute",
    ),
    ItemsExercise(
        id="m3_plan_skip",
        title="Situation questions the CRM already answers",
        hint="Look at the columns of the account row and at the buying-centre table: whatever they hold, "
             "you need not ask.",
        options=_SKIP_OPTIONS,
        answer=('6fdbe4a8a2c776c7', 'da20ee37fdad5924', 'cc0dc8eac04749d7', '7997ba6462c8554b',),
        explanation="The account row holds the size, the first order and last year's purchases, and the "
                    "buying-centre table names the economic buyer; only the fleet and who looks after it are "
                    "left to ask - and the first of those is worth asking only if it leads to a problem.",
        task="classify",
    ),
    MappingExercise(
        id="m3_plan_priorities",
        title="Which customer priority (TQCSF) does each wish of the hospital express?",
        hint="Ask what the wish is really about: a deadline or speed, how good the result is, the money, the help "
             "around the product, or the ability to change things later.",
        options=("time", "quality", "cost", "service", "flexibility"),
        answer={
            'new wing ready by 1 March': 'b5c7fd1474247360',
            'sharp lab-report scans': 'c41e4a8d96aae9fc',
            'less per page': '574bec7d28072b7c',
            'someone to train the nurses': '5ae0778b78b423ee',
            'printers added or removed as wards change': '0fc5fd46dd1e73c8',
        },
        concepts=_PRIORITY_IDEAS,
        task="classify",
    ),
    MappingExercise(
        id="m3_plan_value_chain",
        title="Where in the hospital's purchasing value chain does each offer help?",
        hint="Follow the purchase from the hospital's side: is the buyer still deciding, already using and "
             "receiving, or serving its own patients with the result?",
        options=("before", "during", "after"),
        answer={
            'site visit to a hospital using the service': '7f325d3202ceb798',
            'help writing the business case for the president': '7f325d3202ceb798',
            'toner delivered before it runs out': 'e5c53a560a0daa30',
            'quarterly print-quality check': 'e5c53a560a0daa30',
            'telling patients prescription waits have fallen': '4717181308312465',
        },
        concepts=_CHAIN_IDEAS,
        task="classify",
    ),
    MappingExercise(
        id="m3_plan_implications",
        title="Which problem does each implication develop?",
        hint="Ask which difficulty would cause each consequence: follow it back one step.",
        options=("slow repairs", "toner chaos", "privacy", "no overview"),
        answer={
            "a nurse picks up another ward's report": 'a5943869244b5255',
            'cartridges for a model the ward no longer has': 'e651593d707a95a4',
            'urgent-delivery prices for toner': 'e651593d707a95a4',
            'doctors walk to another floor to print': '79c69317c4efedad',
            'the records project slips': '79c69317c4efedad',
            'finance cannot split the printer bill': 'd228d7c26fe7deb7',
            "a family sees another patient's results": 'a5943869244b5255',
        },
        concepts=_ISSUE_IDEAS,
        task="classify",
    ),
    ItemsExercise(
        id="m3_plan_draft_fails",
        title="Predict: which balance rules does the draft plan fail?",
        hint="Count the question types in the draft and test each of the five rules by hand: the share of "
             "situation questions, implication against problem questions, need-payoff questions, and the order.",
        options=_RULES,
        answer=('9bc61ff2141b1892', 'd8b172467f82d34b', '849590b1c276dd2d',),
        explanation="Five of six questions are situation questions, the one problem question is never "
                    "developed, and no need-payoff question lets the buyer state a value.",
        task="predict",
    ),
    ItemsExercise(
        id="m3_plan_whatif",
        title="What if Li swaps her fifth question for an implication question?",
        hint="Build the changed plan the way the draft was built, keeping the order, and check its balance. "
             "Then compare with the draft: which rule is fixed, and which new one breaks?",
        options=_RULES,
        answer=('7eb65329e42b51b3', '8b37bbc510b7ac61', 'aa4fc1b925d36e9e',),
        explanation="The implication question balances the problem question, but it comes before any problem "
                    "has been raised, and the plan still has too many situation questions and no need-payoff.",
        task="what-if",
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
        explanation="A trial is something the buyer does, it moves the sale forward, and it is realistic for a "
                    "first call with a user buyer whose needs are still being uncovered.",
        task="decide",
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
        task="decide",
    ),
]
