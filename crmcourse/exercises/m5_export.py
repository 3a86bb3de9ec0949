"""Exercises of 5.5 Exporting for a manager (solutions/05_crm_lab/05_export.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database when a check first runs;
discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one

_OPEN = "o.stage NOT IN ('Closed Won', 'Closed Lost')"
_SOUTH = "a.region IN ('south', 'southwest')"
_CLOSED_2025 = "FROM opportunities WHERE closed_date BETWEEN '2025-01-01' AND '2025-12-31'"
_Q4_INVOICES = "FROM invoices i JOIN accounts a USING (account_id) WHERE i.invoice_date BETWEEN '2025-10-01' AND '2025-12-31'"


EXERCISES = [
    NumberExercise(
        id="m5_export_south",
        title="Open deals of the south team in the exported file",
        hint="The deals know their account and owner by id only: two other tables supply the names and the region. "
             "Open means neither won nor lost.",
        expected=lambda: _one("SELECT COUNT(*) FROM opportunities o JOIN accounts a USING (account_id) "
                              f"WHERE {_SOUTH} AND {_OPEN}"),
        integer=True,
        slips={lambda: _one("SELECT COUNT(*) FROM opportunities o JOIN accounts a USING (account_id) "
                            f"WHERE a.region = 'south' AND {_OPEN}"):
               "The south team covers two regions: include the southwest.",
               lambda: _one(f"SELECT COUNT(*) FROM opportunities o JOIN accounts a USING (account_id) WHERE {_SOUTH}"):
               "Your file includes closed deals (won or lost): the manager asked for the open ones."},
        task="compute",
    ),
    ChoiceExercise(
        id="m5_export_saved",
        title="How many leads an import with one bad row saves (predicted before running it)",
        hint="Think of the lead conversion in 5.2: what would a half-done import leave behind once the file is "
             "fixed and imported again?",
        options=("none", "the two before the bad row", "the four good ones", "all five"),
        answer="232a336a2f196ea1",
        feedback={
            "c9572d9b1fcd4933": "That is how a row-by-row import that stops at an error behaves. Then importing the "
                                "fixed file again would enter those two leads twice.",
            "d9ab03403f116c44": "Skipping the bad row and keeping the rest sounds helpful, but then the fixed file "
                                "cannot be imported again without duplicates.",
            "472b83055bf4da63": "Every row is checked like a form, and the third one fails the check on its source.",
        },
        explanation="An import is one transaction, like a lead conversion: all rows or none. The database stays "
                    "as it was, so the fixed file can be imported again without duplicates.",
        task="predict",
    ),
    NumberExercise(
        id="m5_export_win_rate",
        title="Win rate of the deals closed in 2025",
        hint="The whole is the deals closed in 2025, won or lost; the part is the won ones.",
        expected=lambda: _one("SELECT AVG(stage = 'Closed Won') " + _CLOSED_2025),
        rel_tol=1e-3,
        percent=True,
        slips={lambda: _one("SELECT SUM(stage = 'Closed Won') * 1.0 / SUM(stage = 'Closed Lost') " + _CLOSED_2025):
               "You divided the won deals by the lost ones. A win rate divides the won deals by all closed deals.",
               lambda: _one("SELECT AVG(stage = 'Closed Won') FROM opportunities "
                            "WHERE created_date BETWEEN '2025-01-01' AND '2025-12-31'"):
               "You took the deals created in 2025, many of which are still open. A win rate counts only the "
               "decided deals: pick them by their closing date."},
        task="compute",
    ),
    NumberExercise(
        id="m5_export_q4_invoiced",
        title="Amount invoiced in Q4 2025 to the south team's accounts (CNY)",
        hint="The KPI covers every account. An invoice knows its account but not the region.",
        expected=lambda: _one(f"SELECT SUM(i.amount) {_Q4_INVOICES} AND {_SOUTH}"),
        rel_tol=1e-6,
        slips={lambda: _one(f"SELECT SUM(i.amount) {_Q4_INVOICES}"):
               "That is the company's Q4 figure from the KPI table: keep only the south team's accounts.",
               lambda: _one(f"SELECT SUM(i.amount) {_Q4_INVOICES} AND a.region = 'south'"):
               "The south team covers two regions: include the southwest.",
               lambda: _one(f"SELECT SUM(i.amount) FROM invoices i JOIN accounts a USING (account_id) WHERE {_SOUTH}"):
               "That is the whole year: keep the invoices dated in Q4."},
        task="compute",
    ),
]
