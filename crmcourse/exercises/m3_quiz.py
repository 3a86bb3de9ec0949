"""Exercises of 3.6 Module 3 quiz (solutions/03_spin/06_quiz.ipynb).

Instant-feedback quiz exercises: multiple choice with an explanation shown after a right answer,
and computations on data module 3 did not use - a call log of Lianyun Telecom's enterprise sales
team (written out here and in the notebook), Fengtai Motors' fleet buyers (``dealer_fleet``)
and simulated calls on the bank buyer.
"""
from crmcourse.checks.kinds import ChoiceExercise, NumberExercise

#: The quiz's call log: (call, rep, account, S, P, I, N, outcome) - the same rows as the notebook's table.
CALL_LOG = (
    (1, "Chen", "Hengda Logistics", 6, 1, 0, 0, "no-sale"),
    (2, "Chen", "Baiyun Hotel", 5, 2, 1, 0, "continuation"),
    (3, "Chen", "Qiaotou Hospital", 3, 1, 1, 1, "continuation"),
    (4, "Chen", "Fuxing School", 8, 1, 0, 1, "continuation"),
    (5, "Ma", "Jinlu Express", 2, 2, 3, 2, "advance"),
    (6, "Ma", "Riverside Mall", 1, 1, 2, 1, "advance"),
    (7, "Ma", "Taihe Bank", 2, 2, 1, 1, "continuation"),
    (8, "Ma", "Minsheng Clinic", 1, 2, 4, 2, "order"),
    (9, "Qian", "Xinhua Printing", 3, 2, 2, 1, "advance"),
    (10, "Qian", "Dongfang Hotel", 4, 1, 1, 0, "no-sale"),
    (11, "Qian", "Yuxi Government Office", 2, 1, 2, 2, "advance"),
    (12, "Qian", "Lanshan Express", 3, 3, 1, 0, "continuation"),
)
_S, _P, _I, _N, _OUT = 3, 4, 5, 6, 7
_WIN = ("advance", "order")
_TYPES = ("S", "P", "I", "N")
_OUTCOMES = ("order", "advance", "continuation", "no-sale")


def _developed(rows=CALL_LOG):
    return [r for r in rows if r[_I] + r[_N] >= 2]


def _share(rows, outcomes) -> float:
    return sum(r[_OUT] in outcomes for r in rows) / len(rows)


def _log_success() -> float:
    return _share(_developed(), _WIN)


def _log_success_all_calls() -> float:
    return _share(CALL_LOG, _WIN)


def _log_advance_only() -> float:
    return _share(_developed(), ("advance",))


def _log_success_undeveloped() -> float:
    return _share([r for r in CALL_LOG if r[_I] + r[_N] < 2], _WIN)


def _chen():
    return [r for r in CALL_LOG if r[1] == "Chen"]


def _chen_situation_share() -> float:
    rows = _chen()
    return sum(r[_S] for r in rows) / sum(r[_S] + r[_P] + r[_I] + r[_N] for r in rows)


def _chen_mean_of_call_shares() -> float:
    rows = _chen()
    return sum(r[_S] / (r[_S] + r[_P] + r[_I] + r[_N]) for r in rows) / len(rows)


def _team_situation_share() -> float:
    return sum(r[_S] for r in CALL_LOG) / sum(r[_S] + r[_P] + r[_I] + r[_N] for r in CALL_LOG)


def _fleet(year: int):
    from crmcourse import data

    fleet = data.load("dealer_fleet")
    return fleet[(fleet["buyer_id"] == "FT-B06") & (fleet["year"] == year)].iloc[0]


def _wallet(year: int = 2025) -> float:
    row = _fleet(year)
    return float(row["our_vehicles"] / row["fleet_vehicles"])


def _wallet_upside_down() -> float:
    row = _fleet(2025)
    return float(row["fleet_vehicles"] / row["our_vehicles"])


def _bank_calls():
    from crmcourse import spin

    return spin.simulate_calls("bank", n=300, seed=5)


def _bank_success() -> float:
    return float(_bank_calls()["outcome"].isin(list(_WIN)).mean())


def _bank_not_lost() -> float:
    return float(_bank_calls()["outcome"].isin(list(_WIN) + ["continuation"]).mean())


def _bank_advances() -> int:
    return int(_bank_calls()["outcome"].isin(list(_WIN)).sum())


