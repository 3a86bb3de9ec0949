"""Exercises of 3.5 From needs to benefits (solutions/03_spin/05_needs_to_benefits.ipynb).

Discrete answers are stored as salted hashes; the bank exercise checks
``spin.call_result("bank", moves, max_moves=14)`` for the learner's call, and the written
benefit statement is judged by the FAB rubric (:func:`crmcourse.checks.rubrics.fab_rubric`).
"""
from crmcourse.checks.kinds import ChoiceExercise, ItemsExercise, MappingExercise
from crmcourse.checks import WrittenExercise, fab_rubric

_PROPOSALS = ("20 trucks on the hill routes try our SIM cards for a month",
              "send her the price list by e-mail",
              "a meeting with her finance director and us next Wednesday",
              "she will come back to us when she has read the proposal",
              "two dispatchers test the tracking map during next week's peak",
              "she will think about it over the holiday")

_PITCHES = ("b_fast_repair", "b_supplies", "b_secure", "b_report", "f_speed")

#: What defines each kind of statement, as a learner should revisit it (never which key has it).
_FAB_IDEAS = {
    "feature": "a feature is a fact about the product or service, with no link to what it does for anyone.",
    "advantage": "an advantage says how the offer can be used or helps in general - for a need this buyer has "
                 "not stated.",
    "benefit": "a benefit shows how the offer meets a need this buyer has stated in so many words.",
}
_RESPONSE_IDEAS = {
    "feature": "a feature gives the buyer no reason to value it, so the buyer turns to the price.",
    "advantage": "an advantage answers a need the buyer has not stated, so the buyer argues that the need is "
                 "not worth it - an objection.",
    "benefit": "a benefit meets a need the buyer stated, so the buyer agrees.",
}

EXERCISES = [
    MappingExercise(
        id="m3_fab_kinds",
        title="Feature, advantage or benefit?",
        hint="For each statement ask: is it only a fact about the offer, does it say how the offer helps in "
             "general, or does it answer the need the buyer has stated?",
        options=("feature", "advantage", "benefit"),
        answer={
            'a': '1dfb8c25f1af6831',
            'b': '0b23c40e0099f84a',
            'c': 'f54145210e0146d5',
            'd': '1dfb8c25f1af6831',
            'e': '0b23c40e0099f84a',
        },
        concepts=_FAB_IDEAS,
        task="classify",
    ),
    MappingExercise(
        id="m3_fab_responses",
        title="Which kind of statement most likely provoked each reply?",
        hint="Listen to what each reply does: does the buyer ask about money without engaging with any need, argue "
             "that the need is not worth solving, or agree?",
        options=("feature", "advantage", "benefit"),
        answer={
            'price': 'c84f316720db38f8',
            'manage fine': 'ac678bd6930ad8bc',
            'solve it': 'feeddf2a0a89af7f',
            'extra cost': 'c84f316720db38f8',
            'lived with it': 'ac678bd6930ad8bc',
        },
        concepts=_RESPONSE_IDEAS,
        task="classify",
    ),
    ChoiceExercise(
        id="m3_fab_kind_now",
        title="Predict: what the badge-release pitch counts as after this call",
        hint="A pitch is a benefit only for a need the buyer has stated. Which of the five moves could have made "
             "the buyer state the privacy need?",
        options=("feature", "advantage", "benefit"),
        answer='6128fca426bfeaa0',
        feedback={
            '527ab17f82a6d1c9': "The buyer admitted the privacy problem and explored what it leads "
            "to, but never stated the need: no need-payoff question was asked.",
            '870afd577fc592b9': "Badge release does answer a problem the buyer admitted, so it is more than a bare "
            "fact about the product. Revisit what separates a feature from an advantage.",
        },
        explanation="The privacy problem was admitted and developed, but without a need-payoff question the need "
                    "stayed implied: a pitch for an implied need is an advantage, and it draws an objection.",
        task="predict",
    ),
    ItemsExercise(
        id="m3_fab_benefit_pitches",
        title="Predict: which pitches count as benefits after this call?",
        hint="A pitch is a benefit only for a need the buyer has stated. For each problem in the call, ask whether "
             "it was developed before its need-payoff question, or whether the buyer might have been lukewarm.",
        options=_PITCHES,
        answer=('912e10083c3b16e1', '82a5e3a7a05bfb57',),
        explanation="Repairs and privacy were developed before their need-payoff questions, so the buyer stated "
                    "both needs; the toner need-payoff came straight after the problem and met a lukewarm answer.",
        task="predict",
    ),
    WrittenExercise(
        id="m3_fab_write_benefit",
        title="Write a FAB statement for the bank's stated need: a broken counter printer replaced the same day",
        hint="Start from a fact about Huaxin's service, say what it does, then tie it to the need the head of "
             "branch operations stated, speaking to her.",
        rubric=fab_rubric("a broken counter printer replaced the same day",
                          ("same day", "same-day", "queue*", "open", "serving", "wait*", "当天", "排队", "营业"),
                          feature_cues=("spare*", "engineer*", "depot*", "swap*", "stock*", "备有", "备用", "工程师")),
    ),
    ItemsExercise(
        id="m3_fab_advances",
        title="Which proposals ask for an advance?",
        hint="An advance is a specific action, by the buyer, that moves the sale forward; ask who does what, and "
             "by when.",
        options=_PROPOSALS,
        answer=('3500c54efd0b344c', '00d618418ea20d68', '2b1f6c8d09f5ad09',),
        explanation="A trial on the trucks, a meeting with the finance director and a test by the dispatchers are "
                    "each a specific step the buyer takes; sending a price list, reading a proposal or thinking it "
                    "over commit her to nothing.",
        task="classify",
    ),
    MappingExercise(
        id="m3_fab_bank_call",
        title="An advance from the bank, with an approved benefit, in at most 14 moves",
        hint="The bank needs two explicit needs before it agrees to any step. Develop two problems, state a benefit "
             "for a need the buyer has stated, then propose a pilot or a committee slot.",
        options=("order", "advance", "continuation", "no-sale", "yes", "no"),
        answer={
            'outcome': '3be78e729993095e',
            'benefit approved': '8db74921a582ce1c',
            'within limit': '8db74921a582ce1c',
        },
        task="decide",
    ),
]
