"""Exercises of 5.3 The service centre (solutions/05_crm_lab/03_service_centre.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database, with the ticket the
notebook's worked example opens and closes (TK-0361); discrete answers are salted hashes.
"""
import functools

from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, NumberExercise

_CATEGORIES = ("installation", "breakdown", "print quality", "consumables", "billing", "software", "training")


@functools.lru_cache(maxsize=1)
def _db():
    from crmcourse import crm

    db = crm.connect(":memory:")
    ticket = crm.add(db, "tickets", account_id="HX-A0038", product_id="PR-004", title="Device shows error code",
                     category="breakdown", priority="high", channel="phone", opened_at="2026-01-02 09:10",
                     assigned_to="HX-R12")
    crm.edit(db, "tickets", ticket, status="closed", closed_at="2026-01-02 15:40", satisfaction=5)
    return db


def _tickets():
    from crmcourse import crm

    return crm.ticket_hours(_db())


def _sla() -> float:
    t = _tickets()
    urgent = t[(t["priority"] == "urgent") & t["hours"].notna()]
    return float((urgent["hours"] <= 8).mean())


EXERCISES = [
    NumberExercise(
        id="m5_service_open",
        title="Tickets not closed",
        hint="SELECT COUNT(*) FROM tickets WHERE status <> 'closed'.",
        expected=lambda: float((_tickets()["status"] != "closed").sum()),
        abs_tol=0, rel_tol=0,
    ),
    NumberExercise(
        id="m5_service_breakdown",
        title="Median resolution hours of breakdown tickets",
        hint="Filter category == 'breakdown' in crm.ticket_hours(db) and take the median of hours.",
        expected=lambda: float(_tickets().loc[lambda t: t["category"] == "breakdown", "hours"].median()),
        rel_tol=1e-3,
    ),
    NumberExercise(
        id="m5_service_sla",
        title="Share of urgent tickets resolved within 8 hours",
        hint="Closed urgent tickets only; the mean of (hours <= 8).",
        expected=_sla,
        rel_tol=1e-3,
        percent=True,
    ),
    ChoiceExercise(
        id="m5_service_slowest",
        title="The category with the slowest median resolution",
        hint="crm.service_summary(db, 'category'), column median_hours.",
        options=_CATEGORIES,
        answer="2f84fdc809148a7d",
        feedback={"c8b9d6f31ee781e2": "Billing is second; look for the largest median.",
                  "897376242b95c0b5": "That is the fastest, not the slowest."},
    ),
    ItemsExercise(
        id="m5_service_no_faq",
        title="Ticket categories without a published FAQ answer",
        hint="Ticket categories minus the categories of FAQ rows with status 'published'.",
        options=_CATEGORIES,
        answer=("6ba191f78024b218",),
    ),
]
