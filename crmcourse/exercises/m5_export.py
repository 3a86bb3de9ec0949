"""Exercises of 5.5 Exporting for a manager (solutions/05_crm_lab/05_export.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database when a check first runs.
"""
from crmcourse.checks.kinds import NumberExercise
from crmcourse.exercises._lab import one_value as _one

# the trade-fair file of the notebook, before it is fixed
_FAIR = {
    "company": ["Zhiyuan University", "Lanting Primary School", "Boya Vocational College",
                "Huiming Middle School", "Tongfu Teachers College"],
    "name": ["Ma Lan", "Gao Jun", "Song Yu", "Deng Kai", "Xu Ning"],
    "title": ["Head of Administration", "Principal", "IT Manager", "Office Manager", "Procurement Manager"],
    "industry": ["school"] * 5,
    "region": ["north", "north", "east", "central", "south"],
    "source": ["trade fair", "trade fair", "exhibition", "trade fair", "trade fair"],
    "owner": ["HX-R02", "HX-R03", "HX-R04", "HX-R05", "HX-R06"],
    "created_date": ["2025-12-12"] * 5,
}


def _bad_line() -> float:
    import tempfile
    from pathlib import Path

    import pandas as pd

    from crmcourse import crm

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fair.csv"
        pd.DataFrame(_FAIR).to_csv(path, index=False)
        try:
            crm.import_csv(crm.connect(":memory:"), "leads", path)
        except crm.CRMError as err:
            return float(err.rows[0])
    return float("nan")  # pragma: no cover - the file is meant to fail


EXERCISES = [
    NumberExercise(
        id="m5_export_south",
        title="Open deals of the south team in the exported file",
        hint="Open deals (not Closed Won/Lost) of accounts in regions 'south' and 'southwest'; count the rows "
             "you read back.",
        expected=lambda: _one("SELECT COUNT(*) FROM opportunities o JOIN accounts a USING (account_id) "
                              "WHERE a.region IN ('south', 'southwest') AND o.stage NOT IN ('Closed Won', 'Closed Lost')"),
        abs_tol=0, rel_tol=0,
    ),
    NumberExercise(
        id="m5_export_bad_line",
        title="The line of the trade-fair file the import refused",
        hint="The error says 'CSV line ...'; the header is line 1, the first person line 2.",
        expected=_bad_line,
        abs_tol=0, rel_tol=0,
    ),
    NumberExercise(
        id="m5_export_win_rate",
        title="Win rate of the deals closed in 2025",
        hint="Deals with a closed_date in 2025: won / (won + lost).",
        expected=lambda: _one("SELECT AVG(stage = 'Closed Won') FROM opportunities "
                              "WHERE closed_date BETWEEN '2025-01-01' AND '2025-12-31'"),
        rel_tol=1e-3,
        percent=True,
    ),
    NumberExercise(
        id="m5_export_q4_invoiced",
        title="Amount invoiced in Q4 2025 (CNY)",
        hint="SUM(amount) of invoices with invoice_date from 2025-10-01 to 2025-12-31.",
        expected=lambda: _one("SELECT SUM(amount) FROM invoices WHERE invoice_date BETWEEN '2025-10-01' AND '2025-12-31'"),
        rel_tol=1e-6,
    ),
]