EXERCISES = [
    ChoiceExercise(
        id="m3_quiz_explicit",
        title="Which buyer statement is an explicit need?",
        hint="An implied need describes a problem or a dissatisfaction; an explicit need states a want or an "
             "intention to act.",
        options=("Our copiers are getting old.", "We need every branch printing again within four hours of a breakdown.",
                 "The toner bills are higher than I'd like.", "Repairs sometimes take a while."),
        answer='42bfad8c61535dd4',
        feedback={
            'c75d4c9de60a0907': "That describes a situation with a possible problem in it; the buyer wants nothing yet.",
            'c18aa97aa1dc4879': "A dissatisfaction is an implied need: the buyer has not said she wants to act.",
            '13a2fe3dc384f106': "A complaint about repairs is an implied need; nothing in it is a want.",
        },
        explanation="It states a clear want with a measure (within four hours): an explicit need. In large sales "
                    "only explicit needs predict success, so the investigating stage aims to reach statements "
                    "like this one.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_quiz_type",
        title="A warehouse manager is asked: 'When the night shift can't print shipping labels, what happens to the "
              "morning dispatch?'",
        hint="Does the question gather a fact, look for a difficulty, follow a difficulty to its effects, or ask "
             "what a solution would be worth?",
        options=_TYPES,
        answer='3b36f412809f33df',
        feedback={
            '0017c4374e8c8e22': "The difficulty (no labels at night) is already in the question; what is asked is "
                                "what it leads to.",
            '6c465a6092bdd963': "Nothing here is about a solution: the question is about the problem's effect.",
            '4a2eff3a4b542ce5': "It is not a neutral fact about the set-up: it asks what a difficulty leads to.",
        },
        explanation="It takes a difficulty and asks about its consequence for the morning's work: an implication "
                    "question, the kind that makes a problem feel worth solving.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_quiz_sizing",
        title="After a hotel manager admits the booking system loses reservations, the seller asks: 'How many hours "
              "a week do your receptionists spend re-entering bookings by hand?'",
        hint="Apply the P-or-I test: is the question asking whether a difficulty exists, or sizing what an "
             "admitted difficulty costs?",
        options=_TYPES,
        answer='a2e3496d06e510e2',
        feedback={
            '7884de58f1b963c3': "It sounds like a fact, but it measures the consequence of a problem the buyer has "
                                "just admitted. Revisit the P-or-I test.",
            '5b542194c1d43095': "The difficulty was already admitted; this question asks what it costs.",
            '6703f8b0e91e87d4': "A need-payoff question is about a solution's value; this one is about the "
                                "problem's cost.",
        },
        explanation="Questions that size the time or money a problem costs are implication questions, even when "
                    "they sound like a request for a fact.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_quiz_outcome",
        title="'Interesting. Send me your references and call me after the trade fair.' How did the call end?",
        hint="Is there a specific action the buyer agreed to take that moves the sale forward?",
        options=_OUTCOMES,
        answer='37756f9d535f78d1',
        feedback={
            'aa1897870e0b6da5': "The buyer commits to nothing herself: sending references and calling are the "
                                "seller's actions.",
            '8b8415b6a19926ae': "The buyer did not refuse: the sale goes on, without an agreed step.",
        },
        explanation="The sale goes on but the buyer agreed to no specific action of her own: a continuation, which "
                    "in a large sale is not a successful call.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_quiz_fab",
        title="The head of a school's administration has only said that teachers queue at the copier. The seller "
              "says: 'Teachers can send work to the copier from their desks, so nobody waits beside it.'",
        hint="A benefit needs a need the buyer has stated in so many words; a problem she describes is not yet one.",
        options=("feature", "advantage", "benefit"),
        answer='3803e9cd0858dd36',
        feedback={
            'cced5c895c58c9b9': "She described a problem (an implied need) but stated no need, so the statement "
                                "cannot be a benefit yet.",
            '4efcf9639a802afa': "It says what the offer does for its users, not just what it is: more than a "
                                "feature.",
        },
        explanation="It says how the offer helps, but for a need the buyer has not stated: an advantage, which in "
                    "a large sale tends to draw an objection. A need-payoff question first would make it a benefit.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_quiz_commit",
        title="The buyer has stated two explicit needs and approved a benefit. What does the research suggest next?",
        hint="Recall the three steps successful sellers use to obtain commitment in large sales.",
        options=("use an either-or close", "summarise the benefits and propose a specific next step",
                 "present the full product range", "ask more situation questions"),
        answer='5b1f1d776f0ff9da',
        feedback={
            '0de751e247e22a66': "Classic closing techniques reduce success in large sales: buyers feel pressed.",
            '04654b71d748c4d0': "Presenting more features now raises new price concerns and objections.",
            '9d169e1009dc09cf': "The investigating stage has done its work; more facts tire the buyer.",
        },
        explanation="Check that the key concerns are covered, summarise the benefits, and propose the highest "
                    "realistic advance: the way successful sellers obtained commitment in large sales.",
        task="decide",
    ),
    ChoiceExercise(
        id="m3_quiz_priority",
        title="An online retailer says: 'Before Double Eleven we must be able to double our lines for six weeks.' "
              "Which customer priority is that?",
        hint="Which of time, quality, cost, service and flexibility is about changing volumes as needs change?",
        options=("time", "quality", "cost", "service", "flexibility"),
        answer='708216d5ac9d4b42',
        feedback={
            '1e5265ffae7190b8': "There is a date in it, but the wish is to change capacity for a while and back: "
                                "flexibility.",
            '24419f870b298744': "Service is the help around the product; this wish is about adapting volumes.",
        },
        explanation="Scaling lines up for a peak and down afterwards is flexibility (柔性), one of the five "
                    "customer priorities the consultative-selling material asks sellers to analyse.",
        task="classify",
    ),
    ChoiceExercise(
        id="m3_quiz_chain",
        title="Which offer works at the 'after' end of a parcel carrier's purchasing value chain?",
        hint="'Buyers are sellers': the after end helps the customer serve its own customers.",
        options=("a one-month trial on the hill routes", "next-day replacement of broken handsets",
                 "a tracking page for the firm's own retail customers", "a lower price per SIM card"),
        answer='be6fd93a77f0ffb8',
        feedback={
            '67cc857d21530e87': "A trial helps the buyer decide: that is the before end.",
            '0bfb0ab0861ac825': "Replacing handsets is part of using the service: the middle of the chain.",
            '8d79356a11f03a61': "Price is where most sellers compete, in the middle of the chain.",
        },
        explanation="A tracking page helps the carrier serve the retailers who send it parcels - its own "
                    "customers - which is where solution selling says the most value is added.",
        task="classify",
    ),
    NumberExercise(
        id="m3_quiz_log_success",
        title="Call log: share of calls with at least two implication + need-payoff questions that succeeded",
        hint="Keep the calls whose implication and need-payoff questions add up to two or more, then take the "
             "share that ended in one of the two successful outcomes of a large sale.",
        expected=_log_success,
        abs_tol=5e-4,
        rel_tol=1e-3,
        percent=True,
        slips={
            _log_success_all_calls: "That is the share over all twelve calls. Keep the well-developed calls first.",
            _log_advance_only: "An order is a success too: count both successful outcomes.",
            1.0: "A continuation is not a success in a large sale: nothing was agreed.",
            _log_success_undeveloped: "You kept the calls with fewer than two developing questions; keep the others.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m3_quiz_log_situation",
        title="Call log: share of Chen's questions that were situation questions",
        hint="Add up Chen's situation questions over his four calls and divide by all the questions he asked in "
             "them; every question counts once.",
        expected=_chen_situation_share,
        abs_tol=5e-4,
        rel_tol=1e-3,
        percent=True,
        slips={
            _chen_mean_of_call_shares: "You averaged the four calls' shares, which weighs a short call like a long "
                                       "one. Divide Chen's situation questions by all his questions instead.",
            _team_situation_share: "That is the whole team's share; keep Chen's calls only.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m3_quiz_wallet",
        title="Fengtai Motors' share of wallet at Yinhe Public Security Bureau (FT-B06) in 2025",
        hint="Share of wallet compares what the buyer bought from us with what it bought from all dealers, in the "
             "same year.",
        expected=_wallet,
        abs_tol=5e-4,
        rel_tol=1e-3,
        percent=True,
        slips={
            _wallet_upside_down: "You divided the other way round: the share is our part of the buyer's purchases, "
                                 "between 0 and 1.",
            lambda: _wallet(2024): "That is the 2024 share; take the 2025 row.",
        },
        task="compute",
    ),
    NumberExercise(
        id="m3_quiz_sim_bank",
        title="Share of 300 simulated calls on the bank buyer (seed 5) that end in an advance or an order",
        hint="Simulate the calls on the bank scenario with the given number and seed, then take the share of the two "
             "successful outcomes.",
        expected=_bank_success,
        abs_tol=5e-4,
        rel_tol=1e-3,
        percent=True,
        slips={
            _bank_not_lost: "A continuation is not a success: count advances and orders only.",
            _bank_advances: "That is the number of successful calls; give their share of all 300.",
        },
        task="compute",
    ),
    ChoiceExercise(
        id="m3_quiz_bank_why",
        title="Why do so few simulated calls on the bank buyer succeed, compared with the hospital buyer of 3.1?",
        hint="Both groups of simulated sellers choose their questions the same random way. What differs is the "
             "buyer: look at what each scenario asks for before an advance.",
        options=("the bank buyer wants two explicit needs before any next step", "the bank calls ask more situation questions",
                 "the bank buyer has no hidden problems", "the bank calls used a different seed"),
        answer='067ac63e92410a13',
        feedback={
            'b93ea6b6aaf60169': "The simulated sellers pick question types the same way for every buyer.",
            'e50b6fd649043201': "The bank buyer has several hidden problems; the seller must develop them.",
            'ca9697736cf01e35': "A different seed changes which calls are drawn, not the rule that makes advances "
                                "rare; try another seed to see.",
        },
        explanation="The bank's head of branch operations agrees to an advance only after two explicit needs, the "
                    "hospital buyer after one. Random questioning rarely develops two needs, so a cautious buyer "
                    "punishes undisciplined calls most.",
        task="decide",
    ),
]
