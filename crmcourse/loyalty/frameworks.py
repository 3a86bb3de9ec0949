"""Relationship-marketing frameworks as data, and Kotler's grid of which relationship level pays.

* :data:`SIX_MARKETS` — the six markets of relationship marketing as the course source lists them.
* :data:`RELATIONSHIP_LEVELS` and :data:`KOTLER_GRID` — Kotler's five levels (basic, reactive,
  accountable, proactive, partnership) and which one pays for a given number of customers and
  margin per customer; :func:`relationship_level` reads the grid, :func:`level_for_segments`
  places whole segments in it.
* :data:`BONDS` — Berry & Parasuraman's three levels of bonds: financial, social, structural.
* :data:`IDIC` — one-to-one marketing in four steps (Peppers & Rogers): identify, differentiate,
  interact, customise.
* :data:`LOYALTY_INDICATORS` — the source's eight signs of a loyal customer.

>>> relationship_level("few", "high")
'partnership'
"""
from __future__ import annotations

import pandas as pd

from crmcourse._validate import choice, real, require_columns
from crmcourse.errors import CourseDataError
from crmcourse.i18n import N_, translate as _
from crmcourse.loyalty._common import numeric_column, refix

__all__ = ["SIX_MARKETS", "RELATIONSHIP_SHIFTS", "RELATIONSHIP_LEVELS", "KOTLER_GRID", "BONDS", "IDIC",
           "LOYALTY_INDICATORS", "relationship_level", "level_for_segments"]

#: The six markets of relationship marketing, as the course source lists them, with who is in each.
SIX_MARKETS = {
    "customer market": "existing and prospective buyers - the centre of it all",
    "supplier market": "firms supplying materials and services; whole supply chains compete",
    "internal market": "the firm's own employees, treated as internal customers",
    "competitor market": "rival firms, with which a firm may cooperate while competing (co-opetition)",
    "distributor market": "wholesalers, retailers and agents that bring the product to end customers",
    "influence market": "government, regulators, media, investors and other stakeholders",
}
#: From transactional to relationship marketing: what changes (source: five shifts).
RELATIONSHIP_SHIFTS = (
    ("one-off transactions", "keeping customers (retention)"),
    ("limited fulfilment of expectations", "high service"),
    ("limited customer contact", "high customer contact"),
    ("the customer market only", "six markets"),
    ("short-term profit", "lasting relationships with all parties"),
)
#: Kotler's five levels of relationship, loosest first.
RELATIONSHIP_LEVELS = {
    "basic": "the seller sells the product and does not contact the customer again",
    "reactive": "the seller invites the customer to call with questions, problems or comments",
    "accountable": "the seller calls soon after the sale to check that the product meets expectations "
                   "and asks for suggestions",
    "proactive": "the seller contacts the customer from time to time with improvement ideas and new products",
    "partnership": "the seller works continuously with the customer to find ways to deliver better value",
}
#: Kotler's grid: which level pays, by number of customers (rows) and margin per customer (columns).
KOTLER_GRID = pd.DataFrame(
    [["accountable", "reactive", "basic or reactive"],
     ["proactive", "accountable", "reactive"],
     ["partnership", "proactive", "accountable"]],
    index=pd.Index(["many", "medium", "few"], name="customers"),
    columns=pd.Index(["high", "medium", "low"], name="margin"),
)
#: Berry & Parasuraman's three levels of relationship bonds, loosest first.
BONDS = {
    "financial": ("level 1", "price incentives: discounts, rebates, points, free extras",
                  "easy for competitors to copy; buys repeat purchases, not attachment"),
    "social": ("level 2", "personal contact and care: a named adviser, greetings, clubs and events",
               "harder to copy; rests on people and the customer's feeling of being known"),
    "structural": ("level 3", "solutions built into the customer's own work: shared systems, "
                   "dedicated services, joint investment",
                   "hardest to copy; raises the cost of switching for both sides"),
}
#: One-to-one marketing (Peppers & Rogers): the four steps, in order.
IDIC = ("identify", "differentiate", "interact", "customise")
#: The source's eight signs of a loyal customer.
LOYALTY_INDICATORS = (
    "repeat purchase rate", "attitude to competitors", "referral of new customers",
    "time spent choosing", "share of wallet", "emotional attachment",
    "sensitivity to quality and price", "purchase timing",
)


