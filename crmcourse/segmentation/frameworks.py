"""The frameworks of module 4 as tables: how to segment, the four customer types, the bank's classes.

Nothing here computes from data: each function returns the same small table every time, in the
course's own words, so a notebook can show it, filter it and discuss it.

>>> segmentation_checklist().groupby("part", sort=False).size().to_dict()
{'process': 5, 'caution': 7, 'step': 8}
"""
from __future__ import annotations

import pandas as pd

__all__ = ["segmentation_checklist", "CUSTOMER_TYPES", "customer_type_strategies", "bank_classes"]

# ---------------------------------------------------------------------------- how to segment

_PROCESSES = (
    ("segment by characteristics",
     "Group customers by who they are: geography (home area, district, size of place), social "
     "facts (age, sex, income, industry, job, education, religion, household size), psychology "
     "(personality, lifestyle) and buying behaviour (what they own, why they buy, brand loyalty, "
     "attitude to the product).",
     "4.1 the bases; 4.4 profiles use age band and channel"),
    ("segment by value range",
     "Rank customers from high to low value - key, important, ordinary, small - and concentrate "
     "on the top under the 80/20 rule. Value can mean responsiveness, sales revenue, profit "
     "contribution, loyalty or sales won through referrals.",
     "4.2 value tiers and RFM; 4.3 the value axis; 4.6 predicted value"),
    ("segment by common needs",
     "Take the most valuable segment, work out the needs its members share, build the business "
     "processes around those needs and give each segment its own marketing mix.",
     "4.3 the strategy per customer type; 4.5 offers per plan tier"),
    ("choose a clustering technique",
     "Pick the algorithm that suits the data, and first turn the raw records into the form the "
     "model needs (initialising and preprocessing the data).",
     "4.4 scaling and k-means"),
    ("evaluate the result",
     "Not every segment is worth keeping. Test each one: does it serve a business goal, is it "
     "easy to understand and describe, is it big enough to pay for its own campaign, and can a "
     "distinct campaign be built for it?",
     "4.4 stability and actionability"),
)

_CAUTIONS = (
    ("one customer, one segment",
     "Every customer belongs to exactly one segment; a customer in two gets contradictory offers.",
     "every helper returns one label per customer"),
    ("no channel differences",
     "A customer hears the same offer in every channel, and every front-line employee can see "
     "and repeat the recommendation.",
     "4.5 one contact per customer across channels"),
    ("actionable tactics for the front line",
     "Tell staff exactly which product fits the customer, not data they still have to interpret.",
     "4.5 offer rules"),
    ("start sales with the best list",
     "Give the sales team the most promising customers first so early success is high; widen the "
     "list step by step and give every customer a purchase-likelihood score.",
     "4.6 ranking by predicted purchases"),
    ("one owner per segment",
     "One senior manager answers for each segment's profit and loss, so someone maximises its return.",
     "4.5 campaign margin per segment"),
    ("senior management drives it",
     "Run segmentation from head office across product lines; done inside one product line or one "
     "department's budget it misses customers' other relationships.",
     "4.1 discussion"),
    ("start small, then expand",
     "Begin with a few broad groups and refine later; do not wait for a perfect scheme before the "
     "first step.",
     "4.2 ten RFM segments before 4.4 clusters"),
)

_STEPS = (
    ("define the objective",
     "Long- and short-term goals call for very different methods: better-fitting products and "
     "services, more sales, lower cost to serve, better service experience, or a higher return on "
     "marketing.", "4.1"),
    ("decide the resources and methods needed",
     "Limited people, money, data or skills force trade-offs, sometimes even in the objective.", "4.1"),
    ("choose a feasible method",
     "Feasible within the resources is not always best, but it is where to start.", "4.2 RFM first"),
    ("use valid data",
     "Records can be incomplete or wrong and may need cleaning first; bad data give bad segments.",
     "4.2 data checks"),
    ("check that the variables are stable",
     "Test the segmentation variables analytically; prefer stable, visible indicators - more "
     "complex is not better.", "4.4 bootstrap stability"),
    ("describe each segment",
     "Every segment needs a clear description and a reliable way to recognise its members.",
     "4.4 profiles and names"),
    ("validate through real use",
     "Test the segments in practice with a suitable method; an untested segmentation is not credible.",
     "4.5 blanket vs targeted campaign"),
    ("treat it as a process, not a result",
     "Markets and customers change: repeat and revise the segmentation.", "4.6 re-fit on new data"),
)


def segmentation_checklist() -> pd.DataFrame:
    """The five processes, seven cautions and eight steps of segmentation, as one table.

    The course's own wording of the source texts, each row pointing to where module 4 applies it.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        Columns ``part`` (process / caution / step), ``number`` (1.. within the part), ``name``,
        ``meaning`` and ``in_module_4``; 20 rows.

    Raises
    ------
    Nothing: the table is fixed.

    Examples
    --------
    >>> table = segmentation_checklist()
    >>> table.groupby("part", sort=False).size().to_dict()
    {'process': 5, 'caution': 7, 'step': 8}
    >>> table.query("part == 'step'").name.iloc[0]
    'define the objective'
    """
    rows = []
    for part, items in (("process", _PROCESSES), ("caution", _CAUTIONS), ("step", _STEPS)):
        for i, (name, meaning, where) in enumerate(items, start=1):
            rows.append({"part": part, "number": i, "name": name, "meaning": meaning, "in_module_4": where})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------- the four customer types

