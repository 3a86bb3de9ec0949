"""Exercises of 6.4 Care messages (solutions/06_loyalty/04_care_messages.ipynb).

Counts are computed with crmcourse.loyalty from the shipped Qingmei tables when a check first runs;
discrete answers are stored as salted hashes.
"""
from crmcourse.checks.kinds import ItemsExercise, MappingExercise, NumberExercise

_PARTS = ("trigger", "signature", "greeting", "thanks", "call to action")


def _birthday_ready() -> float:
    from crmcourse import data, loyalty

    return float(len(loyalty.birthdays_between(data.load("qingmei_customers"), "2026-01-01", "2026-01-31")))


def _first_ready() -> float:
    from crmcourse import data, loyalty

    due = loyalty.first_purchase_due(data.load("qingmei_transactions"), on="2026-01-01", lag=(7, 15))
    due = due.merge(data.load("qingmei_customers")[["customer_id", "opted_out"]], on="customer_id")
    return float(len(loyalty.render_messages(due, loyalty.TEMPLATES["first purchase"]).messages))


def _too_long() -> float:
    from crmcourse import data, loyalty

    batch = loyalty.render_messages(data.load("qingmei_customers"), loyalty.TEMPLATES["holiday"], max_length=160,
                                    on_problem="skip",
                                    values={"holiday": "Spring Festival", "offer": "2x points", "offer_end": "Feb. 28"})
    return float(batch.skipped["reason"].str.startswith("longer").sum())


EXERCISES = [
    MappingExercise(
        id="m6_msg_parts",
        title="The parts of the birthday message",
        hint="Who writes (signature), the good wish (greeting), what to do next (call to action), and thanks.",
        options=_PARTS,
        answer={
            "Qingmei:": "c139d1e719703f69",
            "Happy birthday!": "ad35f3a0771ac1eb",
            "collect it in any Qingmei shop by ${collect_by}": "d344470fdb2dfc97",
            "Thank you for being with us.": "25c46fd9e460d3ee",
        },
    ),
    ItemsExercise(
        id="m6_msg_fields",
        title="The fields of the holiday template",
        hint="loyalty.template_fields(loyalty.TEMPLATES['holiday']).",
        options=("holiday", "member_level", "offer", "offer_end", "gift", "collect_by", "first_date", "name"),
        answer=("8b37b27df7819755", "9ac1cd5a670f6998", "05ba927c67593cdb",
                "16bd168b3bf3e165"),
    ),
    NumberExercise(
        id="m6_msg_birthday",
        title="January birthday messages ready to send",
        hint="len(batch.messages): opted-out members are skipped.",
        expected=_birthday_ready,
        abs_tol=0, rel_tol=0,
    ),
    NumberExercise(
        id="m6_msg_first",
        title="First-purchase messages ready on 2026-01-01",
        hint="render_messages(due, loyalty.TEMPLATES['first purchase']) and count its messages.",
        expected=_first_ready,
        abs_tol=0, rel_tol=0,
    ),
    NumberExercise(
        id="m6_msg_too_long",
        title="Holiday messages set aside as longer than 160 characters",
        hint="Rows of festival.skipped whose reason starts with 'longer'.",
        expected=_too_long,
        abs_tol=0, rel_tol=0,
    ),
]
