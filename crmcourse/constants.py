"""Facts the whole course shares, each written once.

Topic modules, the case generator, the CRM lab schema checks and the exercises import these
names; nothing here imports pandas or numpy, so importing it costs nothing.

>>> SNAPSHOT_DATE
'2026-01-01'
>>> SUITECRM_PROBABILITIES["Negotiation/Review"]
0.8
"""
from __future__ import annotations

#: "Today" for every case company: recency, stuck deals, the CRM lab's default dates.
SNAPSHOT_DATE = "2026-01-01"

#: SuiteCRM's opportunity (sales) stages, in selling order, the two closed stages last.
SALES_STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
                "Negotiation/Review", "Closed Won", "Closed Lost")
#: The sales stages a deal can be in while it is still open.
OPEN_SALES_STAGES = SALES_STAGES[:8]
#: The sales stages that end a deal: won, lost.
CLOSED_SALES_STAGES = ("Closed Won", "Closed Lost")
#: SuiteCRM's default win probability per stage, in percent (as its screens show it).
SUITECRM_PERCENT = dict(zip(SALES_STAGES, (10, 20, 25, 30, 40, 50, 65, 80, 100, 0)))
#: The same probabilities as fractions of 1 (10% → 0.1), which the analysis helpers use.
SUITECRM_PROBABILITIES = {stage: pct / 100 for stage, pct in SUITECRM_PERCENT.items()}

#: The five Kano answers to a functional or dysfunctional question, in questionnaire order.
KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
#: The six Kano categories: attractive, one-dimensional, must-be, indifferent, reverse, questionable.
KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")
#: SERVQUAL's five dimensions (Parasuraman, Zeithaml & Berry 1988), in their usual order.
SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")

#: SPIN question types (Rackham 1988), in the order a call usually uses them.
SPIN_TYPES = ("S", "P", "I", "N")
#: The SPIN types' names.
SPIN_TYPE_NAMES = {"S": "situation", "P": "problem", "I": "implication", "N": "need-payoff"}

#: Miller Heiman's buying influences, in the order the course lists them.
BUYING_ROLES = ("economic buyer", "user buyer", "technical buyer", "coach")

#: The solution markers (nbgrader's): a line holding only ``### BEGIN SOLUTION`` / ``### END SOLUTION``.
SOLUTION_BEGIN_PATTERN = r"^(?P<indent>[ \t]*)#+[ \t]*BEGIN SOLUTION[ \t]*$"
SOLUTION_END_PATTERN = r"^(?P<indent>[ \t]*)#+[ \t]*END SOLUTION[ \t]*$"
#: The tag of a cell that exists only in solutions/.
SOLUTION_TAG = "solution"
