"""Targeting: offer rules, one contact per customer, and a simulated blanket or targeted campaign.

>>> import pandas as pd
>>> subs = pd.DataFrame({"customer_id": ["S1", "S2"], "tier": ["basic", "premium"]})
>>> rules = pd.DataFrame({"offer_id": ["upgrade"], "tier": ["basic"]})
>>> match_offers(subs, rules).values.tolist()
[['S1', 'upgrade']]
"""
from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from crmcourse._validate import choice, hashable_ids, numeric_column, require_columns, require_frame, rows_where
from crmcourse.errors import CourseDataError
from crmcourse.i18n import translate as _
from crmcourse.segmentation._common import column_name, random_seed, shown

__all__ = ["match_offers", "one_contact_per_customer", "campaign_simulation"]


def _same(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


def _limit(value) -> float | None:
    """A rule's limit as a finite float, or None."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return None
    try:
        num = float(value)
    except (OverflowError, TypeError, ValueError):
        return None
    return num if math.isfinite(num) else None


def _unique_ids(frame: pd.DataFrame, col: str, source: str) -> pd.Series:
    require_columns(frame, [col], source=source)
    ids = frame[col]
    missing = ids.isna().to_numpy()
    if missing.any():
        raise CourseDataError(_("empty ids"), file=source, column=col, rows=rows_where(frame.index, missing),
                              fix=_("every row needs an id"))
    hashable_ids(ids, source=source, col=col, allow_missing=True)
    try:
        dup = ids.duplicated(keep=False).to_numpy()
    except Exception:
        raise CourseDataError(_("ids must be text or numbers"), file=source, column=col,
                              fix=_("use one plain id per row")) from None
    if dup.any():
        raise CourseDataError(_("ids repeat: one row per id expected"), file=source, column=col,
                              rows=rows_where(frame.index, dup), fix=_("remove the duplicate rows"))
    return ids


def match_offers(customers: pd.DataFrame, rules: pd.DataFrame, customer: str = "customer_id") -> pd.DataFrame:
    """Every (customer, offer) pair that an offer's rule allows — the targeting rules applied.

    ``rules`` has one row per offer: an ``offer_id`` column and condition columns.

    * a column with the name of a customer column (e.g. ``tier``) must be **equal** — an empty
      cell means "any";
    * ``min_<column>`` / ``max_<column>`` set an inclusive lower / upper limit on a numeric
      customer column (e.g. ``min_over_quota_months``).

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer, with a unique ``customer`` id column and the condition columns.
    rules : pandas.DataFrame
        One row per offer: a unique ``offer_id`` and condition columns (see above).
    customer : str, default "customer_id"
        The customer id column.

    Returns
    -------
    pandas.DataFrame
        The ``customer`` column and ``offer_id``, one row per allowed pair, in customer order
        then rule order. A customer no rule allows does not appear.

    Raises
    ------
    CourseDataError
        Not tables, missing, empty or repeated ids, rule columns that are not customer columns
        (or name single customers), limits or limited columns that are not finite numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> subs = pd.DataFrame({"customer_id": ["S1", "S2", "S3"], "tier": ["basic", "premium", "basic"],
    ...                      "over_quota_months": [4, 0, 0]})
    >>> rules = pd.DataFrame({"offer_id": ["data add-on", "upgrade"], "tier": ["basic", "premium"],
    ...                       "min_over_quota_months": [2, None]})
    >>> match_offers(subs, rules)
      customer_id     offer_id
    0          S1  data add-on
    1          S2      upgrade
    >>> match_offers(subs, rules.assign(cost=1.0))
    Traceback (most recent call last):
    ...
    crmcourse.errors.CourseDataError: rules, column 'cost': is not a column of the customer table, so it cannot be a condition. Fix: keep only offer_id and condition columns in the rules (e.g. offers[['offer_id', 'target_tier']].rename(columns={'target_tier': 'tier'})).
    """
    require_frame(customers, source="customers")
    require_frame(rules, source="rules")
    column_name(customer, "customer", "customer_id")
    ids = _unique_ids(customers, customer, "customers")
    offer_ids = _unique_ids(rules, "offer_id", "rules")
    conditions = []
    for col in rules.columns:
        if col == "offer_id":
            continue
        if not isinstance(col, str):
            raise CourseDataError(_("rule column names must be text, got {value}").format(value=shown(col)), file="rules",
                                  fix=_("name conditions after customer columns"))
        if col in customers.columns:
            conditions.append(("eq", col, col))
        elif col.startswith(("min_", "max_")) and col[4:] in customers.columns:
            conditions.append((col[:3], col, col[4:]))
        else:
            raise CourseDataError(
                _("is not a column of the customer table, so it cannot be a condition"), file="rules", column=col,
                fix=_("keep only offer_id and condition columns in the rules (e.g. {example})").format(
                    example="offers[['offer_id', 'target_tier']].rename(columns={'target_tier': 'tier'})"))
    if customer in rules.columns:
        raise CourseDataError(_("a rule cannot name single customers"), file="rules", column=customer,
                              fix=_("describe who fits with customer attributes (tier, usage ...)"))
    numeric_cols = {}
    for kind, rcol, ccol in conditions:
        if kind != "eq" and ccol not in numeric_cols:
            numeric_cols[ccol] = numeric_column(customers, ccol, "customers")
    pieces = []
    n = len(customers)
    for pos, (_row, rule) in enumerate(rules.iterrows()):
        mask = np.ones(n, dtype=bool)
        for kind, rcol, ccol in conditions:
            cond = rule[rcol]
            if cond is None or (isinstance(cond, float) and math.isnan(cond)) or cond is pd.NA or cond is pd.NaT:
                continue
            if kind == "eq":
                col = customers[ccol]
                hit = None
                if isinstance(cond, (str, numbers.Number, np.generic)):
                    try:
                        hit = np.asarray((col == cond).fillna(False), dtype=bool)
                    except Exception:
                        hit = None
                if hit is None:  # an object as a condition: compare cell by cell
                    hit = np.array([_same(v, cond) for v in col.to_numpy()], dtype=bool)
                mask &= hit
            else:
                limit = _limit(cond)
                if limit is None:
                    raise CourseDataError(_("limit {value} is not a finite number").format(value=shown(cond)), file="rules",
                                          column=rcol, rows=[offer_ids.iloc[pos]], row_label=_("offer"),
                                          fix=_("write limits as plain numbers, or leave the cell empty for 'any'"))
                vals = numeric_cols[ccol].to_numpy()
                mask &= (vals >= limit) if kind == "min" else (vals <= limit)
        hits = np.flatnonzero(mask)
        pieces.append(pd.DataFrame({"_pos": hits, "_rule": pos, customer: ids.to_numpy()[hits],
                                    "offer_id": offer_ids.iloc[pos]}))
    pairs = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=["_pos", "_rule", customer, "offer_id"])
    pairs = pairs.sort_values(["_pos", "_rule"], kind="stable")
    return pairs[[customer, "offer_id"]].reset_index(drop=True)


def one_contact_per_customer(contacts: pd.DataFrame, customer: str = "customer_id",
                             score: str | None = None) -> pd.DataFrame:
    """Keep one contact per customer across all channels' lists — the best one by ``score``.

    Channels that build their lists independently contact the same customer several times:
    that costs money and annoys. This keeps, for every customer, the row with the highest
    ``score`` (e.g. expected margin; the first row on ties, or simply the first row when
    ``score`` is None) and drops the others, keeping the original row order.

    Parameters
    ----------
    contacts : pandas.DataFrame
        The channels' contact lists stacked, one row per planned contact.
    customer : str, default "customer_id"
        The customer id column.
    score : str, optional
        A numeric column; the row with the highest value is kept.

    Returns
    -------
    pandas.DataFrame
        The kept rows of ``contacts`` (same columns and index labels), in their original order.

    Raises
    ------
    CourseDataError
        Not a table, missing columns, contacts without a customer, ids that are lists or other
        objects, scores that are not finite numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> lists = pd.DataFrame({"customer_id": ["S1", "S2", "S1"], "channel": ["sms", "call", "app"],
    ...                       "expected_margin": [3.0, 5.0, 8.0]})
    >>> one_contact_per_customer(lists, score="expected_margin")
      customer_id channel  expected_margin
    1          S2    call              5.0
    2          S1     app              8.0
    """
    source = "contacts"
    require_frame(contacts, source=source)
    column_name(customer, "customer", "customer_id")
    require_columns(contacts, [customer], source=source)
    ids = contacts[customer]
    missing = ids.isna().to_numpy()
    if missing.any():
        raise CourseDataError(_("contacts without a customer"), file=source, column=customer,
                              rows=rows_where(contacts.index, missing), fix=_("drop those rows"))
    hashable_ids(ids, source=source, col=customer, allow_missing=True)
    pos = pd.Series(np.arange(len(contacts)))
    if score is None:
        keys = pd.DataFrame({"c": ids.to_numpy(), "pos": pos})
    else:
        column_name(score, "score", "expected_margin")
        require_columns(contacts, [score], source=source)
        s = numeric_column(contacts, score, source)
        keys = pd.DataFrame({"c": ids.to_numpy(), "s": -s.to_numpy(), "pos": pos})
    try:
        best = keys.sort_values([c for c in keys.columns if c != "c"], kind="stable").drop_duplicates("c", keep="first")
    except Exception:
        raise CourseDataError(_("customer ids must be text or numbers"), file=source, column=customer,
                              fix=_("use one plain id per customer")) from None
    keep = np.sort(best["pos"].to_numpy())
    return contacts.iloc[keep]


def campaign_simulation(customers: pd.DataFrame, offers: pd.DataFrame, *, targeted: bool = True,
                        response: pd.DataFrame | None = None, rules: pd.DataFrame | None = None,
                        customer: str = "customer_id", choose: str = "random", random_state: int = 0,
                        detail: bool = False):
    """Simulate one campaign — blanket or targeted — and count contacts, acceptances and money.

    Every customer in ``customers`` is contacted **once** with one offer:

    * ``targeted=False`` (blanket): an offer drawn at random from all ``offers``;
    * ``targeted=True``: an offer the ``rules`` allow for this customer (:func:`match_offers`);
      customers no rule allows are not contacted. By default the rules reserve each offer for
      its ``target_tier`` (offers' ``target_tier`` = customers' ``tier``). ``choose="random"``
      picks among allowed offers at random, ``"best"`` the one with the highest expected margin.

    Whether the customer accepts is drawn with their ``response_propensity`` for that offer
    (``response`` has ``customer``, ``offer_id``, ``response_propensity`` 0–1). Each contact costs
    the offer's ``cost_per_contact``; each acceptance earns its ``margin_if_accepted``.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with a unique ``customer`` id (and ``tier`` for the default rules).
    offers : pandas.DataFrame
        One row per offer: unique ``offer_id``, ``cost_per_contact`` and ``margin_if_accepted``
        (amounts of 0 or more) and, for the default rules, ``target_tier``.
    targeted : bool, default True
        Targeted (by the rules) or blanket (a random offer each).
    response : pandas.DataFrame
        Required: ``customer``, ``offer_id`` and ``response_propensity`` (0–1), one row per pair.
    rules : pandas.DataFrame, optional
        Offer rules as for :func:`match_offers`.
    customer : str, default "customer_id"
    choose : {"random", "best"}, default "random"
    random_state : int, default 0
        The seed of the random draws.
    detail : bool, default False
        Return the contacts instead of the totals.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        A Series named ``targeted`` or ``blanket``: ``contacts``, ``acceptances``,
        ``success_rate`` (acceptances ÷ contacts), ``expected_rate`` (mean propensity of the
        contacts made), ``cost``, ``margin`` and ``net`` (margin − cost). With ``detail=True``
        one row per contact: the customer, ``offer_id``, ``response_propensity``, ``cost``,
        ``accepted`` and ``margin``.

    Raises
    ------
    CourseDataError
        Not tables, missing columns, missing or repeated ids, negative money, propensities
        outside 0–1 (percentages), a pair without a propensity, rules naming unknown offers,
        nobody to contact, totals too large to add up.

    Examples
    --------
    >>> import pandas as pd
    >>> subs = pd.DataFrame({"customer_id": ["S1", "S2"], "tier": ["basic", "premium"]})
    >>> offers = pd.DataFrame({"offer_id": ["O1", "O2"], "target_tier": ["basic", "premium"],
    ...                        "cost_per_contact": [2.0, 5.0], "margin_if_accepted": [40.0, 300.0]})
    >>> resp = pd.DataFrame({"customer_id": ["S1", "S1", "S2", "S2"], "offer_id": ["O1", "O2", "O1", "O2"],
    ...                      "response_propensity": [1.0, 0.0, 0.0, 1.0]})
    >>> campaign_simulation(subs, offers, response=resp, targeted=True)[["contacts", "acceptances", "net"]].tolist()
    [2.0, 2.0, 333.0]
    """
    require_frame(customers, source="customers")
    require_frame(offers, source="offers")
    if response is None:
        raise CourseDataError(
            _("response= is required: the probability that each customer accepts each offer"),
            fix=_("pass a table with the customer column, offer_id and response_propensity, e.g. {example}").format(
                example="response=data.load('lianyun_offer_response')"))
    require_frame(response, source="response")
    if not isinstance(targeted, (bool, np.bool_)):
        raise CourseDataError(_("targeted must be True or False, got {value}").format(value=shown(targeted)),
                              fix="targeted=True")
    choice(choose, "choose", ("random", "best"))
    rs = random_seed(random_state)
    column_name(customer, "customer", "customer_id")
    if isinstance(customer, str) and customer == "offer_id":
        raise CourseDataError(_("the customer column cannot be offer_id"), fix=_("pass the customer id column, e.g. customer='customer_id'"))
    ids = _unique_ids(customers, customer, "customers")
    offer_ids = _unique_ids(offers, "offer_id", "offers")
    require_columns(offers, ["cost_per_contact", "margin_if_accepted"], source="offers")
    cost = numeric_column(offers, "cost_per_contact", "offers")
    margin = numeric_column(offers, "margin_if_accepted", "offers")
    for name, s in (("cost_per_contact", cost), ("margin_if_accepted", margin)):
        neg = (s < 0).to_numpy()
        if neg.any():
            raise CourseDataError(_("negative money"), file="offers", column=name, rows=rows_where(offers.index, neg),
                                  fix=_("costs and margins are amounts of 0 or more"))
    require_columns(response, [customer, "offer_id", "response_propensity"], source="response")
    prop = numeric_column(response, "response_propensity", "response")
    out_of_range = ((prop < 0) | (prop > 1)).to_numpy()
    if out_of_range.any():
        raise CourseDataError(_("propensities must be probabilities from 0 to 1"), file="response",
                              column="response_propensity", rows=rows_where(response.index, out_of_range),
                              fix=_("divide percentages by 100"))
    for col in (customer, "offer_id"):
        hashable_ids(response[col], source="response", col=col, allow_missing=True)
    try:
        key = pd.MultiIndex.from_arrays([response[customer].to_numpy(), response["offer_id"].to_numpy()])
        dup = key.duplicated()
    except Exception:
        raise CourseDataError(_("customer and offer ids must be text or numbers"), file="response",
                              fix=_("use plain ids")) from None
    if dup.any():
        raise CourseDataError(_("a (customer, offer) pair appears more than once"), file="response",
                              rows=rows_where(response.index, dup), fix=_("one propensity per pair"))
    prop_lookup = pd.Series(prop.to_numpy(), index=key)

    rng = np.random.default_rng(rs)
    if targeted:
        if rules is None:
            if "target_tier" not in offers.columns or "tier" not in customers.columns:
                raise CourseDataError(
                    _("a targeted campaign needs rules: by default offers' target_tier is matched with "
                      "customers' tier, and one of the two columns is missing"), file="offers",
                    fix=_("pass rules=... (see match_offers) or add the tier columns"))
            rules = offers[["offer_id", "target_tier"]].rename(columns={"target_tier": "tier"})
        pairs = match_offers(customers, rules, customer=customer)
        unknown = ~pairs["offer_id"].isin(set(offer_ids)).to_numpy()
        if unknown.any():
            raise CourseDataError(_("the rules name offers that are not in the offers table ({offer})").format(
                offer=shown(pairs["offer_id"][unknown].iloc[0])), file="rules",
                                  fix=_("use offer ids from the offers table"))
    else:
        n_c, n_o = len(ids), len(offer_ids)
        pick = rng.integers(0, n_o, n_c)
        pairs = pd.DataFrame({customer: ids.to_numpy(), "offer_id": offer_ids.to_numpy()[pick]})
    if pairs.empty:
        raise CourseDataError(_("no customer fits any offer, so nobody would be contacted"), file="rules",
                              fix=_("check the rule values against the customers' columns"))
    cost_of = pd.Series(cost.to_numpy(), index=offer_ids.to_numpy())
    margin_of = pd.Series(margin.to_numpy(), index=offer_ids.to_numpy())
    pair_key = pd.MultiIndex.from_arrays([pairs[customer].to_numpy(), pairs["offer_id"].to_numpy()])
    p = prop_lookup.reindex(pair_key).to_numpy()
    if np.isnan(p).any():
        miss = pairs[np.isnan(p)].iloc[0]
        raise CourseDataError(
            _("no response propensity for customer {customer} and offer {offer}").format(
                customer=shown(miss[customer]), offer=shown(miss["offer_id"])),
            file="response", fix=_("the response table needs a row for every customer and offer that can be paired"))
    pairs = pairs.assign(response_propensity=p,
                         cost=cost_of.reindex(pairs["offer_id"]).to_numpy(),
                         margin_if_accepted=margin_of.reindex(pairs["offer_id"]).to_numpy())
    if targeted:
        if choose == "best":
            order = pairs.assign(_v=-(pairs["response_propensity"] * pairs["margin_if_accepted"] - pairs["cost"]),
                                 _pos=np.arange(len(pairs)))
            chosen = order.sort_values(["_v", "_pos"], kind="stable").drop_duplicates(customer, keep="first")
            chosen = chosen.sort_values("_pos").drop(columns=["_v", "_pos"])
        else:
            order = pairs.assign(_r=rng.random(len(pairs)), _pos=np.arange(len(pairs)))
            chosen = order.sort_values(["_r", "_pos"], kind="stable").drop_duplicates(customer, keep="first")
            chosen = chosen.sort_values("_pos").drop(columns=["_r", "_pos"])
    else:
        chosen = pairs
    chosen = chosen.reset_index(drop=True)
    accepted = rng.random(len(chosen)) < chosen["response_propensity"].to_numpy()
    chosen["accepted"] = accepted
    chosen["margin"] = np.where(accepted, chosen["margin_if_accepted"], 0.0)
    chosen = chosen.drop(columns="margin_if_accepted")
    if detail:
        return chosen
    contacts = float(len(chosen))
    acc = float(accepted.sum())
    total_cost = float(chosen["cost"].sum())
    total_margin = float(chosen["margin"].sum())
    if not (math.isfinite(total_cost) and math.isfinite(total_margin)):
        raise CourseDataError(_("the costs and margins are too large to add up"), file="offers",
                              fix=_("give amounts in money units such as CNY, not huge numbers"))
    return pd.Series({
        "contacts": contacts,
        "acceptances": acc,
        "success_rate": acc / contacts,
        "expected_rate": float(chosen["response_propensity"].mean()),
        "cost": round(total_cost, 2),
        "margin": round(total_margin, 2),
        "net": round(total_margin - total_cost, 2),
    }, name="targeted" if targeted else "blanket")
