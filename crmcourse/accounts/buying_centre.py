"""The buying centre: who at the customer decides, and which of them none of our people covers.

>>> BUYING_ROLES[0]
'economic buyer'
"""
from __future__ import annotations

import pandas as pd

from crmcourse._validate import integer, require_columns, rows_where
from crmcourse.accounts._common import plain_names, refix
from crmcourse.constants import BUYING_ROLES
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _

__all__ = ["BUYING_ROLES", "coverage_gaps"]


def coverage_gaps(buying_centre: pd.DataFrame, coverage: pd.DataFrame, *, min_people: int = 2,
                  account: str = "account_id", contact: str = "contact_id", role: str = "buying_role",
                  rep: str = "rep_id", covers: str = "covers_contact_id") -> pd.DataFrame:
    """Who in each buying centre none of our people covers, and accounts with too few of our people.

    Parameters
    ----------
    buying_centre : pandas.DataFrame
        One row per person at the customer (``huaxin_contacts``: account, contact id, buying
        role; roles outside :data:`BUYING_ROLES` are listed after them).
    coverage : pandas.DataFrame
        One row per (our person, contact they keep in touch with) — ``huaxin_account_team``,
        where an empty ``covers_contact_id`` means on the team without a contact of their own.
    min_people : int, default 2
        Fewest of our people a key account should have (the sources ask for at least two).
    account, contact, role, rep, covers : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        One row per account with ``our_people`` (distinct people of ours on the account),
        ``contacts``, ``covered`` (contacts at least one of ours covers), ``uncovered_contacts``
        and ``uncovered_roles`` (lists: people, and buying roles none of whose holders is
        covered), ``too_few_people`` (fewer than ``min_people``) and ``gap`` (either problem).

    Raises
    ------
    CourseDataError
        Tables that are not tables, empty, with duplicate or missing columns, empty or
        non-plain ids, a contact id twice, a covered contact who is not in the buying centre
        or belongs to another account, or ``min_people`` below 1.

    Examples
    --------
    >>> import pandas as pd
    >>> bc = pd.DataFrame({"account_id": ["K1", "K1", "K2"], "contact_id": ["c1", "c2", "c3"],
    ...                    "buying_role": ["economic buyer", "user buyer", "economic buyer"]})
    >>> team = pd.DataFrame({"account_id": ["K1", "K1", "K2"], "rep_id": ["r1", "r2", "r1"],
    ...                      "covers_contact_id": ["c2", None, "c3"]})
    >>> coverage_gaps(bc, team)[["our_people", "uncovered_contacts", "uncovered_roles", "gap"]]
                our_people uncovered_contacts   uncovered_roles   gap
    account_id
    K1                   2               [c1]  [economic buyer]  True
    K2                   1                 []                []  True
    """
    require_columns(buying_centre, [account, contact, role], source="buying centre", min_rows=1,
                    fix=_("pass account=..., contact=..., role=... with your column names"))
    require_columns(coverage, [account, rep, covers], source="account team", min_rows=1,
                    fix=_("pass account=..., rep=..., covers=... with your column names"))
    with refix(N_("the sources ask for min_people=2")):
        min_people = integer(min_people, "min_people", 1)
    for frame, cols, source in ((buying_centre, [account, contact, role], "buying centre"),
                                (coverage, [account, rep, covers], "account team")):
        for col in cols:
            plain_names(frame[col], source=source, col=col, what=N_("ids and roles"), fix=N_("one plain value per cell"))
            if col == covers:
                continue
            empty = frame[col].isna().to_numpy()
            if empty.any():
                raise CourseDataError(_("{count} empty values").format(count=int(empty.sum())), file=source,
                                      column=col, rows=rows_where(frame.index, empty),
                                      fix=_("fill them in or drop those rows"))
    bc = pd.DataFrame({"account": buying_centre[account].astype(str).to_numpy(),
                       "contact": buying_centre[contact].astype(str).to_numpy(),
                       "role": buying_centre[role].astype(str).to_numpy()})
    dup = bc["contact"].duplicated(keep=False).to_numpy()
    if dup.any():
        raise CourseDataError(_("{count} rows repeat a contact id").format(count=int(dup.sum())), file="buying centre",
                              column=contact, rows=rows_where(buying_centre.index, dup),
                              fix=_("give every person one row and one id"))
    cov_covers = coverage[covers]  # checked above: plain ids or empty
    team = pd.DataFrame({"account": coverage[account].astype(str).to_numpy(),
                         "rep": coverage[rep].astype(str).to_numpy(),
                         "covers": cov_covers.where(cov_covers.isna(), cov_covers.astype(str)).to_numpy()})
    home = dict(zip(bc["contact"], bc["account"]))
    has = team["covers"].notna()
    unknown = (has & ~team["covers"].isin(list(home))).to_numpy()
    if unknown.any():
        raise CourseDataError(_("{count} rows cover a contact who is not in the buying centre").format(
                                  count=int(unknown.sum())),
                              file="account team", column=covers, rows=rows_where(coverage.index, unknown),
                              fix=_("use contact ids of the buying-centre table, or leave the cell empty"))
    elsewhere = (has & (team["covers"].map(home) != team["account"])).to_numpy()
    if elsewhere.any():
        raise CourseDataError(_("{count} rows cover a contact of another account").format(count=int(elsewhere.sum())),
                              file="account team", column=covers, rows=rows_where(coverage.index, elsewhere),
                              fix=_("check the account id or the contact id of those rows"))
    role_order = {r: i for i, r in enumerate(BUYING_ROLES)}
    covered_ids = set(team.loc[has, "covers"])
    bc["is_covered"] = bc["contact"].isin(covered_ids)
    accounts = list(dict.fromkeys(list(bc["account"]) + list(team["account"])))
    people = team.groupby("account")["rep"].nunique()
    rows = []
    by_account = {a: g for a, g in bc.groupby("account", sort=False)}
    for acc in accounts:
        g = by_account.get(acc, bc.iloc[:0])
        uncovered = list(g.loc[~g["is_covered"], "contact"])
        roles_all = list(dict.fromkeys(g["role"]))
        covered_roles = set(g.loc[g["is_covered"], "role"])
        missing_roles = sorted((r for r in roles_all if r not in covered_roles),
                               key=lambda r: (role_order.get(r, len(role_order)), r))
        ours = int(people.get(acc, 0))
        too_few = ours < min_people
        rows.append({"account": acc, "our_people": ours, "contacts": len(g),
                     "covered": int(g["is_covered"].sum()), "uncovered_contacts": uncovered,
                     "uncovered_roles": missing_roles, "too_few_people": too_few,
                     "gap": bool(too_few or missing_roles)})
    out = pd.DataFrame(rows).set_index("account")
    out.index.name = account
    return out
