"""Exercises of 5.4 Building a report (solutions/05_crm_lab/04_reports.ipynb).

Numbers are computed from a fresh in-memory copy of the lab database when a check first runs;
discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one

_FENG_OPEN = "FROM opportunities WHERE owner = 'HX-R06' AND stage NOT IN ('Closed Won', 'Closed Lost')"
_Q1 = " AND expected_close_date BETWEEN '2026-01-01' AND '2026-03-31'"
_TASKS_DUE = "FROM activities WHERE kind = 'task' AND due_date < '2026-01-01'"
_OPEN_TASK = " AND status IN ('not started', 'in progress')"


EXERCISES = [
    MappingExercise(
        id="m5_report_wizard",
        title="A manager's report request as SQL clauses",
        hint="For each part ask whether it names where the rows come from, what a second table adds, which rows "
             "are kept, how rows are gathered into one, or what is shown.",
        options=("SELECT", "FROM", "JOIN", "WHERE", "GROUP BY"),
        answer={
            "the deals": "948d642e620b3f54",
            "their accounts": "6d701a11efaa67e4",
            "region and total amount": "abfa86f83612e00b",
            "hospitals, open deals only": "127e4a2b1f6739b6",
            "one line per region": "4025fe478ef70102",
        },
        concepts={
            "SELECT": "What the report shows: its columns and the sums or counts in them.",
            "FROM": "The primary module: the records the report starts from.",
            "JOIN": "A related module: a second table whose columns the report brings in.",
            "WHERE": "The filters: which rows count.",
            "GROUP BY": "Gathering rows into one line per group.",
        },
        task="classify",
    ),
    NumberExercise(
        id="m5_report_q3_demos",
        title="Demos held in July-September 2025",
        hint="Three conditions pick the rows: the type, the status and the dates of the quarter.",
        expected=lambda: _one("SELECT COUNT(*) FROM activities WHERE type = 'demo' AND status = 'held' "
                              "AND start_date BETWEEN '2025-07-01' AND '2025-09-30'"),
        integer=True,
        slips={lambda: _one("SELECT COUNT(*) FROM activities WHERE type = 'demo' "
                            "AND start_date BETWEEN '2025-07-01' AND '2025-09-30'"):
               "You counted every demo of the quarter, including the planned and the not-held ones: add the status.",
               lambda: _one("SELECT COUNT(*) FROM activities WHERE type = 'demo' AND status = 'held'"):
               "That is the whole of 2025: keep only the quarter's dates."},
        task="compute",
    ),
    ChoiceExercise(
        id="m5_report_busiest",
        title="The owner who held the most events in 2025",
        hint="The heatmap shows months; you need each owner's whole year. The table behind the chart has totals - "
             "one of them is not a person.",
        answer="6751fe11f5515c77",
        feedback={"f88435da58c9641f": "That is the total row; drop it before looking for the largest.",
                  "24bc37c5671d1eab": "Right person - but the report shows names; give the name."},
        task="compute",
    ),
    NumberExercise(
        id="m5_report_weighted",
        title="Feng Qiang's weighted forecast for Q1 2026 (CNY)",
        hint="Read his open deals with their expected close date, keep the quarter, and weight each deal by its "
             "win probability.",
        expected=lambda: _one("SELECT SUM(amount * probability / 100.0) " + _FENG_OPEN + _Q1),
        rel_tol=1e-6,
        slips={lambda: _one("SELECT SUM(amount * probability / 100.0) " + _FENG_OPEN):
               "That is his whole weighted pipeline, whenever the deals may close. A quarter's forecast keeps only "
               "the deals expected to close in that quarter.",
               lambda: _one("SELECT SUM(amount) " + _FENG_OPEN + _Q1):
               "Right deals, but unweighted: multiply each amount by its win probability.",
               lambda: _one("SELECT SUM(amount * probability / 100.0) " + _FENG_OPEN
                            + " AND expected_close_date <= '2026-03-31'"):
               "Your sum includes deals whose expected close date passed in 2025. They are stale, not part of "
               "next quarter: start the quarter on 1 January."},
        task="compute",
    ),
    NumberExercise(
        id="m5_report_overdue",
        title="High-priority overdue tasks at 2026-01-01",
        hint="Keep the rule for overdue as it is and add the priority; nobody asked for a line per owner.",
        expected=lambda: _one("SELECT COUNT(*) " + _TASKS_DUE + _OPEN_TASK + " AND priority = 'high'"),
        integer=True,
        slips={lambda: _one("SELECT COUNT(*) " + _TASKS_DUE + _OPEN_TASK):
               "That counts every overdue task: add the condition on the priority.",
               lambda: _one("SELECT COUNT(*) " + _TASKS_DUE + " AND priority = 'high'"):
               "Completed and deferred tasks are not overdue: keep the status rule of the report.",
               lambda: _one("SELECT COUNT(*) " + _TASKS_DUE + " AND priority = 'high' AND status <> 'completed'"):
               "A deferred task was put off on purpose, so it is not overdue: revisit the report's status rule."},
        task="compute",
    ),
    NumberExercise(
        id="m5_report_quiet",
        title="Accounts with no activity since 1 July 2025",
        hint="First find the accounts that do have such an activity; the quiet ones are the accounts not among them.",
        expected=lambda: _one("SELECT COUNT(*) FROM accounts WHERE account_id NOT IN "
                              "(SELECT account_id FROM activities WHERE start_date >= '2025-07-01')"),
        integer=True,
        slips={lambda: _one("SELECT COUNT(DISTINCT account_id) FROM activities WHERE start_date >= '2025-07-01'"):
               "Those are the accounts someone did contact. The report lists the others.",
               lambda: _one("SELECT COUNT(*) FROM activities WHERE start_date >= '2025-07-01'"):
               "That counts activities, not accounts: the question is about which customers nobody contacted."},
        task="compute",
    ),
]
