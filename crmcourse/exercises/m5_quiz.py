"""Exercises of 5.6 Module 5 quiz (solutions/05_crm_lab/06_quiz.ipynb).

Instant-feedback quiz exercises: multiple choice with an explanation shown after a right answer,
and computations on data module 5 did not use - the lab database's purchase orders, suppliers
and memos (experiments 1, 8 and 12), and a week of Lianyun Telecom's enterprise-hotline tickets
(written out here and in the notebook).
"""
from datetime import datetime
from statistics import mean, median

from crmcourse.checks.kinds import ChoiceExercise, NumberExercise
from crmcourse.exercises._lab import one_value as _one

#: The quiz's hotline log: (ticket, priority, opened, closed or None) - the same rows as the notebook's table.
HOTLINE = (
    ("LY-01", "urgent", "2025-11-03 09:00", "2025-11-03 10:30"),
    ("LY-02", "normal", "2025-11-03 11:15", "2025-11-03 17:15"),
    ("LY-03", "urgent", "2025-11-04 08:40", "2025-11-04 12:40"),
    ("LY-04", "normal", "2025-11-04 14:00", "2025-11-07 14:00"),
    ("LY-05", "urgent", "2025-11-05 16:30", "2025-11-05 19:00"),
    ("LY-06", "normal", "2025-11-06 09:00", "2025-11-06 11:00"),
    ("LY-07", "urgent", "2025-11-06 22:00", "2025-11-07 09:00"),
    ("LY-08", "urgent", "2025-11-07 10:00", None),
    ("LY-09", "urgent", "2025-11-07 13:20", "2025-11-07 15:50"),
    ("LY-10", "normal", "2025-11-08 09:30", "2025-11-08 12:30"),
)


def _hours(opened: str, closed: str) -> float:
    fmt = "%Y-%m-%d %H:%M"
    return (datetime.strptime(closed, fmt) - datetime.strptime(opened, fmt)).total_seconds() / 3600


def _closed(priority: str | None = None) -> list[float]:
    return [_hours(o, c) for _, p, o, c in HOTLINE if c is not None and (priority is None or p == priority)]


def _urgent_within(limit: float = 4, strict: bool = False) -> float:
    hours = _closed("urgent")
    return sum((h < limit) if strict else (h <= limit) for h in hours) / len(hours)


def _urgent_within_all_urgent() -> float:
    urgent = [r for r in HOTLINE if r[1] == "urgent"]
    return sum(r[3] is not None and _hours(r[2], r[3]) <= 4 for r in urgent) / len(urgent)


_PO = ("FROM purchase_orders po JOIN purchase_order_lines l ON l.po_id = po.po_id")


