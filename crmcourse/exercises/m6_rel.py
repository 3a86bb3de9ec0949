"""Exercises of 6.1 Relationship marketing (solutions/06_loyalty/01_relationship_marketing.ipynb).

Discrete answers are stored as salted hashes; the Porsche share is computed from the notebook's
illustrative figures. ``task=`` says what each exercise asks (docs/authoring.md).
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
        task="classify",
        concepts={"customer market": "those who buy the firm's products or services",
                  "supplier market": "those who supply the firm with materials, parts or services",
                  "internal market": "the firm's own employees, treated as internal customers",
                  "competitor market": "rival firms offering the same kind of product",
                  "distributor market": "those who sell the firm's products on to end customers",
                  "influence market": "bodies that shape the firm's environment: regulators, media, associations"},
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
        hint="Decide the number of customers (many / medium / few) and the margin per customer (high / medium / "
             "low), then find the cell of Kotler's grid.",
        task="classify",
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
        hint="Place the new gold band with the notebook's cuts: which customer band does its size fall in, and does "
             "its margin band move?",
        task="what-if",
        options=_LEVELS,
        answer="d0b3a9b586ad22f1",
        feedback={"18538a6ad3c938ae": "That is the level for a medium number of customers: check which side "
                                      "of the customer cut the new band falls on."},
        explanation="Fewer customers with the same margin each move one step up the grid: the smaller, better "
                    "gold band can be given a proactive relationship.",
    ),
    MappingExercise(
        id="m6_rel_bonds",
        title="Financial, social or structural bond",
        hint="Ask what holds the customer: money, people, or the way their own work is organised?",
        task="classify",
        concepts={"financial": "price incentives: discounts, rebates, points, free extras - easy to copy",
                  "social": "personal contact and care: named advisers, greetings, clubs and events",
                  "structural": "solutions built into the customer's own work or systems - hard to copy"},
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
        title="Share of the margin a 3% discount gives away (illustrative figures)",
        hint="Put the discount and the margin in the same unit (CNY on the same car) and divide.",
        expected=lambda: (0.03 * 1_200_000) / (0.15 * 1_200_000),
        rel_tol=1e-3,
        percent=True,
        slips={lambda: 0.05 / 0.15: "That is the share for the 5% discount of the table; redo it for 3%.",
               0.03: "That is the discount as a share of the price. The question asks for a share of the "
                     "margin: revisit what the margin is."},
        task="what-if",
    ),
]
