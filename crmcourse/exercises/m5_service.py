"""Exercises of 5.3 The service centre (solutions/05_crm_lab/03_service_centre.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database, with the ticket the
notebook's worked example opens and closes (TK-0361); discrete answers are salted hashes.
"""
import functools

from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

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


def _sla_with_open() -> float:
    t = _tickets()
    urgent = t[t["priority"] == "urgent"]
    return float((urgent["hours"] <= 8).mean())


def _breakdown(how: str) -> float:
    return float(_tickets().loc[lambda t: t["category"] == "breakdown", "hours"].agg(how))


def _poor_recent():
    t = _tickets()
    return t[(t["closed_at"] >= "2025-07-01") & (t["satisfaction"] <= 2)]


EXERCISES = [
    NumberExercise(
        id="m5_service_open",
        title="Stale tickets: not closed and opened before 2 December 2025",
        hint="Two conditions on each ticket: its status, and when it was opened. The times are text that sorts "
             "like the dates they hold.",
        expected=lambda: int(((_tickets()["status"] != "closed") & (_tickets()["opened_at"] < "2025-12-02")).sum()),
        integer=True,
        slips={lambda: int((_tickets()["status"] != "closed").sum()):
               "That counts every ticket not closed. The manager asks only for the stale ones: add the condition "
               "on when the ticket was opened."},
        task="compute",
    ),
    NumberExercise(
        id="m5_service_breakdown",
        title="Median resolution hours of breakdown tickets",
        hint="The tickets table holds the hours of every closed ticket. Keep one category, and use the summary "
             "the notebook argues for.",
        expected=lambda: _breakdown("median"),
        rel_tol=1e-3,
        slips={lambda: _breakdown("mean"): "That is the mean. A few very long repairs pull it up: revisit why the "
                                          "median describes the typical ticket."},
        task="compute",
    ),
    NumberExercise(
        id="m5_service_sla",
        title="Share of urgent tickets resolved within 8 hours",
        hint="The share of tickets that meet a condition is the mean of a True/False column. Which tickets "
             "belong in the whole?",
        expected=_sla,
        rel_tol=1e-3,
        percent=True,
        slips={_sla_with_open: "Your whole includes the urgent ticket still open, which has no resolution time yet: "
                               "the share is measured on the closed tickets."},
        task="compute",
    ),
    ChoiceExercise(
        id="m5_service_slowest",
        title="The category with the slowest median resolution among urgent and high tickets",
        hint="Narrow the tickets to the two priorities first, then compare the categories' medians.",
        options=_CATEGORIES,
        answer="c8b9d6f31ee781e2",
        feedback={"2f84fdc809148a7d": "Training is the slowest over all priorities, but no training ticket is urgent "
                                      "or high: filter the priorities before you compare.",
                  "897376242b95c0b5": "That is the fastest, not the slowest."},
        explanation="Billing, from only four tickets: a median from so few cases is a question to look into, "
                    "not a verdict on the billing team.",
        task="compute",
    ),
    ChoiceExercise(
        id="m5_service_faq_first",
        title="The category whose FAQ answers should be published first",
        hint="An FAQ answer helps most where customers could solve the problem themselves, where no published "
             "answer exists yet, and where waiting hurts most.",
        options=_CATEGORIES,
        answer="8ab2f9b855e4d89c",
        feedback={
            "27d729c2d156bff3": "Billing tickets wait long when urgent, but billing already has published answers; "
                                "look for a category with none.",
            "b560e894f59dcf32": "Breakdowns are the most frequent tickets, but a broken device needs an engineer, "
                                "and breakdown answers are already published.",
            "0937b23e0ced97e4": "Consumables are already the fastest and best-rated tickets: their FAQ is working.",
            "cc9dfef2493a8c18": "Software has published answers and a moderate wait; another category has none.",
        },
        explanation="Training tickets take longest, get the lowest ratings, and their two FAQ answers are still "
                    "drafts. A published answer (what a briefing includes, who may run the press) is the cheapest "
                    "fix of all.",
        task="decide",
    ),
    NumberExercise(
        id="m5_service_followup",
        title="Accounts to call back after a poorly rated ticket (second half of 2025)",
        hint="One call per customer, not per ticket: a customer with two poor ratings gets one call.",
        expected=lambda: int(_poor_recent()["account_id"].nunique()),
        integer=True,
        slips={lambda: len(_poor_recent()): "You counted tickets. The list is of customers: an account with two "
                                            "poor ratings is called once."},
        task="compute",
    ),
]
