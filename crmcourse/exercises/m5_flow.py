"""Exercises of 5.2 From lead to invoice (solutions/05_crm_lab/02_sales_flow.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database when a check first runs;
discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one


EXERCISES = [
    NumberExercise(
        id="m5_flow_referral",
        title="Share of referral leads that were converted",
        hint="Converted referral leads divided by all referral leads (status 'converted').",
        expected=lambda: _one("SELECT AVG(status = 'converted') FROM leads WHERE source = 'referral'"),
        rel_tol=1e-3,
        percent=True,
    ),
    MappingExercise(
        id="m5_flow_edit_copy",
        title="Edit or copy",
        hint="Edit when the record itself was wrong or changed; copy when a second, similar record must exist "
             "beside the first.",
        options=("edit", "copy"),
        answer={
            "new phone": "a0f942ad3bef0f13",
            "second site": "5c7ceb954795e065",
            "typo": "a0f942ad3bef0f13",
            "revised offer": "5c7ceb954795e065",
        },
    ),
    ChoiceExercise(
        id="m5_flow_convert",
        title="The opportunity created by converting lead LD-0085",
        hint="crm.convert_lead(db, 'LD-0085', product_line='managed print service') returns a dict with "
             "'opportunity_id'. Run the notebook from the top so the ids match (the worked example converts "
             "LD-0054 first).",
        answer="45d77dbbd835ecc6",
        feedback={"b04cb3014ad0837e": "That is the opportunity of LD-0054, from the worked example.",
                  "96df1dc6baf09aa2": "That is the new account; the exercise asks for the opportunity."},
    ),
    NumberExercise(
        id="m5_flow_quote_total",
        title="Total of quote QU-0004 (CNY)",
        hint="Sum over its lines of quantity x unit_price x (1 - discount_pct / 100).",
        expected=lambda: _one("SELECT SUM(quantity * unit_price * (1 - discount_pct / 100.0)) FROM quote_lines "
                              "WHERE quote_id = 'QU-0004'"),
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m5_flow_overdue",
        title="Money overdue at 2026-01-01 (CNY)",
        hint="SUM(amount) of the invoices with status 'overdue'.",
        expected=lambda: _one("SELECT SUM(amount) FROM invoices WHERE status = 'overdue'"),
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m5_flow_days_to_pay",
        title="Mean days from invoice to payment (paid invoices)",
        hint="AVG(julianday(paid_date) - julianday(invoice_date)) over the paid invoices.",
        expected=lambda: _one("SELECT AVG(julianday(paid_date) - julianday(invoice_date)) FROM invoices "
                              "WHERE status = 'paid'"),
        rel_tol=1e-3,
    ),
]
