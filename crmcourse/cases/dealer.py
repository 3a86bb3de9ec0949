"""Case dealer — Fengtai Motors (丰泰汽车), module 2 (keeping key accounts).

A car dealer: one small table, ``dealer_fleet``, with 32 fleet buyers over 2023-2025 - vehicles
each bought from all dealers and from Fengtai, sales visits, and where the relationship stood.
Planted: 3 / 5 / 14 / 8 buyers in the dealer tiers 100+ / 50+ / 10+ / 5+ (2025), seven buyers
that follow the three-year plan (relationship → first vehicle → partner, the two largest among
them) and two partners lost in 2025. ``size`` does not change it.

>>> make(DEFAULT_SEED, 1.0)["dealer_fleet"].buyer_id.nunique()
32
"""
from __future__ import annotations

import pandas as pd

from crmcourse.cases.draws import DEFAULT_SEED, PREFIXES, table_rng

__all__ = ["TABLE_NAMES", "DEALER_RELATIONSHIPS", "make"]

#: The tables of the case, in the order :func:`make` returns them.
TABLE_NAMES = ["dealer_fleet"]
_DEALER_YEARS = (2023, 2024, 2025)
#: Where a buyer's relationship with Fengtai stood in a year (``dealer_fleet.relationship``).
DEALER_RELATIONSHIPS = ["prospect", "relationship", "first vehicle", "partner", "lapsed"]
_DEALER_NAMES = {
    "taxi and rental": ["Taxi Co.", "Car Rental", "Ride Services"],
    "state-owned enterprise": ["Power Supply Co.", "Port Group", "Water Group", "Tobacco Co."],
    "government office": ["Public Security Bureau", "Transport Bureau", "District Government", "Forestry Bureau"],
    "tourism and coaches": ["Travel Service", "Coach Lines"],
    "private company": ["Construction Co.", "Property Management", "Trading Co.", "Logistics"],
    "hospital or school": ["People's Hospital", "Vocational College", "Medical Centre", "Middle School"],
}
# size band of 2025 purchases (the dealer tiers 100+, 50+, 10+, 5+ and below):
# (number of buyers, vehicles per year low-high, buyer types to draw from)
_DEALER_BANDS = [
    (3, (104, 160), ["taxi and rental", "taxi and rental", "state-owned enterprise"]),
    (5, (55, 92), ["state-owned enterprise", "government office", "taxi and rental", "tourism and coaches"]),
    (14, (12, 45), ["government office", "private company", "tourism and coaches", "state-owned enterprise"]),
    (8, (5, 9), ["private company", "hospital or school", "government office"]),
    (2, (2, 4), ["hospital or school"]),
]
# path of the relationship over 2023, 2024, 2025 (the source's three-year plan:
# year 1 build the relationship, year 2 slip in one vehicle, year 3 a long-term partner)
_DEALER_PATHS = {
    "three-year plan": (["relationship", "first vehicle", "partner"], 7),
    "partner before": (["partner", "partner", "partner"], 7),
    "lost in 2025": (["partner", "partner", "lapsed"], 2),
    "stalled plan": (["relationship", "first vehicle", "first vehicle"], 2),
    "started 2024": (["prospect", "relationship", "first vehicle"], 4),
    "not yet won": (["prospect", "prospect", "relationship"], 4),
    "never approached": (["prospect", "prospect", "prospect"], 6),
}


def _dealer_fleet(seed: int) -> pd.DataFrame:
    """Fengtai Motors' fleet buyers over three years: the car-dealer case of module 2.

    One row per buyer and year (2023-2025): vehicles the organisation bought from all dealers,
    how many from Fengtai, sales visits, and where the relationship stood, following the
    source's three-year plan (build the relationship, slip in one vehicle, become a partner).
    Small and fixed in size (``size`` does not apply).
    """
    rng = table_rng(seed, "dealer_fleet")
    paths = [p for p, (_, k) in _DEALER_PATHS.items() for _ in range(k)]
    first, rest = paths[0], paths[1:]
    rng.shuffle(rest)
    paths = [first] + rest  # the largest buyer is the three-year plan's showcase
    rows, used, k = [], set(), 0
    for count, (lo, hi), kinds in _DEALER_BANDS:
        for j in range(count):
            btype = kinds[j % len(kinds)] if count <= len(kinds) else str(rng.choice(kinds))
            while True:
                name = f"{rng.choice(PREFIXES)} {rng.choice(_DEALER_NAMES[btype])}"
                if name not in used:
                    used.add(name)
                    break
            size_2025 = int(rng.integers(lo, hi + 1))
            trend = rng.uniform(-0.06, 0.08)
            for y, stage in zip(_DEALER_YEARS, _DEALER_PATHS[paths[k]][0]):
                back = 2025 - y
                fleet = size_2025 if back == 0 else max(1, int(round(size_2025 * (1 - trend) ** back
                                                                      * rng.lognormal(0, 0.08))))
                if stage == "partner":
                    ours, visits = max(1, int(round(fleet * rng.uniform(0.25, 0.6)))), int(rng.integers(8, 19))
                elif stage == "first vehicle":
                    ours, visits = 1, int(rng.integers(6, 13))
                elif stage == "relationship":
                    ours, visits = 0, int(rng.integers(4, 11))
                elif stage == "lapsed":
                    ours, visits = 0, int(rng.integers(0, 3))
                else:  # prospect
                    ours, visits = 0, int(rng.integers(0, 2))
                rows.append((f"FT-B{k + 1:02d}", name, btype, y, fleet, min(ours, fleet), visits, stage))
            k += 1
    return pd.DataFrame(rows, columns=["buyer_id", "name", "buyer_type", "year", "fleet_vehicles",
                                       "our_vehicles", "sales_visits", "relationship"])


def make(seed: int = DEFAULT_SEED, size: float = 1.0) -> dict[str, pd.DataFrame]:
    """Generate the Fengtai table.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        The generator's seed (the table draws from its own stream).
    size : float, default 1
        Ignored: the fleet table has a fixed size (accepted so every case has the same call).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``{"dealer_fleet": frame}``, one row per buyer and year.

    Examples
    --------
    >>> fleet = make(DEFAULT_SEED, 0.5)["dealer_fleet"]
    >>> len(fleet), sorted(fleet.year.unique().tolist())
    (96, [2023, 2024, 2025])
    """
    return {"dealer_fleet": _dealer_fleet(seed)}