#: The four customer types of the lifetime value × expectation matrix, in display order.
CUSTOMER_TYPES = ("intimate", "safe", "dangerous", "stranger")

_STRATEGY = (
    # type, 中文, value, expectation, profile, Kano level, bond, where resources go
    ("intimate", "亲密型客户", "high", "high",
     "core customers in a stable relationship; demanding, always bringing new and higher requirements; "
     "the most precious group, a partner that grows with the firm",
     "attractive (delighters) on top of performance and basic features",
     "structural: linked processes and joint investment that make switching costly",
     "invest most: study their needs and exceed them"),
    ("safe", "安全型客户", "high", "low",
     "profitable and rarely complain or make suggestions; look satisfied, or are held by the switching "
     "costs of a long relationship; unlikely to leave",
     "basic (must-be) features, delivered reliably - every promise kept in full",
     "financial: price incentives and discounts",
     "protect: flawless basics at low cost to serve"),
    ("dangerous", "危险型客户", "low", "high",
     "bring little profit; picky and often dissatisfied; small volumes mean almost no switching cost, so "
     "they leave easily",
     "performance (one-dimensional) features on top of the basics, to meet their expectations",
     "social: personal contact and care on top of financial incentives",
     "manage: meet expectations where it pays, or lower them honestly"),
    ("stranger", "陌生型客户", "low", "low",
     "little value, indifferent to service levels; may leave even if service improves",
     "basic features only, with the minimum commitment",
     "none: let them go their own way",
     "minimal: move resources to more promising groups"),
)


def customer_type_strategies() -> pd.DataFrame:
    """The four customer types with their profile and strategy (Kano feature level and bond).

    From the lifetime value × expectation matrix of the source texts, in the course's words.
    Note the source's own choice to give low-value *dangerous* customers a tighter (social) bond
    than high-value *safe* ones (financial) — worth discussing.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        Indexed by ``type`` in :data:`CUSTOMER_TYPES` order, with the columns ``中文``, ``value``,
        ``expectation`` (high / low), ``profile``, ``kano_features``, ``bond`` and ``resources``.

    Raises
    ------
    Nothing: the table is fixed.

    Examples
    --------
    >>> table = customer_type_strategies()
    >>> table.loc["intimate", "bond"].split(":")[0]
    'structural'
    >>> list(table.index) == list(CUSTOMER_TYPES)
    True
    """
    cols = ["中文", "value", "expectation", "profile", "kano_features", "bond", "resources"]
    return pd.DataFrame([row[1:] for row in _STRATEGY], columns=cols,
                        index=pd.Index([row[0] for row in _STRATEGY], name="type"))


# ---------------------------------------------------------------------------- the bank's classes

_BANK = (
    ("golden", "黄金客户", "best credit, size, finances and industry outlook",
     "loan plans approved as soon as they are submitted", True, False),
    ("key", "重点客户", "strong on most criteria",
     "loan plans reported in advance and funded with priority", False, False),
    ("quality", "优质客户", "sound but not outstanding",
     "new lending only by restructuring existing loans (within a reduction plan)", False, False),
    ("ordinary", "一般客户", "average standing",
     "the source names no separate policy; it lists an 'adjusted' class with the restricted ones - "
     "read as: total credit may not rise", False, False),
    ("restricted", "限制客户", "weak credit or a declining industry",
     "total credit may only fall, never rise", False, False),
    ("eliminated", "淘汰客户", "poor credit, losses or a dying industry",
     "total credit may only fall, never rise: exit the relationship", False, True),
)


def bank_classes() -> pd.DataFrame:
    """The six client classes of the Agricultural Bank of China, Suzhou branch, with their credit policy.

    The classes rest on credit standing, size, financial indicators and industry outlook. The
    ``profile`` column is an illustrative reading (the source gives no thresholds); the policies
    follow the source.

    Parameters
    ----------
    None

    Returns
    -------
    pandas.DataFrame
        Indexed by ``class`` (golden … eliminated), with ``中文``, ``profile``, ``credit_policy``,
        ``vip`` (the class treated as VIPs) and ``exit`` (the one to leave).

    Raises
    ------
    Nothing: the table is fixed.

    Examples
    --------
    >>> table = bank_classes()
    >>> table.index.tolist()
    ['golden', 'key', 'quality', 'ordinary', 'restricted', 'eliminated']
    >>> table.index[table["vip"]].tolist(), table.index[table["exit"]].tolist()
    (['golden'], ['eliminated'])
    """
    return pd.DataFrame([row[1:] for row in _BANK],
                        columns=["中文", "profile", "credit_policy", "vip", "exit"],
                        index=pd.Index([row[0] for row in _BANK], name="class"))
