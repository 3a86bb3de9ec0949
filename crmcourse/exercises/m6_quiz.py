"""Exercises of 6.5 Module 6 quiz (solutions/06_loyalty/05_quiz.ipynb).

Instant-feedback quiz exercises: multiple choice with an explanation shown after a right answer,
and computations on data module 6 did not use - Fengtai Motors' fleet buyers (``dealer_fleet``),
Lianyun Telecom's subscribers (``lianyun_subscribers``) and two small tables written out here and
in the notebook (a tea shop's receipts and a bakery's referrals).
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

#: The tea shop's receipts of the quiz: (customer, date) - the same rows as the notebook's table.
TEA_RECEIPTS = (
    ("T1", "2025-03-02"), ("T1", "2025-05-18"), ("T1", "2025-11-30"),
    ("T2", "2025-04-11"),
    ("T3", "2025-06-01"), ("T3", "2025-06-20"),
    ("T4", "2024-12-28"), ("T4", "2025-08-09"),
    ("T5", "2025-09-14"), ("T5", "2025-09-15"), ("T5", "2025-12-01"), ("T5", "2025-12-24"),
    ("T6", "2025-10-05"),
)
#: The bakery's referrals: (referrer, friend's first purchase in CNY, paid) - as in the notebook.
BAKERY_REFERRALS = (
    ("B1", 120.0, True), ("B1", 260.0, True), ("B1", 90.0, False),
    ("B2", 480.0, True), ("B2", 35.0, True),
    ("B3", 820.0, False), ("B3", 210.0, True),
)
#: The CLV question's subscriber: margin per year (CNY), retention, discount rate, programme.
MARGIN, RETENTION, RATE, PROGRAMME_COST, CHURN_CUT = 600.0, 0.8, 0.1, 50.0, 0.25

_MARKETS = ("customer market", "supplier market", "internal market", "competitor market", "distributor market",
            "influence market")
_LEVELS = ("basic", "reactive", "accountable", "proactive", "partnership")
_IDIC = ("identify", "differentiate", "interact", "customise")
_DRIVERS = ("more communication", "a better corporate image", "distinctive services", "customer-centredness",
            "a focused customer range", "proper complaint handling")


def _clv(margin: float, retention: float) -> float:
    return margin * retention / (1 + RATE - retention)


def _programme_gain(cost: float = PROGRAMME_COST) -> float:
    with_programme = 1 - (1 - RETENTION) * (1 - CHURN_CUT)
    return _clv(MARGIN - cost, with_programme) - _clv(MARGIN, RETENTION)


def _partners(year: int = 2025):
    from crmcourse import data

    fleet = data.load("dealer_fleet")
    return fleet[(fleet["year"] == year) & (fleet["relationship"] == "partner")]


def _sms_audience(skip_contacted: bool = True) -> int:
    from crmcourse import data

    subs = data.load("lianyun_subscribers")
    chosen = subs[subs["channel_preference"] == "sms"]
    if skip_contacted:
        chosen = chosen[~chosen["contacted_last_30d"]]
    return int(len(chosen))


def _receipts():
    import pandas as pd

    return pd.DataFrame(TEA_RECEIPTS, columns=["customer_id", "date"]).assign(date=lambda t: pd.to_datetime(t["date"]))


def _repeat_rate() -> float:
    from crmcourse import loyalty

    return float(loyalty.repeat_purchase_rate(_receipts(), "2025-01-01", "2025-12-31"))


def _repeat_all_receipts() -> float:
    t = _receipts()
    t = t[t["date"].dt.year == 2025]
    counts = t.groupby("customer_id").size()
    return float(counts[counts >= 2].sum() / len(t))


def _vouchers(paid_only: bool = True) -> float:
    from crmcourse import loyalty

    return float(sum(loyalty.referral_voucher(amount, paid=(paid or not paid_only))
                     for _, amount, paid in BAKERY_REFERRALS))


EXERCISES = [
    ChoiceExercise(
        id="m6_quiz_market",
        title="Huaxin trains its service engineers and asks them each quarter what slows their work. Which market?",
        hint="Whose relationship with the firm is this - buyers, suppliers, the firm's own people, rivals, "
             "resellers or those who shape the rules?",
        options=_MARKETS,
        answer="354afec0517dc4ef",
        feedback={
            "87a231dd4fa68605": "The engineers serve the customers, but they are not the ones buying here.",
            "8cd929c1593c6072": "They work for Huaxin, not for a firm that supplies it.",
            "eb580728679007a8": "They shape the service, not the rules around the firm: revisit who is inside it.",
        },
        explanation="Employees are the internal market: internal marketing treats them as customers - learn their "
                    "needs, motivate them, talk with them - because unhappy staff rarely make happy customers.",
        task="classify",
    ),
    ChoiceExercise(
        id="m6_quiz_level",
        title="A private bank has 40 family-office clients, each bringing millions of yuan of margin a year. Which "
              "of Kotler's levels pays?",
        hint="Place the bank in Kotler's grid: how many customers, and how much margin each?",
        options=_LEVELS,
        answer="a235bbaa60916eb2",
        feedback={
            "7dadf24e10eca47a": "Proactive fits few customers with a medium margin, or a medium number with a high "
                                "one; here both point to the closest level.",
            "f081d679ef6346c2": "Accountable fits many customers with high margins or few with low ones.",
            "d1fb318ec4ca5892": "Basic is for many customers with thin margins: the opposite corner of the grid.",
        },
        explanation="Few customers with high margins each: the partnership level, where the bank works "
                    "continuously with each client on their success.",
        task="decide",
    ),
    ChoiceExercise(
        id="m6_quiz_bond",
        title="Which of these would a rival find hardest to copy?",
        hint="Money can be matched by money and people by people; what is built into the customer's own work?",
        options=("a 10% loyalty discount", "a named adviser who calls before each season",
                 "the customer's ordering system linked to the supplier's stock", "double points in December"),
        answer="7231c2ed7074ecf1",
        feedback={
            "fbab97e844f63855": "A financial bond: a rival matches a discount the same day.",
            "71cc3df5336206e3": "A social bond holds better than a price, but a rival can hire good advisers too.",
            "90b3af6f02943780": "Points are a financial bond, as easy to copy as a discount.",
        },
        explanation="A structural bond is built into the customer's own processes: leaving means rebuilding "
                    "them, so it holds best - Berry and Parasuraman's level 3.",
        task="decide",
    ),
    ChoiceExercise(
        id="m6_quiz_idic",
        title="A hotel chain links each guest's bookings, restaurant bills and spa visits to one guest id across "
              "its hotels. Which IDIC step is that?",
        hint="Does it recognise the guest, tell guests apart, talk with them, or change what they get?",
        options=_IDIC,
        answer="d8ff22e09d1f7b0f",
        feedback={
            "3d23a390a9e6e361": "Telling guests apart comes next - it needs one record per guest first.",
            "53280c2d634b28d7": "Nothing is said to the guest yet: the hotel is only linking its records.",
            "65aa7ca1514ff825": "Nothing the guest receives has changed yet.",
        },
        explanation="Recognising the same customer at every contact and channel, and linking it all to one "
                    "record, is the identify step - the base of the other three.",
        task="classify",
    ),
    ChoiceExercise(
        id="m6_quiz_driver",
        title="A customer's transfer went missing; within a day the branch found it, apologised and refunded the "
              "fee. Which loyalty driver is at work?",
        hint="The six drivers: communication, image, distinctive services, customer-centredness, a focused "
             "customer range, complaint handling. What set this contact off?",
        options=_DRIVERS,
        answer="390ceae8dcfcdb17",
        feedback={
            "572c7b8d4cf540de": "There was contact, but it was set off by a problem the customer reported.",
            "8796aeaddc14cd1d": "Nothing here is a service the rivals lack; it is how a failure was put right.",
            "e9c0b0e2b9139455": "The image may gain, but the driver at work is how the failure was handled.",
        },
        explanation="A complaint handled fast and fairly can leave a customer more loyal than before the "
                    "failure: proper complaint handling is one of the six drivers of loyalty.",
        task="classify",
    ),
    ChoiceExercise(
        id="m6_quiz_sms",
        title="'Lianyun Telecom: Happy Spring Festival! Thank you for a year with us - open the app for your holiday "
              "data gift.' What is missing?",
        hint="Check the five parts one by one, then the rule every marketing message must keep.",
        options=("a brand signature", "thanks", "a call to action", "a way to opt out"),
        answer="23da1db5df8469d2",
        feedback={
            "037602ce561b93b7": "It starts with the brand's name: the signature is there.",
            "b3138aec2c791383": "'Thank you for a year with us' is the thanks.",
            "481e12d29bc39c96": "'Open the app for your holiday data gift' tells the customer what to do next.",
        },
        explanation="Trigger, signature, greeting, thanks and call to action are all there; what is missing is a "
                    "way to stop the messages (such as 'Reply TD to stop') - a marketing message needs consent.",
        task="classify",
    ),
    ChoiceExercise(
        id="m6_quiz_learning",
        title="Why does a learning relationship keep a customer even when a rival offers the same one-to-one service?",
        hint="What has the first firm built with the customer that the rival does not have yet?",
        options=("the customer would have to teach the rival everything again",
                 "the first firm has a contract that forbids switching", "the rival may not use the customer's data",
                 "loyal customers get a discount for staying"),
        answer="d49fc9d31a1e2f81",
        feedback={
            "2a6eed0b1deb5277": "A learning relationship holds without a contract; revisit what it is built from.",
            "71445701375cc68c": "The customer could tell the rival everything - the point is what that costs her.",
            "212146c9877c4c42": "That is a financial bond, easy to copy; a learning relationship holds by knowledge.",
        },
        explanation="Each contact teaches the firm more and the service fits better; switching means teaching a new "
                    "supplier all of it again, which costs the customer time and effort.",
        task="decide",
    ),
    ChoiceExercise(
        id="m6_quiz_defections",
        title="Reichheld and Sasser (1990): cutting defections by five percentage points raised profits by about how "
              "much in the service firms they studied?",
        hint="Recall the range quoted in 6.3 - far more than the five points themselves.",
        options=("about 5%", "about 10%", "25% to 85%", "200% to 300%"),
        answer="558b109953f89f08",
        feedback={
            "1aa919bab69393e9": "Much more: a kept customer brings margin year after year, growing over time.",
            "787873abf4c943cf": "More than that: revisit why a kept customer is worth more each year.",
            "7cbb63959be7f5b7": "Too much: the range they report tops out below that.",
        },
        explanation="From 25% to 85% depending on the industry (85% in a bank branch system): kept customers buy "
                    "more, cost less to serve and bring others, so small cuts in defections pay a great deal.",
        task="classify",
    ),
    NumberExercise(
        id="m6_quiz_share_of_wallet",
        title="Fengtai Motors' share of wallet across its 2025 partner buyers",
        hint="Share of wallet here is Fengtai's vehicles out of all the buyer's vehicles; for the partners "
             "together, every vehicle counts once.",
        expected=lambda: float(_partners()["our_vehicles"].sum() / _partners()["fleet_vehicles"].sum()),
        rel_tol=1e-3,
        percent=True,
        slips={lambda: float((_partners()["our_vehicles"] / _partners()["fleet_vehicles"]).mean()):
                   "You averaged each partner's share, so a small fleet counts as much as a big one. Take all "
                   "Fengtai vehicles out of all vehicles."},
        task="compute",
    ),
    NumberExercise(
        id="m6_quiz_sms_audience",
        title="Lianyun subscribers who prefer SMS and were not contacted in the last 30 days",
        hint="Two conditions pick the rows: the preferred channel and the last contact.",
        expected=_sms_audience,
        abs_tol=0, rel_tol=0,
        slips={lambda: _sms_audience(skip_contacted=False): "That counts everyone who prefers SMS; leave out those "
                                                            "contacted in the last 30 days."},
        task="compute",
    ),
    NumberExercise(
        id="m6_quiz_clv_gain",
        title="Lifetime-value gain per subscriber from a programme (CLV = m r / (1 + i - r))",
        hint="Value without: margin 600, retention 0.8. Value with: the margin less the programme's cost, and a "
             "retention whose defections are cut by a quarter. The gain is the difference.",
        expected=_programme_gain,
        rel_tol=1e-3,
        slips={lambda: _programme_gain() + _clv(MARGIN, RETENTION):
                   "That is the value with the programme; the question asks for the gain over the value without.",
               lambda: _programme_gain(cost=0.0):
                   "You left out the programme's cost: it comes off the margin every year.",
               lambda: _clv(MARGIN - PROGRAMME_COST, RETENTION + CHURN_CUT) - _clv(MARGIN, RETENTION):
                   "A cut in defections by a quarter cuts the leavers (1 - r) by a quarter; it does not add 0.25 "
                   "to the retention."},
        task="compute",
    ),
    NumberExercise(
        id="m6_quiz_repeat_rate",
        title="The tea shop's repeat purchase rate in 2025",
        hint="The repeat purchase rate is a share of customers - those who bought at least twice in the "
             "period, out of all who bought in it. Mind the period.",
        expected=_repeat_rate,
        rel_tol=1e-3,
        percent=True,
        slips={_repeat_all_receipts: "You counted receipts, not customers: the rate is a share of the period's "
                                     "buyers.",
               lambda: 4 / 6: "Check each customer's dates against the period: one purchase falls outside 2025."},
        task="compute",
    ),
    NumberExercise(
        id="m6_quiz_vouchers",
        title="Vouchers the bakery owes its referrers in all (CNY, the 6.3 voucher scale)",
        hint="One voucher per friend, scaled to the friend's first purchase - and only once the friend has paid.",
        expected=_vouchers,
        rel_tol=1e-6,
        slips={lambda: _vouchers(paid_only=False): "That counts friends who have not paid yet: a reward is "
                                                   "confirmed only after payment."},
        task="compute",
    ),
]
