"""Exercises of 6.4 Care messages (solutions/06_loyalty/04_care_messages.ipynb).

Counts are computed with crmcourse.loyalty from the shipped Qingmei tables when a check first runs;
discrete answers are stored as salted hashes; the care SMS is a written answer judged by the
care-SMS rubric. ``task=`` says what each exercise asks.
"""
from crmcourse.checks import WrittenExercise, care_sms_rubric
from crmcourse.checks.kinds import ChoiceExercise, MappingExercise, NumberExercise

_PARTS = ("trigger", "signature", "greeting", "thanks", "call to action")


def _february(opted_out="opted_out") -> int:
    from crmcourse import data, loyalty

    return int(len(loyalty.birthdays_between(data.load("qingmei_customers"), "2026-02-01", "2026-02-28",
                                             opted_out=opted_out)))


def _first_ready(lag=(7, 10)) -> int:
    from crmcourse import data, loyalty

    due = loyalty.first_purchase_due(data.load("qingmei_transactions"), on="2026-01-01", lag=lag)
    due = due.merge(data.load("qingmei_customers")[["customer_id", "opted_out"]], on="customer_id")
    return int(len(loyalty.render_messages(due, loyalty.TEMPLATES["first purchase"]).messages))


EXERCISES = [
    MappingExercise(
        id="m6_msg_parts",
        title="The parts of the birthday message",
        hint="For each piece ask what it does for the reader: tells who writes, wishes well, thanks, or says "
             "what to do next?",
        options=_PARTS,
        answer={
            "Qingmei:": "c139d1e719703f69",
            "Happy birthday!": "ad35f3a0771ac1eb",
            "collect it in any Qingmei shop by ${collect_by}": "d344470fdb2dfc97",
            "Thank you for being with us.": "25c46fd9e460d3ee",
        },
        concepts={"trigger": "the occasion that makes the message due now",
                  "signature": "who is writing - the brand",
                  "greeting": "the good wish that fits the occasion",
                  "thanks": "thanks for the customer's support",
                  "call to action": "what the customer should do next"},
        task="classify",
    ),
    ChoiceExercise(
        id="m6_msg_predict_missing",
        title="Predict: the holiday template is rendered with holiday and offer given, but no offer end",
        hint="Reread the first of the three checks render_messages makes before anything is sent.",
        options=("every message goes out with ${offer_end} left in the text",
                 "the customers without an offer end are skipped and listed",
                 "no message is made: the batch stops and names the missing field",
                 "the field is left empty and the messages go out shorter"),
        answer="8bd149dd31e78d94",
        feedback={
            "b977fe30ccafce27": "That is the 'Dear $name' accident the templates are there to prevent: a missing "
                                "field is refused, never sent as it is.",
            "2b0bf74020e38dfc": "Skipping is for a problem with one customer (an empty value). Here the field is "
                                "missing for everybody: revisit the first check.",
            "5ef5379626fd4a36": "A message that promises an offer 'until' nothing is worse than none: the check "
                                "refuses it.",
        },
        explanation="A field that is neither a column of the customer table nor in values is missing for every "
                    "customer, so the whole batch stops before a single message is made - and the error says "
                    "which field and how to fix it.",
        task="predict",
    ),
    NumberExercise(
        id="m6_msg_birthday_feb",
        title="February 2026 birthday messages ready to send",
        hint="The customers with a birthday in February, then the rule about consent.",
        expected=_february,
        abs_tol=0, rel_tol=0,
        slips={lambda: _february(opted_out=None): "That includes the members who opted out: they never get a "
                                                  "message, a birthday one included."},
        task="compute",
    ),
    NumberExercise(
        id="m6_msg_first_window",
        title="First-purchase messages ready on 2026-01-01 with a 7-10-day window",
        hint="The same steps as for the 7-15-day window, with only the window changed.",
        expected=_first_ready,
        abs_tol=0, rel_tol=0,
        slips={lambda: _first_ready((7, 15)): "That is the count for the source's 7-15-day window; narrow it to "
                                              "7-10 days."},
        task="what-if",
    ),
    ChoiceExercise(
        id="m6_msg_fit_fix",
        title="Which change makes every member's holiday message fit one SMS?",
        hint="How many characters too long is the longest message, and what does each change do to every "
             "member's text - and to who gets it?",
        options=('write the offer end as "Feb 28", without the dot',
                 'say "double points" instead of "2x points"',
                 "raise max_length to 170",
                 "send it only to silver, gold and diamond members"),
        answer="2d5ad882935668f0",
        feedback={
            "d2087d2d73597b67": "That makes every message four characters longer: more of them run over, not fewer.",
            "11ca14b4e0795933": "The check then lets the long messages through, but a phone still splits them into "
                                "two SMS: it hides the problem and doubles the cost.",
            "16c814fc5b5ddea5": "The messages fit, but most of the members lose their holiday greeting: fix the "
                                "text, not the audience.",
        },
        explanation="The longest level name, 'ordinary', pushes the text one character over 160. Dropping one "
                    "character from the fixed part of the template makes every member's message fit - the fix "
                    "belongs in the template, tested on the longest value.",
        task="predict",
    ),
    WrittenExercise(
        id="m6_write_care_sms",
        title="A first-purchase care SMS for Qingmei",
        hint="Five parts - the occasion, who writes, a good wish, thanks, what to do next - and a way to stop the "
             "messages; no pressure to buy, and short enough for a phone.",
        rubric=care_sms_rubric(brand_cues=("Qingmei", "清美", "青美"), trigger="first purchase"),
        task="written",
    ),
]