EXERCISES = [
    ChoiceExercise(
        id="m5_quiz_customer",
        title="Which buyer is a customer (客户) rather than a consumer in the course material's sense?",
        hint="The material's customer is a group with a shared need, long and complex service, a complex "
             "relationship, and a tier.",
        options=("a tourist buying a bottle of water", "a city hospital buying printers for all its wards",
                 "a student buying a pen", "a passer-by buying a newspaper"),
        answer="3fe85de771c6fcae",
        feedback={
            "7ec1e4465cc585f7": "One person, one short purchase, no service afterwards: a consumer.",
            "55ad11088e313152": "An individual with a short, simple need: a consumer in the material's sense.",
            "0effed62561d078d": "A one-off purchase by one person, with no relationship to manage: a consumer.",
        },
        explanation="The hospital is a group with a shared need, buys through several people, needs years of "
                    "service and is managed at a tier: a customer (客户). That is what a CRM's accounts, contacts "
                    "and histories are for.",
        task="classify",
    ),
    ChoiceExercise(
        id="m5_quiz_principle",
        title="A bank's CRM alerts the branch manager when a key client's complaint is unanswered after an hour",
        hint="Which of the four principles of keeping a relationship is about how quickly the firm reacts?",
        options=("warmth", "convenience", "personal service", "fast response"),
        answer="559cef8502a5987c",
        feedback={
            "959ec8e8276a3b9f": "Warmth is about closeness and emotional investment; the alert is about time.",
            "f6339e6153618582": "Convenience and choice concern how the client can deal with the bank, not how fast "
                                "it answers.",
            "a4b3713981ba5375": "The alert is the same for every key client; what it protects is the speed of the answer.",
        },
        explanation="Fast, effective service and an immediate reaction is the fourth principle; the CRM makes a "
                    "late answer visible while it can still be put right.",
        task="classify",
    ),
    ChoiceExercise(
        id="m5_quiz_key",
        title="A new contact names account HX-A9999, which does not exist. Which schema rule refuses it?",
        hint="Which rule ties a column to the rows of another table?",
        options=("PRIMARY KEY", "NOT NULL", "REFERENCES", "CHECK"),
        answer="75e5637f2c1a9057",
        feedback={
            "c2646080e9d447aa": "The primary key stops two contacts sharing an id; it says nothing about the account.",
            "7ade6f624e0a2013": "NOT NULL only requires a value; HX-A9999 is a value.",
            "7ec25a3fb95a12ad": "A CHECK tests the row's own values; whether another table holds the account is a "
                                "different rule.",
        },
        explanation="REFERENCES makes account_id a foreign key: the account must exist, so no contact can belong "
                    "to no customer.",
        task="decide",
    ),
    ChoiceExercise(
        id="m5_quiz_copy",
        title="A customer reorders last month's ten toner cartridges for the same address",
        hint="Afterwards, must the world hold one order or two?",
        options=("edit last month's order", "copy last month's order", "enter a new order from scratch"),
        answer="878d523d7020c98b",
        feedback={
            "ed04cb8c4cd9ffdd": "Editing would overwrite last month's order, which was delivered and invoiced: that "
                                "record must stay.",
            "99019df04cb97c80": "That works, but retypes everything the CRM already holds - and invites typing errors.",
        },
        explanation="A repeat order is a second, similar record: copy keeps last month's order as it was and "
                    "starts the new one with its lines and addresses filled in.",
        task="decide",
    ),
    ChoiceExercise(
        id="m5_quiz_clause",
        title="A report should give one line per sales rep, but returns a single line for the whole company",
        hint="Which clause gathers rows into one line per group?",
        options=("SELECT", "WHERE", "GROUP BY", "ORDER BY"),
        answer="021f96cf451d2ecf",
        feedback={
            "2739d4b04c927ab8": "Adding the rep's name to SELECT alone is not enough: the count still runs over all rows.",
            "f48a2a5d923b8777": "WHERE keeps or drops rows; it does not split the count by rep.",
            "d1c1fb0e6d51fab8": "ORDER BY sorts lines; with one line there is nothing to sort.",
        },
        explanation="COUNT or SUM without GROUP BY adds up every row into one line; GROUP BY the rep makes one "
                    "line per rep (and the rep's name then belongs in SELECT too).",
        task="decide",
    ),
    ChoiceExercise(
        id="m5_quiz_followup",
        title="When is a follow-up visit (客户回访) best made?",
        hint="The course material's follow-up plan names the moments and says who should make the first move.",
        options=("only when the customer complains", "before the customer has to come to you",
                 "once a year, for every customer alike", "only after the invoice is paid"),
        answer="35419f68e2a9f615",
        feedback={
            "5c49be363630acbc": "Then the customer has already had to come to you; the plan wants the call earlier.",
            "402da0eae002152c": "The plan asks for a regular schedule, but segmented: different customers get "
                                "different service.",
            "168d49846f2a2969": "Payment is finance's moment, not the customer's; the plan ties the visit to the "
                                "customer's use of the product.",
        },
        explanation="Before the customer needs you - when they have trouble using the product, after a fault or "
                    "repair, when they think of buying again. A call that comes first shows care.",
        task="decide",
    ),
    ChoiceExercise(
        id="m5_quiz_term",
        title="The lab software labels the ticket tab 传票. What do you call a service ticket in a letter to a customer?",
        hint="The glossary gives the term and says why the screen's word is wrong.",
        options=("传票", "服务工单", "发票", "报价单"),
        answer="0e01e9e0da3c52dd",
        feedback={
            "fb22c594ca102aa8": "传票 is a court summons - a mistranslation of trouble ticket in the lab software. "
                                "A customer reading it would think of a lawsuit.",
            "f1cbcf88af68588a": "发票 is an invoice (experiment 9).",
            "c9785a7eaea5a522": "报价单 is a quote (experiment 7).",
        },
        explanation="服务工单 (or simply 工单) is the service ticket. The lab's 传票 is a mistranslation: it means a "
                    "court summons.",
        task="decide",
    ),
    ChoiceExercise(
        id="m5_quiz_kpi",
        title="The sales slide says Q4 sales were 2.1 million CNY; finance says Q4 revenue was 1.3 million",
        hint="Think of the road from a won deal to an invoice, and when each figure is counted.",
        options=("one of the two figures is wrong", "won and invoiced are different moments",
                 "one figure includes VAT", "finance counts only paid invoices"),
        answer="7e29f3d181186556",
        feedback={
            "ab42a88da90689e2": "Both can be right: they measure different steps of the flow.",
            "f90a0f2286dd606b": "Nothing in the figures points to tax; look at when each is counted.",
            "4f0e4ccdc0095ca7": "Revenue is booked when invoiced, not when paid; and the gap here has another cause.",
        },
        explanation="Sales counts deals won in the quarter; revenue counts invoices, issued after delivery. A "
                    "deal won in December is invoiced in January - so a KPI page says which one it shows.",
        task="decide",
    ),
    NumberExercise(
        id="m5_quiz_po_open",
        title="Value of Huaxin's purchase orders approved but not yet received (CNY)",
        hint="A purchase order's value is the sum of its lines, each quantity times unit cost; keep the orders "
             "whose status says approved.",
        expected=lambda: _one(f"SELECT SUM(l.quantity * l.unit_cost) {_PO} WHERE po.status = 'approved'"),
        rel_tol=1e-6,
        slips={lambda: _one(f"SELECT SUM(l.quantity * l.unit_cost) {_PO}"):
               "That is every purchase order of the year: keep only those still waiting for their goods.",
               lambda: _one(f"SELECT SUM(l.quantity * l.unit_cost) {_PO} WHERE po.status = 'received'"):
               "Those orders have arrived already: the question asks for the ones still to come."},
        task="compute",
    ),
    ChoiceExercise(
        id="m5_quiz_supplier",
        title="The supplier from which Huaxin received goods of the highest value in 2025",
        hint="Join the received purchase orders to their lines and suppliers; compare values, not numbers of orders.",
        options=("Dongfang Imaging Co.", "Jinghua Paper Products", "Tianrun Toner Technology",
                 "Kuaiyin Production Systems", "Yunwen Software", "Heng'an Parts and Logistics"),
        answer="6e236f4ffa9cb3b4",
        feedback={
            "cf54b211a3f00cba": "Dongfang ties for the most orders, but the question asks for value: add up quantity "
                                "times unit cost.",
            "4de3a87251b0d4af": "Yunwen comes second by value; check that you kept every received order of every "
                                "supplier.",
            "805cae30072da23b": "Did you include orders not yet received? Keep the status 'received'.",
        },
        explanation="Kuaiyin's production printing systems are few but expensive: a handful of lines outweighs "
                    "hundreds of toner cartridges.",
        task="compute",
    ),
    NumberExercise(
        id="m5_quiz_memo_accounts",
        title="Accounts with at least one memo",
        hint="The memos table names an account for each memo; some accounts have several memos.",
        expected=lambda: _one("SELECT COUNT(DISTINCT account_id) FROM memos"),
        integer=True,
        slips={lambda: _one("SELECT COUNT(*) FROM memos"):
               "That counts memos. The question counts accounts: an account with three memos counts once."},
        task="compute",
    ),
    NumberExercise(
        id="m5_quiz_hotline_sla",
        title="Share of Lianyun's closed urgent hotline tickets solved within 4 hours",
        hint="Keep the closed urgent tickets; a ticket solved in exactly 4 hours kept the promise.",
        expected=_urgent_within,
        rel_tol=1e-3,
        percent=True,
        slips={lambda: _urgent_within(strict=True):
               "A ticket solved in exactly 4 hours kept a 'within 4 hours' promise: count it.",
               _urgent_within_all_urgent:
               "Your whole has the wrong size: a service level is measured on the tickets of its priority that "
               "are closed."},
        task="compute",
    ),
    NumberExercise(
        id="m5_quiz_hotline_median",
        title="Median resolution time of Lianyun's closed hotline tickets (hours)",
        hint="Hours from opening to closing for every closed ticket; then the middle value.",
        expected=lambda: median(_closed()),
        rel_tol=1e-3,
        slips={lambda: mean(_closed()): "That is the mean, pulled up by the one ticket that took three days: the "
                                        "median describes the typical ticket."},
        task="compute",
    ),
]