def relationship_level(customers: str, margin: str) -> str:
    """Kotler's relationship level for a number of customers and a margin per customer.

    Many customers with low margins: ``"basic or reactive"``; few with high margins:
    ``"partnership"`` (:data:`KOTLER_GRID`).

    Parameters
    ----------
    customers : str
        ``"many"``, ``"medium"`` or ``"few"`` (any case, spaces around ignored).
    margin : str
        ``"high"``, ``"medium"`` or ``"low"``.

    Returns
    -------
    str
        The relationship level that pays.

    Raises
    ------
    CourseDataError
        A value that is not one of the listed words.

    Examples
    --------
    >>> relationship_level("many", "low")
    'basic or reactive'
    >>> relationship_level("lots", "high")
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: customers='lots' is not one of 'many', 'medium', 'few'. Fix: describe the number of customers as many, medium or few.
    """
    words = []
    for value, name, allowed, what in ((customers, "customers", KOTLER_GRID.index, N_("the number of customers")),
                                       (margin, "margin", KOTLER_GRID.columns, N_("the margin per customer"))):
        allowed = list(allowed)
        text = str.__str__(value).strip().lower() if isinstance(value, str) else value
        with refix(_("describe {what} as {options} or {last}").format(what=_(what), options=", ".join(allowed[:-1]),
                                                                     last=allowed[-1])):
            words.append(choice(text, name, allowed))
    return str(KOTLER_GRID.loc[words[0], words[1]])


def _band(values: pd.Series, cuts, labels, name: str) -> pd.Series:
    fix = _("e.g. (100, 1000): below 100 is the first band, 1000 and above the last")
    if not isinstance(cuts, (tuple, list)) or len(cuts) != 2:
        raise CourseDataError(_("{name} should be two increasing numbers (low, high), got {value}").format(
            name=name, value=type(cuts).__name__), fix=fix)
    with refix(fix):
        low, high = real(cuts[0], f"{name}[0]", example=100), real(cuts[1], f"{name}[1]", example=1000)
    if not low < high:
        raise CourseDataError(_("{name} should be two increasing numbers (low, high), got {value}").format(
            name=name, value=f"({low:g}, {high:g})"), fix=fix)
    below, middle = (values < low).to_numpy(), (values < high).to_numpy()
    out = [labels[0] if b else labels[1] if m else labels[2] for b, m in zip(below, middle)]
    return pd.Series(out, index=values.index, dtype=object)


def level_for_segments(table: pd.DataFrame, *, customers: str = "customers", margin: str = "margin",
                       customer_cuts=(100, 1_000), margin_cuts=(1_000, 10_000)) -> pd.DataFrame:
    """Place each segment (row) in Kotler's grid and name the relationship level that pays.

    A segment with fewer than ``customer_cuts[0]`` customers has *few*, with
    ``customer_cuts[1]`` or more *many*; margins below ``margin_cuts[0]`` are *low*, from
    ``margin_cuts[1]`` *high*. The cuts are a judgement call: say why you chose them.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per segment.
    customers, margin : str
        Columns with the number of customers in the segment and the yearly margin per
        customer (finite numbers of 0 or more).
    customer_cuts, margin_cuts : tuple of two numbers
        Increasing (low, high) cuts.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` (numbers written as text read as numbers) with
        ``customers_band``, ``margin_band`` and ``level``.

    Raises
    ------
    CourseDataError
        Not a table, duplicate or missing columns, values that are not finite numbers of 0 or
        more (rows named), or cuts that are not two increasing numbers.

    Examples
    --------
    >>> t = pd.DataFrame({"customers": [2000, 300, 40], "margin": [150.0, 3000.0, 20000.0]},
    ...                  index=["ordinary", "gold", "diamond"])
    >>> level_for_segments(t)["level"].tolist()
    ['basic or reactive', 'accountable', 'partnership']
    """
    require_columns(table, [customers, margin], source="segments")
    out = table.copy()
    for col in (customers, margin):
        with refix(N_("fill in counts and margins"), problem=N_("values that are not numbers of 0 or more")):
            checked = numeric_column(table, col, "segments", low=0)
        if not pd.api.types.is_numeric_dtype(table[col].dtype):  # numbers written as text: now numbers
            out[col] = checked.to_numpy()
    out["customers_band"] = _band(out[customers], customer_cuts, ["few", "medium", "many"], "customer_cuts")
    out["margin_band"] = _band(out[margin], margin_cuts, ["low", "medium", "high"], "margin_cuts")
    out["level"] = [KOTLER_GRID.loc[c, m] for c, m in zip(out["customers_band"], out["margin_band"])]
    return out
