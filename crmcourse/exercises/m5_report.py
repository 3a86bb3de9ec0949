"""Exercises of 5.4 Building a report (solutions/05_crm_lab/04_reports.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database when a check first runs;
discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one


EXERCISES = [
    MappingExercise(
        id="m5_report_wizard",
        title="The report wizard's steps as SQL clauses",
        hint="The primary module is the table you read from; the related module is joined; columns are selected; "
             "filters keep rows; grouping makes one row per group.",
        options=("SELECT", "FROM", "JOIN", "WHERE", "GROUP BY"),
        answer={
            "primary module": "948d642e620b3f54",
            "related module": "6d701a11efaa67e4",
            "columns": "abfa86f83612e00b",
            "filters": "127e4a2b1f6739b6",
            "grouping": "4025fe478ef70102",
        },
    ),
    NumberExercise(
        id="m5_report_q3_demos",
        title="Demos held in July-September 2025",
        hint="Activities of type 'demo' with status 'held' and start_date from 2025-07-01 to 2025-09-30.",
        expected=lambda: _one("SELECT COUNT(*) FROM activities WHERE type = 'demo' AND status = 'held' "
                              "AND start_date BETWEEN '2025-07-01' AND '2025-09-30'"),
        abs_tol=0, rel_tol=0,
    ),
    ChoiceExercise(
        id="m5_report_busiest",
        title="The owner who held the most events in 2025",
        hint="activity_report(..., status='held'), the Total column without the Total row; idxmax().",
        answer="6751fe11f5515c77",
        feedback={"f88435da58c9641f": "That is the total row; drop it before looking for the largest.",
                  "24bc37c5671d1eab": "Right person - but the report shows names; give the name."},
    ),
    NumberExercise(
        id="m5_report_weighted",
        title="Feng Qiang's weighted open pipeline (CNY)",
        hint="Sum of amount x probability / 100 over HX-R06's open deals.",
        expected=lambda: _one("SELECT SUM(amount * probability / 100.0) FROM opportunities WHERE owner = 'HX-R06' "
                              "AND stage NOT IN ('Closed Won', 'Closed Lost')"),
        rel_tol=1e-6,
    ),
    NumberExercise(
        id="m5_report_overdue",
        title="Overdue tasks at 2026-01-01",
        hint="Tasks with status 'not started' or 'in progress' and a due_date before 2026-01-01.",
        expected=lambda: _one("SELECT COUNT(*) FROM activities WHERE kind = 'task' AND status IN "
                              "('not started', 'in progress') AND due_date < '2026-01-01'"),
        abs_tol=0, rel_tol=0,
    ),
]
