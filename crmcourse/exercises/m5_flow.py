"""Exercises of 5.2 From lead to invoice (solutions/05_crm_lab/02_sales_flow.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database when a check first runs;
discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import MappingExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one

_CONVERTED = "SELECT SUM(status = 'converted') FROM leads"
_UNPAID = "FROM invoices WHERE status <> 'paid'"


def _referral_share() -> float:
    return _one(_CONVERTED + " WHERE source = 'referral'") / _one(_CONVERTED)


EXERCISES = [
    NumberExercise(
        id="m5_flow_referral_share",
        title="Share of the converted leads that came through referrals",
        hint="The question fixes the converted leads as the whole and asks what part of it referrals make up.",
        expected=_referral_share,
        rel_tol=1e-3,
        percent=True,
        slips={lambda: _one("SELECT AVG(status = 'converted') FROM leads WHERE source = 'referral'"):
               "That is the share of referral leads that converted - their conversion rate. The question takes "
               "all converted leads as the whole: revisit which number goes below the line.",
               lambda: _one(_CONVERTED + " WHERE source = 'referral'") / _one("SELECT COUNT(*) FROM leads"):
               "You divided by every lead. The whole here is the converted leads only."},
        task="compute",
    ),
    MappingExercise(
        id="m5_flow_edit_copy",
        title="Edit or copy",
        hint="Afterwards, does the world hold one thing (a corrected record) or two (the old one and a new one)?",
        options=("edit", "copy"),
        answer={
            "new phone": "a0f942ad3bef0f13",
            "second site": "5c7ceb954795e065",
            "typo": "a0f942ad3bef0f13",
            "revised offer": "5c7ceb954795e065",
        },
        concepts={"edit": "The record itself was wrong or has changed: still one record afterwards.",
                  "copy": "A second, similar record must exist beside the first, which stays as it was."},
        task="classify",
    ),
    NumberExercise(
        id="m5_flow_convert_rows",
        title="Rows a lead conversion adds (predicted before running it)",
        hint="Which records does a conversion create, and what happens to the lead's own row?",
        expected=3,
        integer=True,
        slips={4: "The lead is not a new row: it keeps its row and is marked converted and linked. Count only "
                  "the records the conversion creates.",
               1: "A conversion creates more than the deal: revisit what it makes of the company and the person.",
               2: "Count again what a conversion creates: the company, the person and the deal."},
        task="predict",
    ),
    NumberExercise(
        id="m5_flow_quote_total",
        title="Total of quote QU-0004 (CNY)",
        hint="Apply the rule for a line total to each line of this quote, then add the lines up.",
        expected=lambda: _one("SELECT SUM(quantity * unit_price * (1 - discount_pct / 100.0)) FROM quote_lines "
                              "WHERE quote_id = 'QU-0004'"),
        rel_tol=1e-6,
        slips={lambda: _one("SELECT SUM(quantity * unit_price) FROM quote_lines WHERE quote_id = 'QU-0004'"):
               "That is the total before discounts: a line's discount comes off its own amount. Revisit the rule "
               "for a line total."},
        task="compute",
    ),
    NumberExercise(
        id="m5_flow_overdue",
        title="Money overdue at 2026-01-01 (CNY)",
        hint="Unpaid and overdue differ: an invoice can be unpaid but not yet due. Look at the status values.",
        expected=lambda: _one("SELECT SUM(amount) FROM invoices WHERE status = 'overdue'"),
        rel_tol=1e-6,
        slips={lambda: _one("SELECT SUM(amount) " + _UNPAID):
               "You added every unpaid invoice. Some are still within their payment term: overdue means unpaid "
               "after the due date."},
        task="compute",
    ),
    NumberExercise(
        id="m5_flow_days_to_pay",
        title="Mean days from invoice to payment (paid invoices)",
        hint="For each paid invoice, the days from the invoice date to the payment date; then the mean.",
        expected=lambda: _one("SELECT AVG(julianday(paid_date) - julianday(invoice_date)) FROM invoices "
                              "WHERE status = 'paid'"),
        rel_tol=1e-3,
        slips={30: "That is the payment term (due date minus invoice date). The question asks how long customers "
                   "actually took: use the date they paid."},
        task="compute",
    ),
]
