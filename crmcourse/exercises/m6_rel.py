"""Exercises of 6.1 Relationship marketing (solutions/06_loyalty/01_relationship_marketing.ipynb).

Discrete answers are stored as salted hashes; the Porsche share is computed from the notebook's
illustrative figures.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

_MARKETS = ("customer market", "supplier market", "internal market", "competitor market", "distributor market",
            "influence market")
_LEVELS = ("basic or reactive", "basic", "reactive", "accountable", "proactive", "partnership")
_BONDS = ("financial", "social", "structural")

EXERCISES = [
    MappingExercise(
        id="m6_rel_markets",
        title="Huaxin's partners in the six markets",
        hint="Buyers are the customer market; those who supply Huaxin, its own staff, its rivals, those who sell "
             "its products on, and those who shape its environment each have their market.",
        options=_MARKETS,
        answer={
            "hospital": "996e1247c0a1432c",
            "toner maker": "c695aef5738a6cb7",
            "engineers": "faf4304ffe7f2fbe",
            "rival": "087d9a246ccdc150",
            "reseller": "79352fa6e6c27ce4",
            "regulator": "cd70181a506a8cb4",
        },
    ),
    MappingExercise(
        id="m6_rel_levels",
        title="Kotler's level for three firms",
        hint="Decide the number of customers (many / medium / few) and the margin (high / medium / low), then "
             "loyalty.relationship_level(customers, margin).",
        options=_LEVELS,
        answer={
            "toothpaste": "02bd1573936983f9",
            "aircraft engines": "bbd91958010d12d7",
            "office equipment": "878d26970bb82e31",
        },
    ),
    ChoiceExercise(
        id="m6_rel_new_gold",
        title="The level for a gold band of 280 members",
        hint="Fewer than 300 customers counts as few; the margin band stays medium.",
        options=_LEVELS,
        answer="d0b3a9b586ad22f1",
        feedback={"18538a6ad3c938ae": "That is the level for a medium number of customers; 280 is "
                                                   "below the cut of 300."},
    ),
    MappingExercise(
        id="m6_rel_bonds",
        title="Financial, social or structural bond",
        hint="Money off and rewards are financial; personal care and events social; links into the customer's "
             "own systems and processes structural.",
        options=_BONDS,
        answer={
            "member price": "786e64b12566693e",
            "skin adviser": "40dca60f7c669c3a",
            "fleet software": "ca96d8f1635ec646",
            "points": "786e64b12566693e",
            "forum": "40dca60f7c669c3a",
            "linked ordering": "ca96d8f1635ec646",
        },
    ),
    NumberExercise(
        id="m6_rel_porsche",
        title="Share of the margin a 5% discount gives away (illustrative figures)",
        hint="0.05 x price divided by 0.15 x price.",
        expected=lambda: (0.05 * 1_200_000) / (0.15 * 1_200_000),
        rel_tol=1e-3,
        percent=True,
    ),
]
