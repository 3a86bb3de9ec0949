"""Exercises of 2.3 The buying centre (solutions/02_key_accounts/03_buying_centre.ipynb).

Numbers are computed from the shipped Huaxin buying centres and account team when a check first
runs; discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_ROLES = ("economic buyer", "user buyer", "technical buyer", "coach")


def _contacts():
    from crmcourse import data

    return data.load("huaxin_contacts")


def _n_dangerous() -> int:
    c = _contacts()
    return int(((c["influence"] >= 4) & (c["attitude"] <= -1)).sum())


def _n_no_coach() -> int:
    c = _contacts()
    return int(c["account_id"].nunique() - c.loc[c["buying_role"] == "coach", "account_id"].nunique())


def _n_too_few() -> int:
    from crmcourse import data
    from crmcourse.accounts import coverage_gaps

    return int(coverage_gaps(_contacts(), data.load("huaxin_account_team"))["too_few_people"].sum())


EXERCISES = [
    MappingExercise(
        id="m2_bc_roles",
        title="The buying influence of four people at a hospital",
        hint="Who can give the final yes? Who can only say no? Who will use it? Who wants us to win?",
        options=_ROLES,
        answer={
            "hospital president": "67d41bd7dfc8ce2f",
            "IT manager": "523fd47f44983640",
            "ward nurse": "a8c08ce9a99238e3",
            "deputy office manager": "33072a51560dd9d8",
        },
    ),
    NumberExercise(
        id="m2_bc_sceptics",
        title="People with high influence (4-5) who are against Huaxin (attitude -1 or -2)",
        hint="(contacts['influence'] >= 4) & (contacts['attitude'] <= -1), then .sum().",
        expected=_n_dangerous,
        abs_tol=0,
        rel_tol=0,
    ),
    NumberExercise(
        id="m2_bc_no_coach",
        title="Buying centres without a coach",
        hint="The number of accounts in the contacts table minus the number of accounts with a coach.",
        expected=_n_no_coach,
        abs_tol=0,
        rel_tol=0,
    ),
    MappingExercise(
        id="m2_bc_mirror",
        title="Mirroring the client's roles in a centralised purchase",
        hint="Match rank to rank: the top of their side meets the top of ours.",
        options=("general manager", "sales manager", "salesperson"),
        answer={
            "decision-maker": "d1bff07e2b6f8175",
            "purchaser": "bfe84aec7358897d",
            "information window": "eb2c9a0cb29ed45f",
        },
    ),
    NumberExercise(
        id="m2_bc_too_few",
        title="Key accounts with fewer than two Huaxin people",
        hint="accounts.coverage_gaps(contacts, team)['too_few_people'].sum()",
        expected=_n_too_few,
        abs_tol=0,
        rel_tol=0,
    ),
    ItemsExercise(
        id="m2_bc_eb_uncovered",
        title="Accounts whose economic buyer nobody covers",
        hint="Keep the rows of coverage_gaps(...) whose uncovered_roles list contains 'economic buyer'; "
             "list their index (the account ids).",
        answer=("881767640e7c5ec3", "e58e3dca8bc72fce", "35e5c761ade4a794", "377c42b3b82ebff5",
                "54833716eb1f45e6"),
    ),
]
