"""Exercises of 2.3 The buying centre (solutions/02_key_accounts/03_buying_centre.ipynb).

Numbers are computed from the shipped Huaxin buying centres and account team when a check first
runs; discrete answers are stored as salted hashes. Typical slips are declared as functions
computing the wrong value.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_ROLES = ("economic buyer", "user buyer", "technical buyer", "coach")
_ROLE_CONCEPTS = {
    "economic buyer": "the one person who can give the final yes (or veto) and controls the budget.",
    "user buyer": "someone who will work with the product every day and judges it by its effect on their work.",
    "technical buyer": "someone who screens the offer against rules and specifications: can say no, never the final yes.",
    "coach": "someone who wants us to win and guides us through the buying process.",
}


def _contacts():
    from crmcourse import data

    return data.load("huaxin_contacts")


def _n_against(min_influence: int = 4, max_attitude: int = -1, both: bool = True) -> int:
    c = _contacts()
    high, against = c["influence"] >= min_influence, c["attitude"] <= max_attitude
    return int((high & against).sum() if both else (high | against).sum())


def _n_no_coach() -> int:
    c = _contacts()
    return int(c["account_id"].nunique() - c.loc[c["buying_role"] == "coach", "account_id"].nunique())


def _n_coaches() -> int:
    return int((_contacts()["buying_role"] == "coach").sum())


def _covered_ids() -> set:
    from crmcourse import data

    return set(data.load("huaxin_account_team")["covers_contact_id"].dropna())


def _n_hostile_uncovered() -> int:
    c = _contacts()
    hostile = (c["influence"] >= 4) & (c["attitude"] <= -1)
    return int((hostile & ~c["contact_id"].isin(_covered_ids())).sum())


def _n_uncovered() -> int:
    return int((~_contacts()["contact_id"].isin(_covered_ids())).sum())


EXERCISES = [
    MappingExercise(
        id="m2_bc_roles",
        title="The buying influence of four people at a hospital",
        hint="Ask of each person what they can do in this sale: give the final yes, only say no, live with "
             "the product, or help us win?",
        options=_ROLES,
        answer={
            "hospital president": "67d41bd7dfc8ce2f",
            "IT manager": "523fd47f44983640",
            "ward nurse": "a8c08ce9a99238e3",
            "deputy office manager": "33072a51560dd9d8",
        },
        task="classify",
        concepts=_ROLE_CONCEPTS,
    ),
    NumberExercise(
        id="m2_bc_sceptics",
        title="People with high influence (4-5) who are against Huaxin (attitude -1 or -2)",
        hint="Two conditions must hold for the same person at once; both bounds are included. Count the "
             "rows that pass both.",
        expected=lambda: _n_against(),
        task="compute",
        slips={
            (lambda: _n_against(5, -1)): "You kept only influence 5: 'high influence' is 4 or 5, the bound included.",
            (lambda: _n_against(4, -2)): "You kept only the opponents (-2): sceptics (-1) are against Huaxin too.",
            (lambda: _n_against(4, 0)): "You counted the neutral people (attitude 0) as well: neutral is not against.",
            (lambda: _n_against(both=False)): "You counted people who meet *either* condition. The question asks for "
                                              "both at once: revisit how the two conditions combine.",
        },
        explanation="These are the people to work on first - through someone they trust.",
    ),
    NumberExercise(
        id="m2_bc_no_coach",
        title="Buying centres without a coach",
        hint="Count the buying centres, and those with at least one coach; a centre is an account, not a person.",
        expected=_n_no_coach,
        task="compute",
        slips={
            _n_coaches: "You counted coaches (people), not buying centres without one. Revisit what is counted.",
        },
        explanation="An account without a coach is sold blind: developing an insider is the first step of "
                    "project selling.",
    ),
    MappingExercise(
        id="m2_bc_mirror",
        title="Mirroring a hospital's roles in a centralised tender",
        hint="Apply the mirror rule of this section: the higher the person's rank and say on their side, the "
             "higher ours.",
        options=("general manager", "sales manager", "salesperson"),
        answer={
            "vice-president who signs the award": "d1bff07e2b6f8175",
            "head of the procurement office": "bfe84aec7358897d",
            "clerk who sends out the tender documents": "eb2c9a0cb29ed45f",
        },
        task="classify",
        concepts={
            "general manager": "our top person, who meets the client's decision-maker.",
            "sales manager": "who handles the client's purchaser, the person running the procurement.",
            "salesperson": "who keeps in touch with the client's information window, the administrative contact.",
        },
    ),
    NumberExercise(
        id="m2_bc_hostile_uncovered",
        title="High-influence people against Huaxin whom nobody at Huaxin covers",
        hint="Combine two earlier ideas: the people of exercise 2.3.2, and the coverage records (a person is "
             "covered when some Huaxin person keeps in touch with them).",
        expected=_n_hostile_uncovered,
        task="compute",
        slips={
            (lambda: _n_against()): "You counted every high-influence person against Huaxin; keep only those "
                                    "nobody on our side covers.",
            _n_uncovered: "You counted every uncovered person; keep only those with high influence who are "
                          "against Huaxin.",
        },
        explanation="Few, but the most dangerous people in the file: against us, able to sway the decision, "
                    "and nobody talking to them.",
    ),
    ItemsExercise(
        id="m2_bc_eb_uncovered",
        title="Accounts whose economic buyer nobody covers",
        hint="The gap table holds, for each account, the list of buying roles nobody covers (printed above "
             "without it): keep the accounts whose list includes the economic buyer.",
        answer=("881767640e7c5ec3", "e58e3dca8bc72fce", "35e5c761ade4a794", "377c42b3b82ebff5",
                "54833716eb1f45e6"),
        task="compute",
    ),
]
